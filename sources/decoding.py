"""Bytes of an import to text: a byte-order mark, then the declared charset, then detection.

Pure Python, no Django. The declared charset comes from the HTTP Content-Type header (the caller passes
it) or, for HTML, from `<meta charset>` / `<meta http-equiv="Content-Type">` near the top of the page.
A page that declares its encoding is read in that encoding as long as its bytes decode in it; otherwise
the encoding is detected.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from sources.errors import ImportRefused

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
# Legacy encodings of Western European languages, tried when a file declares nothing and is not UTF-8.
# Left to itself charset-normalizer happily reads random high bytes as Korean (cp949) and short cp1252
# text as Urdu (cp1006), both with zero "chaos"; mac_roman wins ties against cp1252 on German text.
_LEGACY_ENCODINGS = ["cp1252", "iso8859_15", "latin_1"]
_MAX_CHAOS = 0.1

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
}


def decode(data: bytes, *, name: str, declared: str = "", html: bool = False) -> str:
    """The text in `data`, with stray NUL characters dropped.

    Order: a byte-order mark; the `declared` charset (an HTTP header's), then for HTML the page's own
    declaration; UTF-8; a Western European legacy encoding. Refuses empty and binary files and bytes whose
    encoding cannot be told with confidence.
    """
    if not data.strip():
        raise ImportRefused(f"{name}: the file is empty", code="empty")
    text = _decode_by_bom(data, name=name)
    if text is None:
        _refuse_binary(data, name=name)
        text = _decode_declared(data, declared, html=html)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name=name)
    text = drop_stray_nuls(text, name=name)
    if not text.strip():
        raise ImportRefused(f"{name}: the file is empty", code="empty")
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


def _decode_legacy(data: bytes, *, name: str) -> str:
    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise _encoding_refused(name)
    text = str(best)
    # latin_1 decodes any byte; C1 controls in the result mean the guess is wrong.
    if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _encoding_refused(name)
    return text


def _encoding_refused(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name}: cannot tell the text encoding (it is not UTF-8); save it as UTF-8 and try again",
        code="encoding",
    )
