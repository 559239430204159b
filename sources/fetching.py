"""Fetch a web page for import without letting the URL reach inside our own network (SSRF).

Design, in short: we resolve the host name ourselves and refuse the URL if *any* resolved address is
internal (sources.addresses judges them), and then open the socket to exactly those checked addresses, so
a DNS answer that changes between the check and the connect (DNS rebinding) cannot slip an internal
address in.
The pinning is a urllib3 ``HTTPConnection``/``HTTPSConnection`` subclass whose ``_new_conn`` connects to
the checked IP and verifies ``getpeername()`` again; everything else (the Host header, SNI and certificate
verification for https) still uses the host name from the URL, because the connection's ``host`` is left
unchanged. We talk to single connections rather than a pool manager, so there are no proxies from the
environment, no cookies and no automatic redirects: our loop follows redirects and re-checks every hop.

``timeout`` bounds the *whole* fetch (DNS, every connect, every hop, the whole body): each socket operation
gets the time that is left, and a watchdog timer shuts the socket down at the deadline, which also stops a
server that drips one byte at a time. The body is read in chunks up to ``max_bytes + 1`` bytes *after*
gzip/deflate decoding (urllib3 2.8 bounds each decoding step), so a decompression bomb costs no memory.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin

import urllib3.exceptions
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.response import BaseHTTPResponse
from urllib3.util.connection import create_connection

from sources.addresses import AllowList, IPAddress, Target, refused, resolve
from sources.errors import ImportRefused

USER_AGENT = "FactcheckBot/1.0 (+import)"
REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html, text/plain, text/markdown;q=0.9, */*;q=0.1",
    # Only encodings we can decode with a bounded output size; never br/zstd surprises.
    "Accept-Encoding": "gzip, deflate",
    "Connection": "close",
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    content: bytes
    content_type: str  # media type only, lower-case, e.g. "text/html" ("" when absent)
    charset: str | None  # from the Content-Type header, if any


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    max_redirects: int = 5,
    allowed_hosts: Sequence[str] = (),
) -> Fetched:
    """Fetch `url` (following up to `max_redirects` redirects) or raise ImportRefused(field="url").

    `allowed_hosts` lists host names, IP addresses or CIDR networks that may be internal (for tests and
    intranet deployments); everything else must resolve to public addresses only.
    """
    deadline = time.monotonic() + timeout
    allow = AllowList.parse(allowed_hosts)
    current = url
    for hop in range(max_redirects + 1):
        target = Target.parse(current, origin=url)
        addresses = resolve(target, deadline)
        for address in addresses:
            if not allow.permits(target.host, address):
                raise refused(
                    target,
                    f"its address {address} is a private or internal network address, which imports may "
                    "not reach",
                    "private_address",
                )
        response = _get(target, addresses, allow, max_bytes=max_bytes, deadline=deadline)
        if response.location is None:
            return response.fetched
        if hop == max_redirects:
            raise ImportRefused(
                f"Cannot fetch {url}: it redirected more than {max_redirects} times "
                f"(the last redirect went to {response.location}).",
                field="url",
                code="too_many_redirects",
            )
        current = response.location
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


# ---------------------------------------------------------------------------------------------------------
# One request, to checked addresses only


class _PinnedMixin:
    """Connects to addresses that were already checked instead of resolving the host name again."""

    host: str
    port: int
    timeout: Any
    socket_options: Any

    def __init__(
        self,
        host: str,
        port: int,
        *,
        addresses: Sequence[IPAddress],
        permits: Callable[[IPAddress], bool],
        deadline: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(host, port, **kwargs)  # type: ignore[call-arg]
        self._addresses = addresses
        self._permits = permits
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        timed_out = False
        for address in self._addresses:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            try:
                sock = create_connection(
                    (str(address), self.port), remaining, socket_options=self.socket_options
                )
            except TimeoutError:
                timed_out = True
                continue
            except OSError:
                continue  # try the next checked address, like create_connection does for a name
            # Belt and braces: judge the address we are actually talking to, not only the one we asked for.
            peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%", 1)[0])
            if peer not in self._addresses or not self._permits(peer):
                sock.close()
                raise _ConnectRefused(f"the connection ended up at {peer}, an address imports may not reach")
            return sock
        if timed_out:
            raise TimeoutError("connecting timed out")
        raise _ConnectRefused(None)


class _PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    pass


class _ConnectRefused(Exception):
    """Raised inside the connection, turned into an ImportRefused by _get (which knows the URL)."""

    def __init__(self, problem: str | None) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class _Response:
    location: str | None  # absolute URL of the next hop, for a redirect
    fetched: Fetched


class _Watchdog:
    """Shuts the connection's socket down at the deadline, which unblocks any read or TLS handshake."""

    def __init__(self, conn: HTTPConnection, deadline: float) -> None:
        self.fired = threading.Event()
        self._conn = conn
        # http.client drops conn.sock once a "Connection: close" response starts, so the socket being read
        # is handed over explicitly; until then (connect, TLS handshake) conn.sock is the one in use.
        self.sock: socket.socket | None = None
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired.set()
        sock = self.sock or self._conn.sock
        if sock is not None:
            # The plain-socket shutdown, even on an SSLSocket: it only touches the file descriptor and
            # leaves the TLS state to the reading thread, which then sees end-of-file.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _get(
    target: Target,
    addresses: Sequence[IPAddress],
    allow: AllowList,
    *,
    max_bytes: int,
    deadline: float,
) -> _Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise refused(target, "the server took too long to answer", "timeout")
    conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = conn_class(
        target.host,
        target.port,
        addresses=addresses,
        permits=lambda address: allow.permits(target.host, address),
        deadline=deadline,
        timeout=remaining,
    )
    watchdog = _Watchdog(conn, deadline)
    try:
        with watchdog:
            try:
                return _exchange(conn, target, max_bytes=max_bytes, watchdog=watchdog)
            except ImportRefused:
                raise
            except _ConnectRefused as exc:
                if exc.problem is not None:
                    raise refused(target, exc.problem, "private_address") from None
                raise refused(target, f"could not connect to {target.host}", "unreachable") from None
            except Exception as exc:
                if watchdog.fired.is_set() or time.monotonic() >= deadline:
                    raise refused(target, "the server took too long to answer", "timeout") from exc
                raise refused(target, _describe_failure(exc), _failure_code(exc)) from exc
    finally:
        conn.close()


def _exchange(conn: HTTPConnection, target: Target, *, max_bytes: int, watchdog: _Watchdog) -> _Response:
    conn.request("GET", target.request_target, headers=REQUEST_HEADERS, preload_content=False)
    watchdog.sock = conn.sock
    if watchdog.fired.is_set():  # it fired before it knew this socket
        raise refused(target, "the server took too long to answer", "timeout")
    response = conn.getresponse()
    try:
        return _read(response, target, max_bytes=max_bytes, watchdog=watchdog)
    finally:
        # With "Connection: close" the response, not the connection, owns the socket: close it now.
        response.close()


def _read(response: BaseHTTPResponse, target: Target, *, max_bytes: int, watchdog: _Watchdog) -> _Response:
    status = response.status
    location = response.headers.get("Location")
    if status in REDIRECT_STATUSES and location:
        return _Response(location=urljoin(target.url, location.strip()), fetched=_EMPTY)
    if not 200 <= status < 300:
        reason = f" {response.reason}" if response.reason else ""
        raise refused(target, f"the server answered with HTTP status {status}{reason}", "http_status")

    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise refused(
            target,
            f"the page is {int(declared)} bytes, more than the limit of {max_bytes} bytes",
            "too_large",
        )

    # Read at most one byte past the limit (after decompression), so we know it is too large and stop.
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = response.read(amt=min(CHUNK_SIZE, max_bytes + 1 - size), decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if watchdog.fired.is_set():
        # The watchdog's shutdown looks like end-of-file; the body we have is cut off, not complete.
        raise refused(target, "the server took too long to send the page", "timeout")
    if size > max_bytes:
        raise refused(target, f"the page is larger than the limit of {max_bytes} bytes", "too_large")

    content_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
    return _Response(
        location=None,
        fetched=Fetched(url=target.url, content=b"".join(chunks), content_type=content_type, charset=charset),
    )


_EMPTY = Fetched(url="", content=b"", content_type="", charset=None)


def _parse_content_type(header: str) -> tuple[str, str | None]:
    if not header.strip():
        return "", None
    media_type = header.split(";", 1)[0].strip().lower()
    message = Message()
    message["Content-Type"] = header
    # email.message handles quoting and RFC 2231 parameters; get_content_charset lower-cases.
    return media_type, message.get_content_charset()


def _failure_code(exc: Exception) -> str:
    if isinstance(exc, TimeoutError | urllib3.exceptions.TimeoutError):
        return "timeout"
    return "unreachable"


def _describe_failure(exc: Exception) -> str:
    if isinstance(exc, TimeoutError | urllib3.exceptions.TimeoutError):
        return "the server took too long to answer"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate could not be verified ({exc.verify_message or exc.reason})"
    if isinstance(exc, ssl.SSLError):
        return "a secure (TLS) connection could not be established"
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return "the compressed page could not be decoded"
    if isinstance(exc, http.client.HTTPException | urllib3.exceptions.ProtocolError):
        return "the server sent a broken or incomplete answer"
    if isinstance(exc, ConnectionError):
        return "the connection to the server failed"
    return f"the page could not be fetched ({type(exc).__name__})"
