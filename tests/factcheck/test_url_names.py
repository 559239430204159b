"""Every URL name names one route: reverse() of a name two apps share finds only one of them, so the
other app's links would quietly point at the wrong page (the claim page and the API's claim were both
`claim-detail`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _named(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named(pattern.url_patterns, inner)
        elif pattern.name and "(?P<format>" not in str(pattern.pattern):
            # DRF's format suffix routes (`documents.json`) are the same route as their name's, by design.
            yield namespace + pattern.name, str(pattern.pattern)


def test_every_url_name_is_unique_across_the_project() -> None:
    counts = Counter(name for name, _ in _named(get_resolver().url_patterns))

    assert [name for name, count in counts.items() if count > 1] == []


def test_the_claim_page_and_the_apis_claim_have_names_of_their_own() -> None:
    assert reverse("claim-page", args=[7]) == "/claims/7/"
    assert reverse("claim-detail", args=[7]) == "/api/v1/claims/7/"
    assert reverse("suggested-evidence-link", args=[7]) == "/evidence-suggestions/7/accept/"
    assert reverse("evidence-suggestion-accept", args=[7]) == "/api/v1/evidence-suggestions/7/accept/"
