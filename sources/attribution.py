"""Whether a document's publisher is verified: its URL is on a domain the publisher lists, or an admin
confirmed it. Only a verified attribution lends a document its publisher's reliability rating."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

# A host name of letters, digits and hyphens in dot-separated labels, with at least one dot ("scmp.com").
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
MAX_DOMAINS = 50


def domains_normalise(values: Iterable[str]) -> list[str]:
    """Domains as stored: lower case, without "www." or a trailing dot, each once, in the given order;
    raises ValidationError naming a value that is not a domain."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError('Give the domains as a list, e.g. ["scmp.com", "amp.scmp.com"].')
    found: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValidationError(f"{value!r} is not a domain name.")
        domain = value.strip().lower().rstrip(".").removeprefix("www.")
        if not _DOMAIN.match(domain):
            raise ValidationError(f"{value!r} is not a domain name such as scmp.com.")
        if domain not in found:
            found.append(domain)
    if len(found) > MAX_DOMAINS:
        raise ValidationError(f"At most {MAX_DOMAINS} domains per publisher.")
    return found


def url_on_domains(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is one of the domains or a subdomain of one ("www.scmp.com", "scmp.com")."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    return bool(host) and any(d and (host == d or host.endswith("." + d)) for d in domains)


def attribution_verified(*, url: str, domain: str, domains: Iterable[str], confirmed: bool) -> bool:
    """A document's publisher counts only when an admin confirmed it or its URL is on the publisher's
    own domain (`domain`) or one of the further `domains` it lists."""
    return confirmed or url_on_domains(url, [domain, *domains])
