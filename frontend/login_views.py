"""The answer to a sign-in refused by django-axes: the sign-in page again, saying why and for how long."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _duration(seconds: int) -> str:
    minutes = round(seconds / 60)
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{minutes} minutes"


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with the sign-in form (unbound, so nothing is tried again)."""
    cool_off = get_cool_off(request)
    pause = _duration(int(cool_off.total_seconds())) if cool_off else "a while"
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_message": (
            "Too many failed sign-ins for this account or from this address: signing in is paused for "
            f"{pause} after the last failed attempt. Then try again, or ask an admin to reset your password."
        ),
    }
    return render(request, "registration/login.html", context, status=429)
