"""Accounts for real use: invitations with a one-time, expiring link; deactivating and
reactivating; changing roles; a commission's editors and its one focal point who alone
submits; password reset by e-mail. Tried as each role, with ids that are someone else's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.submissions.models import Submission
from app.users.models import Commission, User
from app.users.tokens import AccountToken
from tests.helpers import PASSWORD, VALID_PRE_MEETING, current_version, start_submission_as

NEW_PASSWORD = "a-new-long-password"


def user_id(app, email) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def commission_id(app, iso2) -> int:
    with app.app_context():
        return db.session.scalar(select(Commission.id).where(Commission.iso2 == iso2))


def last_link(app, email, kind) -> str:
    """The path of the link in the newest e-mail of this kind to this address."""
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_email == email, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, f"no {kind} e-mail to {email}"
        return re.search(r"https?://[^/\s]+(/password/[\w-]+)", message.body).group(1)


def count_mail(app, kind) -> int:
    with app.app_context():
        return len(
            db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
        )


def submit_answers(client, app, sid):
    """Post complete answers with the Submit button, as the questionnaire page does."""
    return client.post(
        f"/submissions/{sid}/answers",
        data={
            **VALID_PRE_MEETING,
            "loaded_version": str(current_version(app, sid)),
            "intent": "submit",
            "section": "all",
        },
    )


def invite(client, app, **changes):
    data = {
        "email": "new.editor@test.org",
        "name": "Nadia Editor",
        "role": "commission",
        "commission_id": str(commission_id(app, "MA")),
        "language": "fr",
    }
    data.update(changes)
    return client.post("/secretariat/people/invite", data=data)


def test_an_invited_editor_chooses_a_password_once_and_fills_but_does_not_submit(
    app, client, auth, dummy_world
):
    auth.login("secretariat@test.org")
    response = invite(client, app)
    assert response.status_code == 302, response.get_data(as_text=True)
    person = user_id(app, "new.editor@test.org")
    page = client.get(f"/secretariat/people/{person}").get_data(as_text=True)
    assert "Invited; has not chosen a password yet." in page
    # Morocco had a focal point already: the new person is an editor.
    with app.app_context():
        assert db.session.get(User, person).is_focal_point is False
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "invitation")
        ).one()
        # Written in the invited person's language.
        assert message.subject == "Votre compte Shura"
        assert "new.editor@test.org" in message.body
    link = last_link(app, "new.editor@test.org", "invitation")
    auth.logout()
    # No password yet: signing in does not work, whatever is typed.
    assert auth.login("new.editor@test.org", "").status_code == 200
    page = client.get(link).get_data(as_text=True)
    assert "Nadia Editor" in page and "new.editor@test.org" in page
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "confirmation": "other"})
    assert mismatch.status_code == 422
    assert "Les deux mots de passe ne sont pas identiques." in mismatch.get_data(as_text=True)
    short = client.post(link, data={"password": "short", "confirmation": "short"})
    assert short.status_code == 422
    done = client.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/commission/")
    # Signed in at once; the link is spent.
    assert client.get("/commission/").status_code == 200
    again = client.get(link)
    assert again.status_code == 410
    auth.logout()
    assert auth.login("new.editor@test.org", NEW_PASSWORD).status_code == 302

    # The editor fills in Morocco's questionnaire but is not offered Submit.
    sid = start_submission_as(client, auth, "new.editor@test.org", dummy_world["ma_meeting"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'value="submit"' not in page
    assert "focal.ma, le point focal de votre commission" in page
    assert 'autocomplete="None"' not in page  # e-mail and telephone inputs name no "None"
    # A crafted submit saves the answers and submits nothing.
    response = submit_answers(client, app, sid)
    assert response.status_code == 422
    assert "point focal" in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Submission, sid)
        assert stored.state == "draft"
        assert stored.answers["achievements"] == VALID_PRE_MEETING["achievements"]
    # The focal point submits it.
    auth.logout()
    auth.login("focal.ma@test.org")
    response = submit_answers(client, app, sid)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Submission, sid).state == "submitted"


def test_an_invitation_expires_and_a_new_one_replaces_it(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    invite(client, app, email="late@test.org", role="reviewer", commission_id="0")
    first = last_link(app, "late@test.org", "invitation")
    person = user_id(app, "late@test.org")
    response = client.post(f"/secretariat/people/{person}/invite-again")
    assert response.status_code == 302
    second = last_link(app, "late@test.org", "invitation")
    assert first != second
    auth.logout()
    assert client.get(first).status_code == 410  # replaced by the newer one
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=dt.datetime(2000, 1, 1)))
        db.session.commit()
    expired = client.get(second)
    assert expired.status_code == 410
    assert "expired or has been used already" in expired.get_data(as_text=True)
    assert client.get("/password/not-a-token").status_code == 404


def test_password_reset_by_e_mail_tells_nobody_which_addresses_exist(
    app, client, auth, dummy_world
):
    unknown = client.post("/password/forgot", data={"email": "nobody@test.org"})
    known = client.post("/password/forgot", data={"email": "Reviewer@Test.org"})
    assert unknown.status_code == known.status_code == 200
    said = 'id="reset-sent"'
    assert said in unknown.get_data(as_text=True) and said in known.get_data(as_text=True)
    assert count_mail(app, "password_reset") == 1
    link = last_link(app, "reviewer@test.org", "password_reset")
    # Asking again and again sends at most a few links an hour.
    for _ in range(5):
        client.post("/password/forgot", data={"email": "reviewer@test.org"})
    assert count_mail(app, "password_reset") == 3
    link = last_link(app, "reviewer@test.org", "password_reset")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/review/")
    auth.logout()
    assert auth.login("reviewer@test.org", PASSWORD).status_code == 401
    assert auth.login("reviewer@test.org", NEW_PASSWORD).status_code == 302
    # A deactivated person gets no link.
    auth.logout()
    auth.login("secretariat@test.org")
    client.post(f"/secretariat/people/{user_id(app, 'reviewer.sn@test.org')}/deactivate")
    auth.logout()
    client.post("/password/forgot", data={"email": "reviewer.sn@test.org"})
    with app.app_context():
        assert not db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_email == "reviewer.sn@test.org")
        ).all()


def test_deactivating_ends_access_at_once_and_reactivating_restores_it(
    app, client, auth, dummy_world
):
    from flask.testing import FlaskClient

    other = FlaskClient(app, use_cookies=True)
    other.post("/login", data={"email": "reviewer.sn@test.org", "password": PASSWORD})
    assert other.get("/review/").status_code == 200
    auth.login("secretariat@test.org")
    person = user_id(app, "reviewer.sn@test.org")
    response = client.post(f"/secretariat/people/{person}/deactivate")
    assert response.status_code == 302
    # The open session is over: the next page asks to sign in.
    assert other.get("/review/").status_code == 302
    relogin = other.post("/login", data={"email": "reviewer.sn@test.org", "password": PASSWORD})
    assert relogin.status_code == 401
    page = client.get("/secretariat/people/").get_data(as_text=True)
    assert f'<tr data-user="{person}" class="inactive">' in page
    client.post(f"/secretariat/people/{person}/reactivate")
    relogin = other.post("/login", data={"email": "reviewer.sn@test.org", "password": PASSWORD})
    assert relogin.status_code == 302
    # Nobody locks themselves out.
    me = user_id(app, "secretariat@test.org")
    client.post(f"/secretariat/people/{me}/deactivate")
    with app.app_context():
        assert db.session.get(User, me).active is True
    response = client.post(
        f"/secretariat/people/{me}",
        data={"name": "Me", "role": "reviewer", "commission_id": "0", "language": "en"},
    )
    assert response.status_code == 422
    assert "You cannot change your own role" in response.get_data(as_text=True)


def test_roles_change_and_the_focal_point_is_handed_over(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    editor = user_id(app, "focal.sn@test.org")
    # Make the Senegal reviewer a Moroccan editor: their assignments go with the old role.
    reviewer = user_id(app, "reviewer.sn@test.org")
    response = client.post(
        f"/secretariat/people/{reviewer}",
        data={
            "name": "Moussa",
            "role": "commission",
            "commission_id": str(commission_id(app, "MA")),
            "language": "fr",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        moved = db.session.get(User, reviewer)
        assert (moved.role, moved.reviewed_commissions, moved.is_focal_point) == (
            "commission",
            [],
            False,
        )
    # Now make them Morocco's focal point: the role moves from focal.ma.
    response = client.post(
        f"/secretariat/people/{reviewer}",
        data={
            "name": "Moussa",
            "role": "commission",
            "focal_point": "y",
            "commission_id": str(commission_id(app, "MA")),
            "language": "fr",
        },
        follow_redirects=True,
    )
    assert "Moussa is now the focal point of Country MA, instead of focal.ma." in (
        response.get_data(as_text=True)
    )
    with app.app_context():
        flags = dict(
            db.session.execute(
                select(User.email, User.is_focal_point).where(User.role == "commission")
            ).all()
        )
    assert flags == {
        "focal.ma@test.org": False,
        "reviewer.sn@test.org": True,
        "focal.sn@test.org": True,
    }
    # A focal point of a commission, not of a reviewer.
    response = client.post(
        f"/secretariat/people/{user_id(app, 'reviewer@test.org')}",
        data={
            "name": "R",
            "role": "reviewer",
            "focal_point": "y",
            "commission_id": "0",
            "language": "en",
        },
    )
    assert response.status_code == 422
    # Deactivating a focal point leaves the commission without one: the secretariat is told.
    response = client.post(f"/secretariat/people/{editor}/deactivate", follow_redirects=True)
    assert "Country SN has no focal point now" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, editor).is_focal_point is False


def test_the_database_keeps_one_focal_point_per_commission(app, dummy_world):
    with app.app_context():
        ma = db.session.scalar(select(Commission).where(Commission.iso2 == "MA"))
        db.session.add(
            User(
                email="x@test.org",
                name="x",
                role="commission",
                commission=ma,
                is_focal_point=True,
                password=PASSWORD,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("who", ["focal.ma@test.org", "reviewer@test.org"])
def test_only_the_secretariat_manages_accounts(app, client, auth, dummy_world, who):
    auth.login(who)
    other = user_id(app, "focal.sn@test.org")
    for method, url in [
        ("get", "/secretariat/people/"),
        ("get", "/secretariat/people/invite"),
        ("post", "/secretariat/people/invite"),
        ("get", f"/secretariat/people/{other}"),
        ("post", f"/secretariat/people/{other}"),
        ("post", f"/secretariat/people/{other}/deactivate"),
        ("post", f"/secretariat/people/{other}/password-link"),
        ("post", f"/secretariat/people/{other}/invite-again"),
        ("get", f"/secretariat/people/{other}/commissions"),
    ]:
        response = getattr(client, method)(url, data={"role": "secretariat"})
        assert response.status_code == 403, (method, url, response.status_code)
    with app.app_context():
        assert db.session.get(User, other).active is True


def test_an_unknown_person_is_not_found(client, auth, dummy_world):
    auth.login("secretariat@test.org")
    assert client.get("/secretariat/people/99999").status_code == 404
    assert client.post("/secretariat/people/99999/deactivate").status_code == 404


def test_the_outbox_shows_a_password_link_only_while_no_mail_server_sends_it(
    app, client, auth, dummy_world
):
    client.post("/password/forgot", data={"email": "reviewer@test.org"})
    link = last_link(app, "reviewer@test.org", "password_reset")
    auth.login("secretariat@test.org")
    # No mail server: the secretariat must pass the link on, so it is shown.
    assert link in client.get("/secretariat/outbox").get_data(as_text=True)
    # With one, the link is its recipient's alone (and the delivered copy loses it).
    app.config["MAIL_SERVER"] = "mail.test.org"
    try:
        page = client.get("/secretariat/outbox").get_data(as_text=True)
    finally:
        app.config["MAIL_SERVER"] = None
    assert link not in page and "/password/…" in page


def test_account_buttons_need_the_forms_token(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    person = user_id(app, "reviewer.sn@test.org")
    app.config["WTF_CSRF_ENABLED"] = True  # the tests' app leaves it off; production has it
    try:
        for url in (f"/secretariat/people/{person}/deactivate", "/secretariat/people/invite"):
            response = client.post(url, data={"email": "x@test.org", "name": "x"})
            assert response.status_code in (302, 400), url
        response = client.post("/password/forgot", data={"email": "reviewer@test.org"})
        assert 'id="reset-sent"' not in response.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert db.session.get(User, person).active is True
        assert db.session.scalar(select(User.id).where(User.email == "x@test.org")) is None
    assert count_mail(app, "password_reset") == count_mail(app, "invitation") == 0


def test_an_inactive_person_cannot_be_made_focal_point_or_invited_again(
    app, client, auth, dummy_world
):
    auth.login("secretariat@test.org")
    invite(client, app, email="gone@test.org")
    gone = user_id(app, "gone@test.org")
    client.post(f"/secretariat/people/{gone}/deactivate")
    before = count_mail(app, "invitation")
    response = client.post(f"/secretariat/people/{gone}/invite-again", follow_redirects=True)
    assert "Reactivate the account first." in response.get_data(as_text=True)
    assert count_mail(app, "invitation") == before
    response = client.post(
        f"/secretariat/people/{gone}",
        data={
            "name": "Gone",
            "role": "commission",
            "focal_point": "y",
            "language": "en",
            "commission_id": str(commission_id(app, "MA")),
        },
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(User, gone).is_focal_point is False


def test_a_commission_without_focal_point_is_told_that_no_one_can_submit(
    app, client, auth, dummy_world
):
    from app.users.roles import COMMISSION
    from tests.helpers import create_user

    with app.app_context():
        sn = db.session.scalar(select(Commission).where(Commission.iso2 == "SN"))
        create_user("editor.sn@test.org", COMMISSION, commission=sn, focal_point=False)
        db.session.execute(
            update(User).where(User.email == "focal.sn@test.org").values(is_focal_point=False)
        )
        db.session.commit()
    sid = start_submission_as(client, auth, "editor.sn@test.org", dummy_world["sn_meeting"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'value="submit"' not in page
    assert "Your commission has no focal point" in page


def test_people_are_listed_as_readers_sort_names(app, client, auth, dummy_world):
    from app.users.roles import COMMISSION
    from tests.helpers import create_user

    with app.app_context():
        ma = db.session.scalar(select(Commission).where(Commission.iso2 == "MA"))
        for email, name in (
            ("b1@test.org", "Burkina"),
            ("b2@test.org", "Bénin"),
            ("b3@test.org", "bamako"),
        ):
            create_user(email, COMMISSION, commission=ma).name = name
        db.session.commit()
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/people/").get_data(as_text=True)
    names = re.findall(r"<bdi>(Burkina|Bénin|bamako)</bdi>", page)
    assert names == ["bamako", "Bénin", "Burkina"]
