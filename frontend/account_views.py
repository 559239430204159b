"""The editor's own pages: profile (digest subscription, API tokens), the digest preview, and the
unsubscribe link from the digest email, which works without signing in because its token authorises it."""

from __future__ import annotations

import zoneinfo
from functools import cache

from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from claims.digests import emails, selectors, services
from claims.digests.content import Digest
from claims.digests.models import DigestSubscription
from claims.digests.weeks import (
    IsoWeek,
    due_week,
    ended_before_joining,
    next_digest,
    scheduled_send,
    zone_of,
)
from claims.tokens.selectors import tokens_of
from claims.tokens.services import TokenNameTaken, api_token_create, api_token_revoke
from sources.permissions import is_editor

ACCOUNT_TEMPLATES = "frontend/account"


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Region/City names (plus UTC); the legacy and POSIX aliases zoneinfo also knows only confuse."""
    skip = ("Etc/", "SystemV/", "posix/", "right/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/")
    names = sorted(
        name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith(skip)
    )
    return [(name, name.replace("_", " ")) for name in ["UTC", *names]]


class SubscriptionForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices, label="Time zone")

    class Meta:
        model = DigestSubscription
        fields = ["enabled", "weekday", "hour", "time_zone"]
        labels = {"enabled": "Send me the weekly digest", "weekday": "Day", "hour": "Hour"}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A zone saved before it left this server's list still shows as chosen.
        current = self.initial.get("time_zone") or self.instance.time_zone
        field = self.fields["time_zone"]
        if current and current not in dict(time_zone_choices()):
            field.choices = [(current, current), *time_zone_choices()]


# The session key under which new tokens' names and keys wait for the page that shows them once: a list,
# as an editor may create a second token (another tab, the back button) before the profile page loads.
NEW_KEYS = "new_api_token_keys"


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Name", help_text="What the token is for, e.g. “newsroom dashboard”."
    )


def _profile_page(
    request: HttpRequest,
    *,
    form: SubscriptionForm | None = None,
    token_form: TokenForm | None = None,
    new_keys: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {
        "tokens": tokens_of(user=user),
        "token_form": token_form or TokenForm(),
        "new_keys": new_keys or [],
        "is_editor": is_editor(user),
    }
    if context["is_editor"]:
        subscription = selectors.subscription_of(user)
        week, due = next_digest(subscription, timezone.now(), user.date_joined)
        context.update(
            form=form or SubscriptionForm(instance=subscription),
            subscription=subscription,
            next_week=week,
            next_due=due,
            deliveries=selectors.recent_deliveries(user),
        )
    return render(request, f"{ACCOUNT_TEMPLATES}/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        new_keys = [(name, key) for name, key in request.session.pop(NEW_KEYS, [])]
        response = _profile_page(request, new_keys=new_keys)
        if new_keys:
            add_never_cache_headers(response)  # the back button must not bring the key back from a cache
        return response
    if not is_editor(request.user):
        return _profile_page(request, status=403)
    form = SubscriptionForm(request.POST, instance=selectors.subscription_of(request.user))
    if not form.is_valid():
        return _profile_page(request, form=form, status=400)
    data = form.cleaned_data
    subscription = services.digest_subscription_update(
        user=request.user,
        enabled=data["enabled"],
        weekday=data["weekday"],
        hour=data["hour"],
        time_zone=data["time_zone"],
    )
    if subscription.enabled:
        messages.success(request, "Saved. Your weekly digest settings are updated.")
    else:
        messages.success(request, "Saved. You will not get the weekly digest.")
    return redirect("profile")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    try:
        _, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
    except TokenNameTaken as taken:
        form.add_error("name", f"{taken} Choose another.")
        return _profile_page(request, token_form=form, status=400)
    # Post-redirect-get, so that reloading the page makes no second token. The key rides in the session
    # (stored on the server) to the next page, which takes it out: shown once, never stored with the token.
    # Added to the keys still waiting there, not in their place: each is shown once.
    request.session[NEW_KEYS] = [*request.session.get(NEW_KEYS, []), (form.cleaned_data["name"], key)]
    return HttpResponseRedirect(reverse("profile") + "#tokens-heading")


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(user=request.user), pk=token_id)
    if request.method == "GET":
        return render(request, f"{ACCOUNT_TEMPLATES}/token_revoke.html", {"token": token})
    api_token_revoke(token=token)
    messages.success(
        request,
        format_html(
            "Revoked the token “<bdi>{}</bdi>”. Programs using it can no longer sign in.", token.name
        ),
    )
    return redirect("profile")


def _preview_week(request: HttpRequest, subscription: DigestSubscription) -> tuple[IsoWeek, str]:
    """The week asked for in ?week=, else the one the next digest reports; and an error to show."""
    default, _ = next_digest(subscription, timezone.now(), request.user.date_joined)
    asked = request.GET.get("week", "").strip()
    if not asked:
        return default, ""
    try:
        return IsoWeek.parse(asked), ""
    except ValueError as error:
        return default, str(error)


def _editor_digest(request: HttpRequest) -> tuple[Digest, str] | HttpResponse:
    if not is_editor(request.user):
        return render(request, f"{ACCOUNT_TEMPLATES}/not_editor.html", status=403)
    subscription = selectors.subscription_of(request.user)
    week, error = _preview_week(request, subscription)
    return selectors.digest_build(user=request.user, week=week), error


@login_required
def digest_preview(request: HttpRequest) -> HttpResponse:
    built = _editor_digest(request)
    if isinstance(built, HttpResponse):
        return built
    digest, error = built
    now = timezone.now()
    delivery = selectors.delivery_of(request.user, digest.week)
    subscription = selectors.subscription_of(request.user)
    due = scheduled_send(subscription, digest.week)
    context = {
        "digest": digest,
        "error": error,
        "rendered": emails.digest_render(digest),
        "delivery": delivery,
        "in_progress": digest.start <= now < digest.end,
        "due": due,
        "overdue": due <= now,
        # The hourly run still sends a missed digest for a day (weeks.CATCH_UP); later ones are history.
        "catching_up": digest.week == due_week(subscription, request.user.date_joined, now),
        "before_joining": ended_before_joining(digest.week, request.user.date_joined, zone_of(subscription)),
        "previous_week": digest.week.previous(),
        "next_week": digest.week.next(),
    }
    return render(request, f"{ACCOUNT_TEMPLATES}/digest_preview.html", context, status=400 if error else 200)


@login_required
@csp_replace({"style-src": ["'unsafe-inline'"], "img-src": ["'none'"]})
def digest_preview_email(request: HttpRequest) -> HttpResponse:
    """The email exactly as it would be sent (HTML, or ?format=text). Its styles are inline, as email
    needs, so this one response allows inline styles; it has no scripts and loads nothing."""
    built = _editor_digest(request)
    if isinstance(built, HttpResponse):
        return built
    rendered = emails.digest_render(built[0])
    if request.GET.get("format") == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


# The token in the URL is the authorisation, and RFC 8058's one-click POST comes from a mail client
# without a CSRF cookie, so this view cannot ask for one; it changes one setting of the token's owner.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id = emails.unsubscribe_user_id(token)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, ObjectDoesNotExist):
        return render(request, f"{ACCOUNT_TEMPLATES}/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        subscribed = selectors.subscription_of(user).enabled
        context = {"email": user.email, "subscribed": subscribed, "token": token}
        return render(request, f"{ACCOUNT_TEMPLATES}/unsubscribe.html", context)
    services.digest_unsubscribe(user_id=user.pk)
    return render(request, f"{ACCOUNT_TEMPLATES}/unsubscribe_done.html", {"email": user.email})
