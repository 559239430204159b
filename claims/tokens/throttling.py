"""Who is asking, and how often they fail to authenticate: the client's address for django-axes (failed
sign-ins, per account and per address) and DRF's rate throttling of failed API token attempts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest | Request) -> str | None:
    """The client's IP address. Behind the TLS proxy (BEHIND_TLS_PROXY=1) every request comes from the
    proxy, so the address the proxy appended to X-Forwarded-For is the client's; anything to the left of it
    was written by the client and is not trusted."""
    meta = request.META
    if settings.FACTCHECK_CLIENT_ADDRESS_FROM_PROXY:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR") or None  # None: a request made in code (force_login), no client


class TokenFailureThrottle(SimpleRateThrottle):
    """Failed `Authorization: Token` attempts per address (FACTCHECK_TOKEN_FAILURE_RATE, e.g. "10/minute").
    Only failures count; while an address is over the rate, even a valid token is refused until the
    oldest failure leaves the window, so guessing keys is slow."""

    scope = "token_failures"

    def get_rate(self) -> str:
        return settings.FACTCHECK_TOKEN_FAILURE_RATE

    def get_cache_key(self, request: HttpRequest | Request, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}

    def blocked(self, request: Request) -> bool:
        """Whether the address is over the rate now (records nothing)."""
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        try:
            history = self.cache.get(self.key, [])
        except RedisError as error:
            # Redis (the cache) is down: the API goes on serving tokens unguarded rather than answering
            # 500 to every one, as the browser and the jobs go on. Keys are long and random: a guess made
            # meanwhile still gets nowhere.
            logger.warning("Token failures not checked, the cache is unreachable: %s", error)
            history = []
        self.history = [t for t in history if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def record_failure(self, request: Request) -> None:
        try:
            # Adds this failure to the address's history while under the rate.
            self.allow_request(request, None)
        except RedisError as error:
            logger.warning("Token failure not counted, the cache is unreachable: %s", error)
