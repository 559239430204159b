"""The editors' side of publishing, on the claim page: how the claim appears in ClaimReview (speaker
kind, short wording) and withdrawing its public fact-check."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import publication, services
from claims.errors import ClaimRefused
from claims.models import Claim, SpeakerKind
from frontend.claims_views import TEMPLATES, add_refusal, claim_page_context, claims_for_page
from frontend.permissions import change_refused, signed_in


class PublicationForm(forms.Form):
    speaker_kind = forms.ChoiceField(choices=SpeakerKind.choices)
    short_statement = forms.CharField(required=False, max_length=200)


def _back(claim: Claim) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("claim-page", args=[claim.pk]) + "#publication")


@signed_in
@require_POST
def claim_publication_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the speaker's kind and the short wording; a bad value is shown beside its field."""
    claim = get_object_or_404(claims_for_page(), pk=pk)
    if refused := change_refused(request, claim, doing="change how it is published"):
        return refused
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            services.claim_update(claim=claim, user=request.user, **form.cleaned_data)
        except ClaimRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Saved: the fact-check and its ClaimReview use it.")
            return _back(claim)
    context = claim_page_context(request, claim)
    context["publication_form"] = form
    return render(request, f"{TEMPLATES}/detail.html", context, status=400)


@signed_in
@require_POST
def claim_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(claims_for_page(), pk=pk)
    if refused := change_refused(request, claim, doing="unpublish it"):
        return refused
    try:
        publication.fact_check_withdraw(claim=claim, user=request.user)
    except ClaimRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Unpublished: its public page now answers that it was withdrawn.")
    return _back(claim)
