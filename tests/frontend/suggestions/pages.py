"""Reading and posting the suggestion pages as a browser does: the CSRF token taken from a page, the
REST API called as reader.js calls it, the claim page's forms posted (with htmx or without), and the
parts of the HTML a user sees.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from django.test import Client

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def csrf_token(client: Client, url: str) -> str:
    found = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(url).content.decode())
    assert found, "no CSRF token on the page"
    return found.group(1)


def api_post(client: Client, url: str, body: dict | None = None, *, page: str) -> object:
    """POST to the REST API as reader.js does: JSON, the session cookie, the CSRF header."""
    return client.post(
        url, body or {}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf_token(client, page)
    )


def form_post(client: Client, url: str, data: dict | None = None, *, page: str, htmx: bool = False) -> object:
    """POST a claim-page form as the browser does (with htmx: its header and in-place answer)."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, {"csrfmiddlewaretoken": csrf_token(client, page), **(data or {})}, **headers)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements a browser would make of the page (attribute values unescaped, as it reads them)."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def suggestion_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="suggestion-item" id="suggestion-(\d+)"', html)]


def evidence_suggestion_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="suggestion-item" id="evidence-suggestion-(\d+)"', html)]


def item_of(html: str, element_id: str) -> str:
    """One suggestion's list item: from its opening tag to the next item or the end of the list."""
    at = html.index(f'<li class="suggestion-item" id="{element_id}"')
    ends = [i for i in (html.find('<li class="suggestion-item"', at + 1), html.find("</ol>", at)) if i > 0]
    return html[at : min(ends)]


def section(html: str, element_id: str) -> str:
    found = re.search(rf'<section [^>]*id="{element_id}".*?</section>', html, re.S)
    assert found, f"no #{element_id}"
    return found.group(0)
