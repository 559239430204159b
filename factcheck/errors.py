"""Errors Django answers before any API view runs (no route, a request it refuses), given under /api/
in the API's one error shape and media type, so that the schema's error answers hold for them too."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, detail: str, errors: dict[str, list] | None = None) -> JsonResponse:
    """sources.rest.exception_handler's shape: {"code", "detail", "errors"}."""
    return JsonResponse({"code": code, "detail": detail, "errors": errors or {}}, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(400, "invalid", "The request could not be read.")
    return defaults.bad_request(request, exception)
