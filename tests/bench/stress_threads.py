"""Threaded stress for the embedded mode's "double free or corruption" (seen twice in CI under 20 uploads at
once, never reproduced since): a hunt, not a benchmark, so `python -m tests.bench` does not run it.

    python -m tests.bench.stress_threads inprocess THREADS ROUNDS   # extract, suggest, detect, translate
    python -m tests.bench.stress_threads server BATCH ROUNDS        # runserver, every corpus page uploaded

`server` starts a cold embedded server each round (as the CI test does), uploads the 300 corpus pages in
batches of BATCH at once, and after every third batch marks a claim in each of the batch's documents with
five more uploads alongside. Run either under glibc's heap checks to catch a corruption where it happens:

    LD_PRELOAD=/lib/x86_64-linux-gnu/libc_malloc_debug.so.0 MALLOC_CHECK_=3 MALLOC_PERTURB_=165 \\
        PYTHONFAULTHANDLER=1 python -m tests.bench.stress_threads server 30 3

(glibc 2.34 and later read MALLOC_CHECK_ only with libc_malloc_debug preloaded; the server inherits the
environment.) PYTHONMALLOC=debug also stops at any C extension that allocates without holding the GIL.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from claims.assist.rules import bilingual
from claims.assist.rules.checkworthiness import suggest_claims
from sources import language
from sources.errors import ImportRefused
from sources.extraction import extract
from tests.embedded.server import EmbeddedServer
from tests.embedded.test_concurrency import a_quote, upload

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages"
MARKS_EVERY = 3  # batches
UPLOADS_BESIDE_MARKS = 5


def corpus_pages() -> list[Path]:
    index = json.loads((CORPUS / "index.json").read_text())
    return [CORPUS / "pages" / item["file"] for item in index]


def in_process(threads: int, rounds: int, seed: int = 0) -> None:
    """THREADS threads at a time, released together, each taking one page through what an upload does
    in the web process without Django: decoding, extraction, language, suggestions, translations."""
    pages = [page.read_bytes() for page in corpus_pages()]

    def one_page(page: bytes, start: threading.Barrier) -> int:
        start.wait(timeout=60)  # all of a batch at once: the first calls of a cold process race too
        try:
            extracted = extract(page, kind="html", name="page.html")
        except ImportRefused:
            return 0
        language.detect(extracted.text)
        bilingual.translated_terms(extracted.text[:3000], extracted.language)
        return len(suggest_claims(extracted.text, extracted.language))

    began, done = time.monotonic(), 0
    for round_number in range(rounds):
        order = random.Random(seed + round_number).sample(pages, len(pages))
        for first in range(0, len(order), threads):
            batch = order[first : first + threads]
            start = threading.Barrier(len(batch))
            with ThreadPoolExecutor(len(batch)) as pool:
                done += len(list(pool.map(lambda page, start=start: one_page(page, start), batch)))
        print(f"round {round_number}: {done} pages in {time.monotonic() - began:.0f} s", flush=True)


def server_rounds(batch: int, rounds: int, seed: int = 0) -> None:
    """A cold embedded server a round; stops at the first round whose server died or logged a crash."""
    pages = corpus_pages()
    for round_number in range(rounds):
        with tempfile.TemporaryDirectory() as var_dir:
            server = EmbeddedServer(Path(var_dir)).start()
            try:
                statuses = _upload_everything(server, pages, batch, random.Random(seed + round_number))
            except requests.ConnectionError as error:
                statuses = [f"connection lost: {error}"]  # the server died, most likely
            died = server.process is not None and server.process.poll() is not None
            log = server.output()
            server.stop()
        print(f"round {round_number}: {len(statuses)} requests, answers {sorted(set(map(str, statuses)))}")
        if died or "Fatal Python error" in log or "double free" in log:
            print(f"--- the server died; its log ---\n{log[-20000:]}")
            sys.exit(1)


def _upload_everything(
    server: EmbeddedServer, pages: list[Path], batch: int, rng: random.Random
) -> list[int | str]:
    api = server.api()
    api.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=batch + UPLOADS_BESIDE_MARKS))
    statuses: list[int | str] = []
    order = rng.sample(pages, len(pages))
    for number, first in enumerate(range(0, len(order), batch)):
        with ThreadPoolExecutor(batch) as pool:
            answers = list(pool.map(lambda page: upload(api, server.url, page), order[first : first + batch]))
        statuses += [answer.status_code for answer in answers]
        if number % MARKS_EVERY == 0:
            documents = [answer.json()["id"] for answer in answers if answer.status_code in (200, 201)]
            statuses += _mark_with_uploads_beside(
                server, api, documents, rng.sample(pages, UPLOADS_BESIDE_MARKS)
            )
    return statuses


def _mark_with_uploads_beside(
    server: EmbeddedServer, api: requests.Session, documents: list[int], more: list[Path]
) -> list[int]:
    marks = []
    for document in documents:
        text = api.get(f"{server.url}/api/v1/documents/{document}/", timeout=60).json()["text"]
        if any(len(line.strip()) >= 60 for line in text.splitlines()):
            marks.append({"document": document, "exact": a_quote(text)})
    with ThreadPoolExecutor(len(marks) + len(more)) as pool:
        sent = [
            pool.submit(api.post, f"{server.url}/api/v1/claims/", json=mark, timeout=120) for mark in marks
        ]
        sent += [pool.submit(upload, api, server.url, page) for page in more]
        return [future.result().status_code for future in sent]


if __name__ == "__main__":
    mode, size, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    {"inprocess": in_process, "server": server_rounds}[mode](size, rounds)
