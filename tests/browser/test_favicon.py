"""Every page names its icon, so the browser asks for no /favicon.ico and logs no 404 in its console."""

from __future__ import annotations

from typing import Any

import pytest
from django.templatetags.static import static


def watch_failures(page: Any) -> list[str]:
    """Console errors and answers of 400 or more, as a person with the developer tools open sees them."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if message.type == "error" else None)
    page.on(
        "response",
        lambda answer: seen.append(f"{answer.status} {answer.url}") if answer.status >= 400 else None,
    )
    return seen


def assert_icon_shown(page: Any, site: str) -> None:
    href = page.locator('link[rel="icon"]').get_attribute("href")
    answer = page.request.get(f"{site}{href}")
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/login/", "/fact-checks/"])
def test_a_page_without_sign_in_has_an_icon_and_no_404(page: Any, live_server: Any, path: str) -> None:
    failures = watch_failures(page)

    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")

    assert failures == []
    assert_icon_shown(page, live_server.url)


def test_the_signed_in_pages_have_an_icon_and_no_404(signed_in: Any, live_server: Any) -> None:
    failures = watch_failures(signed_in)

    for path in ["/", "/documents/", "/documents/import/"]:
        signed_in.goto(f"{live_server.url}{path}")
        signed_in.wait_for_load_state("networkidle")
        assert_icon_shown(signed_in, live_server.url)

    assert failures == []


@pytest.mark.django_db(transaction=True)
def test_favicon_ico_asked_for_by_itself_is_the_icon(page: Any, live_server: Any) -> None:
    """A browser asks for /favicon.ico where nothing names an icon (a JSON answer, a file): no 404."""
    answer = page.request.get(f"{live_server.url}/favicon.ico")

    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.django_db(transaction=True)
def test_favicon_ico_redirects_for_now_not_for_good(page: Any, live_server: Any) -> None:
    """The icon's file name carries its content's hash: a browser told "moved for good" would keep asking
    for today's name after the icon changes and its old file is gone. A temporary redirect is asked again."""
    answer = page.request.get(f"{live_server.url}/favicon.ico", max_redirects=0)

    assert answer.status == 302
    assert answer.headers["location"] == static("frontend/favicon.svg")
