"""Who may do what with claims and evidence: signed-in users read, editors create, and only the editor
who created a claim or evidence item, or an admin, changes or deletes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from rest_framework.permissions import SAFE_METHODS, BasePermission

from sources.permissions import is_editor

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from claims.models import Claim, Evidence


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def can_change(user: AbstractBaseUser | AnonymousUser, target: Claim | Evidence) -> bool:
    """An editor changes their own claims and evidence; another editor's only if they are an admin."""
    return is_admin(user) or (is_editor(user) and target.created_by_id == user.pk)


class IsCreatorOrAdminToChange(BasePermission):
    """Reading needs a signed-in user; creating, an editor; changing or deleting (a claim or evidence
    item), its creator or an admin. Linking evidence creates evidence, so any editor may link to any claim."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = "Only editors can change claims and evidence."
        return is_editor(request.user)

    def has_object_permission(self, request: Request, view: APIView, obj: Claim | Evidence) -> bool:
        if request.method in SAFE_METHODS:
            return True
        what = obj._meta.verbose_name
        self.message = f"Only the editor who created this {what}, or an admin, can change or delete it."
        return can_change(request.user, obj)
