"""Roles: editors write, readers read. An editor is a staff user or a member of the "editors" group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from rest_framework.permissions import SAFE_METHODS, BasePermission

if TYPE_CHECKING:  # DRF's views import its settings, which import this module.
    from rest_framework.request import Request
    from rest_framework.views import APIView

EDITORS_GROUP = "editors"
READERS_GROUP = "readers"


def is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name=EDITORS_GROUP).exists()


class IsEditorOrReadOnly(BasePermission):
    """Signed-in users read; only editors write."""

    message = "Only editors can change this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return is_editor(request.user)


class IsAdminOrReadOnly(BasePermission):
    """Signed-in users read; only admins (staff) write."""

    message = "Only admins can change this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or bool(request.user.is_staff)
