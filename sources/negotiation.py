"""The API's content negotiation (settings' DEFAULT_CONTENT_NEGOTIATION_CLASS). A module of its own:
DRF's views import it while they load, so it imports nothing that imports them (sources.rest does)."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's, with an unknown `?format=` a 400 naming the formats there are (DRF answers it 404 Not found,
    as if the address were wrong)."""

    def filter_renderers(self, renderers: list[BaseRenderer], format: str) -> list[BaseRenderer]:
        known = [renderer for renderer in renderers if renderer.format == format]
        if not known:
            formats = " or ".join(renderer.format for renderer in renderers)
            raise exceptions.ValidationError(
                {"format": [f"Unknown format {format!r}; use {formats}."]}, code="invalid_choice"
            )
        return known
