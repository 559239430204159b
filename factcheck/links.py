"""The site's links in one place: absolute URLs from URL names and FACTCHECK_SITE_URL, for emails and exports.

Code below the frontend (emails, exports) never writes a browser path itself: it asks for a URL by its
name here, so a route that moves in the URLconf moves in every email too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def site_url(path: str = "") -> str:
    """The site's base URL (FACTCHECK_SITE_URL, no trailing slash) followed by `path`."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


def site_domain() -> str:
    """The host name of the site's base URL ("localhost" when it has none), e.g. for Message-IDs."""
    return urlsplit(settings.FACTCHECK_SITE_URL).hostname or "localhost"


def path_to(name: str, *args: object, fragment: str = "") -> str:
    """The site-relative path of the named URL, with `#fragment` when given."""
    return reverse(name, args=args) + (f"#{fragment}" if fragment else "")


def url_to(name: str, *args: object, fragment: str = "") -> str:
    """The absolute URL of the named URL, as a link in an email needs it."""
    return site_url(path_to(name, *args, fragment=fragment))
