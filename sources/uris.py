"""URLs as URIs (RFC 3986): what is stored and answered is a URI a client can parse, whatever was sent."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

# Kept as they are: RFC 3986 sub-delims, ":" and "@" (pchar), "/" and, after the path, "?"; "%" when it
# already starts an escape. Everything else (spaces, `"<>{}|\^`, non-ASCII) is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=~"
_QUERY_SAFE = _PATH_SAFE + "?"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _quoted(part: str, safe: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", part), safe=safe + "%")


def uri_from(url: str) -> str:
    """The URL with every character a URI may not hold percent-encoded (UTF-8), and an international
    host name in its ASCII form (IDNA): `https://bücher.de/a "b"` → `https://xn--bcher-kva.de/a%20%22b%22`.
    A URL that already is a URI is returned unchanged."""
    if not url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    host = parts.hostname or ""
    if host and not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = quote(host, safe="")
        netloc = re.sub(re.escape(host), ascii_host, netloc, count=1, flags=re.IGNORECASE)
    netloc = quote(netloc, safe=":@[]!$&'()*+,;=%")
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            _quoted(parts.path, _PATH_SAFE),
            _quoted(parts.query, _QUERY_SAFE),
            _quoted(parts.fragment, _QUERY_SAFE),
        )
    )
