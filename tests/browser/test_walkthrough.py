"""The acceptance walkthrough: one consultation round trip, driven through a real browser.

A commission's focal point fills in and submits the pre-meeting questionnaire, a reviewer
returns it with a comment, the focal point corrects and resubmits it, the reviewer approves
it, and the secretariat downloads the workbook holding the approved answers. Everything goes
through the web pages of a real ``shura run`` server (see conftest.py); nothing is written to
the database behind the browser's back.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, Response, expect

from tests.browser.pages import click_and_load, open_session, sign_in

pytestmark = pytest.mark.browser

EXPORT_TIMEOUT = 60_000  # ms, for a workbook to be ready (inline jobs: at once)
FOCAL = "focal.ma@example.org"
REVIEWER = "reviewer@example.org"
SECRETARIAT = "secretariat@example.org"
RETURN_COMMENT = "Please detail the budget of priority 1."
NEW_TITLE = "Teacher training and budget"

#: the first answers: every required one except ``achievements``, left for later on purpose
DRAFT_TEXT = {
    "focal_point_name": "Amina Benali",
    "focal_point_position": "Secretary-General",
    "focal_point_email": "amina@natcom.example.org",
    "priorities-0-title": "Teacher training",
}
DRAFT_CHOICES = {
    "priorities-0-sector": "education",
    "women_programmes": "yes",
    "satisfaction_cooperation": "4",
}
ACHIEVEMENTS = "Forty schools joined the network."


def state_badge(page: Page):
    return page.locator("#submission-state")


def field(page: Page, name: str):
    return page.locator(f"[name='{name}']")


def choice(page: Page, name: str, value: str):
    return page.locator(f"input[name='{name}'][value='{value}']")


def fail_on_page_message(page: Page, response: Response, doing: str) -> None:
    """If the page answered with an error message, fail with it and the flagged answers."""
    message = page.locator("#page-message")
    if message.count():
        flagged = [
            " ".join(text.split()) for text in page.locator(".question.has-error").all_inner_texts()
        ]
        pytest.fail(
            f"{doing} was refused (HTTP {response.status}): {message.inner_text()}\n"
            + "\n".join(f"  - {item}" for item in flagged),
            pytrace=False,
        )
    assert response.ok, f"{doing} answered HTTP {response.status}"


def take_action(page: Page, label: str) -> Response:
    """Press a workflow action button in the Actions card (reviewer side)."""
    return click_and_load(page, page.locator("#actions").get_by_role("button", name=label))


def open_from_review_queue(page: Page, commission: str) -> None:
    page.goto("/review/")
    expect(page.get_by_role("heading", name="Submissions to review")).to_be_visible()
    link = page.locator("table.list").get_by_role("link", name=commission, exact=True)
    expect(link).to_have_count(1)
    click_and_load(page, link)
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))


def history_rows(page: Page, action: str):
    """Rows of the #history table whose Action column reads exactly ``action``."""
    return page.locator("#history tbody tr").filter(
        has=page.locator("td:nth-child(3)", has_text=re.compile(rf"^\s*{re.escape(action)}\s*$"))
    )


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --------------------------------------------------------------------------- the walkthrough


def test_consultation_walkthrough(live_server, browser, tmp_path):
    focal_context, focal, focal_dialogs = open_session(browser, live_server)
    reviewer_context, reviewer, reviewer_dialogs = open_session(browser, live_server)
    secretariat_context, secretariat, secretariat_dialogs = open_session(browser, live_server)

    # a. The focal point of Morocco signs in (Arabic interface), switches to English and
    #    starts the pre-meeting questionnaire from the dashboard.
    sign_in(focal, FOCAL)
    expect(focal).to_have_url(re.compile(r"/commission/?$"))
    expect(focal.locator("html")).to_have_attribute("lang", "ar")
    click_and_load(focal, focal.locator("header").get_by_role("button", name="English"))
    expect(focal.locator("html")).to_have_attribute("lang", "en")
    expect(focal.get_by_role("heading", level=1)).to_have_text("Morocco: questionnaires")
    # The upcoming meeting comes first (past ones, closed, below it).
    upcoming = focal.locator("section[id^='meeting-']").first
    pre_meeting_row = upcoming.locator("tr").filter(has_text="Pre-meeting questionnaire")
    expect(pre_meeting_row).to_have_count(1)
    expect(pre_meeting_row).to_contain_text("Not started")
    click_and_load(focal, pre_meeting_row.get_by_role("button", name="Start").first)
    expect(focal).to_have_url(re.compile(r"/submissions/\d+$"))
    submission_path = focal.url[len(live_server) :]
    expect(focal.get_by_role("heading", level=1)).to_have_text("Pre-meeting questionnaire")
    expect(state_badge(focal)).to_have_text("Draft")
    # One section at a time by default; this walkthrough fills the whole form on one page.
    expect(focal.get_by_text("Section 1 of 8")).to_be_visible()
    click_and_load(focal, focal.get_by_role("button", name="All sections on one page"))
    expect(focal.locator("#section-satisfaction")).to_be_visible()

    # b. Some answers, the required "achievements" left empty on purpose; a draft is saved,
    #    and every answer is still there after leaving the page and coming back.
    for name, value in DRAFT_TEXT.items():
        field(focal, name).fill(value)
    for name, value in DRAFT_CHOICES.items():
        choice(focal, name, value).check()
    expect(field(focal, "achievements")).to_have_value("")
    # With JavaScript the draft is saved with fetch: the page stays and says when.
    with focal.expect_response(re.compile(r"/answers$")) as saved:
        focal.get_by_role("button", name="Save draft").click()
    assert saved.value.status == 200, f"Saving the draft: {saved.value.text()}"
    expect(focal.locator("#save-message")).to_contain_text("Saved at")
    expect(focal.locator("[data-autosave-status]")).to_contain_text("Saved at")
    expect(state_badge(focal)).to_have_text("Draft")

    click_and_load(focal, focal.get_by_role("link", name="My questionnaires"))
    expect(pre_meeting_row).to_contain_text("Draft")
    click_and_load(focal, pre_meeting_row.get_by_role("link", name="Open"))
    expect(focal).to_have_url(re.compile(re.escape(submission_path) + "$"))
    for name, value in DRAFT_TEXT.items():
        expect(field(focal, name), f"{name} after reopening").to_have_value(value)
    for name, value in DRAFT_CHOICES.items():
        expect(choice(focal, name, value), f"{name}={value} after reopening").to_be_checked()
    expect(field(focal, "achievements")).to_have_value("")

    # c. The missing required answer is given and the questionnaire submitted.
    field(focal, "achievements").fill(ACHIEVEMENTS)
    focal.screenshot(path=tmp_path / "form.png", full_page=True)
    response = click_and_load(focal, focal.locator("button[name=intent][value=submit]"))
    fail_on_page_message(focal, response, "Submitting the questionnaire")
    expect(state_badge(focal)).to_have_text("Submitted")
    expect(focal.locator(".flash[role=status]")).to_have_text(
        "Submit: done. The submission is now “Submitted”."
    )
    # Submitted: the answers are shown read-only, no form any more.
    expect(focal.locator("form.questionnaire")).to_have_count(0)
    expect(focal.locator("#main")).to_contain_text(ACHIEVEMENTS)

    # d. The reviewer starts the review, cannot return it without a comment, then returns it
    #    with one.
    sign_in(reviewer, REVIEWER)
    open_from_review_queue(reviewer, "Morocco")
    assert reviewer.url.endswith(submission_path)
    expect(state_badge(reviewer)).to_have_text("Submitted")
    response = take_action(reviewer, "Start review")
    fail_on_page_message(reviewer, response, "Starting the review")
    expect(state_badge(reviewer)).to_have_text("In review")

    response = take_action(reviewer, "Return for revision")
    assert response.status == 422, f"returning without a comment answered HTTP {response.status}"
    expect(reviewer.locator("#page-message")).to_contain_text("comment")
    comment_question = reviewer.locator("#actions .question.has-error")
    expect(comment_question.locator("#comment")).to_be_visible()
    expect(comment_question.locator(".error-text")).to_have_text("Required.")
    expect(state_badge(reviewer)).to_have_text("In review")

    reviewer.locator("#comment").fill(RETURN_COMMENT)
    response = take_action(reviewer, "Return for revision")
    fail_on_page_message(reviewer, response, "Returning for revision")
    expect(state_badge(reviewer)).to_have_text("Returned for revision")

    # e. The focal point sees the comment, changes an answer and submits again.
    focal.reload()
    expect(state_badge(focal)).to_have_text("Returned for revision")
    expect(focal.locator("#latest-comment")).to_contain_text(RETURN_COMMENT)
    for name, value in DRAFT_TEXT.items():  # the answers came back into the form
        expect(field(focal, name)).to_have_value(value)
    expect(field(focal, "achievements")).to_have_value(ACHIEVEMENTS)
    field(focal, "priorities-0-title").fill(NEW_TITLE)
    response = click_and_load(focal, focal.locator("button[name=intent][value=submit]"))
    fail_on_page_message(focal, response, "Submitting the revised questionnaire")
    expect(state_badge(focal)).to_have_text("Submitted")
    expect(focal.locator("#main")).to_contain_text(NEW_TITLE)

    # f. The reviewer opens it again and approves it; the history tells the whole story.
    open_from_review_queue(reviewer, "Morocco")
    assert reviewer.url.endswith(submission_path)
    expect(state_badge(reviewer)).to_have_text("Submitted")
    expect(reviewer.locator("#main")).to_contain_text(NEW_TITLE)
    response = take_action(reviewer, "Start review")
    fail_on_page_message(reviewer, response, "Starting the second review")
    expect(state_badge(reviewer)).to_have_text("In review")
    response = take_action(reviewer, "Approve")
    fail_on_page_message(reviewer, response, "Approving")
    expect(state_badge(reviewer)).to_have_text("Approved")
    expect(history_rows(reviewer, "Submit")).to_have_count(2)
    expect(history_rows(reviewer, "Start review")).to_have_count(2)
    returned = history_rows(reviewer, "Return for revision")
    expect(returned).to_have_count(1)
    expect(returned.locator("td").nth(5)).to_have_text(RETURN_COMMENT)
    expect(history_rows(reviewer, "Approve")).to_have_count(1)
    # newest first: the approval heads the table
    expect(reviewer.locator("#history tbody tr").first.locator("td").nth(2)).to_have_text("Approve")

    # g. The secretariat prepares the workbook and finds the approved answers in it.
    sign_in(secretariat, SECRETARIAT)
    click_and_load(secretariat, secretariat.get_by_role("link", name="Workbooks"))
    expect(secretariat).to_have_url(re.compile(r"/exports$"))
    secretariat.get_by_label("Language of the workbook").select_option("en")
    response = click_and_load(
        secretariat, secretariat.get_by_role("button", name="Prepare the workbook")
    )
    assert response.ok, f"requesting the workbook answered HTTP {response.status}"
    expect(secretariat.locator(".flash.error")).to_have_count(0)
    newest_job = secretariat.locator("#export-jobs tbody tr").first
    download_link = newest_job.get_by_role("link", name="Download")
    # The page refreshes itself every 3 s while a job waits; the locators follow the reloads.
    expect(newest_job).to_have_attribute(
        "data-status", re.compile(r"^(finished|failed)$"), timeout=EXPORT_TIMEOUT
    )
    if newest_job.get_attribute("data-status") == "failed":
        pytest.fail(f"the workbook could not be built: {newest_job.inner_text()}", pytrace=False)
    expect(newest_job).to_contain_text("Ready · 1 submission")
    with secretariat.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    workbook_path = tmp_path / "workbook.xlsx"
    download.save_as(workbook_path)
    assert download.suggested_filename.endswith(".xlsx")

    workbook = load_workbook(workbook_path, read_only=True)
    try:
        assert "Overview" in workbook.sheetnames, workbook.sheetnames
        overview = sheet_rows(workbook["Overview"])
        assert any("Morocco" in row for row in overview), overview[:10]

        assert workbook.sheetnames[2:5] == [
            "Pre-meeting",
            "Pre-meeting - Priority",
            "Pre-meeting - Proposal",
        ], workbook.sheetnames
        rows = sheet_rows(workbook["Pre-meeting"])
        labels, codes = rows[0], rows[1]
        data = [row for row in rows[2:] if any(v is not None for v in row)]
        assert len(data) == 1, f"expected one approved submission, got {data}"
        assert rows[2] == data[0], "the approved submission is not on row 3"
        row = dict(zip(codes, data[0], strict=False))
        assert row["_member_state"] == "Morocco" and row["achievements"] == ACHIEVEMENTS, row
        assert row["_state"] == "Approved" and labels[codes.index("_state")] == "State"
        priorities = sheet_rows(workbook["Pre-meeting - Priority"])
        item = dict(zip(priorities[1], priorities[2], strict=False))
        assert (item["_submission_id"], item["_member_state"]) == (row["_submission_id"], "Morocco")
        assert item["title"] == NEW_TITLE, priorities
        entries = sheet_rows(workbook["Proposals and recommendations"])
        assert NEW_TITLE in [entry[8] for entry in entries[2:]], entries
    finally:
        workbook.close()

    assert focal_dialogs + reviewer_dialogs + secretariat_dialogs == []
    for context in (focal_context, reviewer_context, secretariat_context):
        context.close()
