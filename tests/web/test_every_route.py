"""Every route of the application, as each role, with ids that belong to someone else.

The routes are read from the app itself, so a page added later is tried too: a route that
belongs to another role answers 403; a route given another commission's submission, meeting
or comment answers 404 (or 403) and shows nothing of it, whatever the method. A route this
test does not know how to classify makes it fail, rather than pass untried.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.users.models import User
from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as

#: anyone may open these, signed in or not
PUBLIC = {
    "static",
    "health.healthz",
    "auth.index",
    "auth.login",
    "auth.logout",
    "auth.set_language",
    "passwords.forgot",
    "passwords.choose",
    "api_docs",  # the API's reference and its OpenAPI document describe, they hold no data
    "api-docs.openapi_json",
}
#: the JSON API: a session does not open it (tokens only); tests/api tries every path as
#: every role with tokens
API_BLUEPRINTS = {
    "api_exports",
    "api_answers",
    "api_actions",
    "api_definitions",
    "api_consultations",
    "api_questionnaires",
    "api_submissions",
}
#: the role each blueprint is for; the submission blueprints serve every role, by scope
BLUEPRINT_ROLE = {
    "commission": "commission",
    "review": "reviewer",
    "secretariat": "secretariat",
    "meetings": "secretariat",
    "people": "secretariat",
    "exports": ("secretariat", "reviewer"),  # reviewers where a consultation allows it
    "submissions": None,
    "answers": None,
    "api_tokens": None,  # each person's own tokens
}


@pytest.fixture
def both_submitted(app, client, auth, dummy_world):
    """Morocco's and Senegal's pre-meeting questionnaires, submitted."""
    ids = {}
    for iso, email in (("MA", "focal.ma@test.org"), ("SN", "focal.sn@test.org")):
        sid = start_submission_as(client, auth, email, dummy_world[f"{iso.lower()}_meeting"])
        data = {
            **VALID_PRE_MEETING,
            "loaded_version": current_version(app, sid),
            "intent": "submit",
        }
        assert client.post(f"/submissions/{sid}/answers", data=data).status_code == 302
        auth.logout()
        ids[iso] = sid
    return ids


def _roles(owner) -> tuple:
    return owner if isinstance(owner, tuple) else (owner,)


def _url(rule, values: dict) -> str:
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: no value to try for {missing}; add one to the test"
    return rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]


@pytest.mark.parametrize(
    "email, own, foreign",
    [
        ("focal.ma@test.org", "MA", "SN"),  # a commission, with Senegal's ids
        ("reviewer.sn@test.org", "SN", "MA"),  # a reviewer of Senegal, with Morocco's ids
    ],
)
def test_every_route_refuses_what_is_not_the_readers(
    app, client, auth, dummy_world, both_submitted, email, own, foreign
):
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == email))
        role = me.role
        other_user = db.session.scalar(
            select(User.id).where(User.email == f"focal.{foreign.lower()}@test.org")
        )
    values = {
        "submission_id": both_submitted[foreign],
        "meeting_id": dummy_world[f"{foreign.lower()}_meeting"],
        "attachment_id": 1,
        "comment_id": 1,
        "user_id": other_user,
        "job_id": 1,
        "code": "pre_meeting",
    }
    auth.login(email)
    tried = 0
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if rule.endpoint in PUBLIC or blueprint in API_BLUEPRINTS:
            continue
        assert blueprint in BLUEPRINT_ROLE, f"{rule.endpoint}: whose page is it? add it above"
        roles = _roles(BLUEPRINT_ROLE[blueprint])
        takes_ids = bool(set(rule.arguments) & {"submission_id", "meeting_id", "user_id"})
        if role in roles and not takes_ids:
            continue  # the reader's own page, without anyone else's id in it
        if None in roles and not takes_ids:
            continue  # a page for every role that holds nobody's data (a blank form)
        url = _url(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"comment": "x", "action": "approve"})
            expected = (403,) if None not in roles and role not in roles else (403, 404)
            assert response.status_code in expected, (method, url, response.status_code)
            body = response.get_data(as_text=True)
            assert f"Country {foreign}" not in body and "Amina" not in body, (method, url)
            tried += 1
    assert tried > 20
    # Nothing was changed by any of it.
    with app.app_context():
        from app.submissions.models import Submission

        for sid in both_submitted.values():
            assert db.session.get(Submission, sid).state == "submitted"
        assert db.session.get(User, other_user).active is True


def test_the_secretariat_gets_404_for_ids_that_do_not_exist(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    values = {
        "submission_id": 999999,
        "meeting_id": 999999,
        "attachment_id": 999999,
        "comment_id": 999999,
        "user_id": 999999,
        "job_id": 999999,
        "token_id": 999999,
        "code": "no_such_questionnaire",
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint.split(".")[0] in API_BLUEPRINTS:
            continue
        if not set(rule.arguments) & set(values):
            continue
        if not {None, "secretariat"} & set(_roles(BLUEPRINT_ROLE[rule.endpoint.split(".")[0]])):
            continue  # another role's page: 403, tried above
        url = _url(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
