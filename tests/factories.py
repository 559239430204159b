"""Test data: users in their roles, publishers, and documents made through the import service."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sources import services
from sources.models import Document, Publisher
from sources.permissions import EDITORS_GROUP, READERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-password-1")


def editor(username: str = "editor", **kwargs: object) -> object:
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


def reader(username: str = "reader", **kwargs: object) -> object:
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=READERS_GROUP)[0])
    return user


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher

    name = factory.Sequence(lambda n: f"Publisher {n}")
    domain = factory.Sequence(lambda n: f"publisher{n}.example")
    reliability = 0.7


def document(text: str = "A claim about 300 petaflops.\n", **overrides: object) -> Document:
    """A document imported from pasted text, the way a user would make one."""
    outcome = services.document_import(
        source=services.source_from_text(text), overrides=services.ImportOverrides(**overrides)
    )
    return outcome.document


def claim(document: Document, user: object, exact: str, **fields: object) -> object:
    """A claim on a quote of the document's current text, marked through the service."""
    from claims import services as claims

    return claims.claim_create(document=document, user=user, span=claims.SpanInput(exact=exact), **fields)


def evidence(claim: object, document: Document, user: object, exact: str = "", **fields: object) -> object:
    """Evidence for a claim: a passage of the document when `exact` is given, else the whole document."""
    from claims import services as claims

    span = claims.SpanInput(exact=exact) if exact else None
    fields.setdefault("stance", "supports")
    return claims.evidence_link(claim=claim, document=document, user=user, span=span, **fields)


def assessment(claim: object, verdict: str, score: float | None, when: object) -> object:
    """An assessment as the scoring job stores it (the verdict before it, the claim's current one after
    it), at a chosen time: weekly counts are tested on times set, not on when the test runs."""
    from claims.models import Assessment, Claim

    previous = Assessment.objects.filter(claim=claim).order_by("-created_at", "-id").first()
    made = Assessment.objects.create(
        claim=claim,
        verdict=verdict,
        previous_verdict=previous.verdict if previous else "unverified",
        support_score=score,
        confidence=0.0 if score is None else 0.5,
        algorithm_version="test",
        fingerprint=f"{claim.pk}-{when}",
        created_at=when,
    )
    Claim.objects.filter(pk=claim.pk).update(assessment=made, verdict=verdict, support_score=score)
    return made
