"""API-wide conventions shared by every app: pagination and the one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """One error shape for the whole API: {"code": ..., "detail": ..., "errors": {field: [messages]}}."""
    # Django's own 404 and 403 carry no code; give them DRF's so every error has one.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    if isinstance(data, dict) and set(data) == {"detail"}:
        code = codes.get("detail", "error") if isinstance(codes, dict) else codes
        response.data = {"code": str(code), "detail": str(data["detail"]), "errors": {}}
        return response
    errors = data if isinstance(data, dict) else {"non_field_errors": data}
    errors = {
        field: messages if isinstance(messages, list) else [messages] for field, messages in errors.items()
    }
    first_field, first_messages = next(iter(errors.items()), ("", [""]))
    first_code = codes.get(first_field, "invalid") if isinstance(codes, dict) else "invalid"
    while isinstance(first_code, (list, dict)) and first_code:
        first_code = first_code[0] if isinstance(first_code, list) else next(iter(first_code.values()))
    response.data = {
        "code": str(first_code or "invalid"),
        "detail": f"{first_field}: {first_messages[0]}"
        if first_field != "non_field_errors"
        else str(first_messages[0]),
        "errors": errors,
    }
    return response
