"""The feed (RSS and Atom, Django's syndication framework) and the sitemap of the public fact-checks."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.feedgenerator import Atom1Feed

from claims import exports, publication
from claims.models import FactCheck
from claims.scoring import VERDICT_LABELS, Verdict

FEED_SIZE = 50


class FactCheckFeed(Feed):
    """The newest published fact-checks, as RSS 2.0."""

    description = "The newest fact-checks, with their verdicts."

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANISATION} fact-checks"

    def link(self) -> str:
        return exports.site_url("/fact-checks/")

    def items(self) -> QuerySet[FactCheck]:
        return publication.fact_checks_public()[:FEED_SIZE]

    def item_title(self, item: FactCheck) -> str:
        return (
            f"{VERDICT_LABELS[Verdict(item.claim.editorial.verdict)]}: {exports.claim_reviewed(item.claim)}"
        )

    def item_description(self, item: FactCheck) -> str:
        return item.claim.editorial.explanation

    def item_link(self, item: FactCheck) -> str:
        return exports.fact_check_url(item)

    def item_guid(self, item: FactCheck) -> str:
        return exports.fact_check_url(item)

    def item_pubdate(self, item: FactCheck) -> datetime:
        return item.published_at

    def item_updateddate(self, item: FactCheck) -> datetime:
        return item.updated_at

    def item_author_name(self, item: FactCheck) -> str:
        return settings.FACTCHECK_ORGANISATION  # the newsroom, never an editor's name


class FactCheckAtomFeed(FactCheckFeed):
    feed_type = Atom1Feed
    subtitle = FactCheckFeed.description


class FactCheckSitemap(Sitemap):
    """Every published fact-check page, on the public site's own address."""

    changefreq = "weekly"

    def items(self) -> QuerySet[FactCheck]:
        return publication.fact_checks_public()

    def location(self, item: FactCheck) -> str:
        return exports.fact_check_url(item).removeprefix(_site_root())

    def lastmod(self, item: FactCheck) -> datetime:
        return item.updated_at

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.FACTCHECK_SITE_URL).scheme or "https"

    def get_domain(self, site: object = None) -> str:
        return urlsplit(settings.FACTCHECK_SITE_URL).netloc


def _site_root() -> str:
    parts = urlsplit(settings.FACTCHECK_SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"
