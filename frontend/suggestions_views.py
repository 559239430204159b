"""HTML views of suggestions: the reader's Suggestions tab (claim suggestions of a document), and linking
or dismissing the evidence suggested for a claim on its page.

The reader accepts and dismisses claim suggestions through the REST API (/api/v1/claim-suggestions/),
as it marks claims; this only reads the tab's list. The claim page posts forms here, which call
claims.assist.services; a refusal (decided already, a stance outside the vocabulary, the quote no longer in
the text) is shown beside the suggestion and changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from claims import document_jobs
from claims.assist import pending, selectors, services
from claims.assist.models import EvidenceSuggestion, SuggestionStatus
from claims.errors import ClaimRefused
from claims.models import NOTE_MAX, Claim, SpeakerRole
from frontend import claims_views, suggestion_rows
from frontend.permissions import editor_refused, is_editor, signed_in
from sources.anchoring import AnchorError, utf16_to_codepoint
from sources.models import Document
from sources.rest import error_summary, parse_id

# --- The reader's Suggestions tab -----------------------------------------------------------------------


# What the tab reads of its document: the text shown, to place its suggestions in.
TAB_DOCUMENT = Document.objects.select_related("current_revision")


class SelectionForm(forms.Form):
    """Text selected in the reader: UTF-16 offsets of the text shown, as the browser counts them."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)

    def __init__(self, data: QueryDict, *, text: str) -> None:
        super().__init__(data)
        self.text = text

    def clean(self) -> dict[str, int]:
        """The selection in code points of the text, as the suggestions' spans are stored."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["start"] >= cleaned["end"]:
            raise forms.ValidationError("A selection ends after it starts.")
        try:
            return {name: utf16_to_codepoint(self.text, cleaned[name]) for name in ("start", "end")}
        except AnchorError as error:
            raise forms.ValidationError(str(error)) from None


@login_required
@require_GET
def claim_suggestion_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's open claim suggestions in text order: what reader.js shows in the Suggestions tab
    when it is first opened, and again after one was accepted or dismissed. With a selection
    (?start=&end=), the suggestion covering it is marked: the Mark as claim popover starts from its
    speaker."""
    document = get_object_or_404(TAB_DOCUMENT, pk=pk)
    selection = None
    if "start" in request.GET or "end" in request.GET:
        form = SelectionForm(request.GET, text=document.text)
        if not form.is_valid():
            problems = error_summary(form.errors)
            return HttpResponseBadRequest(f"Not a selection of this document's text: {problems}")
        selection = form.cleaned_data
    return _suggestion_tab(request, document, selection=selection)


def _suggestion_tab(
    request: HttpRequest, document: Document, *, selection: dict[str, int] | None = None
) -> HttpResponse:
    suggestions = list(selectors.open_claim_suggestions(document))
    rows = suggestion_rows.claim_suggestion_rows(document, suggestions)
    covering = (
        selectors.claim_suggestion_covering(
            suggestions, revision_id=document.current_revision_id, **selection
        )
        if selection
        else None
    )
    search = "" if rows else _search_state(document)
    context = {
        "document": document,
        "suggestions": rows,
        "covering": covering.pk if covering else None,
        "search": search,
        "sent_again_within": _sent_again_within(document) if search == "late" else "",
        "can_edit": is_editor(request.user),
        "roles": SpeakerRole.choices,
    }
    response = render(request, "frontend/reader/partials/suggestions.html", context)
    add_never_cache_headers(response)  # it changes with every decision
    return response


def _search_state(document: Document) -> str:
    """Why a document has no suggestions to show: "pending" while the search after its new text may
    still come, "late" once it waited longer than FACTCHECK_SUGGESTIONS_WAIT (the sweep sends it again by
    itself), "last" when late in its last attempt, which may still finish (the tab asks again in all three),
    "failed" when its last attempt ended without finishing (nothing sends it again: the tab stops asking),
    "never" for a text not searched at all (imported with --no-suggestions); "" when it was searched."""
    state = pending.suggestions_state(document)
    if state is document_jobs.JobState.DONE:
        return "" if selectors.document_searched(document) else "never"
    if state is document_jobs.JobState.FAILED:
        return "failed"
    if not pending.suggestions_late(document):
        return "pending"
    return "last" if state is document_jobs.JobState.LAST else "late"


def _sent_again_within(document: Document) -> str | None:
    """How soon the sweep sends a late search again, in words ("2 minutes"; "" when it is due now; None
    while this process runs it, jobs in-process: only if it ends unfinished). An upper bound, rounded up,
    so it stays true until the tab asks again a few seconds later."""
    by = pending.suggestions_sent_again_by(document)
    if by is None:
        return None
    seconds = (by - timezone.now()).total_seconds()
    if seconds <= 0:
        return ""
    minutes = math.ceil(seconds / 60)
    return "a minute" if minutes == 1 else f"{minutes} minutes"


@signed_in
@require_POST
def document_suggestions_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the document for suggestions again (a search late or never run): the tab's list
    for reader.js, or without JavaScript the reader's Suggestions tab."""
    document = get_object_or_404(Document, pk=pk)
    if refused := editor_refused(request, doing="search a document for suggestions"):
        return refused
    document_jobs.document_job_request(document_jobs.SUGGESTING, document.pk)
    if request.htmx:
        return _suggestion_tab(request, TAB_DOCUMENT.get(pk=pk))  # read again: the search is pending now
    return HttpResponseRedirect(reverse("document-read", args=[pk]) + "#suggestions")


# --- Suggested evidence on the claim page --------------------------------------------------------------


class EvidenceSuggestionForm(forms.Form):
    """Both optional: the proposed stance stands unless another is chosen; the service judges it."""

    stance = forms.CharField(required=False, max_length=16)
    note = forms.CharField(required=False, max_length=NOTE_MAX)


def _answer(
    request: HttpRequest,
    suggestion: EvidenceSuggestion,
    *,
    done: str = "",
    attempt: suggestion_rows.Attempt | None = None,
    linked: bool = False,
) -> HttpResponse:
    """The section again (with htmx: swapped in place, the evidence and the verdict out of band after a
    link), or without JavaScript the claim page: redirected to after a decision, shown with the error."""
    if attempt is None and not request.htmx:
        messages.success(request, done)
        anchor = "#evidence" if linked else "#suggested-evidence"
        return HttpResponseRedirect(reverse("claim-page", args=[suggestion.claim_id]) + anchor)
    claim = get_object_or_404(claims_views.claims_for_page(), pk=suggestion.claim_id)
    context = claims_views.claim_page_context(
        request, claim, attempts={suggestion.pk: attempt} if attempt else None
    )
    # A refusal for a suggestion no longer open (decided meanwhile) has no item to stand beside.
    notice = attempt.error if attempt and suggestion.status != SuggestionStatus.OPEN else ""
    context.update(done=done, notice=notice, linked=linked)
    if request.htmx:
        # Refusals too are answered 200: htmx swaps only 2xx answers, and they must appear in place.
        return render(request, "frontend/claims/partials/suggested_evidence_response.html", context)
    return render(request, "frontend/claims/detail.html", context, status=400)


_Decision = Callable[[HttpRequest, EvidenceSuggestion], HttpResponse]


def _editor_decides(doing: str) -> Callable[[_Decision], Callable[[HttpRequest, int], HttpResponse]]:
    """A claim page's form deciding an evidence suggestion: posted, signed in, the suggestion found (else
    404), by an editor (else a 403 page saying why, `doing` naming what was refused)."""

    def decorate(decision: _Decision) -> Callable[[HttpRequest, int], HttpResponse]:
        @signed_in
        @require_POST
        @wraps(decision)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            suggestion = EvidenceSuggestion.objects.select_related("document").filter(pk=pk).first()
            if suggestion is None:
                return _gone(request, claim_id=parse_id(request.POST.get("claim")))
            if refused := editor_refused(request, doing=doing):
                return refused
            return decision(request, suggestion)

        return view

    return decorate


def _gone(request: HttpRequest, *, claim_id: int | None) -> HttpResponse:
    """A suggestion deleted since the page was loaded: with its claim (deleted in another tab, perhaps), or
    by an admin. Said in words, rather than a 404 page (or, with DEBUG and htmx, Django's debug page in
    place of the claim page): with htmx as a plain-text 404 that claim_page.js shows in the section,
    without JavaScript as a message on the claim's page, or its history once the claim is gone."""
    claim_exists = claim_id is not None and Claim.objects.filter(pk=claim_id).exists()
    if claim_exists:
        words = "This suggestion is gone, deleted meanwhile. Nothing changed."
    else:
        words = (
            "This claim was deleted, perhaps in another tab,"
            " so its suggested evidence can no longer be linked or dismissed."
        )
    if request.htmx:
        return HttpResponseNotFound(words, content_type="text/plain; charset=utf-8")
    messages.error(request, words)
    if claim_exists:
        return HttpResponseRedirect(reverse("claim-page", args=[claim_id]) + "#suggested-evidence")
    if claim_id is not None:  # its history keeps what it was
        return HttpResponseRedirect(reverse("claim-page-history", args=[claim_id]))
    return HttpResponseRedirect(reverse("dashboard"))


def _refused(
    request: HttpRequest,
    suggestion: EvidenceSuggestion,
    refusal: ClaimRefused,
    *,
    stance: str = "",
    note: str = "",
) -> HttpResponse:
    """The service's refusal beside the suggestion, with what the editor chose kept in the form (or as a
    notice, when another editor decided it meanwhile)."""
    suggestion.refresh_from_db(fields=["status"])
    return _answer(request, suggestion, attempt=suggestion_rows.Attempt(stance, note, refusal.message))


@_editor_decides("link suggested evidence")
def evidence_suggestion_accept(request: HttpRequest, suggestion: EvidenceSuggestion) -> HttpResponse:
    """Link the suggested passage as evidence (origin "suggestion") with the stance chosen."""
    form = EvidenceSuggestionForm(request.POST)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        typed = suggestion_rows.Attempt(request.POST.get("stance", ""), request.POST.get("note", ""), error)
        return _answer(request, suggestion, attempt=typed)
    stance, note = form.cleaned_data["stance"], form.cleaned_data["note"].strip()
    try:
        services.evidence_suggestion_accept(
            suggestion=suggestion, user=request.user, stance=stance or None, note=note
        )
    except ClaimRefused as refusal:
        return _refused(request, suggestion, refusal, stance=stance, note=note)
    return _answer(
        request, suggestion, done="Linked as evidence; the claim is being scored again.", linked=True
    )


@_editor_decides("dismiss suggested evidence")
def evidence_suggestion_dismiss(request: HttpRequest, suggestion: EvidenceSuggestion) -> HttpResponse:
    """Dismiss the suggestion: it is not proposed again for this claim."""
    try:
        services.evidence_suggestion_dismiss(suggestion=suggestion, user=request.user)
    except ClaimRefused as refusal:
        return _refused(request, suggestion, refusal)
    return _answer(request, suggestion, done="Suggestion dismissed: it is not proposed again for this claim.")
