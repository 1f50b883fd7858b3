"""Sessions in a real browser: one left unused past the idle time ends, what was typed
after that stays in the tab and comes back after signing in again; signing out in another
browser ends the session of an open form the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import config
from tests.browser.conftest import serve
from tests.browser.pages import click_and_load, open_session, sign_in
from tests.conftest import need_service

pytestmark = pytest.mark.browser

AUTOSAVE_TIMEOUT = 15_000  # ms: the page saves 3 s after typing stops
IDLE_MINUTES = 1


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory):
    """A server whose sessions end after one idle minute."""
    executable = config.test_settings()["TEST_BROWSER"]
    need_service("Chromium", Path(executable).is_file(), "install Debian's chromium package")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SHURA_SESSION_IDLE_MINUTES", str(IDLE_MINUTES))
        with serve(tmp_path_factory.mktemp("idle_server")) as live:
            yield live


def open_draft(page: Page) -> str:
    page.goto("/commission/")
    click_and_load(page, page.locator("tbody tr").first.locator("form button, a.button").first)
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    address = page.url.split("?")[0]
    page.goto(f"{address}?section=activities")
    return address


def comes_back_after_signing_in(page: Page, email: str, address: str, typed: str) -> None:
    sign_in(page, email)  # same tab
    page.goto(f"{address}?section=activities")
    expect(page.locator("[name=achievements]")).to_have_value(typed)
    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "Saved at", timeout=AUTOSAVE_TIMEOUT
    )
    page.goto(f"{address}?section=activities")
    expect(page.locator("[name=achievements]")).to_have_value(typed)


def test_an_idle_session_ends_and_what_was_typed_after_comes_back(idle_server, browser):
    context, page, _ = open_session(browser, idle_server)
    sign_in(page, "focal.kz@example.org")
    address = open_draft(page)
    page.wait_for_timeout((IDLE_MINUTES * 60 + 5) * 1000)  # nobody touches the page
    typed = "Typed after a long meeting"
    page.locator("[name=achievements]").fill(typed)
    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "session has ended", timeout=AUTOSAVE_TIMEOUT
    )
    page.goto("/login")
    expect(page.locator(".flash.info").first).to_contain_text("without activity")
    comes_back_after_signing_in(page, "focal.kz@example.org", address, typed)
    context.close()


def test_signing_out_in_another_browser_ends_an_open_form(idle_server, browser):
    context, page, _ = open_session(browser, idle_server)
    sign_in(page, "focal.bd@example.org")
    address = open_draft(page)
    other, other_page, _ = open_session(browser, idle_server)
    sign_in(other_page, "focal.bd@example.org")
    click_and_load(other_page, other_page.locator("form[action='/logout'] button"))
    other.close()
    typed = "Typed in the first browser"
    page.locator("[name=achievements]").fill(typed)
    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "session has ended", timeout=AUTOSAVE_TIMEOUT
    )
    comes_back_after_signing_in(page, "focal.bd@example.org", address, typed)
    context.close()
