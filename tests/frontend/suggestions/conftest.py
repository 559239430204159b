"""Who uses the suggestion pages, and what they are about: an editor's and a reader's browser (CSRF checked
as for real), the article with suggestions, and a claim with evidence suggested from two other documents
(imported and marked as users do, their jobs run on commit).

The article has an emoji before its suggestions, so UTF-16 offsets (what the page gives the browser)
differ from the stored code points and a mix-up cannot pass.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from claims.models import Claim
from sources.models import Document
from tests.factories import PublisherFactory, editor, reader
from tests.suggestion_samples import FORUM, RACK, REVIEW


@pytest.fixture
def anna() -> object:
    return editor("anna", password=None)


@pytest.fixture
def as_editor(anna: object) -> Client:
    """An editor's browser: CSRF checked as for real, the token taken from a page as reader.js takes it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    return client


@pytest.fixture
def as_reader() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader("rolf", password=None))
    return client


@pytest.fixture
def rack(imported: Callable[..., Document]) -> Document:
    return imported(RACK, title="SkyRack 512", language="de")


@pytest.fixture
def petaflops(imported: Callable[..., Document], marked: Callable[..., Claim], rack: Document, anna: object):
    """A claim with evidence suggested from a review (supports) and a forum comment (contradicts)."""
    PublisherFactory(name="Rechenwerk", domain="rechenwerk.example", reliability=0.8)
    imported(
        REVIEW,
        title="SkyRack review",
        language="en",
        publisher="Rechenwerk",
        url="https://rechenwerk.example/skyrack",
    )
    imported(FORUM, title="Forum SkyRack", language="de")
    return marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")
