"""The Save button with JavaScript: the page sends the form with fetch and stays; whatever
goes wrong (a save from elsewhere meanwhile, a request too large, the network gone, the
session ended) the form keeps exactly what was typed and says why in the page.

All tests share one server; each works with a commission of its own.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import open_session, sign_in
from tests.browser.test_questionnaire import start_pre_meeting

pytestmark = pytest.mark.browser


def press_save(page: Page) -> int:
    """Press Save and return the status of the answer it got (the page is not left)."""
    with page.expect_response(re.compile(r"/answers$")) as answer:
        page.locator("button[name=intent][value=save]").click()
    return answer.value.status


def stays(page: Page) -> None:
    """Mark the loaded document: the mark is gone if a save loads a page."""
    page.evaluate("window.sameDocument = true")


def stayed(page: Page) -> bool:
    return page.evaluate("window.sameDocument === true")


def test_save_stays_on_the_page_and_says_when(shared_server, browser):
    context, page, dialogs = open_session(browser, shared_server)
    sign_in(page, "focal.gm@example.org")
    address = start_pre_meeting(page, "profile")
    stays(page)
    version = int(page.locator("input[name=loaded_version]").input_value())
    page.locator("[name=focal_point_name]").fill("Kwame Mensah")
    assert press_save(page) == 200
    expect(page.locator("#save-message")).to_contain_text("Saved at")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved at")
    expect(page.locator("input[name=loaded_version]")).to_have_value(str(version + 1))
    assert stayed(page)
    # A second press is based on the version the first one made: no conflict with itself.
    page.locator("[name=focal_point_position]").fill("Director")
    assert press_save(page) == 200
    assert stayed(page)
    page.goto(f"{address}?section=profile")  # no "leave the page?" question: it is saved
    expect(page.locator("[name=focal_point_name]")).to_have_value("Kwame Mensah")
    expect(page.locator("[name=focal_point_position]")).to_have_value("Director")
    assert dialogs == []
    context.close()


def test_a_save_from_elsewhere_meanwhile_keeps_the_input_and_says_so(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.sl@example.org")
    address = start_pre_meeting(page, "profile")
    stays(page)
    # The same person saves from another browser in the meantime.
    other_context, other, _ = open_session(browser, shared_server)
    sign_in(other, "focal.sl@example.org")
    other.goto(f"{address}?section=profile")
    other.locator("[name=focal_point_name]").fill("Saved from the other browser")
    assert press_save(other) == 200
    other_context.close()

    page.locator("[name=focal_point_name]").fill("Typed on this page")
    assert press_save(page) == 409
    message = page.locator("#save-message")
    expect(message).to_be_focused()
    expect(message).to_contain_text("nothing was saved")
    expect(message.get_by_role("link")).to_have_attribute("target", "_blank")
    assert page.locator("[name=focal_point_name]").input_value() == "Typed on this page"
    assert stayed(page)
    # Saving again replaces the saved answers with this page's, as the message says.
    assert press_save(page) == 200
    page.goto(f"{address}?section=profile")
    expect(page.locator("[name=focal_point_name]")).to_have_value("Typed on this page")
    context.close()


def test_a_request_too_large_is_refused_and_the_input_stays(shared_server, browser):
    """The server's 413 (what it answers past MAX_FORM_MEMORY_SIZE; see
    tests/web/test_fetch_save.py and the fault matrix for the server's side) leaves the form
    as typed. The answer is played back here: megabytes typed into a text box keep Chromium's
    layout busy for minutes, which would test the browser rather than the page."""
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.id@example.org")
    start_pre_meeting(page, "activities")
    stays(page)
    typed = "Forty schools built.\nAnd a library."
    page.locator("[name=achievements]").fill(typed)
    too_large = re.compile(r"/answers$")
    page.route(
        too_large,
        lambda route: route.fulfill(
            status=413,
            content_type="application/json",
            body='{"error": "What was sent is too large to be accepted."}',
        ),
    )
    assert press_save(page) == 413
    expect(page.locator("#save-message")).to_contain_text("too large")
    expect(page.locator("#save-message")).to_be_focused()
    assert page.locator("[name=achievements]").input_value() == typed
    assert stayed(page)
    page.unroute(too_large)
    # Once the server takes it, the same input saves.
    assert press_save(page) == 200
    context.close()


def test_the_network_gone_or_the_session_ended_keeps_the_input(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.my@example.org")
    address = start_pre_meeting(page, "activities")
    stays(page)
    page.route(re.compile(r"/answers$"), lambda route: route.abort("internetdisconnected"))
    page.locator("[name=achievements]").fill("Written on a train")
    page.locator("button[name=intent][value=save]").click()
    expect(page.locator("#save-message")).to_contain_text("cannot be reached")
    assert page.locator("[name=achievements]").input_value() == "Written on a train"
    page.unroute(re.compile(r"/answers$"))

    context.clear_cookies()  # the session ends (expired, or signed out elsewhere)
    assert press_save(page) == 401
    expect(page.locator("#save-message")).to_contain_text("session has ended")
    assert page.locator("[name=achievements]").input_value() == "Written on a train"
    assert stayed(page)
    # Signing in again in the same tab brings the input back from the tab's storage.
    sign_in(page, "focal.my@example.org")
    page.goto(f"{address}?section=activities")
    expect(page.locator("[name=achievements]")).to_have_value("Written on a train")
    context.close()
