"""The publisher of each imported document, found or created once per import batch."""

from __future__ import annotations

from collections.abc import Sequence

from sources.imports import PreparedDocument
from sources.models import Publisher


class PublisherResolver:
    """Finds or creates publishers once per batch: by the stated name, else by the URL's domain,
    else by the site name extraction found.

    A publisher the batch names for the first time is made in memory when an item needs it and written,
    with all the others, by `store()` before the batch's documents: one INSERT for the batch instead of
    a get_or_create (four statements) per new publisher, a tenth of importing 300 real pages.
    """

    def __init__(self, prepared: Sequence[PreparedDocument]) -> None:
        names = {p.publisher_name[:200] for p in prepared if p.publisher_name}
        names |= {p.domain[:200] for p in prepared if p.domain}
        domains = {p.domain for p in prepared if p.domain}
        self.by_name = {pub.name: pub for pub in Publisher.objects.filter(name__in=names)}
        self.by_domain = {pub.domain: pub for pub in Publisher.objects.filter(domain__in=domains)}
        self.new: list[Publisher] = []

    def resolve(self, item: PreparedDocument) -> Publisher | None:
        if item.publisher_stated:
            return self._by_name(item.publisher_name, domain="")
        if item.domain and item.domain in self.by_domain:
            return self.by_domain[item.domain]
        if item.publisher_name or item.domain:
            return self._by_name(item.publisher_name or item.domain, domain=item.domain)
        return None

    def store(self) -> None:
        """Write the publishers made for this batch. One that a concurrent import wrote first (same name)
        is taken as it is stored; the documents holding the new object get its id."""
        if not self.new:
            return
        Publisher.objects.bulk_create(self.new, ignore_conflicts=True)
        stored = {pub.name: pub for pub in Publisher.objects.filter(name__in=[p.name for p in self.new])}
        for publisher in self.new:
            found = stored.get(publisher.name)
            if found is None:
                # Refused by another constraint (its domain is a concurrently created publisher's): the
                # error a single get_or_create would raise, so the import's transaction is rolled back.
                publisher.save(force_insert=True)
                continue
            publisher.pk, publisher.domain = found.pk, found.domain
            publisher.created_at, publisher.updated_at = found.created_at, found.updated_at
        self.new = []

    def _by_name(self, name: str, *, domain: str) -> Publisher:
        name = name[:200]
        publisher = self.by_name.get(name)
        if publisher is None:
            publisher = Publisher(name=name, domain=domain)
            self.new.append(publisher)
            self.by_name[name] = publisher
        if publisher.domain:
            self.by_domain.setdefault(publisher.domain, publisher)
        return publisher
