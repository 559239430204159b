"""Which document an import is: its URL from real signals, and whether a re-import is the same article.

Pure Python, no Django. A document's URL comes, in this order, from what the user stated, the address the
page was fetched from (after redirects), or a canonical link / og:url the page declares, and the last only
when it names an article page on the same site (never the site's root, a listing page or an address too
long to store). Query strings are kept: `spip.php?article8532` and `spip.php?article8533` are two articles;
fragments are not: `#comments` is a place in a page.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from itertools import pairwise
from urllib.parse import urljoin, urlsplit, urlunsplit

from sources.errors import ImportRefused

URL_MAX_CHARS = 2000

_HEAD_CHARS = 65536
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Characters no stored URL may hold (they break the links and the schema's uri format).
_UNSAFE = re.compile(r"[\s<>\"\\^`{|}\x00-\x1f\x7f]")
# Last path segments of pages that list articles rather than being one.
_LISTING_SEGMENTS = frozenset(
    [
        "news",
        "nachrichten",
        "aktuelles",
        "aktuell",
        "blog",
        "blogs",
        "articles",
        "artikel",
        "archive",
        "archiv",
        "category",
        "categories",
        "kategorie",
        "kategorien",
        "tag",
        "tags",
        "topics",
        "themen",
        "search",
        "suche",
        "home",
        "index",
        "default",
        "start",
        "startseite",
        "latest",
        "neueste",
        "feed",
        "rss",
        "page",
        "seite",
        "author",
        "autor",
        "authors",
    ]
)
_TAXONOMY_SEGMENTS = frozenset(
    ["category", "categories", "kategorie", "rubrik", "tag", "tags", "topic", "topics", "author", "autor"]
)
# A host name as DNS knows it (after IDNA for international names): dot-separated labels.
_HOST_NAME = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?$")
_PAGED = re.compile(r"/(?:page|seite)/\d+/?$", re.IGNORECASE)
# Second-level labels under which sites register ("bbc.co.uk", "abc.net.au"): the site is one label more.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic"})


def strip_credentials(url: str) -> str:
    """The URL without a `user:password@` part: it would be shown to every reader."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def document_url(url: str) -> str:
    """A URL as a document's identity: without credentials (they would be shown to every reader) and
    without a fragment (`#comments` is a place in the page, not another page: fetching it again must find
    the same document)."""
    url = strip_credentials(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(parts._replace(fragment="")) if "#" in url else url


def stated_url_check(url: str) -> None:
    """Refuse a document URL the user states (CLI `--url`, the API's and the import page's `url`) unless
    it is an absolute http(s) address with a host: the reader links to it, so "not a url" or an ftp://
    address would be a broken link. Spaces and non-ASCII in the path are fine (stored percent-encoded)."""
    if not _is_http_url(url):
        raise ImportRefused(
            f"The document's URL must be an absolute http or https address such as "
            f"https://example.org/article; “{url}” is not one.",
            field="url",
            code="invalid",
        )


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is no number or out of range
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    if "[" in parts.netloc:  # an IPv6 literal, "[2001:db8::1]"
        try:
            return ipaddress.ip_address(host).version == 6
        except ValueError:
            return False
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return False
    return bool(_HOST_NAME.match(ascii_host))


def declared_urls(html: str) -> list[str]:
    """The addresses a page declares for itself: `<link rel="canonical">`, then `og:url`."""
    head = html[:_HEAD_CHARS]
    canonical, og = [], []
    for tag, attributes in _TAG.findall(head):
        lowered = attributes.lower()
        if "canonical" not in lowered and "og:url" not in lowered:
            continue  # most of a page's hundred <meta> and <link> tags: no need to read their attributes
        values = {
            name.lower(): next(v for v in value if v)
            for name, *value in _ATTRIBUTE.findall(attributes)
            if any(value)
        }
        if tag.lower() == "link" and "canonical" in values.get("rel", "").lower().split():
            canonical.append(values.get("href", ""))
        elif tag.lower() == "meta" and values.get("property", values.get("name", "")).lower() == "og:url":
            og.append(values.get("content", ""))
    return [url.strip() for url in (*canonical, *og) if url.strip()]


def page_url(html: str, *, fetched: str = "") -> str:
    """The article address a page declares, when it can be trusted; else ""."""
    for declared in declared_urls(html):
        url = urljoin(fetched, declared) if fetched else declared
        if is_article_url(url) and (not fetched or same_site(url, fetched)):
            return strip_credentials(url)
    return ""


def is_article_url(url: str) -> bool:
    """An absolute http(s) URL of one page, short enough to store, that is no site root or listing page."""
    if len(url) > URL_MAX_CHARS or _UNSAFE.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.query:
        return True  # "index.php?article=12", "/?p=123": the query names the page
    if not segments or _PAGED.search(parts.path):
        return False
    last = segments[-1].lower().rsplit(".", 1)[0]
    if last in _LISTING_SEGMENTS:
        return False
    # "/category/politik/", "/tag/energie": the page of a section or a tag lists its articles.
    return not (len(segments) >= 2 and segments[-2].lower() in _TAXONOMY_SEGMENTS)


# The Wayback Machine keeps a page at web.archive.org/web/<timestamp>[flags]/<the page's own address>.
_ARCHIVED = re.compile(r"^/web/\d{1,14}(?:[a-z]{2}_)?/(?P<original>.+)$")
_ARCHIVES = frozenset({"web.archive.org", "wayback.archive.org"})
_MERGED_SLASHES = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)


def original_url(url: str) -> str:
    """The address an archived copy was taken from ("https://web.archive.org/web/20160526181643/http://
    ordnungsrausch.com/…" → "http://ordnungsrausch.com/…"): its site published it. Any other URL as it is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    archived = _ARCHIVED.match(parts.path) if (parts.hostname or "").lower() in _ARCHIVES else None
    if archived is None:
        return url
    original = archived.group("original") + (f"?{parts.query}" if parts.query else "")
    original = _MERGED_SLASHES.sub(r"\1://", original)  # "http:/example.com": a proxy merged the slashes
    return original if "://" in original else f"http://{original}"


def is_archive(host: str) -> bool:
    """Whether a host name is the Wayback Machine's ("web.archive.org"): it publishes none of its copies."""
    return host.strip().lower() in _ARCHIVES


def site_of(url: str) -> str:
    """The registered site of a URL ("www.zeit.de" and "blog.zeit.de" are both "zeit.de")."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def same_site(first: str, second: str) -> bool:
    return bool(site_of(first)) and site_of(first) == site_of(second)


# A revision keeps most of its article's wording; a different article keeps next to none of it. Word pairs
# rather than words: two unrelated articles in one language share their function words, not their pairs.
_MIN_KEPT_SHARE = 0.5


def _word_pairs(text: str) -> Counter[tuple[str, str]]:
    words = text.casefold().split()
    return Counter(pairwise(words)) if len(words) > 1 else Counter({(w, ""): 1 for w in words})


def replaces_most_of(old: str, new: str) -> bool:
    """Whether `new` keeps less than half of `old`'s word pairs."""
    old_pairs = _word_pairs(old)
    total = old_pairs.total()
    if not total:
        return True
    kept = (old_pairs & _word_pairs(new)).total()
    return kept < _MIN_KEPT_SHARE * total
