"""The publisher of each imported document, found or created once per import batch."""

from __future__ import annotations

from collections.abc import Sequence

from sources.imports import PreparedDocument
from sources.models import Publisher


class PublisherResolver:
    """Finds or creates publishers once per batch: by the stated name, else by the URL's domain,
    else by the site name extraction found."""

    def __init__(self, prepared: Sequence[PreparedDocument]) -> None:
        names = {p.publisher_name for p in prepared if p.publisher_name}
        domains = {p.domain for p in prepared if p.domain}
        self.by_name = {pub.name: pub for pub in Publisher.objects.filter(name__in=names)}
        self.by_domain = {pub.domain: pub for pub in Publisher.objects.filter(domain__in=domains)}

    def resolve(self, item: PreparedDocument) -> Publisher | None:
        if item.publisher_stated:
            return self._by_name(item.publisher_name, domain="")
        if item.domain and item.domain in self.by_domain:
            return self.by_domain[item.domain]
        if item.publisher_name or item.domain:
            return self._by_name(item.publisher_name or item.domain, domain=item.domain)
        return None

    def _by_name(self, name: str, *, domain: str) -> Publisher:
        name = name[:200]
        publisher = self.by_name.get(name)
        if publisher is None:
            publisher, _ = Publisher.objects.get_or_create(name=name, defaults={"domain": domain})
            self.by_name[name] = publisher
        if publisher.domain:
            self.by_domain.setdefault(publisher.domain, publisher)
        return publisher
