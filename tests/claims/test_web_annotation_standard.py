"""Web Annotation exports checked against the W3C test suite's own schemas (tests/web_annotation_suite.py).

First the harness itself: the suite's correct samples pass its MUST checks and its incorrect samples fail
them. Then every kind of annotation the service exports passes every MUST check and every SHOULD check
that applies; the SHOULD checks that do not apply are listed in NOT_APPLICABLE with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from claims import exports, services
from claims.models import Claim, Evidence
from sources import services as sources
from tests import web_annotation_suite as suite
from tests.factories import PublisherFactory, editor

# Samples from a draft of the model: Composite, List and Independents targets were dropped from the final
# Recommendation, and the suite's schemas (rightly) no longer recognise them.
DRAFT_ONLY_SAMPLES = {"anno11.json", "anno12.json", "anno13.json"}
# Collections and pages of annotations, not annotations: the annotation checks do not apply to them.
NOT_ANNOTATIONS = {"collection1.json", "example41.json", "example42.json", "example43.json"}

# SHOULD checks an export cannot meet, and why. Nothing else may fail.
EVERY_EXPORT = {
    "annotations/specificResource/4.2.1-conformsTo.json": (
        "conformsTo belongs to a FragmentSelector, which is not used: spans are text positions and quotes"
    ),
    "annotations/bodiesTargets/3.3.2-targCreatorAgentIdImplemented.json": (
        "the cited document's author or publisher is known by name only; the service has no IRI for them"
    ),
    "annotations/bodiesTargets/3.3.2-targCreatorAgentNicknameImplemented.json": (
        "the cited document's author or publisher has no nickname (account name) the service could know"
    ),
}
WHOLE_DOCUMENT = {
    "annotations/specificResource/4.2.4-prefix.json": (
        "a whole document is linked, not a passage: there is no TextQuoteSelector to carry a prefix"
    ),
    "annotations/specificResource/4.2.4-suffix.json": (
        "a whole document is linked, not a passage: there is no TextQuoteSelector to carry a suffix"
    ),
}
UNKNOWN_LANGUAGE = {
    "annotations/bodiesTargets/3.2.1-bodySingleLanguage.json": (
        "the document's language was not detected; a guessed language code would be a false statement"
    ),
}
NAMELESS_DOCUMENT = {
    "annotations/bodiesTargets/3.3.2-targCreatorAgentSingleNameImplemented.json": (
        "the document names neither an author nor a publisher, so its creator is unknown"
    ),
    "annotations/bodiesTargets/3.3.2-targCreatorAgentTypeImplemented.json": (
        "the document names neither an author nor a publisher, so its creator is unknown"
    ),
}


def test_the_suite_has_the_checks_it_names() -> None:
    assert (suite.count("must"), suite.count("should")) == (54, 32)


@pytest.mark.parametrize("name", suite.sample_names("correct"))
def test_the_harness_passes_the_suites_correct_samples(name: str) -> None:
    if name in NOT_ANNOTATIONS:
        assert suite.sample("correct", name)["type"] in {"AnnotationCollection", "AnnotationPage"}
        return
    failed = suite.failed(suite.sample("correct", name), "must")
    if name in DRAFT_ONLY_SAMPLES:
        assert failed == ["annotations/3.2-targetObjectsRecognized.json"]
    else:
        assert failed == []


@pytest.mark.parametrize("name", suite.sample_names("incorrect"))
def test_the_harness_fails_the_suites_incorrect_samples(name: str) -> None:
    try:
        annotation = suite.sample("incorrect", name)
    except ValueError:  # "this is not json": refused before any schema
        return
    assert suite.failed(annotation, "must"), f"{name} passed every MUST check"


ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Eine Überfahrt dauert rund 25 Minuten.\n"
)
URL = "https://brennsee-bote.example/faehre"


@pytest.fixture
def claim(db: None, django_capture_on_commit_callbacks: Any) -> Claim:
    """A claim in a web page (with a URL and an author), with evidence: a passage with a note in a
    document without URL, and a whole document."""
    document = sources.document_import(
        source=sources.source_from_text(ARTICLE),
        overrides=sources.ImportOverrides(url=URL, title="Solarfähre in Betrieb", language="de"),
    ).document
    document.author = "Jana Beispiel"
    document.save()
    pasted = sources.document_import(
        source=sources.source_from_text("Laut Werft hat die Fähre 1,2 MWh Speicher an Bord.\n")
    ).document
    pasted.publisher = PublisherFactory(name="Werftblatt")
    pasted.save()
    whole = sources.document_import(
        source=sources.source_from_text("Werftbericht: Aurelia, 1,2 MWh.\n")
    ).document
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(
            document=document,
            user=editor(first_name="Eva", last_name="Redakteurin"),
            span=services.SpanInput(exact="fasst 1,2 Megawattstunden"),
            speaker="Kapitän",
            speaker_role="quoted",
        )
        services.evidence_link(
            claim=claim,
            document=pasted,
            user=claim.created_by,
            stance="supports",
            span=services.SpanInput(exact="1,2 MWh Speicher"),
            note="Werft bestätigt.",
        )
        services.evidence_link(claim=claim, document=whole, user=claim.created_by, stance="context")
    return claim


def _claim(pk: int) -> Claim:
    return Claim.objects.select_related("document__publisher", "revision", "created_by").get(pk=pk)


def _evidence(claim: Claim, **filters: Any) -> Evidence:
    return (
        Evidence.objects.select_related(
            "document__publisher", "document__current_revision", "revision", "created_by"
        )
        .filter(claim=claim, **filters)
        .get()
    )


def exports_of_every_kind(claim: Claim) -> dict[str, dict[str, Any]]:
    return {
        "claim in a web page": exports.claim_annotation(_claim(claim.pk)),
        "evidence passage in a pasted text, with a note": exports.evidence_annotation(
            _evidence(claim, stance="supports")
        ),
        "evidence: a whole document": exports.evidence_annotation(_evidence(claim, stance="context")),
    }


def test_every_export_kind_passes_every_must_and_the_should_checks_that_apply(
    claim: Claim, django_capture_on_commit_callbacks: Any
) -> None:
    kinds = exports_of_every_kind(claim)
    with django_capture_on_commit_callbacks(execute=True):  # the claim's sentence goes: it is orphaned
        sources.document_import(
            source=sources.source_from_text(
                ARTICLE.replace("Ihr Batteriespeicher fasst 1,2 Megawattstunden", "")
            ),
            overrides=sources.ImportOverrides(url=URL),
        )
    kinds["orphaned claim"] = exports.claim_annotation(_claim(claim.pk))
    unknown = sources.document_import(source=sources.source_from_text("Aurelia: 1,2 MWh.\n")).document
    unknown.language = ""
    unknown.save()
    bare = services.claim_create(
        document=unknown, user=claim.created_by, span=services.SpanInput(exact="1,2 MWh")
    )
    kinds["claim in a pasted text of unknown language"] = exports.claim_annotation(_claim(bare.pk))
    expected = {
        "claim in a web page": EVERY_EXPORT,
        "evidence passage in a pasted text, with a note": EVERY_EXPORT,
        "evidence: a whole document": EVERY_EXPORT | WHOLE_DOCUMENT | NAMELESS_DOCUMENT,
        "orphaned claim": EVERY_EXPORT,
        "claim in a pasted text of unknown language": EVERY_EXPORT | NAMELESS_DOCUMENT | UNKNOWN_LANGUAGE,
    }
    for names in (False, True):
        with override_settings(FACTCHECK_EXPORT_EDITOR_NAMES=names):
            for kind, annotation in kinds.items():
                assert suite.failed(annotation, "must") == [], kind
                assert suite.failed(annotation, "should") == sorted(expected[kind]), kind


def test_the_creator_is_the_newsroom_unless_editor_names_may_leave(claim: Claim) -> None:
    with override_settings(FACTCHECK_EXPORT_EDITOR_NAMES=False, FACTCHECK_ORGANISATION="Brennsee-Bote"):
        hidden = exports.claim_annotation(_claim(claim.pk))
    with override_settings(FACTCHECK_EXPORT_EDITOR_NAMES=True):
        named = exports.claim_annotation(_claim(claim.pk))

    assert hidden["creator"]["type"] == "Organization" and hidden["creator"]["name"] == "Brennsee-Bote"
    assert "Eva" not in str(hidden)
    assert named["creator"]["type"] == "Person" and named["creator"]["name"] == "Eva Redakteurin"
    assert named["creator"]["id"].endswith(f"/editors/{claim.created_by_id}")  # stable: the user's id
    assert named["generator"]["type"] == "Software"
    assert hidden["created"].endswith("Z") and hidden["modified"].endswith("Z")
    assert named["body"]["language"] == "de" and named["body"]["format"] == "text/plain"
