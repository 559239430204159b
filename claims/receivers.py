"""What claims do when sources change: a new revision re-anchors the document's spans, a new text (of a
new document or a revision) is searched for suggestions, and a publisher's new reliability rating
re-scores the claims citing it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from claims import jobs
from sources.models import Publisher
from sources.signals import revisions_added, texts_stored


@receiver(revisions_added)
def reanchor_after_new_revisions(sender: Any, document_ids: list[int], **kwargs: Any) -> None:
    # Guarded: the revision is stored and marked; a job not sent now is sent by the sweep.
    for document_id in document_ids:
        jobs.enqueue(jobs.REANCHOR, document_id)


@receiver(texts_stored)
def suggest_after_new_texts(
    sender: Any, document_ids: list[int], suggest: bool = True, **kwargs: Any
) -> None:
    if not suggest:
        return
    for first in range(0, len(document_ids), jobs.SUGGEST_BATCH):
        jobs.enqueue(jobs.SUGGEST_DOCUMENTS, document_ids[first : first + jobs.SUGGEST_BATCH])


@receiver(pre_save, sender=Publisher)
def remember_reliability(sender: type[Publisher], instance: Publisher, **kwargs: Any) -> None:
    # Admin, API and shell all save the model; the old rating is read here to compare after saving.
    instance._old_reliability = (
        Publisher.objects.filter(pk=instance.pk).values_list("reliability", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Publisher)
def rescore_after_reliability_change(sender: type[Publisher], instance: Publisher, **kwargs: Any) -> None:
    from claims.models import Evidence
    from claims.verdicts import claims_mark_for_scoring

    old = getattr(instance, "_old_reliability", None)
    if old is None or old == instance.reliability:
        return
    claim_ids = (
        Evidence.objects.filter(document__publisher=instance).values_list("claim_id", flat=True).distinct()
    )
    claims_mark_for_scoring(claim_ids)
