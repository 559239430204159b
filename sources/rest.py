"""API-wide conventions shared by every app: pagination, the one error shape, strict query parameters
and the unit of span offsets (code points or UTF-16)."""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404, QueryDict
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend, IsoDateTimeFilter
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

# Over this a page's offset no longer fits PostgreSQL's bigint: no list is that long.
LAST_PAGE_OFFSET = 2**62

# The largest id a bigint primary key holds: a longer number names no row.
MAX_ID = 2**63 - 1


def parse_id(text: str | None) -> int | None:
    """The id a URL or a query parameter names, or None when the text is not one: ASCII digits within a
    bigint (str.isdigit() alone also passes "²", which int() refuses)."""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class Pagination(PageNumberPagination):
    """DRF's page numbers, strict: a `page` or `page_size` that is no whole number of 1 or more is a 400
    saying so (DRF answers `?page=abc` 404 "Invalid page" and takes no notice of `?page_size=abc`). A page
    past the end stays a 404; a page size over the largest is the largest, as DRF has it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(
            _positive_number(self.page_size_query_param, raw, largest=self.max_page_size), self.max_page_size
        )

    def get_page_number(self, request: Request, paginator: Paginator) -> int | str:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        _positive_number(self.page_query_param, raw)
        return raw  # as DRF passes it on: a number past any integer is a page past the end (404)


def _positive_number(name: str, raw: str, *, largest: int = 0) -> int:
    """A query parameter's whole number of 1 or more, or a 400 naming the parameter and the value."""
    if raw.isascii() and raw.isdigit() and raw.strip("0"):
        # Python reads no more than 4300 digits: a longer number is over any page size or page count.
        return int(raw) if len(raw) <= 18 else MAX_ID
    wanted = f"a whole number from 1 to {largest}" if largest else "a whole number of 1 or more"
    raise exceptions.ValidationError({name: [f"{raw!r} is no {name}; give {wanted}."]}, code="invalid")


class TextPagination(Pagination):
    """For lists whose rows carry a whole text (revisions: each up to FACTCHECK_IMPORT_MAX_BYTES): fewer
    rows to a page, so that a page stays within 10 texts' bytes."""

    page_size = 10
    max_page_size = 10


class IdPaginator(Paginator):
    """Pages of a queryset's ids, counted in the same query (COUNT(*) OVER ()): one round trip and
    one statement to compile instead of two, for lists whose rows are then read by id."""

    def page(self, number: Any) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        bottom = (number - 1) * self.per_page
        if bottom > LAST_PAGE_OFFSET:
            raise EmptyPage("That page contains no results")
        rows = list(
            self.object_list.annotate(page_total=Window(Count("*"))).values_list("id", "page_total")[
                bottom : bottom + self.per_page
            ]
        )
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        self.__dict__["count"] = rows[0][1] if rows else 0  # Paginator.count is a cached property
        return self._get_page([pk for pk, _ in rows], number, self)


class IdPagination(Pagination):
    """Pagination answering a page of ids (IdPaginator)."""

    django_paginator_class = IdPaginator


# What refuses a request as a whole, not one field: DRF's key, and a Django form's (`__all__`).
_WHOLE_REQUEST = frozenset({"non_field_errors", NON_FIELD_ERRORS})


def error_summary(errors: Mapping[str, Any]) -> str:
    """The error shape's `detail` for a refusal by field (a serializer's errors, or a form's): every
    field's messages in one line, each after its field's name (none for a refusal of the request as a
    whole), so that someone who got two fields wrong reads both at once. Nested messages (a nested
    serializer's, a list's items') are read in order."""
    return " ".join(
        message if field in _WHOLE_REQUEST else f"{field}: {message}"
        for field, messages in errors.items()
        for message in _messages(messages)
    )


def _messages(value: object) -> list[str]:
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def error_body(code: str, errors: Mapping[str, list] | None = None, *, detail: str = "") -> dict[str, Any]:
    """The API's one error shape, {"code", "detail", "errors": {field: [messages]}}, for every answer in
    it (the API's views, the site's own refusals under /api/, the import page's JSON): `detail`, unless
    given, sums up `errors` (error_summary)."""
    errors = dict(errors or {})
    return {"code": code, "detail": detail or error_summary(errors), "errors": errors}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """One error shape for the whole API (error_body)."""
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
        response.data = error_body(str(code), detail=str(data["detail"]))
        return response
    errors = data if isinstance(data, dict) else {"non_field_errors": data}
    errors = {
        field: messages if isinstance(messages, list) else [messages] for field, messages in errors.items()
    }
    first_field = next(iter(errors), "")
    first_code = codes.get(first_field, "invalid") if isinstance(codes, dict) else "invalid"
    while isinstance(first_code, (list, dict)) and first_code:
        first_code = first_code[0] if isinstance(first_code, list) else next(iter(first_code.values()))
    response.data = error_body(str(first_code or "invalid"), errors)
    return response


# --- Query parameters ---------------------------------------------------------------------------------


# Accepted on every endpoint: pagination, DRF's format override, and the unit of span offsets.
OFFSETS_PARAM = "offsets"
COMMON_QUERY_PARAMS = frozenset({"page", "page_size", "format", OFFSETS_PARAM})


def check_query_params(request: Request, allowed: Iterable[str]) -> None:
    """Refuse query parameters the endpoint does not know: a misspelt filter must not silently
    return everything (`?stauts=published` would otherwise list every claim)."""
    accepted = COMMON_QUERY_PARAMS | set(allowed)
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        listed = ", ".join(sorted(accepted))
        raise exceptions.ValidationError(
            {
                name: [f"Unknown query parameter {name!r}; this endpoint accepts: {listed}."]
                for name in unknown
            },
            code="unknown_parameter",
        )


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, building its form class once rather than for every request, and
    copying its filters shallowly: the form copies its fields for each request anyway, and building
    the class (a field per filter) and deep-copying the filters took half a filtered page's time."""

    _form_classes: ClassVar[dict[tuple[type, frozenset[str]], type]] = {}

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        # django_filters.filterset.BaseFilterSet.__init__, with copy.copy for copy.deepcopy: each
        # request's filters point back at their filter set, but what they share (their form field
        # and options) no request changes.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # binds a FilterMethod to this copy, not the original

    def get_form_class(self) -> type:
        # Only the filters the request names: an absent one filters nothing, and each field costs a
        # copy per request. A filter reads its name, or its name and a suffix (range widgets).
        given = frozenset(
            name
            for name in self.base_filters
            if any(key == name or key.startswith(f"{name}_") for key in self.data)
        )
        key = (type(self), given)
        form_class = FilterSet._form_classes.get(key)
        if form_class is None:
            fields = {name: f.field for name, f in self.base_filters.items() if name in given}
            form_class = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
            FilterSet._form_classes[key] = form_class
        return form_class


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, answering 400 `unknown_parameter` for any query parameter that is neither a filter,
    nor a parameter of the view's other filter backends (e.g. `ordering`), nor in COMMON_QUERY_PARAMS,
    nor in the view's `extra_query_params`."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        check_query_params(request, self.accepted_params(queryset, view))
        return super().filter_queryset(request, queryset, view)

    def accepted_params(self, queryset: QuerySet, view: APIView) -> set[str]:
        accepted = set(getattr(view, "extra_query_params", ()))
        filterset_class = self.get_filterset_class(view, queryset)
        for name, filter_ in (filterset_class.base_filters if filterset_class else {}).items():
            widget = filter_.field_class.widget
            # Range filters read `<name>_min`/`<name>_max` (or `_after`/`_before`), not `<name>`.
            suffixes = getattr(filter_.extra.get("widget", widget), "suffixes", None)
            accepted |= {f"{name}_{s}" if s else name for s in suffixes} if suffixes else {name}
        for backend in getattr(view, "filter_backends", ()):
            for attribute in ("ordering_param", "search_param"):
                if hasattr(backend, attribute):
                    accepted.add(getattr(backend, attribute))
        return accepted


class _UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC. Python accepts offsets PostgreSQL cannot store (`-18:48`),
    and the database would answer a 500; in UTC every such value is an ordinary instant."""

    def to_python(self, value: Any) -> datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:  # e.g. 0001-01-01T00:00+05:00 falls before the year 1 in UTC
            raise forms.ValidationError("This time is outside the years 1 to 9999.", code="invalid") from None


class SinceFilter(IsoDateTimeFilter):
    """`?<name>_since=`: rows whose `field_name` is at or after an ISO 8601 date-time."""

    field_class = _UtcDateTimeField

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", f"At or after this ISO 8601 time ({field_name})")
        super().__init__(field_name=field_name, lookup_expr="gte", **kwargs)


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` over the view's `ordering_fields`, with the id as the last key so that rows with equal
    values keep one order from page to page. An unknown field is a 400, not silently dropped."""

    def remove_invalid_fields(
        self, queryset: QuerySet, fields: list[str], view: APIView, request: Request
    ) -> list[str]:
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        invalid = [term for term in fields if term not in valid]
        if invalid:
            names = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
            choices = ", ".join(f"{name}, -{name}" for name in names)
            raise exceptions.ValidationError(
                {self.ordering_param: [f"Cannot order by {', '.join(invalid)}; use {choices}."]},
                code="invalid_choice",
            )
        return valid

    def get_ordering(self, request: Request, queryset: QuerySet, view: APIView) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and ordering[-1].lstrip("-") not in {"id", "pk"}:
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering


# --- Offsets: code points or UTF-16 -------------------------------------------------------------------


class OffsetUnit(enum.StrEnum):
    """How span offsets are counted in a request and its response."""

    CODEPOINTS = "codepoints"  # Python str indices; what the database stores
    UTF16 = "utf16"  # JavaScript string indices; what a browser's Selection/Range counts


OFFSETS_PARAMETER = OpenApiParameter(
    OFFSETS_PARAM,
    str,
    enum=[unit.value for unit in OffsetUnit],
    default=OffsetUnit.CODEPOINTS.value,
    description=(
        "How `start` and `end` are counted, in the request body and in the response: `codepoints` "
        "(Unicode code points, the default) or `utf16` (UTF-16 code units, as JavaScript and browsers "
        "count: an emoji outside the Basic Multilingual Plane counts 2)."
    ),
)


def offset_unit(request: Request) -> OffsetUnit:
    """The offset unit a request asks for with `?offsets=`; code points when it does not say."""
    value = request.query_params.get(OFFSETS_PARAM, OffsetUnit.CODEPOINTS.value)
    try:
        return OffsetUnit(value)
    except ValueError:
        choices = " or ".join(unit.value for unit in OffsetUnit)
        raise exceptions.ValidationError(
            {OFFSETS_PARAM: [f"Unknown offset unit {value!r}; use {choices}."]}, code="invalid_choice"
        ) from None


def query_datetime(request: Request, name: str) -> datetime | None:
    """An ISO 8601 date-time query parameter (e.g. `?as_of=`) in UTC, or None; a bad value is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = _UtcDateTimeField().clean(raw)
    except forms.ValidationError as error:
        raise exceptions.ValidationError({name: list(error.messages)}, code="invalid") from None
    if value is None:
        raise exceptions.ValidationError({name: ["Give an ISO 8601 date-time."]}, code="invalid")
    return value
