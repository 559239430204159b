"""Signing in and out in a real browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.factories import editor as make_editor


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


def test_after_five_wrong_passwords_even_the_right_one_waits_and_the_page_says_why(
    page: Page, live_server: object, transactional_db: None, screenshot: Callable
) -> None:
    make_editor("ines")
    page.goto(f"{live_server.url}/login/")
    for password in ["wrong1", "wrong2", "wrong3", "wrong4", "wrong5", "secret-password-1"]:
        page.get_by_label("Username").fill("ines")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many failed sign-ins for this account or from this address")
    expect(alert).to_contain_text("signing in is paused for 15 minutes")
    expect(page.get_by_label("Username")).to_have_value("ines")
    assert page.url.startswith(f"{live_server.url}/login/")  # not signed in
    screenshot("sign-in-locked")
