"""The W3C Web Annotation test suite's own JSON schemas, run as a test harness.

The suite (../shared/standards/web-annotation-tests beside the project, never copied into it) lists its
assertions in three .test files: the MUST checks (annotationMusts.test) and the SHOULD and MAY checks
(annotationOptionals.test, annotationsAgentOptionals.test). Each assertion is a draft-04 JSON schema that
refers to the suite's definitions by relative names; here every schema gets one absolute base so those
references resolve offline. The suite relies on the formats "uri" and "date-time", which jsonschema only
checks with extra packages; they are checked here by their RFC 3986 / RFC 3339 grammar.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).resolve().parents[2] / "shared" / "standards" / "web-annotation-tests"
BASE = "https://web-annotation-tests.invalid/"
TESTS = ("annotationMusts.test", "annotationOptionals.test", "annotationsAgentOptionals.test")

# RFC 3986 absolute URI: a scheme, then no character a URI may not hold.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
# RFC 3339 date-time (xsd:dateTime as the model asks for): a full time with a zone.
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.IGNORECASE)

FORMATS = FormatChecker(formats=())


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(_DATE_TIME.match(value))


@dataclass(frozen=True)
class Assertion:
    path: str  # as the .test file names it, e.g. "annotations/3.1-annotationIdValidated.json"
    kind: str  # "must", "should" or "may"
    title: str
    validator: Draft4Validator

    def passes(self, annotation: dict[str, Any]) -> bool:
        return self.validator.is_valid(annotation)


def _with_base(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return {**schema, "id": BASE + name}


@cache
def assertions() -> tuple[Assertion, ...]:
    """Every assertion of the three .test files, in their order (a few appear in more than one)."""
    registry: Registry = Registry()
    for path in sorted((SUITE / "definitions").glob("*.json")):
        schema = _with_base(json.loads(path.read_text()), path.name)
        registry = registry.with_resource(schema["id"], Resource(schema, specification=DRAFT4))
    found: list[Assertion] = []
    for test in TESTS:
        for name in json.loads((SUITE / "annotations" / test).read_text())["assertions"]:
            schema = _with_base(json.loads((SUITE / name).read_text()), Path(name).name)
            # Draft 4 ignores `id` beside a top-level $ref, so the schema is entered through the registry.
            with_schema = registry.with_resource(schema["id"], Resource(schema, specification=DRAFT4))
            validator = Draft4Validator({"$ref": schema["id"]}, registry=with_schema, format_checker=FORMATS)
            found.append(Assertion(name, schema["assertionType"], schema.get("title", ""), validator))
    return tuple(found)


def failed(annotation: dict[str, Any], kind: str) -> list[str]:
    """The assertions of a kind ("must", "should") the annotation fails."""
    return sorted({a.path for a in assertions() if a.kind == kind and not a.passes(annotation)})


def count(kind: str) -> int:
    return len({a.path for a in assertions() if a.kind == kind})


def sample(kind: str, name: str) -> Any:
    """A sample of the suite's tools/samples/<kind>. Most incorrect samples carry a trailing comma beside
    their real fault (written for a lenient reader); it is dropped so that the fault is what is judged."""
    text = (SUITE / "tools" / "samples" / kind / name).read_text()
    return json.loads(re.sub(r",\s*([}\]])", r"\1", text) if kind == "incorrect" else text)


def sample_names(kind: str) -> list[str]:
    return sorted(path.name for path in (SUITE / "tools" / "samples" / kind).glob("*.json"))
