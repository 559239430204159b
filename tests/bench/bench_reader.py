"""Benchmark: the reader for a ~50 KB article with 500 claims (nested and overlapping ones included).

In a fresh PostgreSQL database with production settings (DEBUG off, collected static files):
1. Server: the reader page rendered by Django (test client in one process: middleware, view, queries,
   templates), N requests after a warm-up; median and p95. Target ≤ 150 ms.
2. Browser: gunicorn serves the page to Debian's Chromium (headless), N loads. What is measured, with the
   Performance API: from the first byte of the response (`responseStart`) to the first frame painted
   after reader.js has wired the page (`reader:painted`: a task queued from requestAnimationFrame after
   the `reader:wired` mark, so it runs after that frame is painted). In between the browser parses the
   HTML with every highlight already in it (segmentation is done on the server), loads the CSS and the
   module, lays out the text and the first 50 panel rows, and paints. Also shown: first contentful paint,
   the module's own time (`reader:start` → `reader:wired`), and when the other 450 panel rows (sent inert
   in a <template>) are attached (`reader:panel`, right after that paint). Target ≤ 500 ms.

Run: `python -m tests.bench reader` (once registered) or `python -m tests.bench.bench_reader`.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.loadtest import ROOT, fresh_database, gunicorn, production_env, run_django

DATABASE = "factcheck_bench_reader"
SERVER_REQUESTS = 40
BROWSER_LOADS = 12
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

SEED = """
import json
from tests.bench.bench_reader import seed
print(json.dumps(seed()))
"""

SERVER = """
import json, time
from django.test import Client
from django.contrib.auth import get_user_model
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username="bench"))
url = "/documents/%(document)s/"
for _ in range(5):  # warm-up: template loading, connection
    assert client.get(url).status_code == 200
times = []
for _ in range(%(n)s):
    started = time.perf_counter()
    response = client.get(url)
    times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200
print(json.dumps({"times": times, "bytes": len(response.content)}))
"""

WORDS = [
    "Rechner",
    "System",
    "Hersteller",
    "Leistung",
    "Labor",
    "Messung",
    "Angabe",
    "Rack",
    "Chip",
    "Speicher",
    "Strom",
    "Kühlung",
    "Modell",
    "Netzwerk",
    "Anbieter",
    "Rechenzentrum",
    "Prozessor",
    "Beschleuniger",
    "Bericht",
    "Quelle",
]


def article(rng: random.Random, sentences: int) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """A generated article: paragraphs of sentences, a few emoji, and where each sentence and the
    number in it are (code points)."""
    parts: list[str] = []
    sentence_spans: list[tuple[int, int]] = []
    number_spans: list[tuple[int, int]] = []
    at = 0
    for n in range(sentences):
        words = " ".join(rng.choice(WORDS).lower() for _ in range(rng.randint(5, 9)))
        number = f"{rng.randint(2, 990)} Petaflops"
        emoji = " 🧠" if n % 37 == 0 else ""
        sentence = f"Der {rng.choice(WORDS)} {n} erreicht {number} laut {words}{emoji}."
        separator = "\n\n" if n % 6 == 5 else " "
        sentence_spans.append((at, at + len(sentence)))
        number_at = at + sentence.index(number)
        number_spans.append((number_at, number_at + len(number)))
        parts.append(sentence + separator)
        at += len(sentence) + len(separator)
    return "".join(parts), sentence_spans, number_spans


def seed() -> dict[str, object]:
    """The benchmark's data, made through the services: one article, 500 claims, evidence for 120."""
    from django.db import transaction

    from claims import services as claims
    from sources import services as sources
    from tests.factories import PublisherFactory, editor

    rng = random.Random(20260101)
    user = editor("bench")
    PublisherFactory(name="Lakeside Courier", reliability=0.8)
    text, sentences, numbers = article(rng, 500)
    outcome = sources.document_import(
        source=sources.source_from_text(text),
        overrides=sources.ImportOverrides(title="Fünfhundert Behauptungen", publisher="Lakeside Courier"),
    )
    document = outcome.document
    source = sources.document_import(
        source=sources.source_from_text(
            "Das Labor hat nachgemessen. Die Angaben stimmen nicht. Die Angaben stimmen.\n"
        ),
        overrides=sources.ImportOverrides(title="Labor", publisher="Lakeside Courier"),
    ).document
    spans = [sentences[i] for i in range(300)]  # 300 sentences
    spans += [numbers[i] for i in range(0, 300, 2)][:120]  # 120 numbers nested in them
    # 80 spans from the end of one sentence across into the next sentence's number: up to three deep.
    spans += [(sentences[i][1] - 10, numbers[i + 1][0] + 3) for i in range(1, 161, 2)]
    assert len(spans) == 500
    passages = ["Die Angaben stimmen nicht.", "Die Angaben stimmen."]
    with transaction.atomic():
        marked = [
            claims.claim_create(
                document=document, user=user, span=claims.SpanInput(start=start, end=end), speaker="Bench"
            )
            for start, end in spans
        ]
        for n, claim in enumerate(marked[:120]):
            claims.evidence_link(
                claim=claim,
                document=source,
                user=user,
                stance="contradicts" if n % 3 else "supports",
                span=claims.SpanInput(exact=passages[0] if n % 3 else passages[1]),
            )
    return {"document": document.pk, "bytes": len(text.encode()), "claims": len(marked)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def collect_static(url: str, var_dir: str) -> None:
    env = {**production_env(url), "FACTCHECK_VAR_DIR": var_dir}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def session_cookie(url: str) -> str:
    """A signed-in session for the browser, made on the server (production cookies are Secure-only,
    and the benchmark talks plain http on the loopback)."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='bench')\n"
        "s = SessionStore(); s['_auth_user_id'] = str(user.pk)\n"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s['_auth_user_hash'] = user.get_session_auth_hash(); s.create(); print(s.session_key)\n"
    )
    return run_django(url, code).strip().splitlines()[-1]


MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const mark = (name) => performance.getEntriesByName(name)[0].startTime;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    ttfb: nav.responseStart - nav.requestStart,
    download: nav.responseEnd - nav.responseStart,
    paint: mark('reader:painted') - nav.responseStart,
    dcl: nav.domContentLoadedEventEnd - nav.responseStart,
    fcp: fcp ? fcp.startTime - nav.responseStart : null,
    module: mark('reader:wired') - mark('reader:start'),
    panel: mark('reader:panel') - nav.responseStart,
    highlights: Number(document.getElementById('reader').dataset.highlights),
    claims: document.querySelectorAll('.claim-item').length,
  };
}"""


def browser_figures(base: str, document: int, session: str) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1360, "height": 860})
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
        page = context.new_page()
        figures = []
        for n in range(BROWSER_LOADS + 2):
            page.goto(f"{base}/documents/{document}/", wait_until="load")
            page.wait_for_selector("#reader[data-ready]", state="attached")
            if n >= 2:  # the first loads fill the HTTP cache with the CSS and the modules
                figures.append(page.evaluate(MEASURE))
        browser.close()
    return figures


def main() -> None:
    url = fresh_database(DATABASE)
    var_dir = tempfile.mkdtemp(prefix="bench-reader-")
    os.environ["FACTCHECK_VAR_DIR"] = var_dir  # production_env() copies it: static files for DEBUG off
    try:
        collect_static(url, var_dir)
        seeded = json.loads(run_django(url, SEED).strip().splitlines()[-1])
        print(
            f"== reader: {seeded['bytes'] / 1024:.0f} KB article, {seeded['claims']} claims "
            "(300 sentences, 120 nested numbers, 80 crossing), PostgreSQL, DEBUG off =="
        )
        server = json.loads(
            run_django(url, SERVER % {"document": seeded["document"], "n": SERVER_REQUESTS})
            .strip()
            .splitlines()[-1]
        )
        times = server["times"]
        print(
            f"server render (Django test client, {len(times)} requests): median "
            f"{statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
            f"page {server['bytes'] / 1024:.0f} KB   (target ≤ 150 ms)"
        )
        session = session_cookie(url)
        with gunicorn(url, workers=1) as base:
            figures = browser_figures(base, seeded["document"], session)
        paint = [f["paint"] for f in figures]
        print(
            f"Chromium paint, first byte → first frame after highlights wired ({len(paint)} loads): "
            f"median {statistics.median(paint):.0f} ms, p95 {percentile(paint, 0.95):.0f} ms   "
            "(target ≤ 500 ms)"
        )
        for name, label in (
            ("ttfb", "  time to first byte (gunicorn)"),
            ("dcl", "  first byte → DOMContentLoaded"),
            ("fcp", "  first byte → first contentful paint"),
            ("module", "  reader.js start → wired"),
            ("panel", "  first byte → every claim in the panel"),
        ):
            values = [f[name] for f in figures if f[name] is not None]
            print(f"{label:<40} median {statistics.median(values):6.1f} ms")
        last = figures[-1]
        print(f"  highlight segments painted: {last['highlights']}, claims in the panel: {last['claims']}")
    finally:
        Path(var_dir).exists() and subprocess.run(["rm", "-rf", var_dir], check=False)


if __name__ == "__main__":
    main()
