"""The admin: publishers with their ratings; documents whose text can be read but not edited."""

from __future__ import annotations

import pytest
from django.test import Client

from sources.models import DocumentRevision, Publisher
from tests.factories import PublisherFactory, UserFactory, document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def test_publishers_are_listed_with_their_reliability_and_can_be_rated(admin_client: Client) -> None:
    publisher = PublisherFactory(name="Lakeside Courier", reliability=0.8)

    page = admin_client.get("/admin/sources/publisher/")
    assert page.status_code == 200
    assert "Lakeside Courier" in page.text and "0.8" in page.text

    response = admin_client.post(
        f"/admin/sources/publisher/{publisher.pk}/change/",
        {"name": "Lakeside Courier", "domain": publisher.domain, "url": "", "reliability": "0.6"},
    )
    assert response.status_code == 302
    assert Publisher.objects.get(pk=publisher.pk).reliability == 0.6


def test_a_reliability_outside_0_to_1_is_refused(admin_client: Client) -> None:
    publisher = PublisherFactory(reliability=0.5)
    response = admin_client.post(
        f"/admin/sources/publisher/{publisher.pk}/change/",
        {"name": publisher.name, "domain": publisher.domain, "url": "", "reliability": "1.5"},
    )
    assert response.status_code == 200
    assert "reliability" in response.text.lower()
    assert Publisher.objects.get(pk=publisher.pk).reliability == 0.5


def test_document_text_is_shown_read_only(admin_client: Client) -> None:
    doc = document("Die Fähre hat einen Speicher mit 1,2 MWh.\n", title="Fähre")

    page = admin_client.get(f"/admin/sources/document/{doc.pk}/change/")

    assert page.status_code == 200
    assert "Die Fähre hat einen Speicher mit 1,2 MWh." in page.text
    assert 'name="text"' not in page.text  # no form field for the text
    assert 'name="title"' in page.text  # metadata stays editable


def test_revisions_cannot_be_added_or_changed_in_the_admin(admin_client: Client) -> None:
    doc = document("Ein Text.\n")
    revision = DocumentRevision.objects.get(document=doc)

    assert admin_client.get("/admin/sources/documentrevision/add/").status_code == 403
    admin_client.post(f"/admin/sources/documentrevision/{revision.pk}/change/", {"text": "Anders."})

    assert DocumentRevision.objects.get(pk=revision.pk).text == "Ein Text.\n"
