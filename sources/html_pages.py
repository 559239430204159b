"""An HTML page as trafilatura reads it: its tree, parsed once per import, and the metadata it states.

Pure Python, no Django. `parse()` does what `trafilatura.load_html` does (the same parser settings and
repairs of broken markup) with one difference that makes every later step faster; `join_drop_caps()`
puts a drop cap's letter back into its word; `stated_metadata()` reads what a document stores (title,
author, date, site name) and the page's description with trafilatura's metadata functions.
"""

from __future__ import annotations

import re
import threading
from contextlib import suppress
from dataclasses import dataclass

from htmldate import find_date
from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
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
from trafilatura.utils import repair_faulty_html


def _parser(**settings: str) -> HTMLParser:
    # trafilatura's parser settings (trafilatura.utils.HTML_PARSER). lxml.html's own parsers pick each
    # element's Python class with a Python callback (forms and inputs get their own classes), which runs
    # for every element trafilatura, htmldate and the metadata XPaths touch, on every copy of the tree:
    # 10-15% of an HTML import. Nothing here uses the form classes, so one class is looked up in C.
    parser = HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, **settings
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
        )
    )
    return parser


# One pair of parsers per thread, as the lxml FAQ asks ("use the default parser, which is replicated for
# each thread, or create a parser for each thread yourself"): runserver and the in-process jobs of the
# embedded mode parse pages in several threads at once. (The embedded server once died of "double free or
# corruption" under 20 uploads at once; the cause is not pinned down, and this is one thing lxml warns of.)
_parsers = threading.local()


def _thread_parsers() -> tuple[HTMLParser, HTMLParser]:
    """This thread's parser for a str and for its UTF-8 bytes."""
    if not hasattr(_parsers, "text"):
        _parsers.text, _parsers.utf8 = _parser(), _parser(encoding="utf-8")
    return _parsers.text, _parsers.utf8


def parse(html: str) -> HtmlElement | None:
    """The page's tree, or None when `html` is not HTML (as `trafilatura.load_html` decides it)."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    text_parser, utf8_parser = _thread_parsers()
    try:
        tree = fromstring(html, parser=text_parser)
    except (ValueError, etree.LxmlError):
        # lxml refuses a str that declares its encoding (<?xml ... encoding=...?>): its UTF-8 bytes then.
        tree = None
    if tree is None or len(tree) < 1:
        try:
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=utf8_parser)
        except (ValueError, etree.LxmlError):
            return None
    # A text without an <html> tag or declaration that parses to a single element is not a page.
    if "html" not in beginning and len(tree) < 2:
        return None
    return tree


# A drop cap: the article's first letter set large in an element of its own, the rest of its word in the
# next block ('<span class="dropcap">T</span><p>urkey, Poland and …'). A browser floats the letter into the
# paragraph; trafilatura reads the letter as a block of its own, and drops it or sets it apart ("urkey",
# "T\nurkey"). Found as a childless element whose text is one capital letter, perhaps after an opening
# quotation mark ("„D"), and whose word goes on in lower case in what follows.
_DROP_CAP_CANDIDATES = XPath("//body//*[not(*) and text()][string-length(normalize-space()) <= 2]")
_DROP_CAP = re.compile(r"[\"'«»‹›„“”‚‘’(¿¡]?[^\W\d_]")
# Whitespace next to the edge of one of these is not rendered: across it, the letter and its word touch.
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "ol", "p", "section", "td", "ul"}
)
_NO_TEXT_OF_THE_PAGE = frozenset({"script", "style", "template", "noscript"})
_NO_DROP_CAP = _NO_TEXT_OF_THE_PAGE | {"button", "option", "textarea"}  # a close button's "X"
# A letter alone in a table's cell or a list's item is that cell's value, and the next cell or item is
# another one ("A" and "excellent" in a table of grades), however it begins: no drop cap.
_CELLS = frozenset({"td", "th", "li", "dt", "dd"})


def join_drop_caps(tree: HtmlElement) -> None:
    """Put each drop cap's letter back in front of the rest of its word, in `tree` (from parse()).

    Only where nothing but markup stands between the letter and the lower-case rest of its sentence; a
    space that opens the rest is kept ("A" and " new study" make "A new study"). A close button's "X"
    before a capitalised label, or a letter and its word already side by side in one line, stay as they are.
    """
    for element in _DROP_CAP_CANDIDATES(tree):
        letter = (element.text or "").strip()
        if element.tag in _NO_DROP_CAP or not _DROP_CAP.fullmatch(letter) or not letter[-1].isupper():
            continue
        # The letter's own wrappers: '<div class="dropcap"><span>T</span></div><p>urkey'.
        in_a_cell = element.tag in _CELLS
        while (
            element.getnext() is None
            and not (element.tail or "").strip()
            and (parent := element.getparent()) is not None
            and parent.tag != "body"
            and len(parent) == 1
            and not (parent.text or "").strip()
        ):
            element = parent
            in_a_cell = in_a_cell or element.tag in _CELLS
        if in_a_cell:
            continue
        rest = _rest_of_the_sentence(element)
        if rest is not None:
            text = rest.text or ""
            rest.text = letter + (" " if text[:1].isspace() else "") + text.lstrip()
            element.drop_tree()  # its tail is blank: no text of the page goes with it


def _rest_of_the_sentence(letter: HtmlElement) -> HtmlElement | None:
    """The element whose text goes on after the drop cap, or None when what follows does not go on from it.

    A letter and its word in one line ("<span>D</span>ie Angst", "<b>A</b> new") are whole in the text.
    """
    tail = letter.tail or ""
    following = letter.getnext()
    if tail.strip() or following is None:
        return None
    if letter.tag not in _BLOCKS and following.tag not in _BLOCKS:
        return None  # letter and word are on one line: trafilatura keeps them together
    node = following
    while not (node.text or "").strip() and len(node) and node.tag not in _NO_TEXT_OF_THE_PAGE:
        node = node[0]
    if node.tag in _NO_TEXT_OF_THE_PAGE:
        return None  # a script's code is no sentence
    return node if (node.text or "").lstrip()[:1].islower() else None


# Every expression of trafilatura's AUTHOR_XPATHS needs an <author> element, a <rel> child (its "rel='me'"),
# or a class, id, rel, itemprop, data-testid or data-component attribute holding one of these words (its
# literals and regular expressions, in lower case). A page with none has no author for extract_author to
# find, and about a third of the pages that state no author in their <meta> tags have none: they skip its
# copy of the whole tree and its regular expressions run on every element (one C XPath and one search here).
AUTHOR_WORDS = (
    "author",
    "byl",
    "bbl",
    "username",
    "screenname",
    "writer",
    "zuozhe",
    "bianji",
    "xiaobian",
    "channel-name",
    "submitted-by",
    "posted-by",
    "journalist-name",
)
_AUTHOR_WORD = re.compile("|".join(AUTHOR_WORDS))
_AUTHOR_ATTRIBUTES = XPath("//@class|//@id|//@rel|//@itemprop|//@data-testid|//@data-component")


def may_name_an_author(tree: HtmlElement) -> bool:
    """False only when trafilatura's author search cannot find anything in `tree`."""
    if tree.find(".//author") is not None or tree.find(".//rel") is not None:
        return True
    return _AUTHOR_WORD.search(" ".join(_AUTHOR_ATTRIBUTES(tree)).lower()) is not None


# The fields of `trafilatura.extract_metadata` that documents store, and the description extraction checks a
# paywalled page's lead against, read in its order and with its fallbacks; its categories, tags and licence
# searches are left out: they cost about 40% of its time (their XPaths run a Python regex on every element)
# and nothing uses them.
@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601 as htmldate writes it, "" when the page states none
    site_name: str = ""
    description: str = ""  # the page's summary of itself (og:description, <meta name="description">, JSON-LD)


def stated_metadata(tree: HtmlElement, url: str = "") -> PageMetadata:
    """What `tree` (from parse(), left unchanged) states; `url` is where it came from."""
    found = examine_meta(tree)
    # trafilatura's rule: a one-word author in a <meta> tag is a user name or a site, not a person
    if found.author and " " not in found.author:
        found.author = None
    # As trafilatura does: a page's malformed JSON-LD (or a bug in reading it) costs that source only.
    with suppress(Exception):
        found = extract_meta_json(tree, found)
    found.title = found.title or extract_title(tree)
    found.author = found.author or (extract_author(tree) if may_name_an_author(tree) else None)
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
        description=found.description or "",
    )
