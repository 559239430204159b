"""The orphaned-spans page: claims and evidence passages that re-anchoring could not place in their
document's new revision (orphaned), or placed with less than full confidence, for an editor to confirm
or to place again by selecting the text in the current revision; and documents whose re-anchoring
failed after its attempts, for an editor to run it again.

Placing again posts `start` and `end` in UTF-16 code units of the current revision's text (what
browsers count; selection.js measures them), converted to code points here at the edge, as the API
does for `?offsets=utf16`. `exact` is the selected text, which must match. Without offsets, the typed
quote alone places the span, at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import document_jobs, services
from claims.errors import ClaimRefused
from claims.models import Claim, Evidence
from frontend.claims_views import QuoteInContext, quote_in_context
from frontend.permissions import change_checker, change_refused, is_editor, signed_in
from sources import anchoring
from sources.models import Document, DocumentRevision

TEMPLATES = "frontend/orphans"
LIST_LIMIT = 50  # a work queue: settling the first ones brings up the rest


# --- Reading -------------------------------------------------------------------------------------------


def _with_revision_numbers(queryset: QuerySet[Any]) -> QuerySet[Any]:
    # Numbers only: joining the revisions themselves would load their whole texts.
    return queryset.annotate(
        revision_number=F("revision__number"),
        current_revision_number=F("document__current_revision__number"),
    )


def claims_queue() -> QuerySet[Claim]:
    return _with_revision_numbers(Claim.objects.select_related("document__publisher", "created_by"))


def evidence_queue() -> QuerySet[Evidence]:
    return _with_revision_numbers(
        Evidence.objects.select_related("claim", "document__publisher", "created_by").filter(
            revision__isnull=False
        )
    )


@dataclass(frozen=True)
class PreviousPlace:
    """Where a moved span was before re-anchoring moved it (from its history)."""

    exact: str
    revision_number: int | None


@dataclass(frozen=True)
class OrphanRow:
    """One span waiting for an editor, and what this user may do with it."""

    kind: str  # "claim" or "evidence"
    item: Claim | Evidence
    may_change: bool
    previous: PreviousPlace | None = None

    @property
    def quote(self) -> QuoteInContext:
        return quote_in_context(self.item)

    @property
    def claim(self) -> Claim:
        return self.item if isinstance(self.item, Claim) else self.item.claim

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.item.pk}"

    @property
    def place_url(self) -> str:
        return reverse(f"orphan-{self.kind}-place", args=[self.item.pk])

    @property
    def confirm_url(self) -> str:
        return reverse(f"orphan-{self.kind}-confirm", args=[self.item.pk])


@dataclass(frozen=True)
class Section:
    rows: list[OrphanRow]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _previous_places(model: type[Claim] | type[Evidence], items: list[Any]) -> dict[int, PreviousPlace]:
    """For spans that re-anchoring moved: the latest recorded place in another revision, in one query."""
    current = {item.pk: item.revision_id for item in items}
    if not current:
        return {}
    records = (
        model.history.filter(id__in=current, revision_id__isnull=False)
        .order_by("id", "-history_id")
        .values_list("id", "revision_id", "exact", "revision__number")
    )
    places: dict[int, PreviousPlace] = {}
    for item_id, revision_id, exact, number in records:
        if item_id not in places and revision_id != current[item_id]:
            places[item_id] = PreviousPlace(exact=exact, revision_number=number)
    return places


def _section(request: HttpRequest, kind: str, queryset: QuerySet[Any], *, moved: bool) -> Section:
    items = list(queryset[:LIST_LIMIT])
    total = len(items) if len(items) < LIST_LIMIT else queryset.count()
    previous = _previous_places(type(items[0]), items) if moved and items else {}
    may_change = change_checker(request.user)
    rows = [OrphanRow(kind, item, may_change(item), previous.get(item.pk)) for item in items]
    return Section(rows=rows, total=total)


def reanchoring_failed() -> QuerySet[Document]:
    """Documents whose re-anchoring failed after its attempts: their spans still point at an earlier
    revision, neither placed nor orphaned, until an editor has it run again."""
    # Numbers only, not the revisions' texts.
    failed = document_jobs.documents_failed(document_jobs.REANCHORING)
    return failed.annotate(revision_number=F("current_revision__number")).only(
        "id", "title", "reanchor_attempts"
    )


@signed_in
@require_GET
def orphan_list(request: HttpRequest) -> HttpResponse:
    newest_first = ("-updated_at", "-id")
    # "Moved" spans are not orphaned, but re-anchoring was not sure of them: an editor confirms them.
    unsure = {"orphaned": False, "anchor_confidence__lt": 1.0}
    context = {
        "lost_claims": _section(
            request, "claim", claims_queue().filter(orphaned=True).order_by(*newest_first), moved=False
        ),
        "lost_evidence": _section(
            request, "evidence", evidence_queue().filter(orphaned=True).order_by(*newest_first), moved=False
        ),
        "moved_claims": _section(
            request, "claim", claims_queue().filter(**unsure).order_by(*newest_first), moved=True
        ),
        "moved_evidence": _section(
            request, "evidence", evidence_queue().filter(**unsure).order_by(*newest_first), moved=True
        ),
        "reanchoring_failed": list(reanchoring_failed()[:LIST_LIMIT]),
        "is_editor": is_editor(request.user),
        "limit": LIST_LIMIT,
    }
    return render(request, f"{TEMPLATES}/list.html", context)


@signed_in
@require_POST
def document_reanchor(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-anchor a document again, its attempts counted anew (its re-anchoring failed); back to the reader
    when the editor came from it (`next`, accepted only as exactly that page), else to this queue."""
    document = get_object_or_404(Document, pk=pk)
    if not is_editor(request.user):
        reason = "Only editors can re-anchor a document. Your account can read it."
        return render(request, "frontend/claims/forbidden.html", {"reason": reason}, status=403)
    document_jobs.document_job_request(document_jobs.REANCHORING, document.pk)
    messages.success(
        request,
        format_html(
            "Re-anchoring “<bdi>{}</bdi>” again: its claims and evidence passages are placed in its "
            "current text in a moment.",
            document.title,
        ),
    )
    reader = reverse("document-read", args=[pk])
    return HttpResponseRedirect(reader if request.POST.get("next") == reader else reverse("orphans"))


# --- Confirming and placing again ----------------------------------------------------------------------


def _item(kind: str, pk: int) -> Claim | Evidence:
    queryset: QuerySet[Any] = claims_queue() if kind == "claim" else evidence_queue()
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404(f"No {kind} {pk} with a span to place.")
    return item


def _what(item: Model) -> str:
    return "claim" if isinstance(item, Claim) else "evidence passage"


@signed_in
@require_POST
def span_confirm(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Accept where re-anchoring put a span: its confidence becomes full and it leaves the queue."""
    item = _item(kind, pk)
    if refused := change_refused(request, item, doing="confirm it"):
        return refused
    try:
        services.span_confirm(target=item, user=request.user)
    except ClaimRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Confirmed: the {_what(item)} stays where re-anchoring placed it.")
    return HttpResponseRedirect(reverse("orphans"))


class PlaceForm(forms.Form):
    """A new place for a span in the current revision: offsets in UTF-16 code units with the selected
    text, or the quote alone. `revision` is the revision the editor saw, so a stale selection is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    exact = forms.CharField(required=False, strip=False, max_length=20_000, widget=forms.Textarea)

    def __init__(self, *args: Any, current: DocumentRevision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        if data["revision"] != self.current.pk:
            raise forms.ValidationError(
                f"The document changed while this page was open: its text is now revision "
                f"{self.current.number}, shown below. Select the text again."
            )
        start, end, exact = data.get("start"), data.get("end"), data.get("exact") or ""
        if start is None and end is None:
            if not exact.strip():
                self.add_error("exact", "Select the text in the document below, or type the exact quote.")
                return data
            data["span"] = services.SpanInput(exact=exact.strip())
            return data
        if start is None or end is None:
            raise forms.ValidationError("Give both the start and the end of the selection.")
        try:
            text = self.current.text
            span_start = anchoring.utf16_to_codepoint(text, start)
            span_end = anchoring.utf16_to_codepoint(text, end)
        except anchoring.AnchorError as error:
            raise forms.ValidationError(f"The selection does not fit the text: {error}.") from None
        data["span"] = services.SpanInput(start=span_start, end=span_end, exact=exact or None)
        return data


def _place(item: Claim | Evidence, span: services.SpanInput, user: Any) -> None:
    if isinstance(item, Claim):
        services.claim_update(claim=item, user=user, span=span)
    else:
        services.evidence_update(evidence=item, user=user, span=span)


def _hint(item: Claim | Evidence, text: str) -> tuple[int, int | None]:
    """Where to scroll the text to (UTF-16): the span itself when it is in this text, else its old
    position, which is usually near where the passage went."""
    start = min(item.start or 0, len(text))
    if item.orphaned:
        return anchoring.codepoint_to_utf16(text, start), None
    end = min(item.end or start, len(text))
    return anchoring.codepoint_to_utf16(text, start), anchoring.codepoint_to_utf16(text, end)


def _back_url(request: HttpRequest, item: Claim | Evidence) -> str:
    """Where placing or cancelling returns to: the claim's page when the editor came from it (`next`,
    accepted only as exactly that page), else the orphaned-spans queue."""
    claim_page = reverse("claim-page", args=[item.pk]) if isinstance(item, Claim) else None
    wanted = request.POST.get("next") or request.GET.get("next")
    return claim_page if claim_page and wanted == claim_page else reverse("orphans")


@signed_in
@require_http_methods(["GET", "POST"])
def span_place(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """GET: the current text to select in (a panel for htmx, else a page); POST: place the span there."""
    item = _item(kind, pk)
    if refused := change_refused(request, item, doing="place it again"):
        return refused
    current = DocumentRevision.objects.filter(pk=item.document.current_revision_id).first()
    if current is None:
        raise Http404("The document has no text to place the span in.")
    if request.method == "POST":
        form = PlaceForm(request.POST, current=current)
        if form.is_valid():
            try:
                _place(item, form.cleaned_data["span"], request.user)
            except ClaimRefused as refusal:
                form.add_error("exact", refusal.message)
            else:
                messages.success(
                    request,
                    format_html(
                        "The {} is placed again, in revision {} of “<bdi>{}</bdi>”.",
                        _what(item),
                        current.number,
                        item.document,
                    ),
                )
                return HttpResponseRedirect(_back_url(request, item))
    else:
        form = PlaceForm(initial={"revision": current.pk}, current=current)
    hint_start, hint_end = _hint(item, current.text)
    row = OrphanRow(kind, item, True)
    context = {
        "row": row,
        "form": form,
        "current": current,
        "hint_start": hint_start,
        "hint_end": hint_end,
        "back_url": _back_url(request, item),
    }
    if request.method == "GET" and request.htmx:
        return render(request, f"{TEMPLATES}/partials/place.html", context)
    return render(request, f"{TEMPLATES}/place.html", context, status=400 if form.is_bound else 200)
