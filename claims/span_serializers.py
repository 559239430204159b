"""What every claim and evidence serializer shares: spans and their offset unit, lean field copies,
free-text inputs, and response fields described by the models' help texts.

Offsets are Unicode code points, as stored, unless the request says `?offsets=utf16`: then `start` and
`end` are read and written in UTF-16 code units (what browsers count) and converted here, at the edge,
against the text of the revision the span is in. Services only ever see code points.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Manager, Model
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from claims import selectors
from claims.models import QUOTE_MAX, Claim, Evidence
from claims.spans import ANCHOR_FIELDS, SpanInput, stale_revision_message
from sources import anchoring
from sources.models import Document, DocumentRevision
from sources.rest import OffsetUnit

OFFSET_HELP = "Counted in Unicode code points, or in UTF-16 code units with `?offsets=utf16`."


def _no_lone_surrogates(value: str) -> None:
    """JSON can carry half an emoji ("\\ud83e"); PostgreSQL cannot store it, so refuse it as bad input."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError(
            "Contains half of a UTF-16 surrogate pair, which is not text.", code="invalid"
        ) from None


def _text(**kwargs: Any) -> serializers.CharField:
    """A free-text input kept exactly as sent (a quote's spaces matter) and storable."""
    return serializers.CharField(trim_whitespace=False, validators=[_no_lone_surrogates], **kwargs)


class RevisionTexts:
    """Revision texts for UTF-16 conversion, each loaded once per response (one query for a whole page)."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}

    def preload(self, revision_ids: Iterable[int | None]) -> None:
        missing = {pk for pk in revision_ids if pk is not None} - self._texts.keys()
        if missing:
            self._texts.update(selectors.revision_texts(missing))

    def add(self, revision_id: int, text: str) -> None:
        self._texts[revision_id] = text

    def get(self, revision_id: int) -> str:
        self.preload([revision_id])
        return self._texts[revision_id]


class _Unusual(Exception):
    """An attribute DRF reads its own way (a method to call, a missing one)."""


# DRF deep-copies every declared field for each use, which cost more than serializing a claim with its
# evidence, and a third of reading a request to mark one. A field keeps no state of its own but what
# binding sets (each copy its own; validators and choices are only read), so a shallow copy does.
# Nested serializers are still copied deeply: their fields are bound to them.
# Writing an answer, DRF's generic attribute reader (a Mapping test and a callable inspection at each
# step) took a third of a page of claims; the attributes of our instances are plain, so they are read
# with getattr, and anything else (a method, a missing attribute, a dict) by DRF's reader as before.
# (No docstring: the schema would show it as the description of each serializer without one.)
class LeanSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    @cached_property
    def _plain_fields(self) -> list[tuple[serializers.Field, list[str] | None]]:
        """The readable fields, each with the attributes to read plainly (None: DRF reads it)."""
        plain = serializers.Field.get_attribute
        return [
            (field, field.source_attrs if type(field).get_attribute is plain else None)
            for field in self._readable_fields
        ]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field, attrs in self._plain_fields:
            try:
                if attrs is None:
                    raise _Unusual
                value = instance
                for attr in attrs:
                    value = getattr(value, attr)
                    if callable(value):
                        raise _Unusual
            except (_Unusual, AttributeError, ObjectDoesNotExist):
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                if isinstance(value, PKOnlyObject) and value.pk is None:
                    value = None
            data[field.field_name] = None if value is None else field.to_representation(value)
        return data


# --- Requests ------------------------------------------------------------------------------------------


class SpanRequestSerializer(LeanSerializer):
    """Where a span is: `start`/`end`, or the `exact` quote (with `prefix`/`suffix` to tell repeated
    quotes apart), or both, which must then agree. The span is placed in the document's current revision;
    `revision` says which revision the client selected in, so a stale selection is refused, not misplaced."""

    revision = serializers.PrimaryKeyRelatedField(
        queryset=DocumentRevision.objects.defer("text"),
        required=False,
        help_text="The revision the text was selected in; refused if it is no longer the current one.",
    )
    start = serializers.IntegerField(required=False, help_text=f"Start of the span. {OFFSET_HELP}")
    end = serializers.IntegerField(required=False, help_text=f"End of the span (exclusive). {OFFSET_HELP}")
    exact = _text(
        required=False, allow_blank=True, max_length=QUOTE_MAX, help_text="The quoted text of the span."
    )
    prefix = _text(required=False, allow_blank=True, max_length=1000, help_text="Text just before it.")
    suffix = _text(required=False, allow_blank=True, max_length=1000, help_text="Text just after it.")

    def span(self, attrs: dict[str, Any], document: Document) -> SpanInput | None:
        """The span input in code points, or None when the request gives no span field."""
        if not any(name in attrs for name in ANCHOR_FIELDS):
            return None
        start, end = attrs.get("start"), attrs.get("end")
        current = document.current_revision
        revision = attrs.get("revision")
        # Convert only against the text the span will be placed in; a stale or missing revision is
        # refused by the service with its own message.
        stale = revision is not None and current is not None and revision.pk != current.pk
        if self.context.get("offset_unit") == OffsetUnit.UTF16 and current is not None and not stale:
            start = _to_codepoint(current.text, start, "start")
            end = _to_codepoint(current.text, end, "end")
        return SpanInput(
            start=start,
            end=end,
            exact=attrs.get("exact") or None,
            prefix=attrs.get("prefix", ""),
            suffix=attrs.get("suffix", ""),
        )


def _to_codepoint(text: str, offset: int | None, name: str) -> int | None:
    if offset is None:
        return None
    try:
        return anchoring.utf16_to_codepoint(text, offset)
    except anchoring.AnchorError as error:
        raise serializers.ValidationError({name: [str(error)]}, code="anchor") from None


# What marking a claim or linking a passage reads of the document: the current revision's text to place
# the span in, and the title for the answer. A document's other columns cost more to read than to fetch.
DOCUMENT_TO_MARK = Document.objects.select_related("current_revision").only(
    "title", "current_revision__number", "current_revision__text"
)


class _Unmovable(serializers.IntegerField):
    """A field a client may send back unchanged (a PUT of what it read) but not change."""

    def __init__(self, what: str) -> None:
        self.what = what  # the refusal, in words that say what to do instead
        super().__init__(required=False, help_text="Cannot change; may be sent with its current value.")


class SpanChangeSerializer(SpanRequestSerializer):
    """A change to a claim or an evidence item (the instance in context["target"]): fields that cannot
    move (_Unmovable) may only be sent back unchanged, and a span re-places it in the document's current
    revision, which the `revision` the client selected in must still be (the services' rule, here because
    their changes take no revision)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        target = self.context["target"]
        for name, field_ in self.fields.items():
            if (
                isinstance(field_, _Unmovable)
                and name in attrs
                and attrs[name] != getattr(target, f"{name}_id")
            ):
                raise serializers.ValidationError({name: [field_.what]}, code="read_only")
        document = target.document
        attrs["span"] = self.span(attrs, document)
        revision = attrs.get("revision")
        if attrs["span"] is not None and revision is not None and revision.pk != document.current_revision_id:
            message = stale_revision_message(revision, document.current_revision)
            raise serializers.ValidationError({"revision": [message]}, code="stale_revision")
        return attrs


# --- Responses -----------------------------------------------------------------------------------------
# Plain serializers with every field written out: a ModelSerializer works its fields out from the model
# on every request, which cost more than the rest of a page of claims. Help texts still come from the
# models (`_about`), so the schema says what the model says.


def _about(model: type[Model], name: str) -> dict[str, Any]:
    """The model field's help text, for a response field's schema."""
    help_text = model._meta.get_field(name).help_text
    return {"help_text": str(help_text)} if help_text else {}


def _choice(model: type[Model], name: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=model._meta.get_field(name).choices, read_only=True, **_about(model, name), **kwargs
    )


def _read(field_class: type[serializers.Field], model: type[Model], name: str, **kwargs: Any) -> Any:
    return field_class(read_only=True, **_about(model, name), **kwargs)


class SpanListSerializer(serializers.ListSerializer):
    """Loads the revision texts a page of spans needs for UTF-16 offsets in one query."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if isinstance(data, Manager) else data)
        if self.context.get("offset_unit") == OffsetUnit.UTF16:
            self.context["revision_texts"].preload(item.revision_id for item in items)
        return super().to_representation(items)


def _span_fields(model: type[Claim] | type[Evidence]) -> dict[str, serializers.Field]:
    """The response fields of a claim's or an evidence item's span."""
    nullable = {"allow_null": True} if model._meta.get_field("revision").null else {}
    return {
        "revision": serializers.IntegerField(source="revision_id", read_only=True, **nullable),
        "revision_number": serializers.IntegerField(read_only=True, allow_null=True),
        "start": serializers.IntegerField(read_only=True, allow_null=True, help_text=OFFSET_HELP),
        "end": serializers.IntegerField(read_only=True, allow_null=True, help_text=OFFSET_HELP),
        "exact": _read(serializers.CharField, model, "exact"),
        "prefix": _read(serializers.CharField, model, "prefix"),
        "suffix": _read(serializers.CharField, model, "suffix"),
        "orphaned": _read(serializers.BooleanField, model, "orphaned"),
        "anchor_confidence": _read(serializers.FloatField, model, "anchor_confidence"),
    }


class SpanResponseSerializer(LeanSerializer):
    """Writes `start` and `end` in the unit the request asked for."""

    def to_representation(self, instance: Claim | Evidence) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("offset_unit") == OffsetUnit.UTF16 and instance.revision_id is not None:
            text = self.context["revision_texts"].get(instance.revision_id)
            data["start"] = anchoring.codepoint_to_utf16(text, instance.start)
            data["end"] = anchoring.codepoint_to_utf16(text, instance.end)
        return data

    class Meta:
        list_serializer_class = SpanListSerializer
