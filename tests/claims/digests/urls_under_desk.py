"""A URLconf that serves the whole site under /desk/: where a route lives is the URLconf's business."""

from django.urls import include, path

urlpatterns = [path("desk/", include("factcheck.urls"))]
