"""Suggestions: the reader's Suggestions tab, and linking or dismissing suggested evidence on a claim page.

Claim suggestions are accepted and dismissed by reader.js through the REST API; these routes are the
tab's list and the claim page's forms.
"""

from django.urls import path

from frontend import suggestions_views as views

urlpatterns = [
    path("documents/<int:pk>/suggestions/", views.claim_suggestion_list, name="reader-suggestions"),
    path(
        "documents/<int:pk>/suggestions/search/",
        views.document_suggestions_search,
        name="reader-suggestions-search",
    ),
    path(
        "evidence-suggestions/<int:pk>/accept/",
        views.evidence_suggestion_accept,
        name="suggested-evidence-link",
    ),
    path(
        "evidence-suggestions/<int:pk>/dismiss/",
        views.evidence_suggestion_dismiss,
        name="suggested-evidence-dismiss",
    ),
]
