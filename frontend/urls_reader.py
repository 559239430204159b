"""The reader: a document with its claims, marking claims and linking evidence.

Writes go through the REST API (/api/v1/claims/, /api/v1/claims/{id}/evidence/, /api/v1/evidence/{id}/)
from reader.js; these routes only read: the page and the fragments it swaps in.
"""

from django.urls import path

from frontend import reader_views as views

urlpatterns = [
    # Before documents/<int:pk>/…: "search" is not a number, but keep the literal route first anyway.
    path("documents/search/", views.document_search, name="reader-document-search"),
    path("documents/<int:pk>/", views.document_read, name="document-read"),
    # The text pane and the claims panel: what reader.js swaps in after a new claim.
    path("documents/<int:pk>/parts/", views.reader_parts, name="reader-parts"),
    path("documents/<int:pk>/claim-summaries/", views.claim_summaries, name="reader-claim-summaries"),
    path("documents/<int:pk>/claims/<int:claim_id>/", views.claim_detail, name="reader-claim-detail"),
    # A document opened beside the article as a source, for linking a passage of it to a claim.
    path("documents/<int:pk>/source/", views.source_pane, name="reader-source"),
]
