"""`manage.py load_demo`, which `make run` calls: what a first look at the service shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim, ClaimSuggestion, EvidenceSuggestion
from sources.models import Document, Publisher

pytestmark = pytest.mark.django_db


def load(capsys: pytest.CaptureFixture[str], capture: Callable) -> str:
    with capture(execute=True):  # the jobs run when each step commits, as in the embedded mode
        call_command("load_demo")
    return capsys.readouterr().out


def test_the_demo_has_articles_claims_with_verdicts_and_suggestions(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable
) -> None:
    out = load(capsys, django_capture_on_commit_callbacks)

    assert "Demo articles: 4 imported" in out and "Admin login: admin / factcheck-demo" in out
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


def test_loading_the_demo_twice_changes_nothing(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable
) -> None:
    load(capsys, django_capture_on_commit_callbacks)
    counts = (Document.objects.count(), Claim.objects.count(), ClaimSuggestion.objects.count())

    out = load(capsys, django_capture_on_commit_callbacks)

    assert "0 imported, 4 already there" in out and "Demo claims: 0 marked, 2 already there" in out
    assert (Document.objects.count(), Claim.objects.count(), ClaimSuggestion.objects.count()) == counts
