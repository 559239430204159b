"""The embedded mode holds what one newsroom does at once: 20 imports and 20 claim marks sent together to
`manage.py runserver` on SQLite, with the jobs (suggestions, scoring) running in-process, all succeed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.embedded.server import EmbeddedServer

pytestmark = pytest.mark.embedded

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages"
PARALLEL = 20


def corpus_pages(count: int, *, skip: int = 0) -> list[Path]:
    """Real web pages (../shared), in the corpus's own order."""
    index = json.loads((CORPUS / "index.json").read_text())
    return [CORPUS / "pages" / item["file"] for item in index[skip : skip + count]]


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(tmp_path).start()
    yield server
    server.stop()
    # Shown only when the test fails (pytest keeps a passing test's output to itself): a dropped
    # connection says nothing by itself, the server's log (with faulthandler's stacks) does.
    print("--- embedded server log ---\n" + server.output()[-8000:])


def upload(session: requests.Session, url: str, page: Path) -> requests.Response:
    with page.open("rb") as handle:
        return session.post(f"{url}/api/v1/documents/", files={"file": (page.name, handle)}, timeout=120)


def a_quote(text: str) -> str:
    """A sentence-long quote from the text: its first line of 60 characters or more (its first 60)."""
    line = next(line for line in text.splitlines() if len(line.strip()) >= 60)
    return line.strip()[:60]


def test_twenty_imports_then_twenty_marks_with_imports_alongside_give_no_errors(
    embedded: EmbeddedServer,
) -> None:
    api = embedded.api()
    with ThreadPoolExecutor(PARALLEL) as pool:
        imports = list(pool.map(lambda page: upload(api, embedded.url, page), corpus_pages(PARALLEL)))

    answers = [(response.status_code, response.text[:200]) for response in imports]
    assert [status for status, _ in answers] == [201] * PARALLEL, answers
    documents = [response.json() for response in imports]
    assert len({document["id"] for document in documents}) == PARALLEL

    # Marking while more articles are imported: 20 marks and 5 imports at once.
    read = f"{embedded.url}/api/v1/documents/{{}}/"
    texts = [api.get(read.format(d["id"]), timeout=30).json()["text"] for d in documents]
    marks = [{"document": d["id"], "exact": a_quote(text)} for d, text in zip(documents, texts, strict=True)]
    with ThreadPoolExecutor(PARALLEL + 5) as pool:
        claims_url = f"{embedded.url}/api/v1/claims/"
        marked = [pool.submit(api.post, claims_url, json=mark, timeout=120) for mark in marks]
        more = [pool.submit(upload, api, embedded.url, page) for page in corpus_pages(5, skip=PARALLEL)]
        marked_answers = [(future.result().status_code, future.result().text[:200]) for future in marked]
        more_answers = [(future.result().status_code, future.result().text[:200]) for future in more]

    assert [status for status, _ in marked_answers] == [201] * PARALLEL, marked_answers
    assert [status for status, _ in more_answers] == [201] * 5, more_answers
    claims = api.get(f"{embedded.url}/api/v1/claims/", params={"page_size": 100}, timeout=30).json()
    assert claims["count"] == PARALLEL
    listed = api.get(f"{embedded.url}/api/v1/documents/", params={"page_size": 100}, timeout=30).json()
    assert listed["count"] == PARALLEL + 5
    assert "database is locked" not in embedded.output()
