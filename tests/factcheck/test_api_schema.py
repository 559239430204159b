"""The OpenAPI schema is valid without warnings and served with Swagger UI; that the API honours it is
tested with schemathesis in test_api_schemathesis.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from sources.models import Document, Publisher
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_schema_generates_and_validates_without_warnings(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "s.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "openapi: 3" in (tmp_path / "s.yml").read_text()


def test_swagger_ui_is_served_from_this_server(client: object) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page.text


# --- Every answer is in the schema (factcheck.schema) -----------------------------------------------


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_lists_its_error_answers_in_the_one_error_shape() -> None:
    schema = _schema()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "404", "406", "414", "429"}
            if any(requirement for requirement in operation.get("security", [])):
                expected |= {"401", "403"}
            if method in {"post", "put", "patch"}:
                expected.add("415")
            assert expected <= set(responses), (method, path, sorted(responses))
            for code in expected - {"414"}:
                for media in responses[code]["content"].values():
                    assert media["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_json_ld_exports_list_both_media_types_they_render() -> None:
    answers = _schema()["paths"]["/api/v1/claims/{id}/claimreview/"]["get"]["responses"]
    assert set(answers["200"]["content"]) == {"application/ld+json", "application/json"}
    assert set(answers["404"]["content"]) == {"application/ld+json", "application/json"}


@pytest.mark.django_db
def test_an_api_path_that_matches_no_route_answers_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/claims/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found.", "errors": {}}
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


@pytest.mark.django_db
@override_settings(DEBUG=True)  # `make run`: Django's debug page would answer, never handler404
def test_with_debug_on_an_api_path_without_a_route_still_answers_json(client: Client) -> None:
    for path in ("/api/v1/nothing/", "/api/v1/claims/0.5/", "/api/v2/", "/api/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "detail": "Not found.", "errors": {}}, path
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_an_api_route_without_its_trailing_slash(client: Client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        moved = client.get("/api/v1/claims?status=draft")
        assert moved.status_code == 301 and moved["Location"] == "/api/v1/claims/?status=draft"
        posted = client.post("/api/v1/claims", {"exact": "x"})  # a redirect would drop the body
        assert posted.status_code == 404
        assert posted.json()["detail"] == "Not found. The route ends with a slash: /api/v1/claims/"
        assert client.post("/api/v1/nothing", {}).json()["detail"] == "Not found."
        # the path is escaped again: "%3F" stays part of it, no query is made of it
        assert client.get("/api/v1/documents/1%3Fx")["Location"] == "/api/v1/documents/1%3Fx/"
        assert client.get("/api/nope%0a").json()["code"] == "not_found"


# --- Stored URLs are URIs ------------------------------------------------------------------------------


@pytest.fixture
def admin_api() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(username="admin", is_staff=True, password=None))
    return client


@pytest.mark.django_db
def test_a_url_with_quotes_and_angle_brackets_is_stored_as_a_uri(admin_api: APIClient) -> None:
    sent = 'https://example.org/a"quoted"<b>/Fähre'
    body = {"text": "Die Fähre fährt 80 km weit.", "url": sent}
    answer = admin_api.post("/api/v1/documents/", body, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["url"] == "https://example.org/a%22quoted%22%3Cb%3E/F%C3%A4hre"
    assert Document.objects.get().url == answer.json()["url"]


@pytest.mark.django_db
def test_a_new_publisher_is_answered_with_its_document_count_and_a_uri(admin_api: APIClient) -> None:
    body = {"name": "Brennsee Bote", "url": 'https://bote.example/"<>', "reliability": 0.7}
    answer = admin_api.post("/api/v1/publishers/", body, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["document_count"] == 0
    assert answer.json()["url"] == "https://bote.example/%22%3C%3E"
    assert Publisher.objects.get().url == "https://bote.example/%22%3C%3E"
    path = f"/api/v1/publishers/{answer.json()['id']}/"
    renamed = admin_api.patch(path, {"reliability": 0.8}, format="json")
    assert renamed.json()["document_count"] == 0
