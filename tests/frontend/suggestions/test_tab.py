"""The reader's Suggestions tab, through Django's test client: its count, its list in text order with
reasons, accepting and dismissing through the REST API with the session and the CSRF token as reader.js
does, what it says while a document is not searched (yet, or any more), and imported markup shown as
text. Readers see the list without buttons and are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from claims.assist import finding, passages
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, SuggestionStatus, quote_key
from claims.models import Claim
from claims.tasks import documents_sweep_pending
from sources import services as sources
from sources.models import Document
from tests.factories import claim, document
from tests.frontend.suggestions.pages import (
    MARKUP,
    api_post,
    form_post,
    item_of,
    suggestion_ids,
    tags_of,
    text_of,
)
from tests.suggestion_samples import POWER, QUOTED, RACK

pytestmark = pytest.mark.django_db


def test_the_reader_counts_the_open_suggestions_in_its_tab(as_editor: Client, rack: Document) -> None:
    html = as_editor.get(f"/documents/{rack.pk}/").content.decode()

    open_count = ClaimSuggestion.objects.filter(document=rack, status="open").count()
    assert open_count == 2
    assert re.search(r'role="tab" id="tab-suggestions"[^>]*aria-selected="false"', html)
    assert f'<span class="count" id="suggestion-count">{open_count}</span>' in html
    assert f'data-url="/documents/{rack.pk}/suggestions/"' in html


def test_the_tab_lists_open_suggestions_in_text_order_with_speaker_score_and_reasons(
    as_editor: Client, rack: Document
) -> None:
    html = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()

    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)
    assert suggestion_ids(html) == [quoted.pk, power.pk]  # as they occur in the text
    item = item_of(html, f"suggestion-{quoted.pk}")
    shown = text_of(item)
    assert QUOTED in shown and "Li Wen · Quoted person" in shown and "score 1.00" in shown
    assert "numbers: 250 Petaflops (= 250 PFLOPS) (+0.35)" in shown and "names: Li Wen (+0.15)" in shown
    # UTF-16 offsets of the text shown: the emoji before the sentence counts twice.
    start = rack.text.index(QUOTED) + 1
    assert f'data-start="{start}" data-end="{start + len(QUOTED)}"' in item
    assert "No speaker named · Author" in text_of(html)  # the cooling sentence has no one quoted
    assert "no-cache" in as_editor.get(f"/documents/{rack.pk}/suggestions/")["Cache-Control"]
    assert not any(
        text.startswith("Ob sich") for text in re.findall(r'class="claim-quote"[^>]*>([^<]*)', html)
    )


def test_asked_with_a_selection_the_list_marks_the_suggestion_a_claim_there_would_settle(
    as_editor: Client, rack: Document
) -> None:
    # The Mark as claim popover starts from the speaker of the one marked (reader.js asks with the selection).
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)

    def covering(selected: str) -> list[int]:
        start = rack.text.index(selected) + 1  # UTF-16, as the browser counts: the emoji before counts twice
        url = f"/documents/{rack.pk}/suggestions/?start={start}&end={start + len(selected)}"
        html = as_editor.get(url).content.decode()
        assert suggestion_ids(html) == [quoted.pk, power.pk]  # the whole list, as without a selection
        return [pk for pk in suggestion_ids(html) if "data-covers" in item_of(html, f"suggestion-{pk}")]

    # Mostly Li Wen's sentence, a little of the next one.
    assert covering("erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou.\n\nDer") == [quoted.pk]
    assert covering("250 Petaflops") == [quoted.pk]
    # Half of each at least: the one it shares more text with.
    assert covering(f"{QUOTED[-40:]}\n\n{POWER}") == [power.pk]
    assert covering(f"{QUOTED}\n\n{POWER[:32]}") == [quoted.pk]
    assert covering("Ob sich das lohnt") == []  # no suggestion there
    assert covering("Hangzhou.\n\nDer Schran") == []  # touches both, less than half of it either


def test_a_selection_outside_the_text_is_refused_and_marks_nothing(as_editor: Client, rack: Document) -> None:
    url = f"/documents/{rack.pk}/suggestions/"
    beyond = len(rack.text.encode("utf-16-le")) // 2 + 1
    for query, words in [
        (f"?start=3&end={beyond}", "past the end of the text"),
        ("?start=1", "end: This field is required."),
        ("?start=9&end=4", "A selection ends after it starts."),
        ("?start=x&end=4", "start: Enter a whole number."),
        ("?start=31&end=40", "falls inside a surrogate pair"),  # in the middle of the emoji
    ]:
        response = as_editor.get(url + query)
        assert response.status_code == 400, query
        assert words in response.content.decode(), query


def test_a_refusal_of_the_selection_as_a_whole_reads_without_a_field_name(
    as_editor: Client, rack: Document
) -> None:
    # Not "__all__: …": a form's refusal of the whole selection names no field, as the API's does not.
    beyond = len(rack.text.encode("utf-16-le")) // 2 + 1
    backwards = as_editor.get(f"/documents/{rack.pk}/suggestions/?start=9&end=4").content.decode()
    past = as_editor.get(f"/documents/{rack.pk}/suggestions/?start=3&end={beyond}").content.decode()

    assert backwards == "Not a selection of this document's text: A selection ends after it starts."
    assert past.startswith("Not a selection of this document's text: UTF-16 offset ")


def test_accepting_makes_the_claim_highlighted_in_the_parts_and_it_leaves_the_list(
    as_editor: Client, rack: Document, anna: object
) -> None:
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    page = f"/documents/{rack.pk}/"
    listed = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert (
        'value="Li Wen"' in listed and '<option value="quoted" selected>' in listed
    )  # accepted as suggested

    response = api_post(
        as_editor,
        f"/api/v1/claim-suggestions/{quoted.pk}/accept/",
        {"speaker": "Li Wen", "speaker_role": "quoted"},
        page=page,
    )

    assert response.status_code == 201, response.content
    made = Claim.objects.get(pk=response.json()["id"])
    assert (made.exact, made.speaker, made.speaker_role, made.created_by) == (
        QUOTED,
        "Li Wen",
        "quoted",
        anna,
    )
    parts = as_editor.get(f"/documents/{rack.pk}/parts/").content.decode()
    assert f'data-claims="{made.pk}">{QUOTED}</span>' in parts
    assert f'id="claim-{made.pk}"' in parts and '<span class="count" id="claim-count">1</span>' in parts
    after = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert quoted.pk not in suggestion_ids(after) and 'data-count="1"' in after


def test_accepting_with_a_corrected_speaker_uses_the_correction(as_editor: Client, rack: Document) -> None:
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)

    response = api_post(
        as_editor,
        f"/api/v1/claim-suggestions/{power.pk}/accept/",
        {"speaker": "Tianmu", "speaker_role": "quoted"},
        page=f"/documents/{rack.pk}/",
    )

    assert response.status_code == 201
    made = Claim.objects.get(pk=response.json()["id"])
    assert (made.speaker, made.speaker_role) == ("Tianmu", "quoted")


def test_dismissing_takes_the_suggestion_off_the_list_for_good(as_editor: Client, rack: Document) -> None:
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)

    response = api_post(
        as_editor, f"/api/v1/claim-suggestions/{power.pk}/dismiss/", page=f"/documents/{rack.pk}/"
    )

    assert response.status_code == 200
    power.refresh_from_db()
    assert power.status == SuggestionStatus.DISMISSED and not Claim.objects.exists()
    after = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert power.pk not in suggestion_ids(after)
    assert 'id="suggestion-count">1<' in as_editor.get(f"/documents/{rack.pk}/").content.decode()


def test_readers_see_the_suggestions_without_buttons_and_are_refused(
    as_reader: Client, as_editor: Client, rack: Document
) -> None:
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    url = f"/documents/{rack.pk}/suggestions/"

    theirs = as_reader.get(url).content.decode()
    mine = as_editor.get(url).content.decode()
    response = api_post(
        as_reader, f"/api/v1/claim-suggestions/{quoted.pk}/accept/", page=f"/documents/{rack.pk}/"
    )

    assert suggestion_ids(theirs) == suggestion_ids(mine) and QUOTED in theirs
    assert "numbers: 250 Petaflops" in theirs
    for control in ('class="suggestion-decide"', ">Accept</button>", ">Dismiss</button>"):
        assert control in mine and control not in theirs
    assert response.status_code == 403
    quoted.refresh_from_db()
    assert quoted.status == SuggestionStatus.OPEN and not Claim.objects.exists()


def test_a_document_without_open_suggestions_says_so(as_editor: Client, imported: Callable) -> None:
    quiet = imported("Ob sich das lohnt, wird sich zeigen.\n", title="Nichts zu prüfen", language="de")

    html = as_editor.get(f"/documents/{quiet.pk}/suggestions/").content.decode()

    assert suggestion_ids(html) == [] and "No open suggestions for this document." in html
    assert 'id="suggestion-count">0<' in as_editor.get(f"/documents/{quiet.pk}/").content.decode()


def test_a_suggestion_from_an_older_revision_is_listed_but_not_placed(
    as_editor: Client, imported: Callable
) -> None:
    rack = imported(RACK, title="SkyRack 512", language="de", url="https://tianmu.example/skyrack")
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    # A new revision whose suggestion job has not run yet: the old revision's suggestions are still open.
    document(RACK + "Nachtrag: Die Auslieferung beginnt im Mai.\n", url="https://tianmu.example/skyrack")

    html = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()

    item = re.search(rf'<li class="suggestion-item" id="suggestion-{quoted.pk}"[^>]*>', html)
    assert item and "data-start" not in item.group(0)
    assert "Found in an older revision: not marked in the text shown." in text_of(html)


def test_the_tab_says_when_the_document_has_not_been_searched_yet(
    as_editor: Client, imported: Callable[..., Document]
) -> None:
    waiting = document(RACK, title="Noch nicht durchsucht", language="de")  # its job has not run

    before = as_editor.get(f"/documents/{waiting.pk}/suggestions/").content.decode()
    finding.document_claims_suggest(document_id=waiting.pk)
    passages.document_passages_index(document_id=waiting.pk)
    after = as_editor.get(f"/documents/{waiting.pk}/suggestions/").content.decode()

    assert 'data-pending="true"' in before and "Looking for check-worthy sentences" in before
    assert 'data-pending="true"' not in after and suggestion_ids(after)


def sent_ago(target: Document, seconds: float) -> None:
    """As if the document's search was sent `seconds` ago and has not finished (a worker died with it)."""
    since = timezone.now() - timedelta(seconds=seconds)
    Document.objects.filter(pk=target.pk).update(suggestions_pending_since=since)


def test_a_late_search_says_when_it_is_sent_again_and_an_editor_can_run_it_now(
    as_editor: Client, as_reader: Client, settings: object, django_capture_on_commit_callbacks: Callable
) -> None:
    lost = document(RACK, title="Suche verloren", language="de")  # its job never ran
    # Late by a second: the sweep sends it again 120 s after it was sent, at its next run (every 60 s),
    # so at most 89 s from now.
    sent_ago(lost, settings.FACTCHECK_SUGGESTIONS_WAIT + 1)
    url = f"/documents/{lost.pk}/suggestions/"

    late = as_editor.get(url).content.decode()
    for_reader = as_reader.get(url).content.decode()
    reader_page = f"/documents/{lost.pk}/"
    refused = form_post(as_reader, f"{url}search/", page=reader_page)
    with django_capture_on_commit_callbacks(execute=True):
        searched = form_post(as_editor, f"{url}search/", page=reader_page)
    after = as_editor.get(url).content.decode()

    assert "failed" not in late  # the service recovers by itself: nothing failed
    assert "The search for check-worthy sentences in this document is late" in text_of(late)
    assert "it is sent again automatically within 2 minutes." in text_of(late)
    assert 'data-pending="true"' in late  # the tab keeps asking, so the search sent again shows up
    assert "Search again now" in late
    assert "is late" in text_of(for_reader) and "Search again" not in for_reader
    assert refused.status_code == 403
    assert searched.status_code == 302 and searched["Location"] == f"/documents/{lost.pk}/#suggestions"
    assert suggestion_ids(after) and "is late" not in text_of(after)
    assert Document.objects.get(pk=lost.pk).suggestions_pending_since is None


def test_a_late_search_sent_again_by_the_sweep_fills_the_tab_without_the_editor(
    as_editor: Client, settings: object
) -> None:
    lost = document(RACK, title="Suche verloren", language="de")  # its job never ran
    after = settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER
    every = settings.CELERY_BEAT_SCHEDULE["sweep-pending-document-jobs"]["schedule"]
    sent_ago(lost, after + every + 1)  # beat's sweep should have sent it again by now: it is due
    url = f"/documents/{lost.pk}/suggestions/"

    due = as_editor.get(url).content.decode()
    swept = documents_sweep_pending()  # beat's run: the job sent again, here in-process
    filled = as_editor.get(url).content.decode()

    assert "is late" in text_of(due) and "it is sent again automatically now." in text_of(due)
    assert swept == 1
    assert suggestion_ids(filled) and 'data-pending="true"' not in filled


def test_a_search_that_dies_every_time_is_given_up_after_its_attempts_and_can_be_run_again(
    as_editor: Client,
    as_reader: Client,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 3
    indexed = passages.document_passages_index

    def dies(*, document_id: int) -> int:
        raise RuntimeError("the worker died on this document")

    monkeypatch.setattr(passages, "document_passages_index", dies)
    with django_capture_on_commit_callbacks(execute=True):
        doomed = document(RACK, title="Stirbt jedes Mal", language="de")  # its first attempt dies
    url = f"/documents/{doomed.pk}/suggestions/"

    sent = []
    for _ in range(3):  # beat's sweep, each time the search has waited long enough to be sent again
        sent_ago(doomed, settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
        sent.append(documents_sweep_pending())
    # Its last attempt began two minutes ago and died here, in-process (the embedded mode, as these
    # tests run jobs): it has ended, so the tab says failed at once, not after Celery's time limit.
    sent_ago(doomed, settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    failed = as_editor.get(url).content.decode()
    for_reader = as_reader.get(url).content.decode()

    assert sent == [1, 1, 0]  # the second and third attempts; then the sweep gives it up
    assert Document.objects.get(pk=doomed.pk).suggestions_attempts == 3
    assert (
        "The search for check-worthy sentences in this document failed after 3 attempts: it is not sent "
        "again automatically." in text_of(failed)
    )
    assert "is late" not in text_of(failed) and "sent again automatically within" not in text_of(failed)
    assert 'data-pending="true"' not in failed  # nothing to wait for: the tab stops asking
    assert "Search again now" in failed
    assert "failed after 3 attempts" in text_of(for_reader) and "An editor can search it again." in (
        text_of(for_reader)
    )
    assert "Search again now" not in for_reader

    # Whatever killed it is mended; searching again starts the attempts anew and finds the suggestions.
    monkeypatch.setattr(passages, "document_passages_index", indexed)
    with django_capture_on_commit_callbacks(execute=True):
        form_post(as_editor, f"{url}search/", page=f"/documents/{doomed.pk}/")
    after = as_editor.get(url).content.decode()

    assert suggestion_ids(after) and "failed" not in text_of(after)
    searched = Document.objects.get(pk=doomed.pk)
    assert (searched.suggestions_pending_since, searched.suggestions_attempts) == (None, 0)


def test_a_late_last_attempt_that_finishes_shows_its_suggestions_not_failed(
    as_editor: Client, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 3
    slow = document(RACK, title="Langsam", language="de")  # two attempts died on it already
    Document.objects.filter(pk=slow.pk).update(suggestions_attempts=2)
    sent_ago(slow, settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    url = f"/documents/{slow.pk}/suggestions/"
    indexed = passages.document_passages_index
    while_running: list[str] = []

    def slow_index(*, document_id: int) -> int:
        # The last attempt has run longer than the tab waits, then longer than a worker's hard time
        # limit (in-process, as in the embedded mode, a job has none): what does the tab say meanwhile?
        for seconds in (settings.FACTCHECK_SUGGESTIONS_WAIT + 1, settings.CELERY_TASK_TIME_LIMIT + 1):
            sent_ago(slow, seconds)
            while_running.append(as_editor.get(url).content.decode())
        return indexed(document_id=document_id)

    monkeypatch.setattr(passages, "document_passages_index", slow_index)
    assert documents_sweep_pending() == 1  # the third and last attempt
    done = as_editor.get(url).content.decode()

    for running in while_running:
        assert "its last attempt has not finished yet" in text_of(running)
        assert "failed" not in text_of(running)
        assert 'data-pending="true"' in running  # the tab keeps asking for it
    assert suggestion_ids(done) and "failed" not in text_of(done)
    finished = Document.objects.get(pk=slow.pk)
    assert (finished.suggestions_pending_since, finished.suggestions_attempts) == (None, 0)


def test_a_search_running_longer_than_the_sweep_waits_is_not_sent_again_while_it_runs(
    as_editor: Client, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process (the embedded mode, as these tests run jobs) a long search has no time limit: the sweep
    leaves it alone while it runs, however long, and the tab says it is still running; it then clears its
    own mark. Once it has ended unfinished, the sweep sends it again."""
    slow = document(RACK, title="Langsam", language="de")  # its job never ran
    sent_ago(slow, settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    url = f"/documents/{slow.pk}/suggestions/"
    indexed = passages.document_passages_index
    searches: list[int] = []
    while_running: list[tuple[int, str]] = []

    def slow_index(*, document_id: int) -> int:
        searches.append(document_id)
        if len(searches) == 1:  # the first search runs past the sweep's wait, and past a worker's limit
            for seconds in (
                settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1,
                settings.CELERY_TASK_TIME_LIMIT + 1,
            ):
                sent_ago(slow, seconds)
                while_running.append((documents_sweep_pending(), as_editor.get(url).content.decode()))
        return indexed(document_id=document_id)

    monkeypatch.setattr(passages, "document_passages_index", slow_index)
    assert documents_sweep_pending() == 1  # its job, lost, sent again
    done = as_editor.get(url).content.decode()

    assert searches == [slow.pk]  # searched once: the sweeps meanwhile sent nothing
    for swept, running in while_running:
        assert swept == 0
        assert "It is still running; should it end without finishing, it is sent again automatically." in (
            text_of(running)
        )
        assert "failed" not in text_of(running) and 'data-pending="true"' in running
    assert suggestion_ids(done)
    finished = Document.objects.get(pk=slow.pk)
    assert (finished.suggestions_pending_since, finished.suggestions_attempts) == (None, 0)


def test_a_new_text_searches_a_document_whose_search_was_given_up_anew(
    as_editor: Client, settings: object
) -> None:
    given_up = document(RACK, title="Aufgegeben", language="de")  # its job never ran
    Document.objects.filter(pk=given_up.pk).update(
        suggestions_attempts=settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS
    )
    sent_ago(given_up, settings.CELERY_TASK_TIME_LIMIT + 1)
    url = f"/documents/{given_up.pk}/suggestions/"
    assert "failed after" in text_of(as_editor.get(url).content.decode())

    sources.document_import(
        source=sources.source_from_text(RACK + "\nNachtrag: Tianmu nennt 2 Kunden.\n"),
        overrides=sources.ImportOverrides(document_id=given_up.pk),
    )
    html = as_editor.get(url).content.decode()

    assert Document.objects.get(pk=given_up.pk).suggestions_attempts == 0
    assert "Looking for check-worthy sentences" in text_of(html) and 'data-pending="true"' in html


def test_a_document_imported_without_suggestions_offers_a_search(
    as_editor: Client, imported: Callable[..., Document]
) -> None:
    outcome = sources.documents_import_batch(
        prepared=[sources.document_prepare(sources.source_from_text(RACK))], suggest=False
    )[0]

    html = as_editor.get(f"/documents/{outcome.document.pk}/suggestions/").content.decode()

    assert "has not been searched for check-worthy sentences yet" in html and "Search now" in html


# --- Imported markup stays text ---------------------------------------------------------------------------


def test_markup_in_quotes_and_reasons_is_shown_as_text(
    as_editor: Client, imported: Callable, anna: object
) -> None:
    text = f"Ein Leser schreibt: {MARKUP} kostet 3 Euro.\n"
    page = imported(text, title="Markup", language="de")
    source = imported(f"Quelle: {MARKUP} kostet 30 Euro.\n", title="Quelle", language="de")
    exact = f"{MARKUP} kostet 3 Euro."
    start = text.index(exact)
    ClaimSuggestion.objects.create(
        document=page,
        revision=page.current_revision,
        start=start,
        end=start + len(exact),
        exact=exact,
        key=quote_key(exact),
        score=0.5,
        reasons=[f"names: {MARKUP}"],
        speaker=f"<b>{MARKUP}</b>",
        speaker_role="commenter",
    )
    target = claim(page, anna, "Ein Leser schreibt")  # beside the suggestion: it stays open
    passage = f"{MARKUP} kostet 30 Euro."
    at = source.text.index(passage)
    EvidenceSuggestion.objects.create(
        claim=target,
        document=source,
        revision=source.current_revision,
        start=at,
        end=at + len(passage),
        exact=passage,
        key=quote_key(passage),
        stance="contradicts",
        stance_confidence=0.6,
        score=0.7,
        reasons=[f"numbers differ: {MARKUP}"],
    )

    for url in (f"/documents/{page.pk}/suggestions/", f"/claims/{target.pk}/"):
        response = as_editor.get(url)
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b><script" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        made = tags_of(html)
        assert not [tag for tag, a in made if tag in {"img", "b"} or (tag == "script" and not a.get("src"))]
        assert not [
            name for _, attrs in made for name in attrs if name.startswith("on") or name == "style"
        ], url
    listed = text_of(as_editor.get(f"/documents/{page.pk}/suggestions/").content.decode())
    assert f"names: {MARKUP}" in listed and f"<b>{MARKUP}</b> · Commenter" in listed
    shown = text_of(as_editor.get(f"/claims/{target.pk}/").content.decode())
    assert f"numbers differ: {MARKUP}" in shown and passage in shown
