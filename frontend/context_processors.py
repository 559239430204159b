"""Template context every page needs: the signed-in user's role."""

from __future__ import annotations

from django.http import HttpRequest

from sources.permissions import is_editor


def roles(request: HttpRequest) -> dict[str, bool]:
    # Lazy: pages that never ask do not pay for the group lookup.
    return {"user_is_editor": _Lazy(lambda: is_editor(request.user))}


class _Lazy:
    def __init__(self, compute: object) -> None:
        self.compute = compute
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = bool(self.compute())
        return self.value
