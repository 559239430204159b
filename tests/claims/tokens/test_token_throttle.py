"""Failed API token attempts are throttled per address (DRF throttling over the shared cache, so the
limit holds across web processes with Redis and in the embedded mode alike)."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from claims.tokens.services import api_token_create
from tests.factories import editor

pytestmark = pytest.mark.django_db


def with_token(key: str, address: str = "203.0.113.50") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def key() -> str:
    return api_token_create(user=editor("ines"), name="dashboard")[1]


def test_after_ten_wrong_tokens_even_the_right_one_is_refused_for_a_while(key: str, settings: object) -> None:
    for n in range(10):
        wrong = with_token(f"fc_guess{n}").get("/api/v1/me/")
        assert wrong.status_code == 401 and wrong.json()["detail"] == "Invalid or revoked token."

    refused = with_token(key).get("/api/v1/me/")

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"].startswith("Too many failed token attempts from your address")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert with_token(key, address="192.0.2.8").get("/api/v1/me/").status_code == 200  # another address

    settings.FACTCHECK_TOKEN_FAILURE_RATE = "10/second"  # the window passes (a minute would be slow)
    time.sleep(1.1)
    assert with_token(key).get("/api/v1/me/").status_code == 200


def test_requests_with_a_good_token_or_none_are_not_counted(key: str) -> None:
    for _ in range(15):
        assert with_token(key).get("/api/v1/me/").status_code == 200
    anonymous = APIClient(REMOTE_ADDR="203.0.113.50")
    for _ in range(12):
        assert anonymous.get("/api/v1/me/").status_code in {401, 403}

    assert with_token(key).get("/api/v1/me/").status_code == 200


# A port nothing listens on: Redis is down, as when it restarts or fails.
REDIS_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
}


def test_with_redis_down_tokens_still_work_and_wrong_ones_are_refused(key: str) -> None:
    with override_settings(CACHES=REDIS_DOWN):  # back before the teardown, which empties the cache
        accepted = with_token(key).get("/api/v1/me/")
        wrong = with_token("fc_guess").get("/api/v1/me/")

    assert accepted.status_code == 200
    assert wrong.status_code == 401 and wrong.json()["detail"] == "Invalid or revoked token."
