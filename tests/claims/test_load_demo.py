"""`manage.py load_demo`, which `make run` calls: what a first look at the service shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from claims.assist.models import ClaimSuggestion, EvidenceSuggestion
from claims.models import Claim
from sources.models import Document, Publisher

pytestmark = pytest.mark.django_db


def load(capsys: pytest.CaptureFixture[str], capture: Callable) -> str:
    with capture(execute=True):  # the jobs run when each step commits, as in the embedded mode
        call_command("load_demo")
    return capsys.readouterr().out


def test_the_demo_has_articles_claims_with_verdicts_and_suggestions(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable, settings: object
) -> None:
    settings.DEBUG = True  # as `make run` has it
    out = load(capsys, django_capture_on_commit_callbacks)

    assert "Demo articles: 4 imported" in out and "Admin login: admin / factcheck-demo" in out
    assert "Demo publishers: 4 added, 0 already there." in out
    assert Document.objects.count() == 4 and Publisher.objects.count() == 4
    assert get_user_model().objects.get(username="admin").is_superuser
    comment = Claim.objects.get(exact="The battery only lasts for about 8 km")
    assert (comment.speaker, comment.speaker_role) == ("ThomasReid", "commenter")
    assert comment.verdict in {"contradicted", "mostly_contradicted"}  # both articles say 80 km
    assert Claim.objects.get(exact__startswith="Die Fähre hat 9,5").verdict in {
        "supported",
        "mostly_supported",
    }
    assert ClaimSuggestion.objects.exists() and EvidenceSuggestion.objects.exists()
    # The API shows the demo file's name, not where the server keeps it.
    ferry = Document.objects.get(revisions__origin_name="faehre_aurelia_de.txt")
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    revisions = client.get(f"/api/v1/documents/{ferry.pk}/revisions/").json()["results"]
    assert [revision["origin_name"] for revision in revisions] == ["faehre_aurelia_de.txt"]


def test_loading_the_demo_twice_changes_nothing(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable
) -> None:
    load(capsys, django_capture_on_commit_callbacks)
    counts = (Document.objects.count(), Claim.objects.count(), ClaimSuggestion.objects.count())

    out = load(capsys, django_capture_on_commit_callbacks)

    assert "0 imported, 4 already there" in out and "Demo claims: 0 marked, 2 already there" in out
    assert "Demo publishers: 0 added, 4 already there." in out
    assert (Document.objects.count(), Claim.objects.count(), ClaimSuggestion.objects.count()) == counts


def test_on_a_database_in_use_the_demo_reports_its_own_publishers(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable
) -> None:
    for n in range(13):
        Publisher.objects.create(name=f"Zeitung {n}", domain=f"zeitung{n}.example")
    Publisher.objects.create(name="Lakeside Courier", domain="lakeside-courier.example", reliability=0.8)

    out = load(capsys, django_capture_on_commit_callbacks)

    assert "Demo publishers: 3 added, 1 already there." in out
    assert "Publishers: 17" not in out and Publisher.objects.count() == 17


def login(username: str, password: str, address: str = "127.0.0.1") -> int:
    """A sign-in through the real form; 302 is a success."""
    response = Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})
    return response.status_code


def test_with_debug_off_the_demo_admin_gets_a_random_password_shown_once(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable, settings: object
) -> None:
    settings.DEBUG = False
    out = load(capsys, django_capture_on_commit_callbacks)

    assert "factcheck-demo" not in out
    (line,) = [line for line in out.splitlines() if line.startswith("Admin login: admin / ")]
    password = line.removeprefix("Admin login: admin / ")
    assert len(password) >= 20
    assert "shown only now" in out
    assert login("admin", "factcheck-demo") == 200  # refused: the form again
    assert login("admin", password) == 302
    again = load(capsys, django_capture_on_commit_callbacks)
    assert password not in again and "password unchanged" in again


def test_with_debug_off_a_demo_admin_left_with_the_known_password_gets_a_new_one(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable, settings: object
) -> None:
    settings.DEBUG = True  # first `make run` ...
    load(capsys, django_capture_on_commit_callbacks)
    settings.DEBUG = False  # ... then the same database deployed
    out = load(capsys, django_capture_on_commit_callbacks)

    assert "Admin login: admin / factcheck-demo" not in out
    assert login("admin", "factcheck-demo") == 200
