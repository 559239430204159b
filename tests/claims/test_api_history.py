"""History through the API: every change to a claim or evidence item, who made it, when, old → new,
readable after a deletion too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from sources import services as sources
from sources.models import Document
from tests.claims.conftest import ARTICLE

pytestmark = pytest.mark.django_db

QUOTE = "fasst 1,2 Megawattstunden"


def changes(entry: dict) -> dict[str, tuple[object, object]]:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_claim_history_shows_creation_change_and_deletion(
    article: Document, owner: object, admin: object, a_reader: object, client_for: Callable
) -> None:
    created = client_for(owner).post(
        "/api/v1/claims/", {"document": article.pk, "exact": QUOTE, "speaker": "Kapitän"}, format="json"
    )
    url = f"/api/v1/claims/{created.json()['id']}/"
    assert client_for(admin).patch(url, {"speaker": "Der Kapitän"}, format="json").status_code == 200
    assert client_for(owner).delete(url).status_code == 204

    response = client_for(a_reader).get(f"{url}history/")

    assert response.status_code == 200, response.content
    entries = response.json()["results"]
    assert [(e["history_type"], e["user"]["username"]) for e in entries] == [
        ("created", "owner"),
        ("changed", "admin"),
        ("deleted", "owner"),
    ]
    assert changes(entries[0])["speaker"] == (None, "Kapitän")
    assert changes(entries[0])["exact"] == (None, QUOTE)
    assert changes(entries[1]) == {"speaker": ("Kapitän", "Der Kapitän")}
    assert entries[2]["changes"] == []
    times = [datetime.fromisoformat(e["at"]) for e in entries]
    assert times == sorted(times)
    assert entries[0]["user"]["id"] == owner.pk


def test_a_claims_creation_is_recorded_once_with_every_tracked_value(
    article: Document, owner: object, client_for: Callable
) -> None:
    """The creation row is written by a trigger (migration 0019): once, with every column
    django-simple-history tracks, as the claim was created."""
    created = client_for(owner).post(
        "/api/v1/claims/",
        {"document": article.pk, "exact": QUOTE, "speaker": "Kapitän", "status": "in_review"},
        format="json",
    )
    claim = Claim.objects.get(pk=created.json()["id"])

    records = list(Claim.history.filter(id=claim.pk))

    assert [(r.history_type, r.history_user_id) for r in records] == [("+", owner.pk)]
    tracked = [
        f.attname for f in Claim.history.model._meta.concrete_fields if not f.name.startswith("history_")
    ]
    assert {name: getattr(records[0], name) for name in tracked} == {
        name: getattr(claim, name) for name in tracked
    }
    assert records[0].history_date == claim.created_at
    assert records[0].status == "in_review" and records[0].speaker == "Kapitän"


def test_evidence_history_shows_link_edit_and_unlink(
    api: APIClient, article: Document, source: Document, owner: object
) -> None:
    claim_id = api.post("/api/v1/claims/", {"document": article.pk, "exact": QUOTE}, format="json").json()[
        "id"
    ]
    linked = api.post(
        f"/api/v1/claims/{claim_id}/evidence/",
        {"document": source.pk, "exact": "Speicher von 1,2 Megawattstunden", "stance": "supports"},
        format="json",
    )
    url = f"/api/v1/evidence/{linked.json()['id']}/"
    api.patch(url, {"stance": "mixed", "note": "Nur der Speicher."}, format="json")
    api.delete(url)

    entries = api.get(f"{url}history/").json()["results"]

    assert [(e["history_type"], e["user"]["username"]) for e in entries] == [
        ("created", "owner"),
        ("changed", "owner"),
        ("deleted", "owner"),
    ]
    assert changes(entries[1]) == {"stance": ("supports", "mixed"), "note": ("", "Nur der Speicher.")}


def test_deleting_a_claim_records_who_deleted_its_evidence(
    article: Document, source: Document, owner: object, admin: object, client_for: Callable
) -> None:
    api = client_for(owner)
    claim_id = api.post("/api/v1/claims/", {"document": article.pk, "exact": QUOTE}, format="json").json()[
        "id"
    ]
    evidence_id = api.post(
        f"/api/v1/claims/{claim_id}/evidence/", {"document": source.pk, "stance": "supports"}, format="json"
    ).json()["id"]
    assert client_for(admin).delete(f"/api/v1/claims/{claim_id}/").status_code == 204

    entries = api.get(f"/api/v1/evidence/{evidence_id}/history/").json()["results"]
    assert (entries[-1]["history_type"], entries[-1]["user"]["username"]) == ("deleted", "admin")


def test_re_anchoring_is_recorded_as_a_change_by_no_user(
    api: APIClient, article: Document, settings: object, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    claim = api.post("/api/v1/claims/", {"document": article.pk, "exact": QUOTE}, format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        sources.document_import(
            source=sources.source_from_text("Vorspann.\n\n" + ARTICLE),
            overrides=sources.ImportOverrides(document_id=article.pk),
        )

    entries = api.get(f"/api/v1/claims/{claim['id']}/history/").json()["results"]

    assert [(e["history_type"], e["user"]) for e in entries][-1] == ("changed", None)
    moved = changes(entries[-1])
    assert moved["start"] == (claim["start"], claim["start"] + len("Vorspann.\n\n"))
    assert moved["revision"][0] == claim["revision"] and moved["revision"][1] != claim["revision"]


def test_history_pages_compare_across_the_page_boundary(api: APIClient, article: Document) -> None:
    url = api.post("/api/v1/claims/", {"document": article.pk, "exact": QUOTE}, format="json").json()["id"]
    url = f"/api/v1/claims/{url}/"
    for status in ("in_review", "published"):
        api.patch(url, {"status": status}, format="json")

    second_page = api.get(f"{url}history/", {"page_size": 2, "page": 2}).json()

    assert second_page["count"] == 3
    assert [changes(e) for e in second_page["results"]] == [{"status": ("in_review", "published")}]


def test_history_of_something_that_never_existed_is_404(api: APIClient) -> None:
    assert api.get("/api/v1/claims/999999/history/").status_code == 404
    assert api.get("/api/v1/evidence/999999/history/").status_code == 404
    assert api.get("/api/v1/claims/%C2%B2/history/").status_code == 404  # "²" is a digit, not an id
    assert api.get(f"/api/v1/evidence/{2**64}/history/").status_code == 404  # no bigint, no id


def test_history_refuses_unknown_parameters(api: APIClient, article: Document) -> None:
    claim_id = api.post("/api/v1/claims/", {"document": article.pk, "exact": QUOTE}, format="json").json()[
        "id"
    ]
    response = api.get(f"/api/v1/claims/{claim_id}/history/", {"since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_parameter"
