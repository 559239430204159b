"""REST API routes for publishers and documents under /api/v1/."""

from rest_framework.routers import DefaultRouter

from sources import api

router = DefaultRouter()
router.register("documents", api.DocumentViewSet, basename="document")
router.register("publishers", api.PublisherViewSet, basename="publisher")

urlpatterns = router.urls
