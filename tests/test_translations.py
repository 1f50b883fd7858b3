"""The interface in French and Arabic: every message of the code has its translations, with
the same placeholders, and pages, messages and dates come out in the reader's language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.core.languages import LANGUAGES

PROJECT = Path(__file__).resolve().parent.parent
CATALOGS = PROJECT / "app" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[srd]")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The messages the code uses now, extracted as `make messages` does."""
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "app/babel.cfg", "-o", str(pot), "app"],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


def test_the_code_has_messages_to_translate(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template}
    assert len(ids) > 250
    assert {"Save draft", "This question is required.", "Your session has ended"} <= ids


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated_with_its_placeholders(template, lang):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    problems = []
    for message in template:
        found = catalog.get(message.id)
        name = message.id if isinstance(message.id, str) else message.id[0]
        strings = () if found is None else found.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(strings):
            problems.append(f"not translated: {name!r}")
            continue
        wanted = set(PLACEHOLDER.findall(name if isinstance(message.id, str) else message.id[1]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {name!r} -> {text!r}")
    if lang == "ar":
        assert catalog.num_plurals == 6
    assert problems == [], "\n".join(problems[:40])


def test_pages_and_messages_follow_the_reader(app, client, auth, dummy_world):
    from tests.helpers import start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.post("/language/fr")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Enregistrer le brouillon" in page and "Save draft" not in page
    from babel.dates import format_date

    from tests.helpers import meeting_day

    assert format_date(meeting_day(), "long", locale="fr") in page  # the meeting date, in French
    response = client.post(
        f"/submissions/{sid}/answers",
        data={"loaded_version": "1", "intent": "submit", "section": "all"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Cette question est obligatoire." in text and "This question is required." not in text
    client.post("/language/ar")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    arabic_month = format_date(meeting_day(), "MMMM", locale="ar")
    assert 'dir="rtl"' in page and "Save draft" not in page and arabic_month in page
    client.post("/logout")
    client.delete_cookie("shura_lang")  # a new browser: it says what it prefers
    login = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Se connecter" in login.get_data(as_text=True) or "Connexion" in login.get_data(
        as_text=True
    )
