"""Tests for sources/fetching.py: fetching a URL for import safely, against real servers on 127.0.0.1.

An autouse guard makes any attempt to connect anywhere but loopback fail the test, so nothing here ever
sends traffic to 10.x, 169.254.x or the internet, and the SSRF tests can assert no connection was tried.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sources.errors import ImportRefused
from sources.fetching import USER_AGENT, fetch

HTML = "<html><head><title>Rack</title></head><body><p>300 Petaflops pro Rack, sagt der Artikel.</p></body>"
PLAIN = "Ein Leserkommentar: 4-Bit-Architektur, einstellige TOPS, Smartphone-Format."
LIMIT = 100_000
LOCAL = ["127.0.0.1"]


@functools.cache
def gzip_bomb() -> bytes:
    """64 MB of zeros, gzip-compressed block by block (never holding 64 MB): about 64 KB on the wire,
    under LIMIT, so only the decompressed size can trip the limit. Built on first use, not at import."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(64)]
    parts.append(compressor.flush())
    return b"".join(parts)


# ---------------------------------------------------------------------------------------------------------
# A small local web site


@dataclass
class Site:
    base: str
    port: int
    other_port: int = 0  # where /to-other-port redirects
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, headers)
    sni: list[str | None] = field(default_factory=list)  # server names from TLS handshakes

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    @property
    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SiteServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet

    def send_body(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stream(self, total: int, piece: bytes, pause: float = 0.0) -> None:
        """A body without Content-Length, ended by closing the connection."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for _ in range(total // len(piece)):
            self.wfile.write(piece)
            self.wfile.flush()
            time.sleep(pause)

    def do_GET(self) -> None:
        site = self.server.site
        site.requests.append((self.path, dict(self.headers.items())))
        route = ROUTES.get(self.path.split("?", 1)[0])
        try:
            if route is None:
                self.send_body(404, b"not here", "text/plain")
            else:
                route(self, site)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher hung up on purpose (a limit or a timeout)


def _declared_huge(h: Handler, site: Site) -> None:
    # Announces 50 MB but sends a few bytes: the fetcher must refuse on the header alone.
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    h.wfile.write(b"the start of something big")
    h.close_connection = True


def _slow(h: Handler, site: Site) -> None:
    time.sleep(2)
    h.send_body(200, b"late", "text/plain")


ROUTES: dict[str, Callable[[Handler, Site], None]] = {
    "/page.html": lambda h, s: h.send_body(200, HTML.encode(), "Text/HTML; Charset=UTF-8"),
    "/plain.txt": lambda h, s: h.send_body(200, PLAIN.encode("latin-1"), 'text/plain; charset="ISO-8859-1"'),
    "/untyped": lambda h, s: h.send_body(200, b"no type", ""),
    "/cookie": lambda h, s: h.send_body(200, b"ok", "text/plain", {"Set-Cookie": "session=secret"}),
    "/redirect/3": lambda h, s: h.redirect("/redirect/2", 301),
    "/redirect/2": lambda h, s: h.redirect("1", 307),
    "/redirect/1": lambda h, s: h.redirect(s.url("/page.html?from=redirect"), 308),
    "/loop": lambda h, s: h.redirect("/loop"),
    "/to-other-port": lambda h, s: h.redirect(f"http://127.0.0.1:{s.other_port}/page.html"),
    "/to-metadata": lambda h, s: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-file": lambda h, s: h.redirect("file:///etc/passwd"),
    "/broken": lambda h, s: h.send_body(500, b"oops", "text/plain"),
    "/huge": lambda h, s: h.stream(8 * 1024 * 1024, b"x" * 16384),
    "/declared-huge": _declared_huge,
    "/gzipped": lambda h, s: h.send_body(
        200, gzip.compress(HTML.encode()), "text/html", {"Content-Encoding": "gzip"}
    ),
    "/bomb": lambda h, s: h.send_body(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"}),
    "/slow": _slow,
    "/drip": lambda h, s: h.stream(200, b"x", pause=0.05),  # 10 s in all, one byte at a time
}


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # refused TLS handshakes and abandoned downloads are expected


class SiteServerV6(SiteServer):
    address_family = socket.AF_INET6


def _serve(tls: ssl.SSLContext | None = None, *, ipv6: bool = False) -> Iterator[Site]:
    server = SiteServerV6(("::1", 0), Handler) if ipv6 else SiteServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    host = "[::1]" if ipv6 else "127.0.0.1"
    server.site = Site(base=f"{'https' if tls else 'http'}://{host}:{port}", port=port)
    if tls is not None:
        tls.sni_callback = lambda _sock, name, _ctx: server.site.sni.append(name)
        # Handshake in the handler thread, so a client that rejects us cannot stall the accept loop.
        server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def _site_server() -> Iterator[Site]:
    yield from _serve()


@pytest.fixture(scope="module")
def _other_server() -> Iterator[Site]:
    yield from _serve()


@pytest.fixture
def other(_other_server: Site) -> Site:
    _other_server.requests.clear()
    return _other_server


@pytest.fixture
def site(_site_server: Site, other: Site) -> Site:
    _site_server.requests.clear()
    _site_server.other_port = other.port
    return _site_server


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address the code under test tries to connect to; anything but loopback fails the test."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"the fetcher tried to connect to {address}")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


def refused(code: str, url: str, **kwargs: Any) -> ImportRefused:
    kwargs = {"max_bytes": LIMIT, "timeout": 5.0, **kwargs}
    with pytest.raises(ImportRefused) as info:
        fetch(url, **kwargs)
    error = info.value
    assert (error.code, error.field) == (code, "url"), error.message
    assert url in error.message or not url.strip(), error.message
    return error


# ---------------------------------------------------------------------------------------------------------
# Pages that are fetched


def test_fetches_an_html_page(site: Site) -> None:
    fetched = fetch(site.url("/page.html"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert fetched.url == site.url("/page.html")
    assert fetched.content == HTML.encode()
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")


def test_fetches_plain_text_with_its_declared_charset(site: Site) -> None:
    fetched = fetch(site.url("/plain.txt"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert fetched.content.decode(fetched.charset or "") == PLAIN
    assert (fetched.content_type, fetched.charset) == ("text/plain", "iso-8859-1")


def test_a_page_without_content_type_has_empty_type_and_no_charset(site: Site) -> None:
    fetched = fetch(site.url("/untyped"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert (fetched.content, fetched.content_type, fetched.charset) == (b"no type", "", None)


def test_gzip_pages_are_decoded(site: Site) -> None:
    fetched = fetch(site.url("/gzipped"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert fetched.content == HTML.encode()


def test_identifies_itself_and_never_sends_cookies(site: Site) -> None:
    fetch(site.url("/cookie"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    fetch(site.url("/cookie"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    second = site.requests[1][1]
    assert second["User-Agent"] == USER_AGENT == "FactcheckBot/1.0 (+import)"
    assert all(kind in second["Accept"] for kind in ("text/html", "text/plain", "text/markdown"))
    assert second["Host"] == f"127.0.0.1:{site.port}"
    assert "Cookie" not in second


def test_follows_a_redirect_chain_to_the_final_url(site: Site) -> None:
    fetched = fetch(site.url("/redirect/3"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert fetched.url == site.url("/page.html?from=redirect")
    assert fetched.content == HTML.encode()
    assert site.paths == ["/redirect/3", "/redirect/2", "/redirect/1", "/page.html?from=redirect"]


def test_follows_a_redirect_to_another_port_of_an_allowed_address(site: Site, other: Site) -> None:
    fetched = fetch(site.url("/to-other-port"), max_bytes=LIMIT, timeout=5, allowed_hosts=LOCAL)
    assert fetched.url == other.url("/page.html")
    assert other.paths == ["/page.html"]


# ---------------------------------------------------------------------------------------------------------
# SSRF: internal addresses are refused before any connection


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/page.html",
        "http://[::1]:{port}/page.html",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://100.64.0.1/",  # carrier-grade NAT, not public either
        "http://2130706433:{port}/",
        "http://0x7f000001:{port}/",
        "http://017700000001:{port}/",
        "http://127.1:{port}/",
        "http://localhost:{port}/page.html",
        "http://LOCALHOST.:{port}/page.html",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:a9fe:a9fe]/",  # 169.254.169.254 inside IPv6
        "http://0.0.0.0:{port}/",
        "http://[::]:{port}/",
        "https://224.0.0.1/",
    ],
)
def test_internal_addresses_are_refused_without_connecting(
    template: str, site: Site, connections: list[Any]
) -> None:
    error = refused("private_address", template.format(port=site.port))
    assert "private or internal network address" in error.message
    assert connections == []
    assert site.requests == []


def test_allow_listed_address_does_not_open_other_internal_addresses(
    site: Site, connections: list[Any]
) -> None:
    refused("private_address", "http://10.0.0.1/", allowed_hosts=LOCAL)
    refused("private_address", f"http://[::1]:{site.port}/", allowed_hosts=LOCAL)
    refused("private_address", "http://169.254.169.254/", allowed_hosts=["10.0.0.0/8"])
    assert connections == []


@pytest.fixture(scope="module")
def _ipv6_server() -> Iterator[Site]:
    try:
        socket.socket(socket.AF_INET6).close()
    except OSError:
        pytest.skip("no IPv6 here")
    yield from _serve(ipv6=True)


def test_an_allow_listed_ipv6_address_is_fetched(_ipv6_server: Site, connections: list[Any]) -> None:
    url = _ipv6_server.url("/page.html")
    refused("private_address", url, allowed_hosts=LOCAL)
    fetched = fetch(url, max_bytes=LIMIT, timeout=5, allowed_hosts=["::1"])
    assert fetched.content == HTML.encode()
    assert _ipv6_server.requests[-1][1]["Host"] == f"[::1]:{_ipv6_server.port}"
    assert [address[0] for address in connections] == ["::1"]


def test_a_redirect_to_the_metadata_address_is_refused(site: Site, connections: list[Any]) -> None:
    error = refused("private_address", site.url("/to-metadata"), allowed_hosts=LOCAL)
    assert "http://169.254.169.254/latest/meta-data/" in error.message
    assert site.paths == ["/to-metadata"]
    assert all(address[0] == "127.0.0.1" for address in connections)


def test_every_redirect_hop_is_checked_against_the_allow_list(site: Site, other: Site) -> None:
    # "localhost" is allowed by name; the redirect goes to 127.0.0.1, which is not on the list.
    start = f"http://localhost:{site.port}/to-other-port"
    error = refused("private_address", start, allowed_hosts=["localhost"])
    assert f"127.0.0.1:{other.port}" in error.message
    assert site.paths == ["/to-other-port"]
    assert other.requests == []


def test_a_redirect_to_a_file_url_is_refused(site: Site) -> None:
    error = refused("scheme", site.url("/to-file"), allowed_hosts=LOCAL)
    assert "file:///etc/passwd" in error.message


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "javascript:alert(1)"]
)
def test_only_http_and_https_are_fetched(url: str, connections: list[Any]) -> None:
    error = refused("scheme", url)
    assert "only http:// and https://" in error.message
    assert connections == []


@pytest.mark.parametrize("url", ["not a url", "http://", "http:///path", "https://:443/"])
def test_addresses_without_a_host_are_refused(url: str, connections: list[Any]) -> None:
    error = refused("scheme", url)
    assert "http" in error.message
    assert connections == []


def test_a_bad_port_is_refused() -> None:
    error = refused("scheme", "http://example.com:99999/")
    assert "port" in error.message


# ---------------------------------------------------------------------------------------------------------
# DNS


@pytest.mark.parametrize("allowed", [["localhost"], ["LocalHost"], ["127.0.0.0/8"]])
def test_a_name_resolving_to_loopback_needs_the_allow_list(site: Site, allowed: list[str]) -> None:
    url = f"http://localhost:{site.port}/page.html"
    refused("private_address", url)
    assert site.requests == []
    fetched = fetch(url, max_bytes=LIMIT, timeout=5, allowed_hosts=allowed)
    assert fetched.content == HTML.encode()
    assert site.requests[0][1]["Host"] == f"localhost:{site.port}"


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> dict[str, int]:
    """Answer getaddrinfo for the given names (one answer per call, the last one repeating); count calls."""
    real = socket.getaddrinfo
    calls: dict[str, int] = {}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return real(host, port, *args, **kwargs)
        calls[host] = calls.get(host, 0) + 1
        addresses = answers[host][min(calls[host], len(answers[host])) - 1]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_a_name_that_does_not_resolve_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"nonexistent.invalid": [[]]})
    error = refused("unreachable", "http://nonexistent.invalid/page")
    assert "nonexistent.invalid could not be found" in error.message


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch, connections: list[Any]) -> None:
    _fake_dns(monkeypatch, {"mixed.example": [["93.184.215.14", "10.1.2.3"]]})
    error = refused("private_address", "http://mixed.example/")
    assert "10.1.2.3" in error.message
    assert connections == []


def test_connects_to_the_checked_address_not_a_second_lookup(
    monkeypatch: pytest.MonkeyPatch, site: Site, connections: list[Any]
) -> None:
    # DNS rebinding: the first answer passes the check, later answers point inside. We must not ask again.
    calls = _fake_dns(monkeypatch, {"rebind.example": [["127.0.0.1"], ["10.0.0.1"]]})
    url = f"http://rebind.example:{site.port}/page.html"
    fetched = fetch(url, max_bytes=LIMIT, timeout=5, allowed_hosts=["127.0.0.0/8"])
    assert fetched.content == HTML.encode()
    assert calls == {"rebind.example": 1}
    assert connections == [("127.0.0.1", site.port)]
    assert site.requests[0][1]["Host"] == f"rebind.example:{site.port}"


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = refused("unreachable", f"http://127.0.0.1:{port}/", allowed_hosts=LOCAL)
    assert "could not connect" in error.message


# ---------------------------------------------------------------------------------------------------------
# Status, size and time limits


def test_a_redirect_loop_stops_at_the_limit(site: Site) -> None:
    error = refused("too_many_redirects", site.url("/loop"), allowed_hosts=LOCAL, max_redirects=3)
    assert "more than 3 times" in error.message
    assert len(site.requests) == 4


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/broken", 500)])
def test_error_statuses_are_refused(site: Site, path: str, status: int) -> None:
    error = refused("http_status", site.url(path), allowed_hosts=LOCAL)
    assert f"HTTP status {status}" in error.message


def test_a_streamed_body_over_the_limit_is_refused(site: Site) -> None:
    error = refused("too_large", site.url("/huge"), allowed_hosts=LOCAL)
    assert f"{LIMIT} bytes" in error.message


def test_a_declared_length_over_the_limit_is_refused_before_reading(site: Site) -> None:
    error = refused("too_large", site.url("/declared-huge"), allowed_hosts=LOCAL)
    assert f"{50 * 1024 * 1024} bytes" in error.message


def test_a_gzip_bomb_is_refused_without_inflating_it(site: Site) -> None:
    gzip_bomb()  # built before measuring
    tracemalloc.start()
    try:
        refused("too_large", site.url("/bomb"), allowed_hosts=LOCAL)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the bomb inflates to 64 MB


def test_a_slow_server_times_out(site: Site) -> None:
    started = time.monotonic()
    error = refused("timeout", site.url("/slow"), allowed_hosts=LOCAL, timeout=0.5)
    assert time.monotonic() - started < 1.5
    assert "too long" in error.message


def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(site: Site) -> None:
    # Each byte arrives well within the timeout; only a deadline for the whole download stops this.
    started = time.monotonic()
    refused("timeout", site.url("/drip"), allowed_hosts=LOCAL, timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_allowed_hosts_must_be_a_list_of_valid_entries() -> None:
    with pytest.raises(TypeError):
        fetch("http://example.com/", max_bytes=LIMIT, timeout=1, allowed_hosts="127.0.0.1")
    with pytest.raises(ValueError, match="not a valid network"):
        fetch("http://example.com/", max_bytes=LIMIT, timeout=1, allowed_hosts=["10.0.0.0/33"])


# ---------------------------------------------------------------------------------------------------------
# HTTPS: the connection goes to the checked address, but TLS still checks the host name


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def _tls_server(certificate: tuple[Path, Path]) -> Iterator[Site]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    yield from _serve(context)


@pytest.fixture
def tls_site(_tls_server: Site) -> Site:
    _tls_server.requests.clear()
    _tls_server.sni.clear()
    return _tls_server


def test_https_uses_the_host_name_for_sni_and_certificate(
    tls_site: Site, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust our test certificate
    url = f"https://localhost:{tls_site.port}/page.html"
    fetched = fetch(url, max_bytes=LIMIT, timeout=5, allowed_hosts=["localhost"])
    assert fetched.content == HTML.encode()
    assert tls_site.sni == ["localhost"]
    assert tls_site.requests[0][1]["Host"] == f"localhost:{tls_site.port}"


def test_https_refuses_an_untrusted_certificate(tls_site: Site) -> None:
    error = refused(
        "unreachable", f"https://localhost:{tls_site.port}/page.html", allowed_hosts=["localhost"]
    )
    assert "certificate" in error.message
    assert tls_site.requests == []


def test_https_refuses_a_certificate_for_another_name(
    tls_site: Site, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    error = refused("unreachable", f"https://127.0.0.1:{tls_site.port}/page.html", allowed_hosts=LOCAL)
    assert "certificate" in error.message
    assert tls_site.requests == []
