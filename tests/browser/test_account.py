"""The profile's API tokens in real Chromium: a new token's key is shown once, and reloading the page
shown after creating one makes no second token. Screenshot to look at: token-created."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_reloading_after_a_new_token_makes_no_second_token_and_hides_the_key(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.tokens.models import ApiToken

    page = signed_in
    page.goto(f"{live_server.url}/profile/")
    page.get_by_label("New token name").fill("newsroom dashboard")
    page.get_by_role("button", name="Create token").click()

    key = page.locator(".account-key")
    expect(key).to_be_visible()
    screenshot("token-created", full_page=False)
    assert key.inner_text().startswith(ApiToken.objects.get().key_start)

    # Before, the key came in the POST's answer: a reload asked to send the form again and made a second.
    page.reload()

    expect(page.get_by_role("cell", name="newsroom dashboard")).to_be_visible()
    expect(key).to_have_count(0)
    assert ApiToken.objects.count() == 1
