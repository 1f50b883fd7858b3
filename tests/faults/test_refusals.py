"""Requests the server must refuse cleanly, over HTTP on the real server: too large, NUL
bytes, a stale API token. Each gets the app's own answer, and nothing of it is stored."""

from __future__ import annotations

import html
import json
import urllib.parse
from pathlib import Path

from app.config import load_settings
from tests.faults.client import FORM, Browser
from tests.faults.drafts import FIELD, Draft

LIMIT = load_settings(Path("/nonexistent"), {})["MAX_CONTENT_LENGTH"]
OTHER_FIELD = "focal_point_position"  #: another text answer of the same section


def test_a_request_over_the_size_limit(live):
    """A save larger than MAX_CONTENT_LENGTH (a pasted book in one answer): the app's own
    413 page ("What was sent is too large to be accepted... your input is still in the
    page"), not Werkzeug's; nothing of it is stored and the draft saves again after."""
    draft = Draft.start(live)
    before = draft.stored()
    answer = draft.browser.post_too_large(f"{draft.path}/answers", LIMIT + 1)
    assert answer.status == 413
    page = html.unescape(answer.text)
    assert "What was sent is too large to be accepted" in page
    assert "your input is still in the page" in page
    assert "Request Entity Too Large" not in page
    assert draft.stored() == before
    assert draft.post("short again").status == 302
    assert draft.stored()[0] == "short again"


def test_a_refused_body_sent_whole_still_gets_its_answer(live):
    """Behind the HTTPS proxy (README) a body reaches the app whole before its answer is
    read. Over the size limit, the app's own 413 page arrives, and with a revoked API token
    (refused before the body is read) the 401 problem details: the rest of the body is read
    and thrown away, never a connection closed under it, which the proxy would turn into
    its bare 502 with the message lost. Nothing of either is stored."""
    draft = Draft.start(live)
    before = draft.stored()
    fields = draft.form.with_values(
        **{"loaded_version": str(draft.version), "intent": "save", FIELD: "x" * LIMIT}
    )
    body = urllib.parse.urlencode(fields).encode()
    assert len(body) > LIMIT
    for _ in range(3):  # a connection closed under a body is a race: a few tries
        answer = draft.browser.send_whole_then_read("POST", f"{draft.path}/answers", body, FORM)
        assert answer is not None, "the connection was closed before the body was sent"
        assert answer.status == 413, (answer.status, answer.text[:500])
        assert "What was sent is too large to be accepted" in html.unescape(answer.text)
    assert draft.stored() == before

    revoked = api_token(live, draft.browser.signed_in_as)
    live.cli(
        "api-token",
        "revoke",
        str(live.scalar("SELECT max(id) FROM api_tokens")),
        "--email",
        draft.browser.signed_in_as,
    )
    body = json.dumps({"version": before[1], "answers": {FIELD: "y" * (16 << 20)}}).encode()
    for _ in range(3):
        answer = draft.browser.send_whole_then_read(
            "PUT",
            f"/api/v1/submissions/{draft.id}/answers",
            body,
            {"Authorization": f"Bearer {revoked}", "Content-Type": "application/json"},
        )
        assert answer is not None, "the connection was closed before the body was sent"
        assert answer.status == 401, (answer.status, answer.text[:500])
        assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert draft.stored() == before


def test_nul_bytes_are_refused_with_a_message(live):
    """NUL in the sign-in form: the app's page with status 400 naming the field, not a 500.
    NUL in an answer: the answer is marked "contains a control character (U+0000) that
    cannot be stored" (422), from the form and from the page's script alike; the other
    answers of the save are kept and no NUL reaches the database. NUL through the API:
    422 problem details naming the field, nothing saved."""
    visitor = Browser(live.url)
    token = visitor.csrf_token("/login")
    answer = visitor.post(
        "/login", {"csrf_token": token, "email": "a\x00@example.org", "password": "x"}
    )
    assert answer.status == 400, (answer.status, answer.text[:500])
    assert "The field 'email' contains a control character (U+0000)" in html.unescape(answer.text)

    draft = Draft.start(live)
    fields = draft.form.with_values(
        **{
            FIELD: "abc\x00def",
            OTHER_FIELD: "Secretary-general",
            "loaded_version": str(draft.version),
            "intent": "save",
        }
    )
    answer = draft.browser.post(f"{draft.path}/answers", fields)
    assert answer.status == 422, (answer.status, answer.text[:500])
    page = html.unescape(answer.text)
    assert "control character (U+0000)" in page
    assert 'value="Secretary-general"' in answer.text  # the input is all still there
    draft.reload()
    answer = draft.post("again\x00", script=True)
    assert answer.status == 422, (answer.status, answer.text[:500])
    assert "U+0000" in json.dumps(answer.json())
    assert "\x00" not in str(
        draft.site.query(
            "SELECT answers::text FROM answer_versions WHERE submission_id = %s", draft.id
        )
    )
    stored = live.scalar(
        f"SELECT answers->>'{OTHER_FIELD}' FROM submissions WHERE id = %s", draft.id
    )
    assert stored == "Secretary-general"  # the rest of the save is kept, never the NUL

    bearer = api_token(live, draft.browser.signed_in_as)
    version = draft.stored()[1]
    answer = draft.browser.request(
        "PUT",
        f"/api/v1/submissions/{draft.id}/answers",
        json.dumps({"version": version, "answers": {FIELD: "nul\x00here"}}),
        {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"},
    )
    assert answer.status == 422, (answer.status, answer.text[:500])
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert "U+0000" in answer.text
    assert draft.stored()[1] == version


def api_token(site, email: str, days: int = 30) -> str:
    """A token made as an administrator makes one: its last line."""
    return site.cli("api-token", "create", "--email", email, "--days", str(days)).split()[-1]


def test_a_stale_api_token(live):
    """A revoked token and an expired one: 401 problem details (application/problem+json)
    on reading and on saving; the save is not done and the token's last use is not moved.
    The same request with a valid token works (it would have done something)."""
    draft = Draft.start(live)
    email = draft.browser.signed_in_as
    path = f"/api/v1/submissions/{draft.id}"

    def call(token, method="GET", target=path, body=None):
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return draft.browser.request(method, target, body, headers)

    valid = api_token(live, email)
    assert call(valid).status == 200

    revoked = api_token(live, email)
    revoked_id = live.scalar("SELECT max(id) FROM api_tokens")
    live.cli("api-token", "revoke", str(revoked_id), "--email", email)
    expired = api_token(live, email)
    expired_id = live.scalar("SELECT max(id) FROM api_tokens")
    # Its time has passed (as the days go by): the expiry is moved into the past.
    live.query(
        "UPDATE api_tokens SET expires_at = now() at time zone 'utc' - interval '1 minute' "
        "WHERE id = %s RETURNING id",
        expired_id,
    )
    before = draft.stored()
    body = json.dumps({"version": before[1], "answers": {FIELD: "from a stale token"}})
    for stale, row in ((revoked, revoked_id), (expired, expired_id)):
        used = live.scalar("SELECT last_used_at FROM api_tokens WHERE id = %s", row)
        for answer in (call(stale), call(stale, "PUT", f"{path}/answers", body)):
            assert answer.status == 401, (answer.status, answer.text[:500])
            assert answer.headers["Content-Type"].startswith("application/problem+json")
            problem = answer.json()
            assert problem["status"] == 401 and problem["title"]
        assert live.scalar("SELECT last_used_at FROM api_tokens WHERE id = %s", row) == used
    assert draft.stored() == before
    # The same save with the valid token is done: the refusals above were the token's.
    answer = call(valid, "PUT", f"{path}/answers", body)
    assert answer.status == 200, (answer.status, answer.text[:500])
    assert draft.stored() == ("from a stale token", before[1] + 1)
