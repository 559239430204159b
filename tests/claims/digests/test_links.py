"""Every link in a digest email comes from the site's URLconf: served somewhere else, the links follow."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import resolve

from claims.digests.emails import digest_render
from claims.digests.models import DigestSubscription
from claims.models import Claim
from tests.claims.digests.test_content import ARTICLE, NOW, WEEK, at, build, claim
from tests.factories import document, editor

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@override_settings(ROOT_URLCONF="tests.claims.digests.urls_under_desk", FACTCHECK_SITE_URL=SITE)
def test_the_emails_links_follow_the_urlconf_and_every_one_opens_a_page() -> None:
    anna = editor("anna", email="anna@example.org", first_name="Anna", password=None)
    DigestSubscription.objects.create(user=anna, time_zone="Europe/Berlin")
    article = document(ARTICLE, title="Solarfähre auf dem Brennsee")
    marked = claim(article, anna, 0, created=at(17))
    lost = claim(article, anna, 1, created=at(18))
    Claim.objects.filter(pk=lost.pk).update(orphaned=True)

    rendered = digest_render(build(anna, WEEK, NOW))

    claim_link = f"{SITE}/desk/documents/{article.pk}/#claim-{marked.pk}"
    for body in (rendered.text, rendered.html):
        assert claim_link in body
        assert f"{SITE}/desk/orphans/" in body
        assert f"{SITE}/desk/profile/" in body
    assert rendered.unsubscribe_url.startswith(f"{SITE}/desk/digest/unsubscribe/")
    links = set(re.findall(r'href="([^"]+)"', rendered.html))
    links |= set(re.findall(r"https?://\S+", rendered.text))
    assert len(links) >= 4
    for link in links:
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}" == SITE, link
        resolve(parts.path)  # a page of the site, not a path the email made up
