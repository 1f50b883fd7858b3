"""The exports page in a real browser: while a workbook is being prepared, its list follows
the export by itself, and the request form keeps what the reader has typed meanwhile (the
page used to reload itself every 3 seconds, throwing the half-filled form away)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.pages import open_session, sign_in

pytestmark = pytest.mark.browser


def test_the_list_follows_an_export_while_the_form_keeps_its_input(live_server, browser):
    database = live_server.log_path.parent / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        consultation = connection.execute("SELECT id FROM consultations").fetchone()[0]
        requester = connection.execute(
            "SELECT id FROM users WHERE email = 'secretariat@example.org'"
        ).fetchone()[0]
        # An export waiting for a worker, as the queue leaves it before one is started.
        connection.execute(
            "INSERT INTO export_jobs (requested_by_id, consultation_id, lang, options, status, "
            "progress, rows_done, rows_total, cancel_requested, created_at) "
            "VALUES (?, ?, 'en', ?, 'queued', 0, 0, 0, 0, datetime('now'))",
            (requester, consultation, json.dumps({"consultation_id": consultation})),
        )
        job = connection.execute("SELECT max(id) FROM export_jobs").fetchone()[0]

    context, page, dialogs = open_session(browser, live_server)
    sign_in(page, "secretariat@example.org")
    page.goto("/exports")
    jobs = page.locator("#recent-workbooks")
    expect(jobs).to_contain_text("Waiting for a worker")

    # The reader starts on another request while that one waits.
    page.locator("#lang").select_option("fr")
    page.locator("#export-form details summary").click()
    africa = page.locator("input[name=regions][value=africa]")
    africa.check()

    # The export fails elsewhere: the list says so by itself, the form is as it was.
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE export_jobs SET status = 'failed', message = 'The worker stopped.' "
            "WHERE id = ?",
            (job,),
        )
    expect(jobs).to_contain_text("The worker stopped.")
    expect(page.locator(f"#export-jobs form[action='/exports/{job}/retry']")).to_be_visible()
    expect(page.locator("#lang")).to_have_value("fr")
    expect(africa).to_be_checked()
    expect(jobs).not_to_have_attribute("data-pending", "")
    assert dialogs == []
    context.close()
