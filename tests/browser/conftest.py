"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

Every test here is marked `browser` (run them alone with `pytest -m browser`). Screenshots go to
var/screenshots/ for people to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Not under test-results/: pytest-playwright empties that folder at the start of every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (make test does)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # As this machine needs it: no sandbox as root, no background calls to the network it does not have.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1360, "height": 860}, "locale": "en-GB"}


@pytest.fixture
def screenshot(page: object) -> Iterator[object]:
    """screenshot("dashboard") saves var/screenshots/dashboard.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    yield take


@pytest.fixture
def signed_in(page: object, live_server: object, transactional_db: None) -> object:
    """A browser page signed in as an editor, through the sign-in form as a person does it."""
    from tests.factories import editor

    user = editor("ines", first_name="Ines")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("secret-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.user = user
    return page
