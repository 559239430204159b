"""The fast way of marking a claim (claims.marking) against the one through DRF's serializer and the
ORM (claims.services): it takes only requests the serializer accepts, with the same values; it answers,
stores and records history as the slow way does; and it never marks in a revision that is no longer
current, though it remembers documents' texts."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims import marking
from claims.models import Claim
from claims.serializers import ClaimCreateSerializer
from sources import services as sources
from tests.factories import document, editor

pytestmark = pytest.mark.django_db

TEXT = (
    "Die Fähre 🚢 fährt 80 Kilometer mit einer Ladung, sagte Kapitänin Mara Lenz. "
    "Sie hat 12 Plätze und kostet 3 Millionen Euro, erklärte die Reederei.\n"
)

# --- What the plain reading takes ----------------------------------------------------------------

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**64),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["", "12", "author", "quoted", "draft", "published", "x" * 201, "\x00", "\ud83d", " a "]),
    st.lists(st.integers(), max_size=2),
)
# Every field the serializer reads, and one it does not.
_names = st.sampled_from([*ClaimCreateSerializer().fields, "unknown"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(_names, _values, max_size=6), document_id=st.sampled_from([1, 2]))
def test_the_plain_reading_takes_only_what_the_serializer_accepts_with_the_same_values(
    body: dict[str, Any], document_id: int
) -> None:
    body = {**body, "document": body.get("document", document_id)}
    read = marking.marking_read(body)
    if read is None:
        return
    form = ClaimCreateSerializer(data=body, context={"offset_unit": "codepoints"})
    # The document's existence is the database's to say; everything else the serializer decides alone.
    form.fields["document"].queryset = _AnyDocument()
    form.fields["revision"].queryset = _AnyDocument()
    assert form.is_valid(), form.errors
    data = form.validated_data
    assert read.document == data["document"].pk
    assert read.revision == (data["revision"].pk if "revision" in data else None)
    assert (read.start, read.end) == (data["span"].start, data["span"].end)
    assert (read.exact, read.prefix, read.suffix) == (
        data["span"].exact,
        data["span"].prefix,
        data["span"].suffix,
    )
    for name in ("speaker", "speaker_role", "statement", "status"):
        assert getattr(read, name) == data[name]


class _AnyDocument:
    """A queryset stand-in for which every id names an object (with no text, so no conversion)."""

    def get(self, pk: object) -> Any:
        return SimpleNamespace(pk=pk, current_revision=None)

    def all(self) -> _AnyDocument:
        return self


# --- The same answer, rows and history as the slow way ---------------------------------------------


def _post(client: APIClient, body: dict[str, Any], *, query: str = "") -> Any:
    return client.post(f"/api/v1/claims/{query}", body, format="json")


def _both_ways(monkeypatch: pytest.MonkeyPatch, body: dict[str, Any], query: str = "") -> tuple[Any, Any]:
    client = APIClient()
    client.force_authenticate(editor("anna"))
    fast = _post(client, body, query=query)
    with monkeypatch.context() as patched:
        patched.setattr(marking, "marking_read", lambda data: None)  # everything to the serializer
        slow = _post(client, body, query=query)
    return fast, slow


def _comparable(answer: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in answer.items() if name not in {"id", "created_at", "updated_at"}}


def _row(claim_id: int) -> dict[str, Any]:
    values = Claim.objects.filter(pk=claim_id).values().get()
    return {k: v for k, v in values.items() if k != "id" and not isinstance(v, datetime)}


def _history(claim_id: int) -> list[dict[str, Any]]:
    records = Claim.history.filter(id=claim_id).values()
    return [
        {k: v for k, v in record.items() if k not in {"id", "history_id"} and not isinstance(v, datetime)}
        for record in records
    ]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ({"start": 4, "end": 11}, ""),
        (
            {
                "start": 4,
                "end": 11,
                "speaker": " Mara Lenz ",
                "speaker_role": "quoted",
                "status": "in_review",
            },
            "",
        ),
        ({"exact": "80 Kilometer mit einer Ladung", "statement": "  Die Fähre fährt 80 km.  "}, ""),
        ({"exact": "12 Plätze", "prefix": "Sie hat ", "suffix": " und"}, ""),
        ({"start": 12, "end": 27}, "?offsets=utf16"),  # after the emoji: two UTF-16 units, one code point
    ],
)
def test_a_claim_marked_the_fast_way_is_answered_stored_and_recorded_as_the_slow_way(
    monkeypatch: pytest.MonkeyPatch, body: dict[str, Any], query: str
) -> None:
    article = document(TEXT)
    fast, slow = _both_ways(monkeypatch, {"document": article.pk, **body}, query)

    assert fast.status_code == slow.status_code == 201, (fast.json(), slow.json())
    assert _comparable(fast.json()) == _comparable(slow.json())
    assert _row(fast.json()["id"]) == _row(slow.json()["id"])
    assert _history(fast.json()["id"]) == _history(slow.json()["id"])
    client = APIClient()
    client.force_authenticate(editor("anna"))
    read_back = client.get(f"/api/v1/claims/{fast.json()['id']}/{query}").json()
    assert fast.json() == read_back


@pytest.mark.parametrize(
    "body",
    [
        {"start": 4},
        {"start": 4, "end": 400},
        {"start": 4, "end": 11, "exact": "nicht das"},
        {"exact": "kommt nicht vor"},
        {"speaker_role": "author"},
        {"start": "4", "end": "11", "speaker_role": "quoted"},  # strings the serializer reads as numbers
        {"start": 4, "end": 11, "speaker": "x" * 201},
        {"start": 4, "end": 11, "status": "done"},
        {"start": 4, "end": 11, "revision": 999999},
    ],
)
def test_requests_the_fast_way_does_not_take_get_the_slow_ways_answer(
    monkeypatch: pytest.MonkeyPatch, body: dict[str, Any]
) -> None:
    article = document(TEXT)
    before = Claim.objects.count()
    fast, slow = _both_ways(monkeypatch, {"document": article.pk, **body})

    assert fast.status_code == slow.status_code
    assert fast.json().keys() == slow.json().keys()
    if fast.status_code == 400:
        assert fast.json() == slow.json()
        assert Claim.objects.count() == before


def test_a_document_with_a_new_revision_is_claimed_in_that_revision_not_the_remembered_one() -> None:
    article = document(TEXT)
    client = APIClient()
    client.force_authenticate(editor("anna"))
    first = _post(client, {"document": article.pk, "exact": "12 Plätze"}).json()
    assert marking.CURRENT_TEXTS.get(article.pk).revision_id == first["revision"]

    sources.document_import(
        source=sources.source_from_text("Neu: " + TEXT),
        overrides=sources.ImportOverrides(document_id=article.pk),
    )
    second = _post(client, {"document": article.pk, "start": 0, "end": 4}).json()

    assert second["revision"] != first["revision"]
    assert second["revision_number"] == 2
    assert second["exact"] == "Neu:"


def test_remembered_texts_stay_within_their_bound_least_recently_used_out_first() -> None:
    texts = marking.CurrentTexts(max_chars=10)
    for document_id, text in ((1, "aaaa"), (2, "bbbb"), (3, "cc")):
        texts.put(document_id, marking.CurrentText(revision_id=document_id, number=1, text=text))
    assert texts.get(1) is not None  # 1 is now the most recently used
    texts.put(4, marking.CurrentText(revision_id=4, number=1, text="dddd"))

    assert texts.get(2) is None
    assert [texts.get(n) is not None for n in (1, 3, 4)] == [True, True, True]
    texts.put(5, marking.CurrentText(revision_id=5, number=1, text="x" * 11))  # larger than the bound
    assert texts.get(5) is None
