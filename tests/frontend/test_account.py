"""The profile page (digest subscription, API tokens), the digest preview, and the unsubscribe link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from claims.digests import emails, selectors, weeks
from claims.digests.models import DigestSubscription
from claims.models import Claim
from claims.tokens.models import ApiToken
from claims.tokens.services import api_token_create
from tests.factories import claim, document, editor, reader

pytestmark = pytest.mark.django_db

ARTICLE = "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\nEin Leser: Sie schafft 40 Knoten.\n"


@pytest.fixture
def anna() -> object:
    return editor("anna", email="anna@example.org", first_name="Anna")


@pytest.fixture
def signed_in(anna: object) -> Client:
    client = Client()
    client.force_login(anna)
    return client


def subscription(user: object) -> DigestSubscription | None:
    return DigestSubscription.objects.filter(user=user).first()


# --- Profile: the subscription -------------------------------------------------------------------------


def test_the_profile_shows_the_default_subscription_on_monday_at_eight(signed_in: Client) -> None:
    response = signed_in.get("/profile/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Weekly digest" in page
    assert '<input type="checkbox" name="enabled" id="id_enabled" checked>' in page
    assert '<option value="0" selected>Monday</option>' in page
    assert '<option value="8" selected>08:00</option>' in page
    assert "Next digest:" in page


def test_the_profile_page_changes_the_subscription(signed_in: Client, anna: object) -> None:
    response = signed_in.post(
        "/profile/", {"enabled": "on", "weekday": "4", "hour": "17", "time_zone": "Asia/Tokyo"}, follow=True
    )

    assert response.status_code == 200
    assert "Your weekly digest settings are updated" in response.content.decode()
    saved = subscription(anna)
    assert (saved.enabled, saved.weekday, saved.hour, saved.time_zone) == (True, 4, 17, "Asia/Tokyo")
    assert "Friday" in response.content.decode()  # the next digest's day

    signed_in.post("/profile/", {"weekday": "4", "hour": "17", "time_zone": "Asia/Tokyo"})  # box unticked

    assert subscription(anna).enabled is False


def test_a_bad_time_zone_is_refused_and_nothing_changes(signed_in: Client, anna: object) -> None:
    response = signed_in.post(
        "/profile/", {"enabled": "on", "weekday": "9", "hour": "8", "time_zone": "Mars/Olympus_Mons"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Mars/Olympus_Mons is not one of the available choices" in page
    assert "9 is not one of the available choices" in page
    assert subscription(anna) is None


def test_readers_have_no_digest_to_change(anna: object) -> None:
    client = Client()
    rita = reader("rita", email="rita@example.org")
    client.force_login(rita)

    assert "The weekly digest is for editors" in client.get("/profile/").content.decode()
    refused = client.post("/profile/", {"enabled": "on", "weekday": "0", "hour": "8", "time_zone": "UTC"})
    assert refused.status_code == 403
    assert subscription(rita) is None
    assert client.get("/digest/preview/").status_code == 403


def test_the_profile_needs_a_signed_in_user() -> None:
    response = Client().get("/profile/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- Profile: API tokens ------------------------------------------------------------------------------


def test_a_new_api_token_is_shown_once(signed_in: Client, anna: object) -> None:
    created = signed_in.post("/profile/tokens/", {"name": "newsroom dashboard"})

    # Redirected to the profile (a reload there posts nothing again), which shows the key once.
    assert created.status_code == 302 and created["Location"] == "/profile/#tokens-heading"
    shown = signed_in.get("/profile/")
    token = ApiToken.objects.get(user=anna)
    page = shown.content.decode()
    key = page.split('<code class="account-key">')[1].split("</code>")[0]
    assert key.startswith(token.key_start) and len(key) > 30
    assert "no-store" in shown["Cache-Control"]
    later = signed_in.get("/profile/").content.decode()  # a reload
    assert "newsroom dashboard" in later and token.key_start in later and key not in later
    assert ApiToken.objects.filter(user=anna).count() == 1


def test_two_tokens_created_before_the_profile_loads_each_show_their_key_once(
    signed_in: Client, anna: object
) -> None:
    """A second token made before the first one's page loaded (another tab, the back button): both keys
    are shown, each beside its token's name, not the second in place of the first."""
    for name in ["newsroom dashboard", "nightly export"]:
        created = signed_in.post("/profile/tokens/", {"name": name})
        assert created.status_code == 302

    page = signed_in.get("/profile/").content.decode()
    shown = re.findall(r'<bdi>([^<]+)</bdi>: <code class="account-key">([^<]+)</code>', page)
    tokens = dict(ApiToken.objects.filter(user=anna).values_list("name", "key_start"))
    assert [name for name, _ in shown] == ["newsroom dashboard", "nightly export"]
    assert all(key.startswith(tokens[name]) for name, key in shown)
    later = signed_in.get("/profile/").content.decode()  # a reload
    assert 'class="account-key"' not in later and not any(key in later for _, key in shown)


def test_a_duplicate_token_name_is_refused(signed_in: Client, anna: object) -> None:
    api_token_create(user=anna, name="bot")

    response = signed_in.post("/profile/tokens/", {"name": "bot"})

    assert response.status_code == 400
    assert "already have a token with this name" in response.content.decode()
    assert ApiToken.objects.filter(user=anna).count() == 1


def test_revoking_a_token_asks_first_and_only_for_ones_own(signed_in: Client, anna: object) -> None:
    token, _ = api_token_create(user=anna, name="bot")
    others, _ = api_token_create(user=editor("bernd"), name="bot")

    confirm = signed_in.get(f"/profile/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "Revoke the token" in confirm.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()

    assert signed_in.post(f"/profile/tokens/{others.pk}/revoke/").status_code == 404
    assert signed_in.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 302
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [others.pk]


def test_a_revoked_tokens_name_is_isolated_in_the_message(signed_in: Client, anna: object) -> None:
    """A right-to-left override in a token's name stays inside its <bdi>, not reordering the sentence."""
    token, _ = api_token_create(user=anna, name="\u202ebot")

    signed_in.post(f"/profile/tokens/{token.pk}/revoke/")

    profile = signed_in.get("/profile/").content.decode()
    assert "Revoked the token “<bdi>\u202ebot</bdi>”. Programs using it can no longer sign in." in profile


# --- The digest preview ----------------------------------------------------------------------------------


def test_the_preview_shows_the_editors_next_digest(signed_in: Client, anna: object) -> None:
    week, _ = weeks.next_digest(selectors.subscription_of(anna), timezone.now(), anna.date_joined)
    start, _ = week.bounds(weeks.zone_of(None))
    article = document(ARTICLE, title="Solarfähre")
    mine = claim(article, anna, "Sie schafft 40 Knoten.")
    Claim.objects.filter(pk=mine.pk).update(created_at=start + timedelta(hours=1))
    theirs = claim(article, editor("bernd"), "Die Solarfähre Aurelia")
    Claim.objects.filter(pk=theirs.pk).update(created_at=start + timedelta(hours=1))

    response = signed_in.get("/digest/preview/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Your digest for week {week.week}" in page
    assert f"Factcheck week {week.week}: 1 new claim" in page  # the subject line
    assert "“<bdi>Sie schafft 40 Knoten.</bdi>”" in page
    assert f'href="/documents/{article.pk}/#claim-{mine.pk}"' in page
    assert "Die Solarfähre Aurelia" not in page  # another editor's claim


def test_the_preview_of_another_week_and_of_a_bad_one(signed_in: Client, anna: object) -> None:
    before_joining = weeks.IsoWeek.of(timezone.localdate(anna.date_joined)).previous()
    page = signed_in.get(f"/digest/preview/?week={before_joining}").content.decode("utf-8")
    assert f"Nothing needs your attention for week {before_joining.week}" in page
    assert "No digest for this week: it ended before you joined." in page

    response = signed_in.get("/digest/preview/?week=yesterday")

    assert response.status_code == 400
    assert "&#x27;yesterday&#x27; is not an ISO week: write it like 2026-W48." in response.content.decode()


def test_the_email_itself_can_be_previewed_as_html_and_text(signed_in: Client, anna: object) -> None:
    article = document(ARTICLE, title="Solarfähre")
    mine = claim(article, anna, "Sie schafft 40 Knoten.")
    week = weeks.IsoWeek.of(timezone.localdate(mine.created_at))

    html = signed_in.get(f"/digest/preview/email/?week={week}")
    text = signed_in.get(f"/digest/preview/email/?week={week}&format=text")

    assert html.status_code == 200 and "Your week" in html.content.decode()
    assert "'unsafe-inline'" in html["Content-Security-Policy"]  # email styles are inline
    assert "script-src 'self'" in html["Content-Security-Policy"]
    assert text["Content-Type"].startswith("text/plain")
    assert '"Sie schafft 40 Knoten."' in text.content.decode()


# --- Unsubscribe without signing in ------------------------------------------------------------------------


def unsubscribe_path(user: object) -> str:
    return f"/digest/unsubscribe/{emails.unsubscribe_token(user.pk)}/"


def test_unsubscribe_asks_first_then_turns_the_digest_off_without_a_login(anna: object) -> None:
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_path(anna)

    confirm = client.get(path)

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Stop the weekly digest?" in page and "anna@example.org" in page
    assert f'<form method="post" action="{path}"' in page
    assert subscription(anna) is None  # a link checker that follows the GET changes nothing

    done = client.post(path)

    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert subscription(anna).enabled is False


def test_one_click_unsubscribe_from_the_mail_client_needs_no_csrf_token(anna: object) -> None:
    DigestSubscription.objects.create(user=anna, weekday=2, hour=7, time_zone="Europe/Berlin")

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(anna),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    saved = subscription(anna)
    assert (saved.enabled, saved.weekday, saved.hour, saved.time_zone) == (False, 2, 7, "Europe/Berlin")


@pytest.mark.parametrize(
    "token",
    [
        "tampered",
        "not-a-token",
        "made-with-another-salt",
        "for-someone-else-altered",
    ],
)
def test_an_invalid_unsubscribe_token_shows_a_clear_page_and_changes_nothing(
    anna: object, token: str
) -> None:
    DigestSubscription.objects.create(user=anna)
    good = emails.unsubscribe_token(anna.pk)
    tokens = {
        "tampered": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "not-a-token": "hello",
        "made-with-another-salt": signing.dumps(anna.pk),
        "for-someone-else-altered": good.replace(good.split(":")[0], signing.b64_encode(b"2").decode(), 1),
    }
    path = f"/digest/unsubscribe/{tokens[token]}/"
    client = Client(enforce_csrf_checks=True)

    for response in (
        client.get(path),
        client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"),
    ):
        assert response.status_code == 400
        page = response.content.decode()
        assert "This unsubscribe link is not valid" in page
        assert "Nothing was changed" in page
    assert subscription(anna).enabled is True


def test_the_unsubscribe_link_of_a_deleted_account_is_not_valid(anna: object) -> None:
    path = unsubscribe_path(anna)
    anna.delete()

    response = Client().post(path)

    assert response.status_code == 400
    assert not DigestSubscription.objects.exists()
