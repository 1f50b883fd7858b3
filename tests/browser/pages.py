"""What the browser tests share: a signed-in page per user, clicks that load pages."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

TIMEOUT = 10_000  # ms, for every action and assertion
PASSWORD = "shura-demo"

expect.set_options(timeout=TIMEOUT)


def open_session(browser: Browser, base_url: str) -> tuple[BrowserContext, Page, list[str]]:
    """A browser context of its own (cookies, session) for one user, its page, and a list
    that collects any dialog the page opens."""
    context = browser.new_context(accept_downloads=True, base_url=base_url)
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        # A "leave the page?" prompt here would mean a saved form still counted as changed.
        dialogs.append(f"{dialog.type}: {dialog.message!r} on {page.url}")
        dialog.accept()

    page.on("dialog", on_dialog)
    return context, page, dialogs


def click_and_load(page: Page, target) -> Response:
    """Click a button or link that loads a new page; return the page's final response."""
    with page.expect_navigation() as navigation:
        target.click()
    response = navigation.value
    assert response is not None, f"no document was loaded after clicking {target}"
    return response


def sign_in(page: Page, email: str) -> None:
    """Sign in whatever the page's language (the fields are found by id, not by label)."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    response = click_and_load(page, page.locator("main button[type=submit]"))
    assert response.ok, f"signing in as {email} answered HTTP {response.status}"
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(page.locator("form[action='/logout'] button")).to_be_visible()
