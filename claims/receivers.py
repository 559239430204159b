"""What claims do when sources change: a new revision re-anchors the document's spans."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from sources.signals import revisions_added


@receiver(revisions_added)
def reanchor_after_new_revisions(sender: Any, document_ids: list[int], **kwargs: Any) -> None:
    from claims.tasks import document_reanchor

    for document_id in document_ids:
        document_reanchor.delay(document_id)
