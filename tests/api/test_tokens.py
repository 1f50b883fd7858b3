"""Personal API tokens: made in the app or by the CLI, shown once, stored hashed, revoked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.users.api_tokens import ApiToken
from app.users.models import User
from app.users.tokens import token_digest
from tests.api.helpers import bearer, create_token


def test_no_token_is_refused_with_how_to_authenticate(client, dummy_world):
    response = client.get("/api/v1/exports")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    problem = response.get_json()
    assert problem["status"] == 401 and problem["title"] == "Unauthorized"
    assert "Authorization: Bearer" in problem["detail"]


def test_a_session_cookie_does_not_open_the_api(client, auth, dummy_world):
    """The API takes no CSRF token, so a signed-in browser must not be able to call it."""
    auth.login("secretariat@test.org")
    assert client.get("/exports").status_code == 200
    assert client.get("/api/v1/exports").status_code == 401


def test_cli_token_works_until_revoked(app, client, runner, dummy_world):
    result = runner.invoke(
        args=["api-token", "create", "--email", "secretariat@test.org", "--days", "7"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("shura_") and len(token) > 40
    assert "shown only now" in result.output
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert row.token_hash == token_digest(token) and token not in row.token_hash
        assert row.shown == token[:12]
        assert dt.timedelta(days=6) < row.expires_at - utcnow() <= dt.timedelta(days=7)
        assert row.last_used_at is None

    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ApiToken)).last_used_at is not None

    listed = runner.invoke(args=["api-token", "list", "--email", "secretariat@test.org"])
    assert token[:12] in listed.output and "valid until" in listed.output
    assert token not in listed.output

    result = runner.invoke(args=["api-token", "revoke", "1", "--email", "secretariat@test.org"])
    assert result.exit_code == 0 and "1 token revoked" in result.output
    response = client.get("/api/v1/exports", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert "revoked" in response.get_json()["detail"]


def test_cli_refuses_what_it_cannot_do(runner, dummy_world):
    unknown = runner.invoke(args=["api-token", "create", "--email", "nobody@test.org"])
    assert (
        unknown.exit_code != 0 and "No account with the address nobody@test.org" in unknown.output
    )
    too_long = runner.invoke(
        args=["api-token", "create", "--email", "secretariat@test.org", "--days", "5000"]
    )
    assert too_long.exit_code != 0 and "--days: A token lasts from 1 to 366 days" in too_long.output
    other = runner.invoke(args=["api-token", "revoke", "99", "--email", "secretariat@test.org"])
    assert other.exit_code != 0 and "No such token" in other.output
    neither = runner.invoke(args=["api-token", "revoke", "--email", "secretariat@test.org"])
    assert neither.exit_code != 0


def test_expired_token_and_deactivated_owner_are_refused(app, client, dummy_world):
    expired = create_token(app, "secretariat@test.org", days=1, now=utcnow() - dt.timedelta(days=2))
    assert client.get("/api/v1/exports", headers=bearer(expired)).status_code == 401
    token = create_token(app, "secretariat@test.org")
    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 200
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "secretariat@test.org")).active = False
        db.session.commit()
    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 401
    for junk in ("", "shura_", "shura_" + "x" * 300, "Basic abc", token[:-1]):
        response = client.get("/api/v1/exports", headers={"Authorization": f"Bearer {junk}"})
        assert response.status_code == 401


def test_a_person_makes_and_revokes_tokens_in_the_app(app, client, auth, dummy_world):
    auth.login("focal.ma@test.org")
    page = client.get("/account/api-tokens")
    assert page.status_code == 200 and "You have no tokens" in page.get_data(as_text=True)
    refused = client.post("/account/api-tokens", data={"name": " ", "days": "90"})
    assert refused.status_code == 422
    assert "Give the token a name" in refused.get_data(as_text=True)

    made = client.post("/account/api-tokens", data={"name": "Power BI", "days": "30"})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    html = made.get_data(as_text=True)
    token = html.split('<code id="new-token" dir="ltr">')[1].split("</code>")[0]
    assert token.startswith("shura_")
    listed = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Power BI" in listed and token[:12] in listed and token not in listed

    # A commission's token is refused where its role may not go, like the pages.
    response = client.get("/api/v1/exports", headers=bearer(token))
    assert response.status_code == 403 and response.mimetype == "application/problem+json"

    # Another person's token does not exist for this one.
    auth.logout()
    auth.login("focal.sn@test.org")
    assert client.post("/account/api-tokens/1/revoke").status_code == 404
    auth.logout()
    auth.login("focal.ma@test.org")
    response = client.post("/account/api-tokens/1/revoke")
    assert response.status_code == 302
    assert "Revoked" in client.get("/account/api-tokens").get_data(as_text=True)
    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 401


def test_the_tokens_page_needs_a_session(client, dummy_world):
    response = client.get("/account/api-tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deactivating_an_account_revokes_its_tokens_for_good(app, client, auth, dummy_world):
    """A token that leaked must not come back when its owner's account is reactivated."""
    token = create_token(app, "reviewer.sn@test.org")
    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 200
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "reviewer.sn@test.org")).id
    auth.login("secretariat@test.org")
    assert client.post(f"/secretariat/people/{person}/deactivate").status_code == 302
    assert client.post(f"/secretariat/people/{person}/reactivate").status_code == 302
    assert client.get("/api/v1/exports", headers=bearer(token)).status_code == 401
    with app.app_context():
        assert db.session.scalar(select(ApiToken)).revoked_at is not None
