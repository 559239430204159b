"""Where an import may go (SSRF): a URL's hop parsed and checked, its host name resolved within the
fetch's deadline, and every resolved address judged: internal addresses (loopback, private, link-local,
multicast, reserved, unspecified, or not globally routable, with IPv4 hidden inside IPv6 unwrapped first)
are refused unless the allow-list names them. The fetch (sources.fetching) connects to exactly the
addresses checked here.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from sources.errors import ImportRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# NAT64 gateways forward 64:ff9b::a.b.c.d to the embedded IPv4 address.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Target:
    url: str  # this hop's URL
    origin: str  # the URL the caller asked for, so a refusal on a redirect hop can name both
    scheme: str
    host: str  # lower-case, IDNA-encoded, no brackets
    port: int
    request_target: str  # path and query, percent-encoded

    @classmethod
    def parse(cls, url: str, *, origin: str) -> Target:
        def refuse(problem: str) -> ImportRefused:
            return _refusal(url, origin, problem, "scheme")

        try:
            parts = urlsplit(url.strip())
        except ValueError:  # e.g. an unclosed "[" around an IPv6 address
            raise refuse("this is not a valid web address") from None
        if parts.scheme not in ("http", "https"):
            shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
            raise refuse(f"only http:// and https:// web addresses can be imported, this one has {shown}")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise refuse("the address has no host name")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise refuse("the port number is not valid") from None
        if any(ch.isspace() or ord(ch) < 0x20 for ch in host):
            raise refuse("the host name contains spaces or control characters")
        try:
            # getaddrinfo, the Host header and SNI all want the ASCII form of international names.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise refuse(f"the host name {host!r} is not valid") from None
        # Percent-encode what http.client would otherwise reject, without double-encoding "%xx".
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
        query = quote(parts.query, safe="/?%:@!$&'()*+,;=~")
        return cls(
            url=url,
            origin=origin,
            scheme=parts.scheme,
            host=host,
            port=port,
            request_target=f"{path}?{query}" if query else path,
        )


def refused(target: Target, problem: str, code: str) -> ImportRefused:
    """The refusal of one hop, naming the URL asked for too when a redirect led there."""
    return _refusal(target.url, target.origin, problem, code)


def _refusal(url: str, origin: str, problem: str, code: str) -> ImportRefused:
    where = url if url == origin else f"{url} (redirected from {origin})"
    return ImportRefused(f"Cannot fetch {where}: {problem}.", field="url", code=code)


def ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host stands for, including the inet_aton forms browsers and libc accept
    (2130706433, 0x7f000001, 017700000001, 127.1), so those never depend on what the resolver does."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def resolve(target: Target, deadline: float) -> list[IPAddress]:
    literal = ip_literal(target.host)
    if literal is not None:
        return [literal]
    # getaddrinfo cannot be interrupted, so it runs in a daemon thread and we stop waiting at the deadline.
    outcome: list[Any] = []

    def lookup() -> None:
        try:
            outcome.append(socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM))
        except Exception as exc:  # handed to the waiting thread below
            outcome.append(exc)

    thread = threading.Thread(target=lookup, name="fetch-dns", daemon=True)
    thread.start()
    thread.join(max(deadline - time.monotonic(), 0))
    if not outcome:
        raise refused(target, f"looking up the host name {target.host} timed out", "timeout")
    if isinstance(outcome[0], Exception):
        raise refused(target, f"the host name {target.host} could not be found", "unreachable")
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in outcome[0]:
        # Drop an IPv6 zone ("fe80::1%eth0"); the address itself is what the policy judges.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise refused(target, f"the host name {target.host} has no addresses", "unreachable")
    return addresses


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address really leads to, where it embeds one (::ffff:127.0.0.1 and the
    like), so the IPv4 rules and allow-list entries apply to it."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_internal(address: IPAddress) -> bool:
    address = unwrap(address)
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        # Also shared/carrier-grade space (100.64.0.0/10) and the other ranges that are not routed publicly.
        or not address.is_global
    )


@dataclass(frozen=True)
class AllowList:
    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Sequence[str]) -> AllowList:
        if isinstance(entries, str):
            # A bare string would be read character by character and allow nothing useful.
            raise TypeError("allowed_hosts must be a list of host names, addresses or networks")
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            entry = entry.strip()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if "/" in entry:
                    raise ValueError(f"allowed_hosts entry {entry!r} is not a valid network") from None
                names.add(entry.lower().rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def permits(self, host: str, address: IPAddress) -> bool:
        if not is_internal(address) or host in self.names:
            return True
        candidates = {address, unwrap(address)}
        return any(candidate in network for candidate in candidates for network in self.networks)
