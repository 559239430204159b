"""`manage.py import_documents` as a user runs it: files, folders, summary, failures, overrides."""

from __future__ import annotations

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Document, DocumentRevision, Publisher

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_documents", *args, "--no-progress", stdout=out)
    return out.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_documents", *args, "--no-progress", stdout=out)
    return out.getvalue(), str(failed.value)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of sample articles, one of them in a subfolder."""
    shutil.copy(FIXTURES / "kraftwerk_scraped_de.txt", tmp_path)
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(FIXTURES / "report_en.html", tmp_path / "nested" / "deeper")
    shutil.copy(FIXTURES / "notes.md", tmp_path / "nested")
    return tmp_path


def test_folder_is_imported_recursively_with_a_summary(folder: Path) -> None:
    output = run(str(folder))

    assert "Imported 3, unchanged 0, new revision 0, failed 0." in output
    assert Document.objects.count() == 3
    titles = set(Document.objects.values_list("title", flat=True))
    assert not titles & {"Option", "Heim", "Nachricht"}


def test_a_revision_keeps_the_files_name_not_the_users_folders(folder: Path) -> None:
    run(str(folder))

    # What is stored, and what the API shows, is the file's name alone: the folders are the user's.
    stored = set(DocumentRevision.objects.values_list("origin_name", flat=True))
    assert {"report_en.html", "notes.md"} <= stored and len(stored) == 3
    assert not any("/" in name for name in stored), stored


def test_running_again_reports_unchanged(folder: Path) -> None:
    run(str(folder))

    output = run(str(folder))

    assert "Imported 0, unchanged 3, new revision 0, failed 0." in output
    assert DocumentRevision.objects.count() == 3


def test_bad_files_are_reported_and_the_good_ones_imported(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "slides.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "nav-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>"
    )

    output, error = run_failing(str(folder))

    assert "Imported 3, unchanged 0, new revision 0, failed 4." in output
    assert "empty.txt: the file is empty" in output
    assert "image.txt" in output and "binary" in output
    # Each refusal after the file's name, as typed, once.
    assert f"failed  {folder / 'slides.pdf'}: unsupported file type (.pdf)" in output
    assert (
        f"failed  {folder / 'nav-only.html'}: no readable text was found (the HTML holds no sentence"
        in output
    )
    assert "4 of 7 files failed" in error
    assert Document.objects.count() == 3


def test_missing_path_fails_with_its_name(tmp_path: Path) -> None:
    output, _ = run_failing(str(tmp_path / "nope.txt"))
    assert "nope.txt: no such file" in output
    assert Document.objects.count() == 0


def test_a_missing_path_is_named_as_typed(tmp_path: Path) -> None:
    typed = f"{tmp_path}//sub/./nope.txt"
    output, _ = run_failing(typed)
    assert f"{typed}: no such file" in output


# --- web pages named on the command line (served by tests/sources/conftest.py) ----------------------------


def test_a_web_page_url_is_fetched_as_the_api_fetches(site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]

    output = run(f"{site}/article.html")

    assert "Imported 1, unchanged 0, new revision 0, failed 0." in output
    document = Document.objects.get()
    assert document.url == f"{site}/article.html"
    assert document.current_revision.origin == "url"


def test_a_web_page_on_an_internal_address_is_refused_as_the_api_refuses(site: str) -> None:
    output, _ = run_failing(f"{site}/article.html")  # 127.0.0.1 is not allowed by default

    assert f"failed  {site}/article.html: Cannot fetch" in output and "private" in output
    assert Document.objects.count() == 0


def test_an_address_that_is_no_web_page_is_named_as_given_with_a_hint() -> None:
    output, _ = run_failing("ftp://x.org/a")

    assert "ftp://x.org/a: no such file (this command reads files, folders and http(s) web pages" in output
    assert Document.objects.count() == 0


def test_overrides_win_over_extraction(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    shutil.copy(FIXTURES / "kraftwerk_scraped_de.txt", path)

    run(
        str(path),
        "--title",
        "Mein Titel",
        "--url",
        "https://example.org/a",
        "--language",
        "en",
        "--publisher",
        "Heise",
    )

    document = Document.objects.get()
    assert (document.title, document.url, document.language) == ("Mein Titel", "https://example.org/a", "en")
    assert document.publisher == Publisher.objects.get(name="Heise")


@pytest.mark.parametrize("url", ["not a url", "ftp://x.org/a"])
def test_a_url_override_that_is_no_http_address_is_refused(tmp_path: Path, url: str) -> None:
    path = tmp_path / "a.txt"
    shutil.copy(FIXTURES / "kraftwerk_scraped_de.txt", path)

    with pytest.raises(CommandError) as refused:
        run(str(path), "--url", url)

    assert str(refused.value).startswith("--url: The document's URL must be an absolute http or https")
    assert f"“{url}” is not one" in str(refused.value)
    assert Document.objects.count() == 0


def test_url_override_with_several_files_is_refused(folder: Path) -> None:
    with pytest.raises(CommandError, match="give exactly one file"):
        run(str(folder), "--url", "https://example.org/a")
    assert Document.objects.count() == 0


def test_changed_file_with_document_id_makes_a_new_revision(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Der Speicher fasst 100 MWh, sagte der Betreiber.\n", encoding="utf-8")
    run(str(path))
    document = Document.objects.get()
    path.write_text("Der Speicher fasst 120 MWh, sagte der Betreiber.\n", encoding="utf-8")

    output = run(str(path), "--document", str(document.pk))

    assert "new revision 1" in output
    assert [r.text for r in document.revisions.order_by("number")] == [
        "Der Speicher fasst 100 MWh, sagte der Betreiber.\n",
        "Der Speicher fasst 120 MWh, sagte der Betreiber.\n",
    ]


def test_the_real_command_shows_progress_and_exits_non_zero_on_failure(tmp_path: Path) -> None:
    """Run as a user would, in a subprocess, against a throwaway SQLite database."""
    (tmp_path / "good.md").write_text("# A title\n\nThe plant stores 100 MWh.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "script.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    env = {"FACTCHECK_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    (tmp_path / "var").mkdir()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_documents",
            str(tmp_path / "good.md"),
            str(tmp_path / "bad.txt"),
            str(tmp_path / "script.html"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert done.returncode == 1
    assert "Importing" in done.stderr and "3/3" in done.stderr  # the progress bar
    assert "Imported 1, unchanged 0, new revision 0, failed 2." in done.stdout
    assert "bad.txt: the file is empty" in done.stdout
    assert "script.html" in done.stdout
    assert "discarding data" not in done.stderr  # trafilatura's own line, which said nothing to a user


def test_parallel_extraction_gives_the_same_result_as_serial(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")

    output, _ = run_failing(str(folder), "--jobs", "2")

    assert "Imported 3, unchanged 0, new revision 0, failed 1." in output
    assert "empty.txt: the file is empty" in output
    assert Document.objects.count() == 3
