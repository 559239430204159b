"""Benchmark: `import_documents` into PostgreSQL; documents/s and peak memory.

Two corpora: generated articles (1,000 and 4,000, text and HTML), and the 300 real web pages of
../shared/corpora/web-pages, imported on one core with and without suggestions (with them, the jobs run
in-process during the import, as in the embedded mode; without, `--no-suggestions`).

Each run is a fresh child process on a fresh database. The child sets Django up and warms the
extraction (language models) before the clock starts, so the figure is the import, not start-up.
Memory is the peak RSS of the command's process and of its largest extraction worker; it is measured
for two folder sizes to show it does not grow with them.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[2]
# Overridable, so benchmarks run by several people on one PostgreSQL do not drop each other's database.
BENCH_DB = os.environ.get("FACTCHECK_BENCH_DB", "factcheck_bench")
BENCH_REDIS = "redis://127.0.0.1:6379/13"

DE_WORDS = [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "mit",
    "von",
    "für",
    "auf",
    "sagte",
    "laut",
    "Prozent",
    "Millionen",
    "Anlage",
    "Speicher",
    "Strom",
    "Netz",
    "Betreiber",
    "Leistung",
    "Kapazität",
    "Stadt",
    "Bericht",
    "Unternehmen",
    "erreicht",
    "mehr",
    "als",
    "weniger",
    "neue",
    "System",
]
EN_WORDS = [
    "the",
    "and",
    "is",
    "not",
    "with",
    "from",
    "for",
    "said",
    "according",
    "percent",
    "million",
    "plant",
    "storage",
    "power",
    "grid",
    "operator",
    "capacity",
    "city",
    "report",
    "company",
    "reaches",
    "more",
    "than",
    "less",
    "new",
    "system",
    "output",
    "record",
    "first",
]

CHILD = """
import os, resource, sys, time
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from sources import extraction
extraction.extract("Warm-up text for the language detector, with a few words.", kind="text")
extraction.extract("<html><body><p>Warm-up page for trafilatura.</p></body></html>", kind="html")
started = time.perf_counter()
cpu_started = time.process_time()
try:
    call_command("import_documents", *sys.argv[1:], "--no-progress", stdout=StringIO())
except SystemExit:
    pass
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
usage = resource.getrusage
print(cpu, elapsed, usage(resource.RUSAGE_SELF).ru_maxrss, usage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def article(rng: random.Random, index: int, german: bool) -> str:
    words = DE_WORDS if german else EN_WORDS
    title = " ".join(rng.choice(words) for _ in range(8)).capitalize() + f" {index}"
    paragraphs = []
    size = rng.randint(2000, 4000)
    text = ""
    while len(text) < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
        number = f"{rng.randint(2, 900)} {'MWh' if german else 'MW'}"
        paragraphs.append(f"{sentence.capitalize()} {number}.")
        text = "\n\n".join(paragraphs)
    return f"{title}\n\n{text}\n"


def html_page(rng: random.Random, index: int, german: bool) -> str:
    body = article(rng, index, german)
    title, _, rest = body.partition("\n\n")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in rest.split("\n\n"))[:4200]
    return (
        f"<!doctype html><html lang='{'de' if german else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='author' content='Autor {index}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{paragraphs}"
        "</article><footer>© Example</footer><script>track()</script></body></html>"
    )


def write_corpus(folder: Path, count: int, kind: str) -> None:
    rng = random.Random(count * 7 + len(kind))
    for index in range(count):
        german = index % 2 == 0
        if kind == "html":
            (folder / f"page{index:05}.html").write_text(html_page(rng, index, german), encoding="utf-8")
        else:
            (folder / f"article{index:05}.txt").write_text(article(rng, index, german), encoding="utf-8")


def fresh_database(admin_url: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    base = admin_url.rsplit("/", 1)[0]
    url = f"{base}/{BENCH_DB}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def run_once(admin_url: str, count: int, kind: str) -> tuple[float, int, int]:
    url = fresh_database(admin_url)
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), count, kind)
        # Production settings, as a deployment runs them (DEBUG off).
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + "x" * 50,
        }
        # As deployed: the jobs an import starts (suggestions, re-anchoring) go to Redis for the workers;
        # none runs here, so the figure is the import's own. They are thrown away afterwards.
        env["REDIS_URL"] = BENCH_REDIS
        redis.Redis.from_url(BENCH_REDIS).flushdb()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, tmp], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
    redis.Redis.from_url(BENCH_REDIS).flushdb()
    elapsed, peak_kb, worker_peak_kb = done.stdout.split()[-3:]
    return float(elapsed), int(peak_kb), int(worker_peak_kb)


WEB_PAGES = ROOT.parent / "shared" / "corpora" / "web-pages" / "pages"


def run_web_pages(admin_url: str, *, suggestions: bool) -> tuple[float, float, int]:
    """The 300 real pages on one core (`--jobs 1`), into a fresh database."""
    url = fresh_database(admin_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
    }
    args = [str(WEB_PAGES), "--jobs", "1"]
    if suggestions:
        # No broker: the suggestion jobs run in-process during the import, so their cost is counted.
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
    else:
        args.append("--no-suggestions")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    cpu, elapsed, peak_kb, _ = done.stdout.split()[-4:]
    return float(cpu), float(elapsed), int(peak_kb)


def main_web(admin_url: str = "") -> None:
    """Only the 300 real web pages: `python -m tests.bench import-web`."""
    if not admin_url:
        admin_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/factcheck")
        admin_url = admin_url.rsplit("/", 1)[0] + "/postgres"
    count = len(list(WEB_PAGES.glob("*.html")))
    for suggestions in (False, True):
        cpu, elapsed, peak_kb = run_web_pages(admin_url, suggestions=suggestions)
        label = "with suggestions" if suggestions else "without suggestions"
        # On a busy machine the wall clock counts other processes' time too; CPU time is this import's.
        print(
            f"web pages x {count} on one core, {label:>19}: {elapsed:6.2f} s wall "
            f"({count / elapsed:5.1f} documents/s), {cpu:6.2f} s CPU ({count / cpu:5.1f} documents/CPU-s), "
            f"peak memory {peak_kb / 1024:6.1f} MiB   (target >= 40/s without suggestions)"
        )


def main() -> None:
    admin_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/factcheck")
    admin_url = admin_url.rsplit("/", 1)[0] + "/postgres"
    print("== import_documents into PostgreSQL (fresh database each run, start-up excluded) ==")
    main_web(admin_url)
    for kind, target in (("txt", 1500), ("html", 150)):
        for count in (1000, 4000):
            elapsed, peak_kb, worker_peak_kb = run_once(admin_url, count, kind)
            rate = count / elapsed
            print(
                f"{kind:>4} x {count:>5}: {elapsed:6.2f} s  {rate:8.0f} documents/s  "
                f"peak memory {peak_kb / 1024:6.1f} MiB "
                f"(each extraction worker {worker_peak_kb / 1024:6.1f} MiB)"
                f"   (target >= {target}/s)"
            )


if __name__ == "__main__":
    main()
