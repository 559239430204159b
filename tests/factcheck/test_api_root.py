"""The API root, /api/v1/, links every collection the API serves, and each link is the API's own."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.factories import editor

pytestmark = pytest.mark.django_db


def _collections() -> set[str]:
    """Every GET operation of the schema without an id in its path: documents, claims, tokens, me…"""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return {path for path, operations in paths.items() if "get" in operations and "{" not in path}


def test_the_api_root_links_every_collection_to_its_json() -> None:
    client = APIClient()
    client.force_authenticate(editor("reader-of-the-root", password=None))

    root = client.get("/api/v1/")

    assert root.status_code == 200
    links = root.json()
    listed = {link.removeprefix("http://testserver") for link in links.values()}
    # Before, the root listed documents and publishers only, and "documents" led to the HTML page.
    assert links["documents"] == "http://testserver/api/v1/documents/"
    assert _collections() <= listed
    for name, link in links.items():
        answer = client.get(link)
        assert answer.status_code == 200, name
        if name != "docs":  # the docs are a page to read; everything else is JSON
            assert answer["Content-Type"].startswith(("application/json", "application/vnd.oai.openapi")), (
                name
            )
