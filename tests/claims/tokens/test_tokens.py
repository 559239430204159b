"""API tokens: created and revoked by their owner, shown once, stored hashed, checked on every request."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.tokens.models import ApiToken
from claims.tokens.services import api_token_create
from tests.factories import editor, reader

pytestmark = pytest.mark.django_db


def signed_in(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_an_editor_creates_a_token_sees_the_key_once_and_uses_it() -> None:
    owner = editor()
    created = signed_in(owner).post("/api/v1/tokens/", {"name": "newsroom dashboard"}, format="json")

    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("fc_")
    assert not ApiToken.objects.filter(key_hash=key).exists()  # only the hash is stored
    listed = signed_in(owner).get("/api/v1/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["newsroom dashboard"]
    assert "key" not in listed[0]

    me = with_token(key).get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json() == {"id": owner.pk, "username": owner.username, "role": "editor"}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_no_longer_works() -> None:
    owner = editor()
    created = signed_in(owner).post("/api/v1/tokens/", {"name": "script"}, format="json").json()

    assert signed_in(owner).delete(f"/api/v1/tokens/{created['id']}/").status_code == 204

    response = with_token(created["key"]).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid or revoked token."


def test_nobody_sees_or_revokes_another_users_token() -> None:
    owner = editor()
    created = signed_in(owner).post("/api/v1/tokens/", {"name": "script"}, format="json").json()
    other = signed_in(editor("other"))

    assert other.get("/api/v1/tokens/").json()["results"] == []
    assert other.delete(f"/api/v1/tokens/{created['id']}/").status_code == 404
    assert ApiToken.objects.count() == 1


def test_readers_may_hold_tokens_to_read_and_see_their_role() -> None:
    created = signed_in(reader()).post("/api/v1/tokens/", {"name": "feed"}, format="json").json()
    assert with_token(created["key"]).get("/api/v1/me/").json()["role"] == "reader"


def test_names_are_unique_per_user_and_required() -> None:
    client = signed_in(editor())
    client.post("/api/v1/tokens/", {"name": "script"}, format="json")

    duplicate = client.post("/api/v1/tokens/", {"name": "script"}, format="json")
    empty = client.post("/api/v1/tokens/", {"name": ""}, format="json")

    assert duplicate.status_code == 400 and duplicate.json()["errors"]["name"]
    assert empty.status_code == 400 and empty.json()["errors"]["name"]
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token fc_wrong", "Token caf\u00e9"])
def test_malformed_or_unknown_tokens_are_refused_with_401(header: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_anonymous_gets_401_with_a_token_challenge() -> None:
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_who_am_i_with_a_token_stays_the_lightest_request(django_assert_max_num_queries: Any) -> None:
    """`/api/v1/me/` is the benchmarks' ceiling: the token with its user in one lookup, the role in one
    more; "last used" is written at most once a minute, not on every request."""
    key = api_token_create(user=editor(), name="dashboard")[1]
    client = with_token(key)
    client.get("/api/v1/me/")  # the first use is stamped

    with django_assert_max_num_queries(2):
        again = client.get("/api/v1/me/")

    assert again.status_code == 200 and again.json()["role"] == "editor"
