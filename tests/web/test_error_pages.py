"""The application's own error pages: every refusal in the reader's language and direction,
with the way back; a server error and a database outage included."""

from __future__ import annotations

import html
import socket

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests

from app.core.errors import Conflict
from app.core.i18n import _
from app.extensions import db
from app.web.error_pages import DATABASE_UNAVAILABLE, MESSAGES
from tests.conftest import make_app
from tests.helpers import PASSWORD, create_user


@pytest.fixture
def error_app(tmp_path):
    """An app with routes that fail on purpose, and server errors answered as in
    production (not raised into the test)."""
    app = make_app(f"sqlite:///{tmp_path / 'errors.sqlite3'}", tmp_path)
    app.config.update(PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=1024 * 1024)

    @app.route("/test-refusal/<int:status>", methods=["GET", "POST"])
    def refusal(status):
        if status == 429:
            raise TooManyRequests(retry_after=30)  # as Flask-Limiter refuses
        abort(status)

    @app.route("/test-conflict", methods=["POST"])
    def conflict():
        raise Conflict(_("Someone else changed it meanwhile."))

    @app.route("/test-crash")
    def crash():
        raise RuntimeError("a bug")

    with app.app_context():
        db.create_all()
    return app


def in_language(app, lang: str, message) -> str:
    """``message`` as the app's catalog says it in ``lang``."""
    with app.test_request_context(headers={"Accept-Language": lang}):
        return str(message)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def check_page(app, response, status: int, lang: str, message) -> str:
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = page_of(response)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    assert in_language(app, lang, message) in page
    assert 'href="/"' in page  # the way back home
    assert "Traceback" not in page and "Werkzeug" not in page
    return page


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_every_refusal_has_the_apps_page_in_the_readers_language(error_app, lang):
    client = error_app.test_client()
    headers = {"Accept-Language": lang}
    cases = [
        (client.get("/no-such-page", headers=headers), 404, MESSAGES[404]),
        (client.get("/logout", headers=headers), 405, MESSAGES[405]),
        (client.post("/login", data={"email": "a\x00"}, headers=headers), 400, "U+0000"),
        (client.get("/test-refusal/400", headers=headers), 400, MESSAGES[400]),
        (client.get("/test-refusal/403", headers=headers), 403, MESSAGES[403]),
        (client.post("/test-refusal/409", headers=headers), 409, MESSAGES[409]),
        (client.post("/test-conflict", headers=headers), 409, "Someone else changed it"),
        (client.post("/test-refusal/422", headers=headers), 422, MESSAGES[422]),
        (client.get("/test-refusal/429", headers=headers), 429, MESSAGES[429]),
        (client.get("/test-crash", headers=headers), 500, MESSAGES[500]),
    ]
    for response, status, message in cases:
        if message in ("U+0000", "Someone else changed it"):
            assert message in page_of(response), status
            message = ""
        check_page(error_app, response, status, lang, message)
    too_large = client.post("/login", data={"email": "x" * 2_000_000}, headers=headers)
    page = check_page(error_app, too_large, 413, lang, "")
    if lang == "en":
        assert "a file of more than 1 MB" in page and "your input is still in the page" in page


def test_pages_already_translated_are_not_english(error_app):
    client = error_app.test_client()
    english = page_of(client.get("/no-such-page"))
    for lang in ("fr", "ar"):
        page = page_of(client.get("/no-such-page", headers={"Accept-Language": lang}))
        assert "There is no such page." in english and "There is no such page." not in page
        crashed = page_of(client.get("/test-crash", headers={"Accept-Language": lang}))
        assert "Something went wrong on the server" not in crashed


def test_a_refused_form_says_the_input_is_a_back_away(error_app):
    client = error_app.test_client()
    sent = page_of(client.post("/test-refusal/422"))
    assert "Back button returns to the form with what you typed" in sent
    looked = page_of(client.get("/test-refusal/403"))
    assert "Back button" not in looked  # nothing was typed on a page only looked at


def test_too_many_requests_keeps_its_retry_after(error_app):
    response = error_app.test_client().get("/test-refusal/429")
    assert response.status_code == 429 and response.headers["Retry-After"] == "30"


def test_programs_get_json_and_the_api_problem_details(error_app):
    client = error_app.test_client()
    scripted = client.get("/test-refusal/409", headers={"Accept": "application/json"})
    assert scripted.status_code == 409 and "error" in scripted.get_json()
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_database_outage_gives_the_page_not_a_bare_500(tmp_path, lang):
    down = make_app(f"postgresql://postgres@127.0.0.1:{unused_port()}/gone", tmp_path)
    response = down.test_client().post(
        "/login",
        data={"email": "someone@test.org", "password": "x"},
        headers={"Accept-Language": lang},
    )
    page = check_page(down, response, 500, lang, DATABASE_UNAVAILABLE)
    assert "<h1>" in page and 'action="/logout"' not in page  # shown as to a visitor


def test_a_signed_in_page_during_an_outage_still_gets_the_page(tmp_path):
    database = f"sqlite:///{tmp_path / 'up.sqlite3'}"
    up = make_app(database, tmp_path)
    with up.app_context():
        db.create_all()
        create_user("secretariat@test.org", "secretariat").language = "ar"
        db.session.commit()
    client = up.test_client()
    signed_in = client.post("/login", data={"email": "secretariat@test.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    cookie = client.get_cookie("session").value
    # The same site, whose database has gone away (same key: the session cookie is valid).
    down = make_app(f"postgresql://postgres@127.0.0.1:{unused_port()}/gone", tmp_path)
    visitor = down.test_client()
    visitor.set_cookie("session", cookie)
    response = visitor.get("/secretariat/")
    check_page(down, response, 500, "ar", DATABASE_UNAVAILABLE)  # the language signed in with
    assert response.headers["Cache-Control"] == "no-store"  # still a signed-in session
    # A form sent meanwhile: the same page, which says the input is a Back away.
    saved = visitor.post("/secretariat/meetings/new?consultation=x", data={"title": "x"})
    check_page(down, saved, 500, "ar", DATABASE_UNAVAILABLE)
