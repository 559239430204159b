"""Claim pages: verdict, editorial verdict, history, evidence; orphaned spans."""

from django.urls import path

from frontend import views

urlpatterns = [path("orphans/", views.home, name="orphans")]
