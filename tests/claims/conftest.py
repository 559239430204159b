"""Fixtures for the claims API tests: the permission trio (plus an admin), API clients for them, and
two small articles, one to claim in and one to cite."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from sources.models import Document
from tests.factories import PublisherFactory, UserFactory, document, editor, reader

ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"
)
SOURCE = (
    "Werftbericht: Die Aurelia hat einen Speicher von 1,2 Megawattstunden.\n\n"
    "Ihre Höchstgeschwindigkeit liegt bei 9 Knoten.\n"
)


# These users sign in with force_authenticate. make_password(None) gives an unusable password at once,
# where hashing one takes about 0.3 s per user (and four are made for each permission test).
NO_PASSWORD = None


@pytest.fixture
def owner() -> object:
    """The editor who creates the claims and evidence in these tests."""
    return editor("owner", password=NO_PASSWORD)


@pytest.fixture
def other_editor() -> object:
    return editor("other", password=NO_PASSWORD)


@pytest.fixture
def a_reader() -> object:
    return reader("reader", password=NO_PASSWORD)


@pytest.fixture
def admin() -> object:
    """A staff user: an editor who may change anyone's claims."""
    return UserFactory(username="admin", is_staff=True, password=NO_PASSWORD)


@pytest.fixture
def client_for() -> Callable[[object | None], APIClient]:
    """An API client signed in as the given user, or anonymous for None."""

    def make(user: object | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def api(owner: object, client_for: Callable[[object | None], APIClient]) -> APIClient:
    return client_for(owner)


@pytest.fixture
def article(db: None) -> Document:
    return document(ARTICLE, title="Solarfähre auf dem Brennsee", url="https://brennsee-bote.example/faehre")


@pytest.fixture
def source(db: None) -> Document:
    publisher = PublisherFactory(name="Werftzeitung", reliability=0.9)
    return document(
        SOURCE, title="Werftbericht Aurelia", url="https://werft.example/aurelia", publisher=publisher.name
    )
