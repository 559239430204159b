"""The error claims, evidence and verdict writes raise for input that would break a rule."""

from __future__ import annotations


class ClaimRefused(Exception):
    """A write that would break a rule; `field` names the input it is about."""

    def __init__(self, message: str, *, field: str = "non_field_errors", code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
