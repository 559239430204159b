"""Errors Django answers before any API view runs (no route, a request it refuses), given under /api/
in the API's one error shape and media type, so that the schema's error answers hold for them too; the
browser's pages get the site's 400 page instead (frontend's template 400.html)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.encoding import escape_uri_path
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from sources.rest import error_body

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(
    status: int, code: str, detail: str = "", errors: dict[str, list] | None = None
) -> JsonResponse:
    """An answer in the API's error shape (sources.rest.error_body)."""
    return JsonResponse(error_body(code, errors, detail=detail), status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(400, "invalid", "The request could not be read.")
    return bad_request_page(request)


def bad_request_page(request: HttpRequest, problem: str = "") -> HttpResponse:
    """The site's 400 page, in its layout (header, navigation), saying what was wrong when that is known.
    Not the exception's own words: those may tell more about the server than about the request."""
    return render(request, "400.html", {"problem": problem}, status=400)


@csrf_exempt
def no_api_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every /api/ path no API route matches. A route of its own rather than handler404 alone, because with
    DEBUG on (`make run`) Django answers an unmatched path with its HTML debug page, never the handler. It
    also stands in for APPEND_SLASH under /api/, which a route matching every path turns off: a GET without
    the trailing slash of a real route is redirected to it, any other method is told where the route is
    (Django would answer it with a 500 in DEBUG, since a redirect drops the body)."""
    if not request.path_info.endswith("/"):
        try:
            found = resolve(request.path_info + "/").func is not no_api_route
        except Resolver404:
            found = False
        # As APPEND_SLASH builds it: the path escaped again, so "1%3Fx" stays a path and no query
        with_slash = request.get_full_path(force_append_slash=True)
        if found and request.method in {"GET", "HEAD"}:
            return HttpResponsePermanentRedirect(with_slash)
        if found:
            route = escape_uri_path(request.path) + "/"
            return api_error(404, "not_found", f"Not found. The route ends with a slash: {route}")
    return api_error(404, "not_found", "Not found.")
