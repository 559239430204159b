"""Bad input is refused with a clear 400 (or 404 for a page past the end), never a 500: pages beyond
any integer, numbers beyond any column, NUL bytes in query strings, JSON nested beyond reason. Lists
are found from the OpenAPI schema, so a new list is probed without being named here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from claims.models import Claim, Evidence
from tests.factories import claim, document, editor, evidence

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # over 2**63: no bigint holds it


def _operations() -> dict[str, dict[str, Any]]:
    return SchemaGenerator().get_schema(request=None, public=True)["paths"]


def _list_paths() -> list[str]:
    """Every GET operation that takes `page`, with path ids filled in with 1."""
    return sorted(
        re.sub(r"\{[^}]+\}", "1", path)
        for path, operations in _operations().items()
        if any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    )


def _query_parameters() -> list[tuple[str, str, str]]:
    """(path, name, schema type) of every query parameter of every GET operation."""
    found = []
    for path, operations in _operations().items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["in"] == "query":
                kind = parameter.get("schema", {}).get("type", "string")
                found.append((re.sub(r"\{[^}]+\}", "1", path), parameter["name"], kind))
    return sorted(found)


@pytest.fixture
def api() -> APIClient:
    """An editor's client, with one of each thing to list (ids 1 exist in a fresh test database)."""
    user = editor("prober", password=None)
    client = APIClient()
    client.force_authenticate(user)
    article = document("Die Fähre fährt 80 km weit, sagte der Kapitän.\n", url="https://example.org/a")
    source = document("The ferry runs 80 km, the captain said.\n", url="https://example.org/b")
    evidence(claim(article, user, "Die Fähre fährt 80 km weit"), source, user, "The ferry runs 80 km")
    return client


def test_every_list_is_probed() -> None:
    assert {"/api/v1/claims/", "/api/v1/evidence/", "/api/v1/documents/"} <= set(_list_paths())


@pytest.mark.parametrize("path", _list_paths())
def test_a_page_beyond_any_integer_is_not_found(api: APIClient, path: str) -> None:
    response = api.get(path, {"page": HUGE})
    assert response.status_code in {404, 400}, (path, response.status_code, response.content[:300])
    assert response.json()["code"] in {"not_found", "invalid"}


@pytest.mark.parametrize(
    "value", [HUGE, f"-{HUGE}", "1e999999", "-1e999999", "1" * 400, "NaN", "Infinity", "0x10", "1_000"]
)
def test_numbers_beyond_any_column_in_any_filter_are_refused_or_match_nothing(
    api: APIClient, value: str
) -> None:
    """Every query parameter of every list, with numbers no column holds: a 400 or an answer, never 500."""
    failures = []
    for path, name, _kind in _query_parameters():
        response = api.get(path, {name: value})
        if response.status_code >= 500:
            failures.append((path, name, response.status_code))
    assert failures == []


def test_a_nul_byte_in_any_query_parameter_is_a_400(api: APIClient) -> None:
    failures = []
    for path, name, _kind in _query_parameters():
        response = api.get(f"{path}?{name}=a%00b")
        if response.status_code != 400 or response.json()["code"] != "invalid":
            failures.append((path, name, response.status_code))
    assert failures == []


def test_a_nul_byte_in_the_reader_document_search_is_a_400(client: Client) -> None:
    user = editor("searcher")
    client.force_login(user)
    document("Die Fähre fährt 80 km weit.\n")
    response = client.get("/documents/search/?claim=1&q=F%C3%A4hre%00")
    assert response.status_code == 400
    assert "NUL" in response.text
    assert client.get("/documents/search/?claim=1&q=F%C3%A4hre").status_code == 200


def test_a_nul_byte_in_a_page_address_answers_the_sites_400_page(client: Client) -> None:
    client.force_login(editor("browsing"))
    response = client.get("/documents/?q=%00")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    # The site's layout, so the editor can go on from there: its header, navigation and who is signed in.
    assert '<header class="site-header">' in html and 'aria-label="Main"' in html and ">browsing</a>" in html
    assert "The query parameter “q” contains a NUL character, which is not text." in html
    # Signed out, the same page, with the way to sign in.
    client.logout()
    signed_out = client.get("/documents/?q=%00").content.decode()
    assert '<header class="site-header">' in signed_out and "Sign in</a>" in signed_out


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/documents/", "/api/v1/evidence/"])
def test_json_nested_100000_deep_is_a_400(api: APIClient, path: str) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert "nested" in response.json()["detail"]
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name in ["page_size", "page"] for value in ["abc", "0", "-5", "2.5", ""]],
)
@pytest.mark.parametrize("path", _list_paths())
def test_a_page_or_page_size_that_is_no_number_is_a_400_saying_so(
    api: APIClient, path: str, name: str, value: str
) -> None:
    # The ids of this test's rows: a sequence goes on counting from the tests before.
    item = Evidence.objects.select_related("claim").get()
    ids = {"claims": item.claim_id, "documents": item.claim.document_id, "evidence": item.pk}
    path = re.sub(r"^/api/v1/([a-z-]+)/1/", lambda found: f"/api/v1/{found[1]}/{ids[found[1]]}/", path)
    response = api.get(path, {name: value})

    assert response.status_code == 400, (path, response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][name][0].startswith(f"{value!r} is no {name}; give a whole number")


def test_good_pages_and_page_sizes_still_page(api: APIClient) -> None:
    document("Ein zweiter Text.\n", url="https://example.org/c")

    first = api.get("/api/v1/documents/", {"page_size": "2", "page": "1"}).json()
    last = api.get("/api/v1/documents/", {"page_size": "2", "page": "last"}).json()
    capped = api.get("/api/v1/documents/", {"page_size": "1" + "0" * 5000})

    assert len(first["results"]) == 2 and first["next"]
    assert len(last["results"]) == 1 and last["previous"]
    assert capped.status_code == 200 and len(capped.json()["results"]) == 3
    assert api.get("/api/v1/documents/", {"page": "9" * 5000}).status_code == 404  # past the end


def test_an_unknown_format_is_a_400_naming_the_formats(api: APIClient) -> None:
    response = api.get("/api/v1/claims/", {"format": "xml"})

    assert response.status_code == 400
    assert response.json()["errors"]["format"] == ["Unknown format 'xml'; use json or api."]
