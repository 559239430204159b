"""The token API's paths, mounted under /api/v1/ by the root URLs: tokens/, tokens/{id}/ and me/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.tokens.api import ApiTokenViewSet, MeView

router = SimpleRouter()
router.register("tokens", ApiTokenViewSet, basename="api-token")
urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
