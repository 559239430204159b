"""Profile (digest settings, API tokens) and the digest preview."""

from django.urls import path

from frontend import views

urlpatterns = [path("profile/", views.home, name="profile")]
