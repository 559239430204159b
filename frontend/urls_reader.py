"""Reader, claims, evidence and orphaned spans pages."""

from django.urls import path

from frontend import views

urlpatterns = [path("orphans/", views.home, name="orphans")]
