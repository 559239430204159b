"""With a real Celery worker and Redis: a new revision is re-anchored in the background."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim
from sources import services as sources
from tests.factories import editor

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

URL = "https://brennsee-bote.example/faehre"
TEXT = "Die Fähre fährt seit Sonntag.\n\nIhr Speicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n"


def test_the_worker_re_anchors_a_claim_after_a_new_revision(worker_process: object) -> None:
    document = sources.document_import(
        source=sources.source_from_text(TEXT), overrides=sources.ImportOverrides(url=URL)
    ).document
    claim = services.claim_create(
        document=document, user=editor(), span=services.SpanInput(exact="1,2 Megawattstunden")
    )

    sources.document_import(
        source=sources.source_from_text("Eilmeldung.\n" + TEXT), overrides=sources.ImportOverrides(url=URL)
    )

    worker_process.wait_for(
        lambda: Claim.objects.get(pk=claim.pk).revision.number == 2,
        timeout=30,
        what="the claim to be re-anchored",
    )
    claim.refresh_from_db()
    assert claim.start == TEXT.index("1,2 Megawatt") + len("Eilmeldung.\n")
    assert "document_reanchor" in worker_process.output()
