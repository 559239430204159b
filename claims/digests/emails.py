"""The digest email: rendered from its templates, with its headers, and the signed unsubscribe token."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from claims.digests.content import Digest
from claims.digests.weeks import IsoWeek
from factcheck.links import site_domain, site_url, url_to

UNSUBSCRIBE_SALT = "claims.digests.unsubscribe"  # unchanged: links in emails already sent must still work


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    text: str
    html: str
    unsubscribe_url: str


def unsubscribe_token(user_id: int) -> str:
    """A signed token that can do exactly one thing: turn this user's digest off. It does not expire:
    an unsubscribe link in an old email must still work."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int:
    """The user id in a token; signing.BadSignature when it was not made by this site (or was altered)."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, int):
        raise signing.BadSignature("not a digest unsubscribe token")
    return value


def digest_render(digest: Digest) -> RenderedDigest:
    """The subject, text and HTML of the digest email; every link in it comes from factcheck.links."""
    unsubscribe = url_to("digest-unsubscribe", unsubscribe_token(digest.user_id))
    context = {
        "digest": digest,
        "organisation": settings.FACTCHECK_ORGANISATION,
        "site_url": site_url(),  # the claim lines' paths follow it
        "profile_url": url_to("profile"),
        "orphans_url": url_to("orphans"),
        "unsubscribe_url": unsubscribe,
    }
    subject = " ".join(render_to_string("digests/email/digest_subject.txt", context).split())
    return RenderedDigest(
        subject=subject,
        text=render_to_string("digests/email/digest.txt", context),
        html=render_to_string("digests/email/digest.html", context),
        unsubscribe_url=unsubscribe,
    )


def digest_message_id(user_id: int, week: IsoWeek) -> str:
    """The same Message-ID every time this digest is sent, so a resend can be recognised as one."""
    digest_hash = salted_hmac("claims.digests.message-id", f"{user_id}:{week}").hexdigest()[:20]
    return f"<digest.{week}.{digest_hash}@{site_domain()}>"


def digest_email(
    digest: Digest, rendered: RenderedDigest, *, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    domain = site_domain()
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.email],
        connection=connection,
        headers={
            "Message-ID": digest_message_id(digest.user_id, digest.week),
            "List-Id": f"Weekly digest <digest.{domain}>",
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this URL.
            "List-Unsubscribe": f"<{rendered.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation auto-replies
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
