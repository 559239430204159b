"""Claim pages: verdict, editorial verdict, history, evidence; orphaned spans."""

from django.urls import path

from frontend import claims_views, orphans_views

urlpatterns = [
    # The ClaimReview export sends readers here: keep this URL stable.
    path("claims/<int:pk>/", claims_views.claim_detail, name="claim-page"),
    # The verdict partial; it polls itself while the claim waits for its scoring job.
    path("claims/<int:pk>/verdict/", claims_views.claim_verdict, name="claim-verdict"),
    path(
        "claims/<int:pk>/editorial-verdict/",
        claims_views.editorial_verdict_publish,
        name="claim-page-editorial-verdict",
    ),
    path("claims/<int:pk>/history/", claims_views.claim_history, name="claim-page-history"),
    # GET asks for confirmation, POST deletes (the claim's history keeps it).
    path("claims/<int:pk>/delete/", claims_views.claim_delete, name="claim-delete"),
    path("evidence/<int:pk>/edit/", claims_views.evidence_edit, name="evidence-edit"),
    # GET asks for confirmation, POST removes.
    path("evidence/<int:pk>/remove/", claims_views.evidence_remove, name="evidence-remove"),
    path("orphans/", orphans_views.orphan_list, name="orphans"),
    path(
        "orphans/documents/<int:pk>/reanchor/",
        orphans_views.document_reanchor,
        name="orphan-document-reanchor",
    ),
    path(
        "orphans/claims/<int:pk>/confirm/",
        orphans_views.span_confirm,
        {"kind": "claim"},
        name="orphan-claim-confirm",
    ),
    path(
        "orphans/claims/<int:pk>/place/",
        orphans_views.span_place,
        {"kind": "claim"},
        name="orphan-claim-place",
    ),
    path(
        "orphans/evidence/<int:pk>/confirm/",
        orphans_views.span_confirm,
        {"kind": "evidence"},
        name="orphan-evidence-confirm",
    ),
    path(
        "orphans/evidence/<int:pk>/place/",
        orphans_views.span_place,
        {"kind": "evidence"},
        name="orphan-evidence-place",
    ),
]
