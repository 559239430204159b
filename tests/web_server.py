"""A local web server for the tests that fetch pages: fixed replies by path, on 127.0.0.1 and a free port.

tests/sources/test_fetching.py keeps its own server: it needs TLS, IPv6, streamed and stalled bodies.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


def page(content_type: str, body: bytes) -> Reply:
    return Reply(200, body, {"Content-Type": content_type})


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


@dataclass
class WebServer:
    url: str  # "http://127.0.0.1:PORT"
    requests: list[str] = field(default_factory=list)  # the paths asked for, in order


@contextmanager
def serve(replies: Mapping[str, Reply]) -> Iterator[WebServer]:
    """Serve `replies` by path (the query string is ignored in the lookup); any other path is a 404."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            reply = replies.get(self.path.split("?", 1)[0])
            if reply is None:
                self.send_error(404)
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args: object) -> None:
            pass  # keep test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield WebServer(f"http://127.0.0.1:{server.server_address[1]}", requests)
    finally:
        server.shutdown()
        server.server_close()
