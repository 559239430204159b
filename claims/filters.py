"""Query filters for the claim and evidence lists (django-filter); unknown parameters are refused by
sources.rest.StrictFilterBackend, and bad values by the filters themselves, both with a 400."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES

from claims.models import (
    VERDICT_CHOICES,
    Assessment,
    Claim,
    ClaimStatus,
    EditorialVerdict,
    Evidence,
    EvidenceOrigin,
    SpeakerRole,
    Stance,
)
from sources.models import Document, Publisher
from sources.rest import FilterSet, SinceFilter


class TrueFalseFilter(filters.TypedChoiceFilter):
    """`true` or `false`, and nothing else: django-filter's BooleanFilter ignores `?orphaned=yes`,
    which would list everything while the client thinks it filtered."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true", **kwargs
        )


class VerdictNumberFilter(filters.NumberFilter):
    """A number of the computed verdict: the claim's own column (indexed), or as of `as_of` the
    verdict then, which claim_list(as_of=...) annotates as `current_score` and `current_confidence`."""

    OWN_COLUMNS = {"current_score": "support_score", "current_confidence": "confidence"}

    def filter(self, queryset: QuerySet[Claim], value: object) -> QuerySet[Claim]:
        if value in EMPTY_VALUES:
            return queryset
        column = self.field_name
        if "as_of_assessment_id" not in queryset.query.annotations:
            column = self.OWN_COLUMNS[column]
        return queryset.filter(**{f"{column}__{self.lookup_expr}": value})


class ClaimFilter(FilterSet):
    document = filters.ModelChoiceFilter(queryset=Document.objects.all())
    publisher = filters.ModelChoiceFilter(
        field_name="document__publisher", queryset=Publisher.objects.all(), label="The document's publisher"
    )
    speaker = filters.CharFilter(lookup_expr="iexact", label="Speaker (any case)")
    speaker_role = filters.ChoiceFilter(choices=SpeakerRole.choices)
    status = filters.ChoiceFilter(choices=ClaimStatus.choices)
    orphaned = TrueFalseFilter(label="Whose span re-anchoring could not place (true) or could (false)")
    created_since = SinceFilter("created_at")
    updated_since = SinceFilter("updated_at")
    q = filters.CharFilter(method="search", label="Text in the quote, the statement or the speaker")
    verdict = filters.ChoiceFilter(
        method="verdict_is", choices=VERDICT_CHOICES, label="The computed verdict (as of `as_of`)"
    )
    editorial_verdict = filters.ChoiceFilter(
        field_name="editorial__verdict", choices=VERDICT_CHOICES, label="The published editorial verdict"
    )
    score_min = VerdictNumberFilter(field_name="current_score", lookup_expr="gte", label="Support score ≥")
    score_max = VerdictNumberFilter(field_name="current_score", lookup_expr="lte", label="Support score ≤")
    confidence_min = VerdictNumberFilter(
        field_name="current_confidence", lookup_expr="gte", label="Confidence ≥"
    )
    changed_since = SinceFilter(
        "updated_at",
        method="verdict_changed_since",
        label="Whose verdict changed (computed or editorial) since",
    )

    class Meta:
        model = Claim
        fields = [
            "document",
            "publisher",
            "speaker",
            "speaker_role",
            "status",
            "orphaned",
            "created_since",
            "updated_since",
            "q",
            "verdict",
            "editorial_verdict",
            "score_min",
            "score_max",
            "confidence_min",
            "changed_since",
        ]

    def verdict_is(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if "as_of_assessment_id" in queryset.query.annotations:
            return queryset.filter(current_verdict=value)
        # The claim's own column (a claim never scored is unverified), with an index of its own.
        return queryset.filter(verdict=value)

    def verdict_changed_since(self, queryset: QuerySet[Claim], name: str, value: datetime) -> QuerySet[Claim]:
        changed = Assessment.objects.filter(created_at__gte=value).exclude(verdict=F("previous_verdict"))
        published = EditorialVerdict.objects.filter(published_at__gte=value)
        return queryset.filter(Q(id__in=changed.values("claim_id")) | Q(id__in=published.values("claim_id")))

    def search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(
            Q(exact__icontains=value) | Q(statement__icontains=value) | Q(speaker__icontains=value)
        )


class EvidenceFilter(FilterSet):
    claim = filters.ModelChoiceFilter(queryset=Claim.objects.all())
    document = filters.ModelChoiceFilter(queryset=Document.objects.all())
    stance = filters.ChoiceFilter(choices=Stance.choices)
    origin = filters.ChoiceFilter(choices=EvidenceOrigin.choices)
    orphaned = TrueFalseFilter(label="Whose passage re-anchoring could not place (true) or could (false)")
    created_since = SinceFilter("created_at")
    updated_since = SinceFilter("updated_at")

    class Meta:
        model = Evidence
        fields = ["claim", "document", "stance", "origin", "orphaned", "created_since", "updated_since"]
