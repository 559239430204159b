"""Failed sign-ins are throttled per account and per address (django-axes): after five wrong passwords in
a row the sixth attempt is refused even with the right password, with a message saying why and for how
long, until the cool-off has passed."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client

from tests.factories import editor

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password-1"  # the factories' password


@pytest.fixture
def ines() -> object:
    return editor("ines")


def sign_in(username: str, password: str, address: str = "203.0.113.7") -> object:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_when_right(ines: object) -> None:
    for _ in range(4):
        wrong = sign_in("ines", "guess")
        assert wrong.status_code == 200 and "Please enter a correct username and password" in wrong.text
    fifth = sign_in("ines", "guess")
    assert fifth.status_code == 429 and "signing in is paused" in fifth.text  # says so at once

    refused = sign_in("ines", PASSWORD)

    assert refused.status_code == 429
    assert "Too many failed sign-ins for this account or from this address" in refused.text
    assert "signing in is paused for 15 minutes after the last failed attempt" in refused.text
    assert "_auth_user_id" not in refused.wsgi_request.session  # not signed in
    assert 'value="ines"' in refused.text  # the form again, ready once the pause is over


def test_the_lockout_ends_after_the_cool_off(ines: object, settings: object) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for _ in range(5):
        sign_in("ines", "guess")
    assert sign_in("ines", PASSWORD).status_code == 429

    time.sleep(1.2)

    assert sign_in("ines", PASSWORD).status_code == 302  # signed in, to the dashboard


def test_the_account_is_locked_from_every_address(ines: object) -> None:
    for n in range(5):
        sign_in("ines", "guess", address=f"198.51.100.{n + 1}")

    assert sign_in("ines", PASSWORD, address="192.0.2.44").status_code == 429
    assert sign_in("other", "whatever", address="192.0.2.44").status_code == 200  # others still may try


def test_an_address_guessing_many_accounts_is_locked(ines: object) -> None:
    for n in range(5):
        sign_in(f"someone{n}", "guess", address="198.51.100.99")

    assert sign_in("ines", PASSWORD, address="198.51.100.99").status_code == 429
    assert sign_in("ines", PASSWORD, address="192.0.2.1").status_code == 302  # from elsewhere: fine


def test_a_success_before_the_limit_starts_the_count_again(ines: object) -> None:
    for _ in range(4):
        sign_in("ines", "guess")
    assert sign_in("ines", PASSWORD).status_code == 302
    for _ in range(4):
        sign_in("ines", "guess")

    assert sign_in("ines", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too() -> None:
    editor("boss", is_staff=True, is_superuser=True)
    for _ in range(5):
        Client(REMOTE_ADDR="203.0.113.9").post("/admin/login/", {"username": "boss", "password": "guess"})

    refused = Client(REMOTE_ADDR="203.0.113.9").post(
        "/admin/login/", {"username": "boss", "password": PASSWORD}
    )
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.text
