"""REST API routes for suggestions under /api/v1/ (included from the root URLs, beside claims' own).

A SimpleRouter, not a DefaultRouter: the root URLs serve the API root at /api/v1/ (factcheck.api_root).
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.assist import api

router = SimpleRouter()
router.register("claim-suggestions", api.ClaimSuggestionViewSet, basename="claim-suggestion")
router.register("evidence-suggestions", api.EvidenceSuggestionViewSet, basename="evidence-suggestion")

urlpatterns = [
    path(
        "claims/<int:claim_pk>/evidence-suggestions/",
        api.EvidenceSuggestionViewSet.as_view({"get": "list"}),
        name="claim-evidence-suggestion-list",
    ),
    *router.urls,
]
