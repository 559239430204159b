"""The 300 real web pages of ../shared/corpora/web-pages imported as an editor would, with the CLI.

The pages are read from that folder at test time (CI has ../shared beside the clone); nothing of them is
copied into the project. Each page is a different article: imported without --url, they must give 300
documents, none a revision of another, and importing them again must change nothing.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources import extraction
from sources.decoding import decode
from sources.models import Document, DocumentRevision

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages"
# Refusals a user would accept for a real page (none of the 300 needs one today).
ACCEPTABLE_REFUSALS = ("no readable text was found", "this looks like a binary file", "the file is empty")
MIN_WITH_SHARE = 0.97  # 864/890 today (97.1%)
# Invisible characters a page's author typed that extraction drops: soft hyphens, invisible separators.
_INVISIBLE = str.maketrans("", "", "\u00ad\u2063\u200b")


def _comparable(text: str) -> str:
    """Whitespace runs as one space, invisible characters gone: snippets were written against a
    rendering of the page whose line breaks and spaces differ from the stored text's."""
    return " ".join(text.translate(_INVISIBLE).split())


def _import_all() -> tuple[str, str]:
    out = StringIO()
    args = [str(CORPUS / "pages"), "--no-progress", "--no-suggestions", "--jobs", "2", "-v", "2"]
    try:
        call_command("import_documents", *args, stdout=out)
    except CommandError as failed:
        return out.getvalue(), str(failed)
    return out.getvalue(), ""


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    if not CORPUS.is_dir():
        pytest.skip(f"the web-page corpus is not at {CORPUS}")  # CI counts a skip as a failure
    return json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))


def test_the_300_real_pages_import_faithfully_and_again_unchanged(corpus: list[dict]) -> None:
    output, failed = _import_all()

    assert "Traceback" not in output + failed
    refusals = re.findall(r"failed  (\S+): (.+)", output)
    for name, reason in refusals:
        assert any(accepted in reason for accepted in ACCEPTABLE_REFUSALS), (name, reason)
    imported = len(corpus) - len(refusals)
    assert f"Imported {imported}, unchanged 0, new revision 0, failed {len(refusals)}." in output
    # Every page is its own document: no page became a revision of another.
    assert Document.objects.count() == imported == len(corpus)
    assert DocumentRevision.objects.count() == imported

    texts = {
        Path(origin).name: text
        for origin, text in DocumentRevision.objects.values_list("origin_name", "text").iterator()
    }
    with_found = with_total = without_found = without_total = 0
    for page in corpus:
        text = _comparable(texts.get(page["file"], ""))
        with_total += len(page["with"])
        with_found += sum(_comparable(snippet) in text for snippet in page["with"])
        without_total += len(page["without"])
        without_found += sum(_comparable(snippet) in text for snippet in page["without"])
    print(
        f"\nweb-pages: {with_found}/{with_total} 'with' snippets present ({with_found / with_total:.1%}); "
        f"{without_found}/{without_total} 'without' snippets present ({without_found / without_total:.1%})"
    )
    assert with_found >= MIN_WITH_SHARE * with_total
    # Boilerplate stays mostly out (96/905, 10.6% of the 'without' snippets today; a regression shows here).
    assert without_found <= 0.11 * without_total

    # Languages beyond the six of old are told (Chinese, Portuguese pages are in the corpus).
    languages = set(Document.objects.values_list("language", flat=True))
    assert {"de", "en", "es", "fr", "pt", "zh"} <= languages

    again, failed_again = _import_all()
    assert "Traceback" not in again + failed_again
    assert f"Imported 0, unchanged {imported}, new revision 0, failed {len(refusals)}." in again
    assert DocumentRevision.objects.count() == imported


# The legacy encoding a page in each language of the corpus would have been saved in before UTF-8.
LEGACY_ENCODING = {"de": "cp1252", "en": "cp1252", "es": "cp1252", "fr": "cp1252", "it": "cp1252"}
LEGACY_ENCODING |= {"pt": "cp1252", "nl": "cp1252", "pl": "cp1250", "ru": "cp1251", "zh": "gb18030"}


def test_each_page_saved_in_its_languages_legacy_encoding_without_a_declaration_reads_the_same(
    corpus: list[dict],
) -> None:
    # As an old site or a file saved from an old editor serves it: no BOM, no charset anywhere.
    checked = wrong = 0
    for page in corpus:
        extracted = extraction.extract((CORPUS / "pages" / page["file"]).read_bytes(), kind="html")
        encoding = LEGACY_ENCODING.get(extracted.language)
        data = extracted.text.encode(encoding or "utf-8", "replace")
        if encoding is None or data.isascii():
            continue
        checked += 1
        wrong += decode(data, name=page["file"]) != data.decode(encoding)
    print(f"\nweb-pages in legacy encodings: {checked - wrong}/{checked} read back unchanged")
    assert checked >= 250 and wrong == 0
