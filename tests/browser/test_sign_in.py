"""Signing in and out in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_sign_in_and_out(signed_in: Page, live_server: object) -> None:
    expect(signed_in.get_by_role("navigation", name="Main")).to_be_visible()
    signed_in.get_by_role("button", name="Sign out").click()
    signed_in.wait_for_url(f"{live_server.url}/login/")
    expect(signed_in.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_says_so_and_stays(page: Page, live_server: object, transactional_db: None) -> None:
    from tests.factories import editor

    editor("ines")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    assert page.url.startswith(f"{live_server.url}/login/")


def test_pages_need_signing_in(page: Page, live_server: object, transactional_db: None) -> None:
    page.goto(f"{live_server.url}/documents/")
    assert "/login/?next=/documents/" in page.url
