"""A local web site for the tests that fetch pages (the API's source_url, the CLI's URL arguments)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

PAGES = {
    "/article.html": ("text/html; charset=utf-8", (FIXTURES / "report_en.html").read_bytes()),
    "/plain": (
        "text/plain; charset=iso-8859-1",
        "Die Anlage speichert 100 MWh, sagte Müller.\n".encode("latin-1"),
    ),
    "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    "/huge": ("text/plain", b"word " * 5000),
}


class Site(BaseHTTPRequestHandler):
    requests: list[str] = []  # the paths asked for, in order

    def do_GET(self) -> None:
        Site.requests.append(self.path)
        if self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        content_type, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
