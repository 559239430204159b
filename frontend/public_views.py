"""The public fact-check pages: no login, server-rendered, for readers and search engines alike.

Only claims whose editorial verdict is published appear; a withdrawn one answers 410 Gone. Editors'
names, internal notes and computed verdicts are never shown here.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from claims import exports, publication
from claims.models import VERDICT_CHOICES, FactCheck
from claims.scoring import VERDICT_LABELS, Verdict
from frontend.pagination import list_page

TEMPLATES = "frontend/public"
PAGE_SIZE = 20
# Inside <script> the JSON must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json"> data block (not run: the CSP allows it as data)."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))


def _newsroom() -> dict[str, str]:
    return {
        "name": settings.FACTCHECK_ORGANISATION,
        "logo_url": settings.FACTCHECK_LOGO_URL,
        "site_url": exports.site_url("/fact-checks/"),
    }


@require_safe
def fact_check_index(request: HttpRequest) -> HttpResponse:
    """Published fact-checks, newest first, a page at a time, optionally of one verdict."""
    verdict = request.GET.get("verdict", "")
    context: dict[str, Any] = {"newsroom": _newsroom(), "verdicts": VERDICT_CHOICES, "verdict": verdict}
    if verdict and verdict not in Verdict._value2member_map_:
        allowed = ", ".join(v.value for v in Verdict)
        context["error"] = f"There is no verdict {verdict!r}; choose one of {allowed}."
        return render(request, f"{TEMPLATES}/index.html", context, status=400)
    shown = list_page(
        publication.fact_checks_public(verdict=verdict), per_page=PAGE_SIZE, asked=request.GET.get("page")
    )
    context.update(
        page=shown.page,
        page_note=shown.note,
        verdict_label=VERDICT_LABELS[Verdict(verdict)] if verdict else "",
        canonical_url=exports.site_url(request.path),
    )
    return render(request, f"{TEMPLATES}/index.html", context)


@require_safe
def fact_check_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One fact-check; 410 Gone once unpublished (or its claim deleted), 404 if there never was one."""
    fact_check = publication.fact_check_by_slug(slug)
    context: dict[str, Any] = {"newsroom": _newsroom()}
    if fact_check is None:
        return render(request, f"{TEMPLATES}/missing.html", context, status=404)
    if not fact_check.is_public or fact_check.claim.editorial_id is None:
        context["fact_check"] = fact_check
        return render(request, f"{TEMPLATES}/gone.html", context, status=410)
    return render(request, f"{TEMPLATES}/detail.html", {**context, **_detail(fact_check)})


def _detail(fact_check: FactCheck) -> dict[str, Any]:
    claim = fact_check.claim
    review = exports.claim_review(claim, fact_check)
    verdict = Verdict(claim.editorial.verdict)
    evidence = [item for item in claim.evidence.all()]
    return {
        "fact_check": fact_check,
        "claim": claim,
        "document": claim.document,
        "editorial": claim.editorial,
        "verdict": verdict.value,
        "verdict_label": VERDICT_LABELS[verdict],
        "claim_reviewed": review["claimReviewed"],
        "speaker": review["itemReviewed"].get("author"),
        "evidence": evidence,
        "claim_review": json_ld(review),
        "page_url": review["url"],
    }
