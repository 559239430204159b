"""The REST API's root, /api/v1/: a link to each collection the API serves, whichever app serves it."""

from __future__ import annotations

from rest_framework.routers import APIRootView

# Collection → URL name. The apps' routers serve no root of their own: each router's root would list
# only its own collections.
COLLECTIONS = {
    "documents": "document-list",
    "publishers": "publisher-list",
    "claims": "claim-list",
    "evidence": "evidence-list",
    "claim-suggestions": "claim-suggestion-list",
    "evidence-suggestions": "evidence-suggestion-list",
    "tokens": "api-token-list",
    "me": "me",
    "schema": "api-schema",
    "docs": "api-docs",
}


class ApiRoot(APIRootView):
    """Factcheck's REST API. Programs send `Authorization: Token <key>` (a token from your profile page).
    The schema lists every operation; the docs show it to read."""

    api_root_dict = COLLECTIONS
