"""The Content-Security-Policy in a real browser: every kind of page works under it, and the
browser reports no violation (an inline script, handler or style it had to block)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import click_and_load, open_session, sign_in
from tests.browser.test_questionnaire import start_pre_meeting

pytestmark = pytest.mark.browser


def watch_for_violations(page) -> list[str]:
    """Chromium reports each blocked inline script, handler or style on the console."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


def loaded(page, path: str) -> None:
    """Open ``path`` and check it answered: a page refused or failed proves nothing."""
    response = page.goto(path)
    assert response is not None and response.ok, (path, response and response.status)


def test_pages_work_under_the_policy_and_break_none_of_it(shared_server, browser):
    context, page, _dialogs = open_session(browser, shared_server)
    violations = watch_for_violations(page)
    response = page.goto("/login")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    sign_in(page, "focal.ma@example.org")
    address = start_pre_meeting(page)
    for section in ("profile", "priorities", "all"):
        loaded(page, f"{address}?section={section}")
    # The questionnaire's scripts run (its logic shows and hides questions as typed).
    expect(page.locator("form.questionnaire")).to_be_visible()
    loaded(page, f"{address}/print")
    # The print button works without an inline handler: its click reaches window.print.
    page.evaluate("window.print = () => { window.printedByButton = true; }")
    page.locator("button[data-print]").click()
    assert page.evaluate("window.printedByButton") is True
    loaded(page, "/api/v1/docs")
    expect(page.locator("h1")).to_contain_text("API")
    context.clear_cookies()
    sign_in(page, "secretariat@example.org")
    for path in ("/secretariat/", "/exports", "/secretariat/meetings/", "/secretariat/people/"):
        loaded(page, path)
    # A refusal's page is the app's own, under the same policy.
    response = page.goto("/no-such-page")
    assert response.status == 404 and "content-security-policy" in response.headers
    click_and_load(page, page.locator("main a[href='/']"))
    expect(page).not_to_have_url(re.compile(r"/no-such-page"))
    context.close()
    assert violations == []
