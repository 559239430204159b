"""The OpenAPI schema lists every answer the API gives, in one place for every view: the error answers
(in the one error shape, sources.rest.exception_handler) and each success in every media type the view
renders. Set as DRF's DEFAULT_SCHEMA_CLASS, so a new endpoint is covered without saying so."""

from __future__ import annotations

import copy
from typing import Any

from drf_spectacular import openapi
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API."""

    code = serializers.CharField(help_text="What went wrong, for programs: `not_found`, `invalid`, ….")
    detail = serializers.CharField(
        help_text="What went wrong, for people: every problem, each after its field's name."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="Every problem, by field (`non_field_errors` for the request as a whole); may be empty.",
    )


# Answers any operation may give, with why; 401 and 403 only where authentication applies, 415 only
# where a body is read. 414 comes from the web server (gunicorn) before the API, as its own page.
ERRORS = {
    "400": "Bad input: an unknown query parameter, a value that does not fit, or a body that is not valid.",
    "401": "No valid credentials: a missing, wrong or expired token.",
    "403": "Signed in, but not allowed: a reader writing, or changing what someone else made.",
    "404": "No such thing, or a page past the end of the list.",
    "406": "None of the media types in Accept can be given.",
    "415": "The body's Content-Type is not one this operation reads.",
    "429": "Too many requests; try again after the time in Retry-After.",
}
WEB_SERVER_ERRORS = {"414": "The URL is longer than the web server accepts."}
AUTHENTICATED = frozenset({"401", "403"})
WITH_BODY = frozenset({"415"})


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: openapi.Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        media_types = self.map_renderers("media_type")
        for code, response in responses.items():
            content = response.get("content")
            if code.startswith("2") and content:
                # Content negotiation gives the same data in any of the view's renderers.
                given = next(iter(content.values()))
                for media_type in media_types:
                    content.setdefault(media_type, copy.deepcopy(given))
        authenticated = any(requirement for requirement in self.get_auth())
        has_body = self.method in {"POST", "PUT", "PATCH"}
        for code, description in ERRORS.items():
            if code in responses or (code in AUTHENTICATED and not authenticated):
                continue
            if code in WITH_BODY and not has_body:
                continue
            response = self._get_response_for_code(ErrorSerializer, code, media_types, direction)
            response["description"] = description
            responses[code] = response
        for code, description in WEB_SERVER_ERRORS.items():
            responses.setdefault(code, {"description": description})
        return responses
