"""REST API routes for claims and evidence under /api/v1/.

A SimpleRouter, not a DefaultRouter: the root URLs serve the API root at /api/v1/ (factcheck.api_root). The
suggestions' routes are claims.assist's (claims/assist/urls.py), included beside these at the root.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from claims import api, evidence_api

router = SimpleRouter()
router.register("claims", api.ClaimViewSet, basename="claim")
router.register("evidence", evidence_api.EvidenceViewSet, basename="evidence")

urlpatterns = [
    path(
        "claims/<int:claim_pk>/evidence/",
        evidence_api.EvidenceViewSet.as_view({"get": "list", "post": "create"}),
        name="claim-evidence-list",
    ),
    path(
        "documents/<int:pk>/claimreview/", api.DocumentClaimReviewView.as_view(), name="document-claimreview"
    ),
    *router.urls,
]
