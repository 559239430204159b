"""HTML views of a claim: its page, the verdict partial that updates itself while scoring is pending,
the editorial verdict form, the claim's history (built by claims.timeline), deleting the claim, and
editing or removing its evidence. (Its suggested evidence is linked and dismissed in suggestions_views.)

Writes go through claims.services and claims.verdicts; a refusal is shown in the service's own words
beside the field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from claims import selectors, services, verdicts
from claims.assist import selectors as assist
from claims.errors import ClaimRefused
from claims.models import SHORT_STATEMENT_HINT, VERDICT_CHOICES, Claim, Evidence, SpeakerKind, Stance
from claims.timeline import claim_timeline
from frontend import suggestion_rows
from frontend.pagination import list_page
from frontend.permissions import change_checker, change_refused, is_editor, signed_in
from sources.anchoring import CONTEXT_CHARS
from sources.models import Document

TEMPLATES = "frontend/claims"
HISTORY_PAGE_SIZE = 100


def claims_for_page() -> QuerySet[Claim]:
    """Claims with everything their page shows joined in: document, publisher, verdicts, evidence."""
    return (
        selectors.claim_detail()
        .select_related("assessment", "editorial__published_by")
        .annotate(current_revision_number=F("document__current_revision__number"))
    )


def claims_for_verdict() -> QuerySet[Claim]:
    """Claims with what the verdict partial shows (it is polled every two seconds: keep it cheap)."""
    return Claim.objects.select_related("assessment", "editorial__published_by")


@dataclass(frozen=True)
class QuoteInContext:
    """A span's quote with the words around it, as pages show it: the context is cut to whole words
    and to the quote's paragraph, and `cut_before`/`cut_after` say where an ellipsis belongs."""

    before: str
    exact: str
    after: str
    cut_before: bool
    cut_after: bool


def quote_in_context(span: Claim | Evidence) -> QuoteInContext:
    before, after = span.prefix, span.suffix
    # The stored context is the 32 characters either side, so it may start or end inside a word.
    cut_before = (span.start or 0) > len(before)
    cut_after = len(after) >= CONTEXT_CHARS
    if "\n" in before:
        before, cut_before = before.rsplit("\n", 1)[1], False
    elif cut_before:
        before = re.sub(r"^\S*\s+", "", before) if re.search(r"\s", before) else ""
    if "\n" in after:
        after, cut_after = after.split("\n", 1)[0], False
    elif cut_after:
        after = re.sub(r"\s+\S*$", "", after) if re.search(r"\s", after) else ""
    return QuoteInContext(before, span.exact, after, cut_before, cut_after)


def add_refusal(form: forms.Form, refusal: ClaimRefused) -> None:
    """Show a service's refusal beside the field it is about (or above the form when it has none)."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


# --- The claim page ------------------------------------------------------------------------------------


class EditorialVerdictForm(forms.Form):
    """The editorial verdict as posted; the service judges the values and says what is wrong."""

    verdict = forms.CharField(required=False, max_length=24)
    explanation = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)

    def clean_verdict(self) -> str:
        verdict = self.cleaned_data["verdict"]
        if not verdict:
            raise forms.ValidationError("Choose a verdict.")
        return verdict


def editorial_form_for(claim: Claim) -> EditorialVerdictForm:
    """A fresh form: the published verdict and explanation to start from, so a correction is a small edit."""
    if claim.editorial is None:
        return EditorialVerdictForm()
    return EditorialVerdictForm(
        initial={"verdict": claim.editorial.verdict, "explanation": claim.editorial.explanation}
    )


@dataclass(frozen=True)
class EvidenceRow:
    """An evidence item as the claim page lists it, and whether this user may edit or remove it."""

    evidence: Evidence
    may_change: bool

    @property
    def quote(self) -> QuoteInContext:
        return quote_in_context(self.evidence)


def claim_page_context(
    request: HttpRequest,
    claim: Claim,
    *,
    form: EditorialVerdictForm | None = None,
    attempts: Mapping[int, suggestion_rows.Attempt] | None = None,
) -> dict[str, object]:
    """What the claim page shows; `attempts` are refused decisions on suggested evidence, shown again."""
    user = request.user
    may_change = change_checker(user)
    return {
        "claim": claim,
        "quote": quote_in_context(claim),
        "evidence_rows": [EvidenceRow(item, may_change(item)) for item in claim.evidence.all()],
        "is_editor": is_editor(user),
        "may_publish": may_change(claim),
        "form": form or editorial_form_for(claim),
        "verdict_choices": VERDICT_CHOICES,
        "suggested_evidence": suggestion_rows.evidence_suggestion_rows(
            assist.open_evidence_suggestions(claim), attempts
        ),
        "stances": Stance.choices,
        # How the claim is published (frontend/publication_views.py).
        "speaker_kinds": SpeakerKind.choices,
        "short_statement_hint": SHORT_STATEMENT_HINT,
    }


@signed_in
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(claims_for_page(), pk=pk)
    return render(request, f"{TEMPLATES}/detail.html", claim_page_context(request, claim))


@signed_in
@require_GET
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """The verdict partial. While scoring is pending it carries its own polling trigger; once the job
    has run it comes back without one, and polling stops."""
    claim = claims_for_verdict().filter(pk=pk).first()
    if claim is None:
        if request.htmx:
            # 286 tells htmx to stop polling; the fragment says why the verdict went away.
            return HttpResponseStopPolling(render(request, f"{TEMPLATES}/partials/verdict_gone.html").content)
        raise Http404("No such claim.")
    response = render(request, f"{TEMPLATES}/partials/verdict.html", {"claim": claim})
    add_never_cache_headers(response)  # every poll must ask the server, never a cache
    return response


@signed_in
@require_POST
def editorial_verdict_publish(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(claims_for_page(), pk=pk)
    if refused := change_refused(request, claim, doing="publish its verdict"):
        return refused
    form = EditorialVerdictForm(request.POST)
    published = False
    if form.is_valid():
        try:
            verdicts.editorial_verdict_publish(claim=claim, user=request.user, **form.cleaned_data)
            published = True
        except ClaimRefused as refusal:
            add_refusal(form, refusal)
    if request.htmx:
        # The form swaps itself, the verdict panel comes along out of band. Errors are answered 200:
        # htmx swaps only 2xx answers, and the errors must appear beside the fields.
        context = {
            "claim": claim,
            "form": editorial_form_for(claim) if published else form,
            "verdict_choices": VERDICT_CHOICES,
            "published": published,
            "speaker_kinds": SpeakerKind.choices,
            "short_statement_hint": SHORT_STATEMENT_HINT,
        }
        return render(request, f"{TEMPLATES}/partials/editorial_response.html", context)
    if published:
        messages.success(request, "The editorial verdict is published.")
        return HttpResponseRedirect(reverse("claim-page", args=[claim.pk]))
    context = claim_page_context(request, claim, form=form)
    return render(request, f"{TEMPLATES}/detail.html", context, status=400)


# --- History -------------------------------------------------------------------------------------------


@signed_in
@require_GET
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the claim and its evidence, with its verdicts, newest first; also after the
    claim was deleted, as long as its history exists."""
    timeline = claim_timeline(pk)
    if timeline is None:
        raise Http404("No claim with this id has ever existed.")
    shown = list_page(timeline.entries, per_page=HISTORY_PAGE_SIZE, asked=request.GET.get("page"))
    context = {
        "timeline": timeline,
        "page": shown.page,
        "page_note": shown.note,
        "claim": Claim.objects.filter(pk=pk).first(),
    }
    # A deleted claim's page is gone: its document is where the editor goes back to.
    context["document"] = Document.objects.filter(pk=timeline.document_id).only("id", "title").first()
    return render(request, f"{TEMPLATES}/history.html", context)


# --- Deleting a claim ----------------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "delete this claim?"; POST deletes it with its evidence (claims.services.claim_delete,
    as the API's DELETE does) and shows its history, where the deletion is the newest entry."""
    claim = get_object_or_404(claims_for_page(), pk=pk)
    if refused := change_refused(request, claim, doing="delete it"):
        return refused
    if request.method == "GET":
        context = {"claim": claim, "quote": quote_in_context(claim), "evidence_count": claim.evidence.count()}
        return render(request, f"{TEMPLATES}/claim_delete.html", context)
    services.claim_delete(claim=claim, user=request.user)
    messages.success(request, "The claim is deleted. Its history below keeps what it was.")
    return HttpResponseRedirect(reverse("claim-page-history", args=[pk]))


# --- Evidence: edit and remove -------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    stance = forms.CharField(required=False, max_length=16)
    note = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)
    note_internal = forms.BooleanField(required=False)

    def clean_stance(self) -> str:
        stance = self.cleaned_data["stance"]
        if not stance:
            raise forms.ValidationError("Choose a stance.")
        return stance


def _evidence(pk: int) -> Evidence:
    return get_object_or_404(
        selectors.evidence_list().select_related("claim__document", "claim__created_by"), pk=pk
    )


def _claim_url(evidence: Evidence) -> str:
    return reverse("claim-page", args=[evidence.claim_id]) + f"#evidence-{evidence.pk}"


@signed_in
@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(pk)
    if refused := change_refused(request, evidence, doing="edit it"):
        return refused
    if request.method == "GET":
        initial = {"stance": evidence.stance, "note": evidence.note, "note_internal": evidence.note_internal}
        form = EvidenceForm(initial=initial)
    else:
        form = EvidenceForm(request.POST)
        if form.is_valid():
            try:
                services.evidence_update(evidence=evidence, user=request.user, **form.cleaned_data)
            except ClaimRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, "The evidence is updated; the claim is being scored again.")
                return HttpResponseRedirect(_claim_url(evidence))
    context = {
        "evidence": evidence,
        "quote": quote_in_context(evidence),
        "form": form,
        "stances": Stance.choices,
    }
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}/evidence_edit.html", context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "remove this evidence?"; POST removes it (it stays readable in the claim's history)."""
    evidence = _evidence(pk)
    if refused := change_refused(request, evidence, doing="remove it"):
        return refused
    if request.method == "GET":
        context = {"evidence": evidence, "quote": quote_in_context(evidence)}
        return render(request, f"{TEMPLATES}/evidence_remove.html", context)
    claim_id = evidence.claim_id
    try:
        services.evidence_unlink(evidence=evidence, user=request.user)
    except services.ClaimRefused:  # removed by someone else meanwhile
        raise Http404("This evidence was removed meanwhile.") from None
    messages.success(request, "The evidence is removed; the claim is being scored again.")
    return HttpResponseRedirect(reverse("claim-page", args=[claim_id]) + "#evidence")
