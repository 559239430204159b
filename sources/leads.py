"""An article's lead, set just above its body or marked as a teaser, put back at the beginning of the text.

Pure Python, no Django. trafilatura takes the article's text from one container ("article-content",
"entry-content", …) and discards every block whose class says "teaser". Many pages set the lead (the
intro, teaser or excerpt: the article's first paragraph, often in bold) in the article's header just
above that container, or mark it as a teaser, and it was lost: a news page without its first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml.etree import XPath, iterwalk
from lxml.html import HtmlElement
from trafilatura.xpaths import BODY_XPATH

# Words of a class or id that name a lead: "ts-intro", "article-excerpt", "teaser-text", "chapo".
_LEAD_WORDS = frozenset(
    {"intro", "introduction", "lead", "lede", "teaser", "excerpt", "abstract", "standfirst", "chapo"}
)
# Where a lead is set: a paragraph, a block, or a subtitle ("<h2 class='intro__title'>"). Found by their
# class and id values, read in one XPath and searched with one regular expression (looking at each element
# in Python cost more than the rest of this module); a class "leader" is then told from "lead" by its words.
_BLOCKS = frozenset({"p", "div", "section", "span", "h2", "strong"})
_NAMES = XPath("//body//@class|//body//@id", smart_strings=True)
_MAY_NAME_A_LEAD = re.compile("intro|lead|lede|teaser|excerpt|abstract|standfirst|chapo", re.IGNORECASE)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Only a few lines of page furniture may stand between the lead and the body: a byline, a date, a picture's
# caption. More text between them and the "lead" is something else (a teaser of another page).
_MAX_CHARS_BETWEEN = 400
_MIN_WORDS = 6
# A paragraph whose beginning is in the body is there, perhaps shortened or reflowed.
_BEGINNING_CHARS = 60
_MAX_LINKED_SHARE = 0.5
# A lead is never inside these: a picture's caption, a menu, a box beside the article, the page's foot.
_NOT_IN = frozenset({"figure", "figcaption", "nav", "aside", "footer", "a", "button", "form", "label"})
_NO_TEXT = frozenset({"script", "style", "template", "noscript"})
# A block holding the headline or a picture is the article's header or its lead picture, not its lead.
_NOT_HELD = frozenset({"h1", "img", "picture", "video", "iframe", "figure", "figcaption"})
# Within a lead, the date or the author's name set beside it is no part of its text: "19.10.2019, 15:30 Uhr".
_FURNITURE_WORDS = frozenset(
    {"date", "time", "datetime", "timestamp", "byline", "author", "caption", "credit", "meta"}
    | {"kicker", "category"}
)


def with_lead(tree: HtmlElement, body: str) -> str:
    """`body` (the text trafilatura found in `tree`) with the article's lead first: the paragraphs of the
    lead that trafilatura left out. `tree` (from html_pages.parse()) is left unchanged."""
    found = " ".join(body.split())
    missing: list[str] = []
    for paragraph in _lead_paragraphs(tree, body):
        if paragraph[:_BEGINNING_CHARS] not in found:
            missing.append(paragraph)
            found += " " + paragraph  # a page may state its lead twice (one for phones, one for screens)
    return "\n".join([*missing, body])


def _lead_paragraphs(tree: HtmlElement, body: str) -> list[str]:
    named = list(
        dict.fromkeys(
            block
            for name in _NAMES(tree)
            if _MAY_NAME_A_LEAD.search(name)
            and (block := name.getparent()).tag in _BLOCKS
            and _names_a_lead(block)
        )
    )
    # The innermost named blocks: an "intro" holding the breadcrumbs, the headline and the "chapo" is no lead.
    innermost = [block for block in named if not any(inner in named for inner in block.iterdescendants())]
    leads = [block for block in innermost if _is_lead(block)]
    if not leads:
        return []  # the common case, decided before looking for the body's container
    container = _container(tree)
    if container is None or not _holds_the_beginning(container, body):
        return []  # trafilatura took its text elsewhere: what stands above this container leads no article
    starts, ends = _text_offsets(tree)
    paragraphs = [
        _words(paragraph)
        for lead in leads
        if lead in ends and _opens(lead, container, starts, ends)
        for paragraph in (list(lead.iter("p")) or [lead])
    ]
    return [paragraph for paragraph in paragraphs if len(paragraph.split()) >= _MIN_WORDS]


def _container(tree: HtmlElement) -> HtmlElement | None:
    """The container trafilatura reads the article's text from: the first of its BODY_XPATH the page has."""
    for expression in BODY_XPATH:
        found = next((element for element in expression(tree) if element is not None), None)
        if found is not None:
            return found
    return None


def _holds_the_beginning(container: HtmlElement, body: str) -> bool:
    """Whether the body trafilatura found begins in `container`: its first paragraph as long as a sentence."""
    first = next((line for line in body.split("\n") if len(line.split()) >= _MIN_WORDS), "")
    return bool(first) and " ".join(first.split())[:_BEGINNING_CHARS] in _words(container)


def _text_offsets(tree: HtmlElement) -> tuple[dict[HtmlElement, int], dict[HtmlElement, int]]:
    """Where each element starts and ends in the page's text, in characters (scripts and styles left out)."""
    starts: dict[HtmlElement, int] = {}
    ends: dict[HtmlElement, int] = {}
    position = hidden = 0
    for event, element in iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            starts[element] = position
            if element.tag in _NO_TEXT:
                hidden += 1
            elif not hidden:
                position += len((element.text or "").strip())
        else:
            ends[element] = position
            if element.tag in _NO_TEXT:
                hidden -= 1
            if not hidden:
                position += len((element.tail or "").strip())
    return starts, ends


def _opens(
    element: HtmlElement, container: HtmlElement, starts: dict[HtmlElement, int], ends: dict[HtmlElement, int]
) -> bool:
    """Whether `element` stands at the body's beginning: just above the container, or first in it."""
    if container in element.iterancestors():
        return starts[element] - starts[container] <= _MAX_CHARS_BETWEEN
    return ends[element] <= starts[container] and starts[container] - ends[element] <= _MAX_CHARS_BETWEEN


def _class_words(element: HtmlElement) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return {word.lower() for word in _WORD.findall(names)}


def _names_a_lead(element: HtmlElement) -> bool:
    return not _class_words(element).isdisjoint(_LEAD_WORDS)


def _words(element: HtmlElement) -> str:
    """The element's text as a reader sees it, whitespace runs as one space, without the date beside it."""
    return " ".join("".join(_texts(element, _is_furniture)).split())


def _texts(element: HtmlElement, skip: Callable[[HtmlElement], bool]) -> Iterator[str]:
    """The text of `element` and its descendants in reading order, but for the descendants `skip` says."""
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and not skip(child):
            yield from _texts(child, skip)
        yield child.tail or ""


def _is_hidden(element: HtmlElement) -> bool:
    return element.tag in _NO_TEXT


def _is_furniture(element: HtmlElement) -> bool:
    return (
        _is_hidden(element) or element.tag == "time" or not _class_words(element).isdisjoint(_FURNITURE_WORDS)
    )


def _is_lead(element: HtmlElement) -> bool:
    if any(ancestor.tag in _NOT_IN for ancestor in element.iterancestors()) or element.tag in _NOT_IN:
        return False
    if any(held.tag in _NOT_HELD for held in element.iterdescendants()):
        return False
    words = _words(element)
    if len(words.split()) < _MIN_WORDS:
        return False
    linked = sum(len(_words(link)) for link in element.iter("a"))
    return linked <= _MAX_LINKED_SHARE * len(words)
