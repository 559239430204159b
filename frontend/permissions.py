"""Who may do what in the claim pages, for HTML views: the rule itself is claims.permissions (readers
read, editors write, a claim's or evidence item's creator or an admin changes it); this adds signing in
for htmx requests and the 403 page that says why."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from claims.models import Claim, Evidence
from claims.permissions import can_change, is_admin
from sources.permissions import is_editor

__all__ = [
    "can_change",
    "change_checker",
    "change_refused",
    "editor_refused",
    "is_admin",
    "is_editor",
    "signed_in",
]

View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """login_required, except that an htmx request (a verdict poll, an inline form) from a page whose
    session ended sends the whole page to the sign-in form: swapping the form into a fragment would not do."""
    plain = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated and getattr(request, "htmx", False):
            page = request.htmx.current_url_abs_path or request.get_full_path()
            login = resolve_url(settings.LOGIN_URL)
            return HttpResponseClientRedirect(f"{login}?{urlencode({'next': page})}")
        return plain(request, *args, **kwargs)

    return wrapper


def change_checker(user: AbstractBaseUser | AnonymousUser) -> Callable[[Claim | Evidence], bool]:
    """claims.permissions.can_change for one user and many objects: a list asks once whether the user
    is an editor (a query), not once per row."""
    admin, editor = is_admin(user), is_editor(user)
    return lambda target: admin or (editor and target.created_by_id == user.pk)


def change_refused(
    request: HttpRequest, target: Claim | Evidence, *, doing: str = "change it"
) -> HttpResponse | None:
    """A 403 page saying why, when the user may not change this claim or evidence item (`doing` says
    what they tried, in words for the page); None when they may."""
    if not is_editor(request.user):
        reason = "Only editors can change claims and evidence. Your account can read them."
    elif not can_change(request.user, target):
        what = "claim" if isinstance(target, Claim) else "evidence"
        owner = target.created_by.get_username() if target.created_by_id else "its creator"
        reason = f"Only {owner}, who created this {what}, or an admin can {doing}."
    else:
        return None
    return render(request, "frontend/claims/forbidden.html", {"reason": reason}, status=403)


def editor_refused(request: HttpRequest, *, doing: str) -> HttpResponse | None:
    """A 403 page saying why, when the user is not an editor (suggestions are any editor's to decide:
    they belong to no one yet); None when they are."""
    if is_editor(request.user):
        return None
    reason = f"Only editors can {doing}. Your account can read suggestions."
    return render(request, "frontend/claims/forbidden.html", {"reason": reason}, status=403)
