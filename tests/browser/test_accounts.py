"""Accounts in a real browser: the secretariat invites an editor; with no mail server the
invitation waits in the outbox, where its link is read; the editor chooses a password with
it, fills in and saves, and is told who submits; the secretariat deactivates them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.pages import click_and_load, open_session, sign_in

PASSWORD = "chosen-in-the-browser"


def test_an_invited_editor_joins_fills_in_and_is_deactivated(live_server, browser):
    context, page, dialogs = open_session(browser, live_server)
    sign_in(page, "secretariat@example.org")
    page.goto("/secretariat/people/")
    click_and_load(page, page.get_by_role("link", name="Invite someone"))
    page.get_by_label("E-mail").fill("new.editor@example.org")
    page.get_by_label("Name").fill("Nadia Editor")
    page.get_by_label("Role").select_option("commission")
    page.get_by_label("Commission", exact=True).select_option(label="Morocco")
    page.locator("#language").select_option("en")
    click_and_load(page, page.get_by_role("button", name="Send the invitation"))
    expect(page.locator(".flash")).to_contain_text("Nadia Editor is invited")
    expect(page.locator("#account-status")).to_contain_text("has not chosen a password yet")

    page.goto("/secretariat/outbox")
    row = page.locator("tr", has_text="new.editor@example.org")
    row.locator("summary").click()
    body = row.locator("p.pre").inner_text()
    link = re.search(r"https?://\S+(/password/[\w-]+)", body).group(1)

    joiner_context, joiner, joiner_dialogs = open_session(browser, live_server)
    joiner.goto(link)
    expect(joiner.locator("h1")).to_contain_text("Welcome to Shura, Nadia Editor")
    joiner.locator("#password").fill(PASSWORD)
    joiner.locator("#confirmation").fill(PASSWORD + "x")
    click_and_load(joiner, joiner.get_by_role("button", name="Save the password and sign in"))
    expect(joiner.locator("#confirmation-error")).to_contain_text("not the same")
    joiner.locator("#password").fill(PASSWORD)
    joiner.locator("#confirmation").fill(PASSWORD)
    click_and_load(joiner, joiner.get_by_role("button", name="Save the password and sign in"))
    expect(joiner).to_have_url(re.compile(r"/commission/$"))

    # The editor starts Morocco's questionnaire, saves, and sees no Submit button.
    start = joiner.locator("#next-steps button", has_text="Start").first
    click_and_load(joiner, start)
    expect(joiner.locator("#held-note")).to_contain_text("your commission's focal point")
    expect(joiner.locator("#form-buttons button[value=submit]")).to_have_count(0)
    joiner.locator("#focal_point_name").fill("Nadia Editor")
    with joiner.expect_response(re.compile(r"/answers$")) as saved:  # saved with fetch
        joiner.get_by_role("button", name="Save draft").click()
    assert saved.value.status == 200, saved.value.text()
    expect(joiner.locator("#save-message")).to_contain_text("Saved at")
    joiner.reload()  # what was saved is what the server gives back
    expect(joiner.locator("#focal_point_name")).to_have_value("Nadia Editor")

    # The link is spent.
    response = joiner.goto(link)
    assert response.status == 410

    # Deactivated, the editor's open session ends at once.
    page.goto("/secretariat/people/")
    click_and_load(page, page.get_by_role("link", name="Nadia Editor"))
    click_and_load(page, page.get_by_role("button", name="Deactivate"))
    expect(page.locator("#account-status")).to_contain_text("Deactivated")
    joiner.goto("/commission/")
    expect(joiner).to_have_url(re.compile(r"/login"))
    assert not dialogs and not joiner_dialogs, dialogs + joiner_dialogs
    joiner_context.close()
    context.close()
