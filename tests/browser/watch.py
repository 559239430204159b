"""What browser tests watch for on a page: any sign that imported code ran or the CSP was broken."""

from __future__ import annotations

from playwright.sync_api import Page


def watch_for_code(page: Page) -> list[str]:
    """Everything that would show imported code ran or a page broke its CSP: dialogs, errors, CSP reports."""
    seen: list[str] = []

    def on_dialog(dialog: object) -> None:
        seen.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.append(f"error: {error}"))
    page.on(
        "console",
        lambda message: (
            seen.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return seen
