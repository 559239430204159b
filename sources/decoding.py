"""Bytes of an import to text: a byte-order mark, then the declared charset, then detection.

Pure Python, no Django. The declared charset comes from the HTTP Content-Type header (the caller passes
it) or, for HTML, from `<meta charset>` / `<meta http-equiv="Content-Type">` near the top of the page.
A page that declares its encoding is read in that encoding as long as its bytes decode in it; otherwise
it is UTF-8 if its bytes are, and else in the encoding a browser would guess: chardetng, the detector
Firefox uses for pages that declare nothing, told the top-level domain of the page's address when known.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

from chardetng_py.detector import EncodingDetector

from sources import language
from sources.errors import ImportRefused, nothing_to_import

# File signatures of formats people upload by mistake; some (PDF) start with plain ASCII.
_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",  # zip, and so .docx/.xlsx/.odt/.epub
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"\xd0\xcf\x11\xe0",  # old MS Office
    b"\x1f\x8b",  # gzip
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape; NUL included.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# Text files hold next to no control bytes; binary files are full of them. Real pages do carry a few
# stray NULs (an ad tag's), which are dropped rather than taken as a sign of a binary file.
_MAX_CONTROL_SHARE = 0.02
_BINARY_HEAD_BYTES = 8192
# Not knowing the page's country, chardetng takes a short English or German text with a single "£" or "¾"
# for Central European (in windows-1250 those bytes are "Ł" and "ľ"). Where the same bytes read as
# windows-1252 in a language written in windows-1252, that reading wins. ISO 639-1 codes, codec names.
_WESTERN_LANGUAGES = frozenset(
    [
        "af",
        "ca",
        "da",
        "de",
        "en",
        "es",
        "eu",
        "fi",
        "fr",
        "ga",
        "id",
        "is",
        "it",
        "ms",
        "nb",
        "nl",
        "nn",
        "pt",
        "so",
        "sq",
        "sv",
        "sw",
    ]
)
_OTHER_LATIN_ENCODINGS = frozenset(
    {"cp1250", "iso8859-2", "cp1254", "iso8859-9", "cp1257", "iso8859-4", "iso8859-13", "cp1258"}
)

# Where an HTML page declares its charset: the HTML standard looks in the first 1,024 bytes, but real pages
# put a long <head> of scripts first, so a little more is read.
_META_SEARCH_BYTES = 16384
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# As browsers read them (the WHATWG Encoding standard): these labels mean the wider encoding.
_BROWSER_ENCODINGS = {
    "latin1": "cp1252",
    "iso8859-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "x-mac-cyrillic": "mac-cyrillic",
}


def decode(data: bytes, *, name: str, declared: str = "", html: bool = False, url: str = "") -> str:
    """The text in `data`, with stray NUL characters dropped.

    Order: a byte-order mark; the `declared` charset (an HTTP header's), then for HTML the page's own
    declaration; UTF-8; the legacy encoding a browser would detect (`url`, where the bytes came from, tells
    their country). Refuses empty and binary files and bytes that do not decode in that encoding.
    """
    if not data.strip():
        raise nothing_to_import(name)
    text = _decode_by_bom(data, name=name)
    if text is None:
        _refuse_binary(data, name=name)
        text = _decode_declared(data, declared, html=html)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_detected(data, name=name, url=url)
    text = drop_stray_nuls(text, name=name)
    if not text.strip():
        raise nothing_to_import(name)
    return text


def drop_stray_nuls(text: str, *, name: str) -> str:
    """The text without NUL characters (PostgreSQL cannot store them, and no reader sees them);
    a text made largely of control characters is refused as binary."""
    if "\x00" not in text:
        return text
    head = text[:_BINARY_HEAD_BYTES]
    if len(_CONTROL_CHARS.findall(head)) > _MAX_CONTROL_SHARE * len(head):
        raise ImportRefused(f"{name}: this looks like a binary file, not text", code="binary")
    return text.replace("\x00", "")


def declared_charset(data: bytes) -> str:
    """The charset an HTML or XML page declares for itself near its top, or ""."""
    head = data[:_META_SEARCH_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def _decode_declared(data: bytes, declared: str, *, html: bool) -> str | None:
    for label in (declared, declared_charset(data) if html else ""):
        encoding = _codec(label)
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue  # a wrong declaration: the next one, or detection, decides
    return None


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if not label:
        return None
    label = _BROWSER_ENCODINGS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page's bytes are ASCII-compatible: a page that says UTF-16 without a byte-order mark is not.
    return None if name.startswith(("utf-16", "utf-32")) else name


def _decode_by_bom(data: bytes, *, name: str) -> str | None:
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _encoding_refused(name) from None
    return None


def _refuse_binary(data: bytes, *, name: str) -> None:
    head = data[:_BINARY_HEAD_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head.startswith(_BINARY_SIGNATURES) or controls > _MAX_CONTROL_SHARE * len(head):
        raise ImportRefused(f"{name}: this looks like a binary file, not text", code="binary")


def _decode_detected(data: bytes, *, name: str, url: str) -> str:
    detector = EncodingDetector()
    detector.feed(data, last=True)
    country = _top_level_domain(url)
    encoding = _codec(detector.guess(tld=country, allow_utf8=False))
    if encoding is None:
        raise _encoding_refused(name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise _encoding_refused(name) from None
    if encoding in _OTHER_LATIN_ENCODINGS and country is None:
        text = _western_reading(data) or text
    # Bytes that decode to C1 control characters are not text in any encoding people write in.
    if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _encoding_refused(name)
    return text


def _western_reading(data: bytes) -> str | None:
    """`data` read as windows-1252, when it then reads as a language written in windows-1252."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _CONTROL_CHARS.search(text):
        return None
    return text if language.detect(_words_of(text)) in _WESTERN_LANGUAGES else None


_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_WORDS_SAMPLE_CHARS = 20000


def _words_of(text: str) -> str:
    # The language of a page is in its words, not in its tags and scripts.
    return _MARKUP.sub(" ", text[:_WORDS_SAMPLE_CHARS]) if "<" in text else text


def _top_level_domain(url: str) -> bytes | None:
    """The rightmost label of the address's host name, in lower-case ASCII (Punycode), or None."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if "." not in host:
        return None
    try:
        label = host.rsplit(".", 1)[1].encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return label.encode("ascii") if label.isalnum() and not label.isdigit() else None


def _encoding_refused(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name}: cannot tell the text encoding (it is not UTF-8); save it as UTF-8 and try again",
        code="encoding",
    )
