"""REST API routes for publishers and documents under /api/v1/."""

from rest_framework.routers import DefaultRouter

from sources import api

# The API root, listing every app's collections, is the root URLs' (factcheck.api_root).
router = DefaultRouter()
router.include_root_view = False
router.register("documents", api.DocumentViewSet, basename="document")
router.register("publishers", api.PublisherViewSet, basename="publisher")

urlpatterns = router.urls
