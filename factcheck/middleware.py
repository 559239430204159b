"""Refuses query strings no handler can use (a NUL byte, which PostgreSQL cannot hold in a string), in
one place for the whole site, before any view reads them: a 400, never a 500 from the database."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

API_PREFIX = "/api/"


def _refusal(request: HttpRequest, name: str) -> HttpResponse:
    message = "Contains a NUL character, which is not text."
    if request.path.startswith(API_PREFIX):
        # The API's one error shape (sources.rest.exception_handler).
        return JsonResponse(
            {"code": "invalid", "detail": f"{name}: {message}", "errors": {name: [message]}}, status=400
        )
    return HttpResponseBadRequest(f"The query parameter {name!r}: {message}")


class QueryStringMiddleware:
    """Answers 400 to a query parameter (name or value) with a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return _refusal(request, name.replace("\x00", "\\0"))
        return self.get_response(request)
