"""What claims do when sources change: a new revision re-anchors the document's spans, and a publisher's
new reliability rating re-scores the claims citing it, as does a change of what verifies a document's
publisher. (A new text is searched for suggestions: claims/assist/receivers.py.)"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from claims import jobs
from claims.models import Evidence
from claims.verdicts import claims_mark_for_scoring
from sources.models import Document, Publisher
from sources.signals import revisions_added


@receiver(revisions_added)
def reanchor_after_new_revisions(sender: Any, document_ids: list[int], **kwargs: Any) -> None:
    # Guarded: the revision is stored and marked; a job not sent now is sent by the sweep.
    for document_id in document_ids:
        jobs.enqueue(jobs.REANCHOR, document_id)


def _weighed(publisher: Publisher) -> tuple[object, ...]:
    """What of a publisher weighs its documents' evidence: its rating and the domains that verify them."""
    return (publisher.reliability, publisher.domain, list(publisher.domains or []))


@receiver(pre_save, sender=Publisher)
def remember_reliability(sender: type[Publisher], instance: Publisher, **kwargs: Any) -> None:
    # Admin, API and shell all save the model; the old values are read here to compare after saving.
    old = Publisher.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._old_weighed = _weighed(old) if old is not None else None


@receiver(post_save, sender=Publisher)
def rescore_after_reliability_change(sender: type[Publisher], instance: Publisher, **kwargs: Any) -> None:
    old = getattr(instance, "_old_weighed", None)
    if old is None or old == _weighed(instance):
        return
    claim_ids = (
        Evidence.objects.filter(document__publisher=instance).values_list("claim_id", flat=True).distinct()
    )
    claims_mark_for_scoring(claim_ids)


def _attribution(document: Document) -> tuple[object, ...]:
    return (document.publisher_id, document.url, document.publisher_confirmed_at)


@receiver(pre_save, sender=Document)
def remember_attribution(sender: type[Document], instance: Document, **kwargs: Any) -> None:
    old = (
        Document.objects.filter(pk=instance.pk)
        .values_list("publisher_id", "url", "publisher_confirmed_at")
        .first()
        if instance.pk
        else None
    )
    instance._old_attribution = old


@receiver(post_save, sender=Document)
def rescore_after_attribution_change(sender: type[Document], instance: Document, **kwargs: Any) -> None:
    """A document's publisher, URL or confirmation decides whether it lends its publisher's rating."""
    old = getattr(instance, "_old_attribution", None)
    if old is None or old == _attribution(instance):
        return
    # An admin's confirmation is of one publisher: naming another voids it (an update, so it holds
    # whatever update_fields the save had).
    if old[0] != instance.publisher_id and old[2] is not None and old[2] == instance.publisher_confirmed_at:
        Document.objects.filter(pk=instance.pk).update(
            publisher_confirmed_at=None, publisher_confirmed_by=None
        )
        instance.publisher_confirmed_at = instance.publisher_confirmed_by = None
    claims_mark_for_scoring(
        Evidence.objects.filter(document=instance).values_list("claim_id", flat=True).distinct()
    )
