"""The reader: a document with its claims, marking claims and linking evidence."""

urlpatterns: list = []
