"""The questionnaire page in a real browser: live logic, autosave, input kept across an ended
session and a change of language, long pastes, clearing a choice, the page without
JavaScript, every page within its viewport, and an accessibility scan in three languages.

All tests share one server; each works with a commission of its own, so none sees another's
drafts.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import TIMEOUT, click_and_load, open_session, sign_in

pytestmark = pytest.mark.browser

AUTOSAVE_TIMEOUT = 15_000  # ms: the page saves 3 s after typing stops
SERIOUS = ("serious", "critical")


def start_pre_meeting(page: Page, section: str | None = None) -> str:
    """Start the pre-meeting questionnaire from the dashboard; return its address."""
    page.goto("/commission/")
    row = page.locator("tbody tr").first
    click_and_load(page, row.locator("form button, a.button").first)
    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    address = page.url.split("?")[0]
    if section:
        page.goto(f"{address}?section={section}")
    return address


def choose_language(page: Page, lang: str) -> None:
    """Switch the interface language (nothing to do when it is the current one)."""
    switch = page.locator(f"form[data-language-switch] button[lang={lang}]")
    if switch.count():
        click_and_load(page, switch)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def box(page: Page, path: str):
    return page.locator(f"#q-{path}")


def test_questions_show_and_hide_as_answers_change(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.ng@example.org")
    start_pre_meeting(page, "year_of_women")
    expect(box(page, "women_rights")).to_be_hidden()
    page.locator("input[name=women_programmes][value=yes]").check()
    expect(box(page, "women_rights")).to_be_visible()
    page.locator("input[name=women_programmes][value=no]").check()
    expect(box(page, "women_rights")).to_be_hidden()
    page.goto(page.url.replace("year_of_women", "challenges"))
    expect(box(page, "challenges_other")).to_be_hidden()
    page.locator("input[name=challenges][value=other]").check()
    expect(box(page, "challenges_other")).to_be_visible()
    context.close()


def test_the_draft_saves_itself_and_says_when(shared_server, browser):
    context, page, dialogs = open_session(browser, shared_server)
    sign_in(page, "focal.ug@example.org")
    address = start_pre_meeting(page, "profile")
    page.locator("[name=focal_point_name]").fill("Grace Mwangi")
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("Saved at", timeout=AUTOSAVE_TIMEOUT)
    page.goto(f"{address}?section=profile")  # no "leave the page?" question: it is saved
    expect(page.locator("[name=focal_point_name]")).to_have_value("Grace Mwangi")
    # An answer that cannot be saved yet is said so, and the rest is saved.
    page.locator("[name=staff_count]").fill("twelve")
    page.locator("[name=focal_point_position]").fill("Secretary-General")
    expect(status).to_contain_text("except 1 answer", timeout=AUTOSAVE_TIMEOUT)
    page.goto(f"{address}?section=profile")
    expect(page.locator("[name=focal_point_position]")).to_have_value("Secretary-General")
    assert dialogs == []
    context.close()


def test_unsaved_input_survives_an_ended_session_in_the_same_tab(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.kz@example.org")
    address = start_pre_meeting(page, "activities")
    context.clear_cookies()  # the session ends (expired, or signed out in another tab)
    page.locator("[name=achievements]").fill("Typed while signed out")
    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "session has ended", timeout=AUTOSAVE_TIMEOUT
    )
    sign_in(page, "focal.kz@example.org")  # same tab
    page.goto(f"{address}?section=activities")
    expect(page.locator("[name=achievements]")).to_have_value("Typed while signed out")
    expect(page.locator(".flash.info")).to_contain_text("put back in the form")
    expect(page.locator("[data-autosave-status]")).to_contain_text(
        "Saved at", timeout=AUTOSAVE_TIMEOUT
    )
    page.goto(f"{address}?section=activities")
    expect(page.locator("[name=achievements]")).to_have_value("Typed while signed out")
    context.close()


def test_unsaved_input_survives_a_change_of_language(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.pk@example.org")
    start_pre_meeting(page, "activities")
    page.locator("[name=achievements]").fill("Written just before switching")
    click_and_load(page, page.locator("form[data-language-switch] button[lang=fr]"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("[name=achievements]")).to_have_value("Written just before switching")
    context.close()


def test_a_long_paste_is_counted_refused_and_kept(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.bj@example.org")
    start_pre_meeting(page, "activities")
    pasted = "Nos réalisations. " * 700  # 12,600 characters for a 10,000 box
    page.locator("[name=achievements]").fill(pasted)
    counter = page.locator("#achievements-count")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    with page.expect_response(re.compile(r"/answers$")) as saved:
        page.locator("button[name=intent][value=save]").click()  # saved with fetch
    assert saved.value.status == 422
    expect(page.locator("#save-message")).to_be_focused()
    # In the focal point's language (Benin's account reads French).
    expect(page.locator("#save-message")).to_contain_text("sauf 1 réponse à corriger")
    assert page.locator("[name=achievements]").input_value() == pasted  # exactly as typed
    expect(box(page, "achievements").locator(".error-text")).to_be_visible()
    expect(box(page, "achievements").locator(".error-text")).to_contain_text("10")
    described = page.locator("[name=achievements]").get_attribute("aria-describedby")
    assert "achievements-error" in described
    assert page.locator("[name=achievements]").get_attribute("aria-invalid") == "true"
    context.close()


def test_an_optional_choice_can_be_cleared(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.tg@example.org")
    start_pre_meeting(page, "cooperation")
    click_and_load(page, page.locator("button[name=intent][value='add:proposals']"))
    radio = page.locator("input[name='proposals-0-proposal_type'][value=training]")
    radio.check()
    expect(radio).to_be_checked()
    box(page, "proposals-0-proposal_type").get_by_role("button").click()  # no page load
    expect(radio).not_to_be_checked()
    context.close()


def test_the_form_works_without_javascript(shared_server, browser):
    context = browser.new_context(base_url=shared_server, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    sign_in(page, "focal.ml@example.org")
    address = start_pre_meeting(page, "priorities")
    page.locator("[name='priorities-0-title']").fill("Literacy")
    click_and_load(page, page.locator("button[name=intent][value='add:priorities']"))
    expect(page.locator("[name='priorities-0-title']")).to_have_value("Literacy")
    expect(page.locator("[name='priorities-1-title']")).to_be_visible()
    page.goto(f"{address}?section=year_of_women")
    expect(box(page, "women_rights")).to_be_hidden()
    page.locator("input[name=women_programmes][value=yes]").check()
    click_and_load(page, page.locator("button[name=intent][value=save]"))
    expect(box(page, "women_rights")).to_be_visible()  # relevance re-evaluated on save
    context.close()


def presses_to_submit(page: Page, use_skip_link: bool) -> int:
    page.locator("body").focus()
    presses = 0
    for _ in range(200):
        if use_skip_link and presses == 2:
            page.keyboard.press("Enter")  # on "Skip to the buttons"
        else:
            page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
        if focused == ["intent", "submit"]:
            return presses
    return presses


def test_submit_is_a_few_key_presses_away(shared_server, browser):
    context, page, _ = open_session(browser, shared_server)
    sign_in(page, "focal.bd@example.org")
    address = start_pre_meeting(page, "profile")
    assert presses_to_submit(page, use_skip_link=True) <= 6
    assert presses_to_submit(page, use_skip_link=False) <= 30
    page.goto(f"{address}?section=profile")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    context.close()


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_its_viewport(shared_server, browser, width):
    context = browser.new_context(base_url=shared_server, viewport={"width": width, "height": 800})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    visited = []

    def check(label):
        scroll, inner = page_width(page)
        visited.append(label)
        assert scroll <= inner, (
            f"{label} in {page.locator('html').get_attribute('lang')}: {scroll}px wide in {inner}px"
        )

    for lang in ("ar", "fr", "en"):
        page.goto("/login")
        choose_language(page, lang)
        check("sign-in page")
    sign_in(page, "focal.jo@example.org")  # Jordan: Arabic
    check("dashboard")
    address = start_pre_meeting(page)
    for section in ("profile", "priorities", "challenges", "cooperation", "satisfaction", "all"):
        page.goto(f"{address}?section={section}")
        check(f"form, section {section}")
    page.goto(f"{address}/print")
    check("printable view")
    context.clear_cookies()
    sign_in(page, "reviewer@example.org")
    choose_language(page, "ar")
    page.goto("/review/?show=all")
    check("review queue")
    context.clear_cookies()
    sign_in(page, "secretariat@example.org")
    choose_language(page, "ar")
    for path in ("/secretariat/", "/exports"):
        page.goto(path)
        check(path)
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_axe_finds_no_serious_issue(shared_server, browser, lang):
    context, page, _ = open_session(browser, shared_server)
    found = {}
    page.goto("/login")
    choose_language(page, lang)
    found["sign-in"] = serious_violations(page)
    focal = {"en": "af", "fr": "cm", "ar": "om"}[lang]
    sign_in(page, f"focal.{focal}@example.org")
    choose_language(page, lang)
    found["dashboard"] = serious_violations(page)
    address = start_pre_meeting(page)
    for section in ("profile", "priorities", "challenges", "year_of_women", "satisfaction"):
        page.goto(f"{address}?section={section}")
        found[f"form {section}"] = serious_violations(page)
    click_and_load(page, page.locator("button[name=intent][value=submit]"))  # with errors
    found["form with errors"] = serious_violations(page)
    context.clear_cookies()
    sign_in(page, "reviewer@example.org")
    choose_language(page, lang)
    page.goto("/review/?show=all")
    found["review queue"] = serious_violations(page)
    context.clear_cookies()
    sign_in(page, "secretariat@example.org")
    choose_language(page, lang)
    for path in ("/secretariat/", "/exports"):
        page.goto(path)
        found[path] = serious_violations(page)
    problems = {where: issues for where, issues in found.items() if issues}
    assert problems == {}, problems
    context.close()
