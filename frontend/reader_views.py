"""HTML views of the reader: a document's text with its claims highlighted and the claims panel, and the
fragments reader.js swaps in (the text after a new claim, claim summaries while scoring is pending, a
claim's evidence, a source document beside the article, document search).

Every view only reads. Marking claims and linking, editing or removing evidence go through the REST API
from the browser, with the session and the CSRF header, so the browser meets the same rules as programs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Greatest, StrIndex, Substr, Upper
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from claims import document_jobs
from claims.assist import selectors as assist
from claims.limits import NOTE_MAX, SPEAKER_MAX, STATEMENT_MAX
from claims.models import VERDICT_CHOICES, Claim, Evidence, SpeakerRole, Stance
from claims.permissions import can_change
from frontend import boilerplate, reader
from sources.models import Document
from sources.permissions import is_editor
from sources.rest import parse_id

TEMPLATES = "frontend/reader"
ROLE_LABELS = dict(SpeakerRole.choices)
VERDICT_LABELS = dict(VERDICT_CHOICES)
SEARCH_RESULTS = 10
SNIPPET_BEFORE = 60  # characters of text shown before a search match
SNIPPET_LENGTH = 220
MAX_SUMMARY_IDS = 200  # claim summaries per poll
PANEL_FIRST = 50  # claims in the panel before the first paint (more than a screenful)


class PanelClaim(NamedTuple):
    """What the reader needs of a claim (its highlight and its panel summary): one row of one query.
    Its evidence and the verdict's breakdown load when the claim is selected."""

    id: int
    revision_id: int
    start: int
    end: int
    exact: str
    speaker: str
    speaker_role: str
    orphaned: bool
    scoring_pending_since: datetime | None
    verdict: str | None  # of its current assessment; None before the first one
    support_score: float | None


PANEL_FIELDS = (
    "id",
    "revision_id",
    "start",
    "end",
    "exact",
    "speaker",
    "speaker_role",
    "orphaned",
    "scoring_pending_since",
    "assessment__verdict",
    "assessment__support_score",
)


def documents_for_reading() -> QuerySet[Document]:
    """Documents with their text and publisher: one row, no aggregate (grouping by a text is costly)."""
    return Document.objects.select_related("publisher", "current_revision")


def claims_for_panel(document: Document, ids: list[int] | None = None) -> list[PanelClaim]:
    """A document's claims in text order (an enclosing claim before the claims inside it), with their
    current verdict: one query, plain tuples (hundreds of model instances cost more than all the rest)."""
    claims = Claim.objects.filter(document=document)
    if ids is not None:
        claims = claims.filter(pk__in=ids)
    rows = claims.order_by("start", "-end", "id").values_list(*PANEL_FIELDS)
    return [PanelClaim(*row) for row in rows]


QUOTE_CHARS = 160  # of a claim's text shown in the panel


def claim_row(claim: PanelClaim) -> reader.ClaimRow:
    """What the panel shows of a claim, formatted once here rather than in a template loop."""
    quote = claim.exact if len(claim.exact) <= QUOTE_CHARS else claim.exact[: QUOTE_CHARS - 1] + "…"
    verdict = claim.verdict or "unverified"
    return reader.ClaimRow(
        id=claim.id,
        quote=quote,
        speaker=claim.speaker,
        role=ROLE_LABELS.get(claim.speaker_role, claim.speaker_role),
        verdict=verdict,
        verdict_label=VERDICT_LABELS.get(verdict, verdict),
        score="" if claim.support_score is None else f"{claim.support_score:.2f}",
        pending=claim.scoring_pending_since is not None,
    )


@dataclass(frozen=True)
class ReaderText:
    """The document's current text as the reader shows it, and the claims in the panel."""

    html: str
    placed: list[reader.ClaimRow]  # highlighted in the text, in text order
    unplaced: list[reader.ClaimRow]  # orphaned, or waiting to be re-anchored in the current revision


def reader_text(document: Document, claims: list[PanelClaim]) -> ReaderText:
    text = document.text
    current = document.current_revision_id
    placed = [c for c in claims if c.revision_id == current and not c.orphaned]
    unplaced = [c for c in claims if c.revision_id != current or c.orphaned]
    parts = reader.segments(len(text), (reader.Span(c.id, c.start, c.end) for c in placed))
    tones = {c.id: reader.verdict_tone(c.verdict) for c in placed}
    return ReaderText(
        html=reader.render_text(text, parts, tones, quiet=boilerplate.boilerplate_lines(text)),
        placed=[claim_row(c) for c in placed],
        unplaced=[claim_row(c) for c in unplaced],
    )


def _reader_context(request: HttpRequest, document: Document) -> dict[str, Any]:
    claims = claims_for_panel(document)
    shown = reader_text(document, claims)
    return {
        "document": document,
        "revision": document.current_revision,
        "text_html": shown.html,
        "claims": shown.placed,
        # The first claims are live in the panel at once; the rest is parsed inert in a <template> and
        # attached by reader.js right after the first paint: hundreds of live rows slowed it by a third.
        "claims_html": reader.claim_list_html(shown.placed[:PANEL_FIRST]),
        "claims_rest_html": reader.claim_list_html(shown.placed[PANEL_FIRST:]),
        "unplaced": shown.unplaced,
        "unplaced_html": reader.claim_list_html(shown.unplaced),
        "claim_count": len(claims),
        "can_edit": is_editor(request.user),
        # Whether the spans of an earlier revision are still to be placed, or failed to be.
        "reanchoring": document_jobs.document_job_state(document_jobs.REANCHORING, document.pk),
    }


def _speaker_names(document: Document, claims: list[reader.ClaimRow]) -> list[str]:
    """Names already used as speakers in this document (and its author), offered while typing one."""
    names = {claim.speaker for claim in claims if claim.speaker}
    if document.author:
        names.add(document.author)
    return sorted(names, key=str.casefold)


def _comment_blocks(text: str) -> list[dict[str, Any]]:
    """Reader comments with UTF-16 offsets, as the browser counts a selection."""
    blocks = reader.comment_blocks(text)
    offsets = reader.utf16_offsets(text, [o for block in blocks for o in (block.start, block.end)])
    return [
        {"start": offsets[2 * i], "end": offsets[2 * i + 1], "author": block.author}
        for i, block in enumerate(blocks)
    ]


@login_required
@require_GET
def document_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader page. Readers see the text and the claims; editors can also mark and link."""
    document = get_object_or_404(documents_for_reading(), pk=pk)
    context = _reader_context(request, document)
    all_claims = context["claims"] + context["unplaced"]
    context.update(
        speakers=_speaker_names(document, all_claims),
        comment_blocks=_comment_blocks(document.text),
        # Only web addresses become links: an imported "javascript:" URL stays text.
        source_url=document.url if document.url.startswith(("https://", "http://")) else "",
        roles=SpeakerRole.choices,
        stances=Stance.choices,
        # The popovers' boxes hold what the API takes (claims/limits.py), so the page says so before sending.
        limits={"speaker": SPEAKER_MAX, "statement": STATEMENT_MAX, "note": NOTE_MAX},
        # The Suggestions tab's count; its list loads when the tab is first shown (suggestions_views).
        suggestion_count=assist.open_claim_suggestions(document).count(),
    )
    return render(request, f"{TEMPLATES}/reader.html", context)


@login_required
@require_GET
def reader_parts(request: HttpRequest, pk: int) -> HttpResponse:
    """The text pane, with the claims panel swapped out of band: the page after a claim was marked."""
    document = get_object_or_404(Document.objects.select_related("current_revision"), pk=pk)
    response = render(request, f"{TEMPLATES}/partials/parts.html", _reader_context(request, document))
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def claim_summaries(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel summaries of some claims (`?ids=1,2`): reader.js asks for the ones waiting for their
    scoring job every few seconds, one request for all of them, and swaps in what changed."""
    document = get_object_or_404(Document.objects.only("id"), pk=pk)
    found = (parse_id(part) for part in request.GET.get("ids", "").split(","))
    ids = [claim_id for claim_id in found if claim_id is not None]
    if not ids or len(ids) > MAX_SUMMARY_IDS:
        return HttpResponseBadRequest(f"Give between 1 and {MAX_SUMMARY_IDS} claim ids as ?ids=1,2,3.")
    rows = [claim_row(claim) for claim in claims_for_panel(document, ids)]
    response = HttpResponse(reader.claim_summaries_html(rows))
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int, claim_id: int) -> HttpResponse:
    """The selected claim in the panel: statement, verdict with its breakdown, and its evidence."""
    claim = get_object_or_404(
        Claim.objects.select_related("assessment", "editorial__published_by"), pk=claim_id, document_id=pk
    )
    evidence = list(
        Evidence.objects.filter(claim=claim)
        .select_related("document__publisher")
        .defer("document__url")
        .order_by("created_at", "id")
    )
    can_edit = is_editor(request.user)
    for item in evidence:
        item.changeable = can_edit and can_change(request.user, item)
    response = render(
        request,
        f"{TEMPLATES}/partials/claim_detail.html",
        {
            "claim": claim,
            "evidence": evidence,
            "can_edit": can_edit,
            "may_change": can_edit and can_change(request.user, claim),
            "stances": Stance.choices,
            "suggested_count": assist.open_evidence_suggestions(claim).count(),
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def source_pane(request: HttpRequest, pk: int) -> HttpResponse:
    """A document opened beside the article (`?claim=ID`): its text, with the passages already linked
    to that claim tinted by stance, ready for selecting a passage or linking it whole."""
    claim_id = parse_id(request.GET.get("claim"))
    if claim_id is None:
        return HttpResponseBadRequest("Say which claim the source is for: ?claim=ID.")
    claim = (
        Claim.objects.only("id", "document_id", "exact", "speaker", "speaker_role")
        .filter(pk=claim_id)
        .first()
    )
    source = documents_for_reading().filter(pk=pk).first()
    if claim is None or source is None:
        # Deleted since the reader loaded, in another tab perhaps: words the reader shows beside the search.
        gone = "This claim" if claim is None else "This document"
        return HttpResponseNotFound(
            f"{gone} was deleted, perhaps in another tab. Reload the page to see the claims as they are now.",
            content_type="text/plain; charset=utf-8",
        )
    passages = [
        item
        for item in Evidence.objects.filter(claim=claim, document=source).only(
            "id", "revision_id", "start", "end", "stance", "orphaned"
        )
        if item.revision_id == source.current_revision_id and not item.orphaned
    ]
    text = source.text
    parts = reader.segments(len(text), (reader.Span(e.pk, e.start, e.end) for e in passages))
    tones = {item.pk: f"s-{item.stance}" for item in passages if item.stance in Stance.values}
    context = {
        "source": source,
        "revision": source.current_revision,
        "claim": claim,
        "text_html": reader.render_text(
            text,
            parts,
            tones,
            css_class="ev",
            data_name="evidence",
            quiet=boilerplate.boilerplate_lines(text),
        ),
        "linked_whole": Evidence.objects.filter(claim=claim, document=source, revision__isnull=True).exists(),
        "can_edit": is_editor(request.user),
        "stances": Stance.choices,
    }
    return render(request, f"{TEMPLATES}/partials/source.html", context)


@dataclass(frozen=True)
class Snippet:
    """A stretch of a document's text around the first match of the search, the match set apart."""

    before: str
    match: str
    after: str


def _snippet(raw: str, query: str, *, cut_start: bool, cut_end: bool) -> Snippet:
    text = re.sub(r"\s+", " ", raw).strip()
    at = text.casefold().find(query.casefold()) if query else -1
    # casefold() can change lengths ("ß" → "ss"); only trust a position whose text matches.
    if at < 0 or text[at : at + len(query)].casefold() != query.casefold():
        before, match, after = text, "", ""
    else:
        before, match, after = text[:at], text[at : at + len(query)], text[at + len(query) :]
    return Snippet(
        before=("…" if cut_start else "") + before, match=match, after=after + ("…" if cut_end else "")
    )


def search_documents(query: str) -> list[Document]:
    """Documents whose title or text contains `query` (all of them, newest first, when it is empty),
    each with a snippet of text around the first match, cut in the database so no whole text is read."""
    documents = Document.objects.select_related("publisher").order_by("-created_at", "-id")
    if query:  # the document list's search: title or full text, ignoring case
        documents = documents.filter(Q(title__icontains=query) | Q(current_revision__text__icontains=query))
    position = StrIndex(Upper("current_revision__text"), Upper(Value(query))) if query else Value(0)
    start = Greatest(position - SNIPPET_BEFORE, Value(1))
    found = list(
        documents.annotate(
            snippet_start=start, snippet_raw=Substr("current_revision__text", start, SNIPPET_LENGTH)
        )[:SEARCH_RESULTS]
    )
    for document in found:
        document.snippet = _snippet(
            document.snippet_raw or "",
            query,
            cut_start=document.snippet_start > 1,
            cut_end=len(document.snippet_raw or "") >= SNIPPET_LENGTH,
        )
    return found


@login_required
@require_GET
def document_search(request: HttpRequest) -> HttpResponse:
    """Search documents by title and full text to link one as evidence for a claim (`?q=…&claim=ID`)."""
    query = request.GET.get("q", "").strip()[:200]
    claim_id = parse_id(request.GET.get("claim"))
    if claim_id is None:
        return HttpResponseBadRequest("Say which claim the evidence is for: ?claim=ID.")
    context = {"documents": search_documents(query), "query": query, "claim_id": claim_id}
    return render(request, f"{TEMPLATES}/partials/search_results.html", context)
