"""The questionnaire's logic, live in the browser, on a questionnaire written for it: inline
constraints, required-ness that depends on answers, calculations in and around a repeat,
choice filters and a repeat whose count an answer fixes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.browser.pages import click_and_load, open_session, sign_in
from tests.helpers import copy_post_meeting_without_prefill

pytestmark = pytest.mark.browser

FORMS = Path(__file__).resolve().parents[2] / "forms"
LOGIC = """
code: pre_meeting
title: {en: Logic in the browser}
choice_lists:
  regions:
    - {value: africa, label: {en: Africa}}
    - {value: arab, label: {en: Arab region}}
  countries:
    - {value: sn, label: {en: Senegal}, properties: {region: africa}}
    - {value: ma, label: {en: Morocco}, properties: {region: arab}}
    - {value: tn, label: {en: Tunisia}, properties: {region: arab}}
sections:
  - code: s
    title: {en: Everything}
    items:
      - {code: age, type: integer, label: {en: Age}, constraint: ". >= 18",
         constraint_message: {en: "Adults only."}}
      - {code: email, type: email, label: {en: E-mail}, required: "${age} > 60"}
      - {code: region, type: select_one, choices: regions, label: {en: Region}}
      - {code: country, type: select_one, choices: countries, label: {en: Country},
         choice_filter: "region = ${region}"}
      - {code: projects, type: integer, label: {en: How many projects}}
      - code: project
        type: repeat
        label: {en: Project}
        repeat_count: "${projects}"
        items:
          - {code: budget, type: decimal, label: {en: Budget}}
          - {code: share, type: calculate, label: {en: Share of the total},
             calculation: "if(${total} > 0, int(${budget} * 100 div ${total}), 0)"}
      - {code: total, type: calculate, calculation: "sum(${budget})", label: {en: Total}}
"""


@pytest.fixture(scope="module")
def logic_server(tmp_path_factory):
    forms = tmp_path_factory.mktemp("forms")
    copy_post_meeting_without_prefill(forms)
    (forms / "pre_meeting.yaml").write_text(textwrap.dedent(LOGIC), encoding="utf-8")
    with serve(tmp_path_factory.mktemp("logic_server"), forms) as live:
        yield live


def test_the_logic_runs_as_the_user_answers(logic_server, browser):
    context, page, _ = open_session(browser, logic_server)
    sign_in(page, "focal.ng@example.org")
    page.goto("/commission/")
    click_and_load(page, page.locator("tbody tr").first.locator("button").first)

    # An inline check, with the definition's message, gone once the answer is right.
    page.locator("[name=age]").fill("12")
    errors = page.locator("#q-age [data-errors]")
    expect(errors).to_have_text("Adults only.")
    page.locator("[name=age]").fill("70")
    expect(errors).to_be_hidden()
    # Required only past 60.
    expect(page.locator("[name=email]")).to_have_attribute("aria-required", "true")
    expect(page.locator("#q-email [data-required-mark]")).to_be_visible()
    page.locator("[name=age]").fill("40")
    expect(page.locator("#q-email [data-required-mark]")).to_be_hidden()

    # Only the countries of the region chosen are offered.
    countries = page.locator("#q-country [data-choice]")
    page.locator("input[name=region][value=arab]").check()
    expect(countries.filter(visible=True)).to_have_count(2)
    page.locator("input[name=country][value=ma]").check()
    page.locator("input[name=region][value=africa]").check()
    expect(countries.filter(visible=True)).to_have_count(1)
    expect(page.locator("input[name=country][value=ma]")).not_to_be_checked()

    # The number of projects fixes the number of items (the server makes them on save);
    # totals and shares are computed as budgets are typed.
    page.locator("[name=projects]").fill("2")
    click_and_load(page, page.locator("button[name=intent][value=save]"))
    expect(page.locator("fieldset.entry")).to_have_count(2)
    expect(page.locator("button[name=intent][value^='add:']")).to_have_count(0)
    page.locator("[name='project-0-budget']").fill("30")
    page.locator("[name='project-1-budget']").fill("10")
    expect(page.locator("#q-total output")).to_have_text("40")
    expect(page.locator("#q-project-0-share output")).to_have_text("75")
    expect(page.locator("#q-project-1-share output")).to_have_text("25")
    # Budgets change no item: the page saves in place; drawn again, the server agrees.
    with page.expect_response(re.compile(r"/answers$")) as saved:
        page.locator("button[name=intent][value=save]").click()
    assert saved.value.status == 200
    page.reload()
    expect(page.locator("#q-total output")).to_have_text("40")
    page.locator("[name=projects]").fill("1")
    click_and_load(page, page.locator("button[name=intent][value=save]"))
    expect(page.locator("fieldset.entry")).to_have_count(1)
    expect(page.locator("#q-total output")).to_have_text("30")
    context.close()
