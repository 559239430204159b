"""Refuses query strings no handler can use (a NUL byte, which PostgreSQL cannot hold in a string), in
one place for the whole site, before any view reads them: a 400, never a 500 from the database. The API
answers in its error shape; a browser gets the site's 400 page, with its header and navigation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from factcheck.errors import api_error, bad_request_page, is_api


class QueryStringMiddleware:
    """Answers 400 to a query parameter (name or value) with a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return self.refuse(request, name.replace("\x00", "\\0"))
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, name: str) -> HttpResponse:
        message = "Contains a NUL character, which is not text."
        if is_api(request):
            return api_error(400, "invalid", errors={name: [message]})
        return bad_request_page(
            request, f"The query parameter “{name}” contains a NUL character, which is not text."
        )
