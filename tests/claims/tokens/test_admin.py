"""The admin lists everyone's tokens (never a key) and revokes one; the pages kept their old addresses."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.tokens.models import ApiToken
from claims.tokens.services import api_token_create
from tests.factories import UserFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_tokens_without_keys_and_revokes_one(admin_client: Client) -> None:
    token, key = api_token_create(user=editor("ines"), name="newsroom dashboard")

    listing = admin_client.get("/admin/tokens/apitoken/")
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "newsroom dashboard" in page and "ines" in page and key not in page

    revoked = admin_client.post(f"/admin/tokens/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert revoked.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_old_admin_addresses_of_tokens_lead_to_the_new_ones(admin_client: Client) -> None:
    token, _ = api_token_create(user=editor("ines"), name="bot")

    old_list = admin_client.get("/admin/claims/apitoken/?q=bot")
    old_page = admin_client.get(f"/admin/claims/apitoken/{token.pk}/change/")

    assert old_list.status_code == 301 and old_list["Location"] == "/admin/tokens/apitoken/?q=bot"
    assert old_page["Location"] == f"/admin/tokens/apitoken/{token.pk}/change/"
    assert admin_client.get(old_page["Location"]).status_code == 200
