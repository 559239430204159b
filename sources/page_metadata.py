"""The metadata an HTML page states about itself that a document stores: title, author, date, site name.

Pure Python, no Django. Read with trafilatura's metadata functions, in the order and with the fallbacks
of `trafilatura.extract_metadata`, but only for the fields documents store: its categories, tags and
licence searches cost about 40% of its time (their XPaths run a Python regex on every element) and
nothing here uses them.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601 as htmldate writes it, "" when the page states none
    site_name: str = ""


def read(tree: HtmlElement, url: str = "") -> PageMetadata:
    """What `tree` (parsed by `trafilatura.load_html`, left unchanged) states; `url` is where it came from."""
    found = examine_meta(tree)
    # trafilatura's rule: a one-word author in a <meta> tag is a user name or a site, not a person
    if found.author and " " not in found.author:
        found.author = None
    # As trafilatura does: a page's malformed JSON-LD (or a bug in reading it) costs that source only.
    with suppress(Exception):
        found = extract_meta_json(tree, found)
    found.title = found.title or extract_title(tree)
    found.author = found.author or extract_author(tree)
    found.url = found.url or extract_url(tree, url or None)
    # Only dates the page states as metadata. htmldate's "extensive" search takes any date in the page,
    # such as a reader comment's; extraction.find_published_date() reads the top of the body instead.
    found.date = find_date(tree, **set_date_params(extensive=False), url=found.url)
    found.sitename = found.sitename or extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := META_URL.match(found.url)):
        found.sitename = match[1]
    found.clean_and_trim()
    return PageMetadata(
        title=found.title or "",
        author=found.author or "",
        date=found.date or "",
        site_name=found.sitename or "",
    )
