"""A local web site for the tests that fetch pages (the API's source_url, the CLI's URL arguments)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_server import WebServer, page, redirect, serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

PAGES = {
    "/article.html": page("text/html; charset=utf-8", (FIXTURES / "report_en.html").read_bytes()),
    "/plain": page(
        "text/plain; charset=iso-8859-1",
        "Die Anlage speichert 100 MWh, sagte Müller.\n".encode("latin-1"),
    ),
    "/image": page("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    "/huge": page("text/plain", b"word " * 5000),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
}


@pytest.fixture(scope="module")
def site_server() -> Iterator[WebServer]:
    with serve(PAGES) as server:
        yield server


@pytest.fixture(scope="module")
def site(site_server: WebServer) -> str:
    return site_server.url
