"""Suggestions as an editor meets them: proposed after an import or a new claim, with reasons; accepted
into claims and evidence, or dismissed for good; through the services and the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from claims.assist import finding, passages
from claims.assist import selectors as assist_selectors
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, Passage, SuggestionStatus
from claims.models import Claim, Evidence
from tests.factories import claim, editor, reader
from tests.suggestion_samples import FORUM, RACK, REVIEW

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna() -> object:
    return editor("anna")


def api_for(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Claim suggestions ----------------------------------------------------------------------------------


def test_an_import_proposes_its_check_worthy_sentences_with_reasons_and_speakers(imported: Callable) -> None:
    rack = imported(RACK, title="SkyRack", language="de")

    proposed = {s.exact: s for s in ClaimSuggestion.objects.filter(document=rack)}

    quoted = proposed["Das Rack-System erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou."]
    assert (quoted.speaker, quoted.speaker_role, quoted.status) == ("Li Wen", "quoted", "open")
    assert any(reason.startswith("numbers: 250 Petaflops") for reason in quoted.reasons)
    assert "Der Schrank benötigt 560 Kilowatt und wird mit Wasser gekühlt." in proposed
    assert not any(text.startswith("Ob sich das lohnt") for text in proposed)  # speculation
    assert Passage.objects.filter(document=rack).count() >= 4  # its sentences, searchable as evidence


def test_accepting_makes_the_claim_with_the_speaker_filled_in(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, speaker="Li Wen")

    response = api_for(anna).post(f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {}, format="json")

    assert response.status_code == 201, response.content
    made = Claim.objects.get(pk=response.json()["id"])
    assert (made.exact, made.speaker, made.speaker_role) == (suggestion.exact, "Li Wen", "quoted")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.claim_id, suggestion.decided_by) == ("accepted", made.pk, anna)
    listed = api_for(anna).get("/api/v1/claim-suggestions/", {"document": rack.pk}).json()["results"]
    assert suggestion.pk not in {item["id"] for item in listed}  # the list shows what is still open


def test_accepting_can_correct_the_speaker_and_word_the_claim(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, exact__startswith="Der Schrank")

    response = api_for(anna).post(
        f"/api/v1/claim-suggestions/{suggestion.pk}/accept/",
        {"speaker": "Tianmu", "speaker_role": "quoted", "statement": "SkyRack 512 braucht 560 kW."},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["speaker"], body["speaker_role"]) == ("Tianmu", "quoted")
    assert body["statement"] == "SkyRack 512 braucht 560 kW."


def test_a_dismissed_suggestion_does_not_come_back(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de", url="https://tianmu.example/skyrack")
    unwanted = ClaimSuggestion.objects.get(document=rack, exact__startswith="Der Schrank")
    assert api_for(anna).post(f"/api/v1/claim-suggestions/{unwanted.pk}/dismiss/").status_code == 200

    finding.document_claims_suggest(document_id=rack.pk)  # a re-run
    imported(
        RACK + "\nNachtrag: Die Auslieferung beginnt im Mai 2027.\n", url="https://tianmu.example/skyrack"
    )

    again = ClaimSuggestion.objects.filter(document=rack, exact__startswith="Der Schrank")
    assert [(s.pk, s.status) for s in again] == [(unwanted.pk, "dismissed")]
    newest = ClaimSuggestion.objects.filter(document=rack, status="open")
    assert {s.revision_id for s in newest} == {rack.revisions.get(number=2).pk}  # proposed from the new text


def test_a_sentence_already_claimed_is_not_proposed(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    claim(rack, anna, "Der Schrank benötigt 560 Kilowatt")
    ClaimSuggestion.objects.all().delete()

    finding.document_claims_suggest(document_id=rack.pk)

    assert not ClaimSuggestion.objects.filter(exact__startswith="Der Schrank").exists()


def test_deciding_twice_is_refused_and_changes_nothing(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, speaker="Li Wen")
    client = api_for(anna)
    assert (
        client.post(f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {}, format="json").status_code
        == 201
    )

    again = client.post(f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {}, format="json")
    dismissed = client.post(f"/api/v1/claim-suggestions/{suggestion.pk}/dismiss/")

    assert again.status_code == 400 and again.json()["code"] == "already_decided"
    assert dismissed.status_code == 400 and "accepted already" in dismissed.json()["detail"]
    assert Claim.objects.count() == 1


def test_a_bad_speaker_role_is_refused_and_makes_no_claim(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, speaker="Li Wen")

    response = api_for(anna).post(
        f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {"speaker_role": "oracle"}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "invalid_choice"
    assert not Claim.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


def test_readers_see_suggestions_but_do_not_decide(imported: Callable) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.filter(document=rack).first()
    client = api_for(reader("rita"))

    assert client.get("/api/v1/claim-suggestions/").status_code == 200
    assert client.post(f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


# --- Evidence suggestions -------------------------------------------------------------------------------


def test_a_new_claim_gets_evidence_from_other_documents_with_a_stance_and_why(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    review = imported(REVIEW, title="Review", language="en")

    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")

    proposed = list(EvidenceSuggestion.objects.filter(claim=petaflops).order_by("-score"))
    best = proposed[0]
    assert best.document_id == review.pk and best.exact.startswith("The rack-scale system delivers")
    assert best.stance == "supports"
    assert any("numbers agree" in reason and "250" in reason for reason in best.reasons)
    assert not any(s.exact.startswith("The weather") for s in proposed[:1])


def test_a_reader_comment_is_contradicted_by_the_articles(
    imported: Callable, marked: Callable, anna: object
) -> None:
    imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en")
    forum = imported(FORUM, title="Forum", language="de")

    comment = marked(forum, anna, "nur ein 4-Bit-Design mit einstelligen TOPS im Smartphone-Formfaktor")

    stances = {s.exact[:30]: s.stance for s in EvidenceSuggestion.objects.filter(claim=comment)}
    assert stances["The rack-scale system delivers"] == "contradicts"
    assert stances["Das Rack-System erreicht 250 P"] == "contradicts"


def test_a_document_that_arrives_later_is_searched_for_evidence_on_earlier_claims(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    assert not EvidenceSuggestion.objects.filter(claim=petaflops).exclude(document=rack).exists()

    review = imported(REVIEW, title="Review", language="en")

    assert EvidenceSuggestion.objects.filter(claim=petaflops, document=review, stance="supports").exists()


def test_accepting_evidence_links_it_as_a_suggestion_with_the_stance_chosen(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    review = imported(REVIEW, title="Review", language="en")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    proposed = EvidenceSuggestion.objects.get(claim=petaflops, document=review, exact__startswith="The rack")

    response = api_for(anna).post(
        f"/api/v1/evidence-suggestions/{proposed.pk}/accept/",
        {"stance": "mixed", "note": "Der Verbrauch fehlt."},
        format="json",
    )

    assert response.status_code == 201, response.content
    linked = Evidence.objects.get(pk=response.json()["id"])
    assert (linked.origin, linked.stance, linked.note, linked.exact) == (
        "suggestion",
        "mixed",
        "Der Verbrauch fehlt.",
        proposed.exact,
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.evidence_id) == ("accepted", linked.pk)
    petaflops.refresh_from_db()
    assert petaflops.scoring_pending_since is not None  # linking evidence re-scores the claim


def test_accepting_evidence_keeps_the_proposed_stance_when_none_is_given(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    proposed = EvidenceSuggestion.objects.filter(claim=petaflops, stance="supports").first()

    response = api_for(anna).post(f"/api/v1/evidence-suggestions/{proposed.pk}/accept/", {}, format="json")

    assert response.status_code == 201 and response.json()["stance"] == "supports"
    assert response.json()["origin"] == "suggestion"


def test_dismissed_or_linked_evidence_is_not_proposed_again(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en")
    imported(FORUM, title="Forum", language="de")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    first, second, *_ = EvidenceSuggestion.objects.filter(claim=petaflops).order_by("-score")
    client = api_for(anna)
    assert client.post(f"/api/v1/evidence-suggestions/{first.pk}/dismiss/").status_code == 200
    assert (
        client.post(f"/api/v1/evidence-suggestions/{second.pk}/accept/", {}, format="json").status_code == 201
    )

    finding.claim_evidence_suggest(claim_id=petaflops.pk)

    texts = list(EvidenceSuggestion.objects.filter(claim=petaflops).values_list("exact", flat=True))
    assert texts.count(first.exact) == 1 and texts.count(second.exact) == 1
    listed = client.get(f"/api/v1/claims/{petaflops.pk}/evidence-suggestions/").json()["results"]
    assert {item["id"] for item in listed}.isdisjoint({first.pk, second.pk})


def test_a_passage_linked_by_hand_is_no_longer_proposed(
    imported: Callable, marked: Callable, anna: object
) -> None:
    """The suggestion job ran when the claim was marked; the editor then links the same passage (part of
    the suggested sentence) by hand in the reader: the Suggestions tab and the API stop proposing it."""
    rack = imported(RACK, title="SkyRack", language="de")
    review = imported(REVIEW, title="Review", language="en")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    proposed = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    client = api_for(anna)
    response = client.post(
        f"/api/v1/claims/{petaflops.pk}/evidence/",
        {"document": review.pk, "exact": "delivers 250 petaflops", "stance": "supports"},
        format="json",
    )
    assert response.status_code == 201, response.content

    listed = client.get(f"/api/v1/claims/{petaflops.pk}/evidence-suggestions/").json()["results"]
    assert proposed.pk not in {item["id"] for item in listed}
    assert proposed.exact not in {s.exact for s in assist_selectors.open_evidence_suggestions(petaflops)}
    proposed.refresh_from_db()
    assert (proposed.status, proposed.evidence_id, proposed.decided_by) == (
        "accepted",
        response.json()["id"],
        anna,
    )
    finding.claim_evidence_suggest(claim_id=petaflops.pk)  # searching again does not bring it back
    assert not assist_selectors.open_evidence_suggestions(petaflops).filter(exact=proposed.exact).exists()


def test_a_bad_stance_is_refused_and_links_nothing(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    proposed = EvidenceSuggestion.objects.filter(claim=petaflops).first()

    response = api_for(anna).post(
        f"/api/v1/evidence-suggestions/{proposed.pk}/accept/", {"stance": "agrees"}, format="json"
    )

    assert response.status_code == 400 and "stance" in response.json()["errors"]
    assert not Evidence.objects.exists()
    proposed.refresh_from_db()
    assert proposed.status == SuggestionStatus.OPEN


def test_the_lists_filter_and_refuse_unknown_parameters(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    client = api_for(anna)

    mine = client.get("/api/v1/evidence-suggestions/", {"claim": petaflops.pk}).json()
    unknown = client.get("/api/v1/evidence-suggestions/", {"claims": petaflops.pk})
    dismissed = client.get("/api/v1/claim-suggestions/", {"status": "dismissed"}).json()

    assert mine["count"] >= 1 and {item["claim"] for item in mine["results"]} == {petaflops.pk}
    assert all(item["reasons"] and item["stance"] for item in mine["results"])
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_parameter"
    assert dismissed["results"] == []


# --- Search ---------------------------------------------------------------------------------------------


def test_search_finds_the_same_quantity_in_other_units_and_languages(imported: Callable) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    review = imported(REVIEW, title="Review", language="en")
    text = "Der Schrank benötigt 560 Kilowatt"
    start = rack.text.index(text)
    power = passages.ClaimText(text, "de", rack.pk, start, start + len(text))  # the claim in its article

    found = passages.passages_search(power)

    assert found[0].document_id == review.pk and "0.56 MW" in found[0].text


HALL = """Neue Sporthalle in Birkenau eröffnet

Die Sporthalle am Schulzentrum Birkenau ist fertig. Der Landkreis beteiligte sich mit 6 Millionen Euro am Bau.
"""
HALL_EN = """Birkenau opens its new sports hall

The sports hall at the Birkenau school centre cost 14 million euros, of which the district paid 6 million.
"""
PIPELINE = """Pipeline plans

Officials expect the offshore pipeline to cost $6 billion over ten years.
"""


def test_a_shared_number_alone_does_not_make_evidence(
    imported: Callable, marked: Callable, anna: object
) -> None:
    hall = imported(HALL, title="Sporthalle", language="de")
    pipeline = imported(PIPELINE, title="Pipeline", language="en")
    hall_en = imported(HALL_EN, title="Sports hall", language="en")

    share = marked(hall, anna, "Der Landkreis beteiligte sich mit 6 Millionen Euro am Bau.")

    proposed = {s.document_id: s for s in EvidenceSuggestion.objects.filter(claim=share)}
    assert pipeline.pk not in proposed  # "$6 billion" for a pipeline shares only the 6
    assert proposed[hall_en.pk].stance == "supports"  # the district's share, not the hall's cost
    assert "6 million" in " ".join(proposed[hall_en.pk].reasons)


def test_search_leaves_out_the_claim_itself_and_keeps_to_the_documents_asked(imported: Callable) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    review = imported(REVIEW, title="Review", language="en")
    text = "Das Rack-System erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou."
    start = rack.text.index(text)
    itself = passages.ClaimText(text, "de", rack.pk, start, start + len(text))

    found = passages.passages_search(itself)
    only_review = passages.passages_search(itself, documents=[review.pk])

    assert all(not (f.document_id == rack.pk and f.start == start) for f in found)
    assert {f.document_id for f in only_review} == {review.pk}


COMMENTED = "\n".join(
    [
        "Veyra Q9 erreicht 96 Petaflops",
        "",
        "Der Server Veyra Q9 erreicht laut Datenblatt 96 Petaflops bei 41 Kilowatt.",
        "",
        "Der Hersteller Veyra Computing hat das System am Montag in Hamburg vorgestellt. Es soll im Herbst "
        "an die ersten Kunden gehen, die Preise nannte das Unternehmen nicht. Gebaut wird es in Polen.",
        "",
        "Kommentare (2)",
        "JonasPike",
        "JonasPike 4. März 2025 09:10:11 MEZ",
        "",
        "That box reaches 9 petaflops at most, the 96 petaflops are marketing.",
        "",
        "AliceMoor",
        "AliceMoor 4. März 2025 10:12:13 MEZ",
        "",
        "The Q9 reaches 96 petaflops, I measured it myself.",
        "",
    ]
)


def test_evidence_comes_from_another_source_than_the_claims_own(imported: Callable, marked: Callable) -> None:
    """The article's headline is no evidence for its own lead, nor a commenter's comment for their own claim;
    the comments under an article are evidence for it, and the article for a comment."""
    article = imported(COMMENTED, title="Veyra Q9", language="de")
    lead = "Der Server Veyra Q9 erreicht laut Datenblatt 96 Petaflops bei 41 Kilowatt."
    start = article.text.index(lead)
    in_article = passages.ClaimText(lead, "de", article.pk, start, start + len(lead), source="")
    comment = "That box reaches 9 petaflops at most, the 96 petaflops are marketing."
    at = article.text.index(comment)
    assert passages.claim_source(article.pk, at) == "comment:JonasPike"
    in_comment = passages.ClaimText(comment, "en", article.pk, at, at + len(comment), "comment:JonasPike")

    for_article = {found.text for found in passages.passages_search(in_article)}
    for_comment = {found.text for found in passages.passages_search(in_comment)}

    assert "Veyra Q9 erreicht 96 Petaflops" not in for_article  # its own headline
    assert comment in for_article and "The Q9 reaches 96 petaflops, I measured it myself." in for_article
    assert lead in for_comment and "Veyra Q9 erreicht 96 Petaflops" in for_comment
    assert "The Q9 reaches 96 petaflops, I measured it myself." in for_comment  # another commenter


def test_a_new_revision_replaces_the_passages(imported: Callable) -> None:
    rack = imported(RACK, title="SkyRack", language="de", url="https://tianmu.example/skyrack")
    imported("Tianmu zieht SkyRack 512 zurück.\n", url="https://tianmu.example/skyrack")

    assert {p.revision.number for p in Passage.objects.filter(document=rack)} == {2}


# --- Commands -------------------------------------------------------------------------------------------


def test_a_bulk_import_can_leave_suggestions_to_the_suggest_command(
    tmp_path: object, capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Callable
) -> None:
    from django.core.management import CommandError, call_command

    (tmp_path / "rack.txt").write_text(RACK, encoding="utf-8")
    (tmp_path / "review.txt").write_text(REVIEW, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_documents", str(tmp_path), "--no-suggestions", "--no-progress")
    assert "`python manage.py suggest` makes them" in capsys.readouterr().out
    assert not ClaimSuggestion.objects.exists() and not Passage.objects.exists()

    call_command("suggest", "--no-progress")

    out = capsys.readouterr().out
    assert "Searched 2 documents:" in out and ClaimSuggestion.objects.count() >= 3
    call_command("suggest")
    assert "Every document has been searched for suggestions already." in capsys.readouterr().out
    with pytest.raises(CommandError, match="No document with id 987654"):
        call_command("suggest", "--document", "987654")

    # Left to the workers (in-process here), it says what it asked for, true whether Redis took it or not.
    rack = Passage.objects.values_list("document_id", flat=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("suggest", "--enqueue", "--document", str(rack))
    assert "Asked the workers to search 1 document; the sweep sends again" in capsys.readouterr().out


def test_marking_a_suggested_sentence_by_hand_settles_its_suggestion(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, exact__startswith="Der Schrank")

    made = marked(rack, anna, "Der Schrank benötigt 560 Kilowatt")  # more than half the sentence

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.claim_id, suggestion.decided_by) == ("accepted", made.pk, anna)


def test_accepting_a_sentence_claimed_a_moment_ago_is_refused(imported: Callable, anna: object) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    suggestion = ClaimSuggestion.objects.get(document=rack, exact__startswith="Der Schrank")
    made = claim(rack, anna, "Der Schrank benötigt 560 Kilowatt")  # its job has not run yet

    refused = api_for(anna).post(f"/api/v1/claim-suggestions/{suggestion.pk}/accept/", {}, format="json")

    assert refused.status_code == 400 and refused.json()["code"] == "already_claimed"
    assert f"claim {made.pk}, marked by anna" in refused.json()["detail"]
    assert Claim.objects.count() == 1


def test_accepting_a_passage_gone_from_a_new_revision_is_refused_clearly(
    imported: Callable, marked: Callable, anna: object
) -> None:
    rack = imported(RACK, title="SkyRack", language="de")
    imported(REVIEW, title="Review", language="en", url="https://review.example/skyrack")
    petaflops = marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
    proposed = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    imported("SkyRack 512 review\n\nThe review was withdrawn.\n", url="https://review.example/skyrack")

    response = api_for(anna).post(f"/api/v1/evidence-suggestions/{proposed.pk}/accept/", {}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "stale"
    assert response.json()["detail"].startswith("span: This passage is no longer in the document's current")
    assert not Evidence.objects.exists()
