"""Borrowed credibility: a document counts with its publisher's rating only when the attribution is
verified (its URL is on the publisher's domains, or an admin confirmed it); otherwise it is scored as an
unverified source, and the breakdown says so, in the API and on the claim page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims import services as claim_services
from claims import verdicts
from claims.models import Claim
from sources import services as source_services
from sources.errors import ImportRefused
from sources.models import Document, Publisher
from tests.factories import PublisherFactory, UserFactory, claim, document, editor

pytestmark = pytest.mark.django_db

ARTICLE = "Die Solarfähre Aurelia schafft 80 Kilometer mit einer Ladung, sagt die Werft.\n"
MADE_UP = "Exklusiv: Die Solarfähre Aurelia schafft nur 8 Kilometer mit einer Ladung.\n"
PASSAGE = "nur 8 Kilometer mit einer Ladung"


@pytest.fixture
def trusted() -> Publisher:
    return PublisherFactory(name="Trusted Times", domain="trusted-times.example", reliability=0.95)


@pytest.fixture
def anna_claim() -> Claim:
    """Another editor's claim, the target."""
    return claim(document(ARTICLE, title="Aurelia"), editor("anna"), "schafft 80 Kilometer mit einer Ladung")


def api_as(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def import_and_link(user: object, target: Claim, on_commit: Callable, **fields: str) -> dict:
    """What the attacker did, through the API: import a text naming the trusted publisher, link it."""
    api = api_as(user)
    with on_commit(execute=True):
        imported = api.post(
            "/api/v1/documents/",
            {
                "text": MADE_UP,
                "format": "text",
                "title": "Aurelia exklusiv",
                "publisher": "Trusted Times",
                **fields,
            },
            format="json",
        )
        assert imported.status_code == 201, imported.content
        linked = api.post(
            f"/api/v1/claims/{target.pk}/evidence/",
            {"document": imported.json()["id"], "exact": PASSAGE, "stance": "contradicts"},
            format="json",
        )
        assert linked.status_code == 201, linked.content
    return imported.json()


def breakdown_of(target: Claim) -> dict:
    body = api_as(target.created_by).get(f"/api/v1/claims/{target.pk}/").json()
    (line,) = body["breakdown"]
    return {**line, "verdict": body["verdict"], "score": body["support_score"]}


def test_a_made_up_import_under_a_trusted_publisher_counts_as_an_unverified_source(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    made_up = import_and_link(editor("mallory"), anna_claim, django_capture_on_commit_callbacks)

    assert made_up["publisher"]["name"] == "Trusted Times" and made_up["publisher_verified"] is False
    line = breakdown_of(anna_claim)
    assert line["weight"] == pytest.approx(0.3)  # not the publisher's 0.95
    assert line["publisher_verified"] is False
    assert line["score"] == pytest.approx(0.5 / 1.3, abs=1e-4)  # with 0.95 it would be 0.5 / 1.95
    assert "passage attributed to Trusted Times" in line["description"]
    assert (
        "unverified source: not on the publisher's domains, not confirmed by an admin" in line["description"]
    )
    page = Client()
    page.force_login(anna_claim.created_by)
    html = page.get(f"/claims/{anna_claim.pk}/").content.decode()
    assert html.count("unverified source: not on the publisher") == 2  # in the breakdown and the evidence


def test_a_url_on_the_publishers_domains_counts_with_its_rating(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    trusted.domains = ["tt-news.example"]
    trusted.save()
    made = import_and_link(
        editor("mallory"), anna_claim, django_capture_on_commit_callbacks, url="https://www.tt-news.example/a"
    )

    assert made["publisher_verified"] is True
    line = breakdown_of(anna_claim)
    assert line["weight"] == pytest.approx(0.95) and line["publisher_verified"] is True
    assert line["score"] == pytest.approx(0.5 / 1.95, abs=1e-4)
    assert "passage in Trusted Times, contradicts, publisher reliability 0.95" in line["description"]


def test_a_url_on_another_domain_does_not_borrow_the_rating(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    import_and_link(
        editor("mallory"),
        anna_claim,
        django_capture_on_commit_callbacks,
        url="https://trusted-times.example.evil.example/a",
    )

    assert breakdown_of(anna_claim)["weight"] == pytest.approx(0.3)


def test_an_admin_confirmation_lends_the_rating_and_rescores(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    made_up = import_and_link(editor("mallory"), anna_claim, django_capture_on_commit_callbacks)
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    site = Client()
    site.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = site.post(
            "/admin/sources/document/",
            {"action": "confirm_publisher", "_selected_action": [made_up["id"]]},
            follow=True,
        )

    assert "Publisher confirmed for 1 document(s)." in response.content.decode()
    confirmed = Document.objects.get(pk=made_up["id"])
    assert confirmed.publisher_confirmed_by == admin and confirmed.publisher_verified
    line = breakdown_of(anna_claim)
    assert line["weight"] == pytest.approx(0.95) and line["verdict"] == "mostly_contradicted"
    page = site.get(f"/admin/sources/document/{made_up['id']}/change/").content.decode()
    assert "Verified: confirmed by boss" in page
    # Naming another publisher voids the confirmation.
    confirmed.publisher = PublisherFactory(name="Other", reliability=0.9)
    confirmed.save()
    assert Document.objects.get(pk=made_up["id"]).publisher_confirmed_at is None


def test_an_editor_cannot_confirm_a_publisher(trusted: Publisher) -> None:
    doc = document(MADE_UP, publisher="Trusted Times")
    with pytest.raises(ImportRefused, match="Only an admin"):
        source_services.document_publisher_confirm(document=doc, user=editor("mallory"))
    assert not Document.objects.get(pk=doc.pk).publisher_verified


def test_publisher_domains_in_the_api_are_normalised_refused_when_bad_and_rescore(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    import_and_link(
        editor("mallory"), anna_claim, django_capture_on_commit_callbacks, url="https://amp.tt-news.example/a"
    )
    assert breakdown_of(anna_claim)["weight"] == pytest.approx(0.3)
    admin = api_as(UserFactory(username="boss", is_staff=True, is_superuser=True))

    bad = admin.patch(f"/api/v1/publishers/{trusted.pk}/", {"domains": ["not a domain"]}, format="json")
    assert bad.status_code == 400 and "domains" in bad.json()["errors"]
    assert Publisher.objects.get(pk=trusted.pk).domains == []
    with django_capture_on_commit_callbacks(execute=True):
        good = admin.patch(
            f"/api/v1/publishers/{trusted.pk}/", {"domains": ["WWW.TT-News.example."]}, format="json"
        )

    assert good.status_code == 200 and good.json()["domains"] == ["tt-news.example"]
    assert breakdown_of(anna_claim)["weight"] == pytest.approx(0.95)  # re-scored: now on its domains
    editor_api = api_as(editor("mallory"))
    assert (
        editor_api.patch(f"/api/v1/publishers/{trusted.pk}/", {"domains": []}, format="json").status_code
        == 403
    )


def test_scoring_marks_unverified_sources_of_one_publisher_as_one_source(
    trusted: Publisher, anna_claim: Claim
) -> None:
    """A pile of made-up texts naming the publisher is no more independent than one of them."""
    mallory = editor("mallory")
    for n in range(3):
        made = document(MADE_UP + f"Teil {n}.\n", publisher="Trusted Times")
        claim_services.evidence_link(
            claim=anna_claim,
            document=made,
            user=mallory,
            stance="contradicts",
            span=claim_services.SpanInput(exact=PASSAGE),
        )
    verdicts.claims_score([anna_claim.pk])
    anna_claim.refresh_from_db()

    weights = sorted((line["weight"] for line in anna_claim.assessment.breakdown), reverse=True)
    assert weights == pytest.approx([0.3, 0.15, 0.1])
    assert any(
        "3rd item from unverified sources naming Trusted Times" in line["description"]
        for line in anna_claim.assessment.breakdown
    )


def test_an_admin_lists_further_domains_one_per_line_in_the_admin(
    trusted: Publisher, anna_claim: Claim, django_capture_on_commit_callbacks: Callable
) -> None:
    import_and_link(
        editor("mallory"), anna_claim, django_capture_on_commit_callbacks, url="https://tt-news.example/a"
    )
    site = Client()
    site.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    form = {"name": "Trusted Times", "domain": "trusted-times.example", "url": "", "reliability": "0.95"}

    bad = site.post(f"/admin/sources/publisher/{trusted.pk}/change/", {**form, "domains": "tt news"})
    assert bad.status_code == 200 and "is not a domain name such as scmp.com" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        saved = site.post(
            f"/admin/sources/publisher/{trusted.pk}/change/",
            {**form, "domains": "TT-News.example\nwww.tt.example\n"},
        )

    assert saved.status_code == 302
    assert Publisher.objects.get(pk=trusted.pk).domains == ["tt-news.example", "tt.example"]
    assert breakdown_of(anna_claim)["weight"] == pytest.approx(0.95)
    page = site.get(f"/admin/sources/publisher/{trusted.pk}/change/").content.decode()
    assert "tt-news.example\ntt.example</textarea>" in page
