"""Dashboard, document list and import pages."""

from django.urls import path

from frontend import views

urlpatterns = [
    path("", views.home, name="dashboard"),
    path("documents/", views.home, name="document-list"),
    path("documents/import/", views.home, name="document-import"),
]
