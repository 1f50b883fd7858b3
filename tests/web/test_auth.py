"""Signing in and out; CSRF on every form; the interface language."""

import re

import pytest

from tests.conftest import make_app
from tests.helpers import PASSWORD


def test_login_and_logout(client, auth, dummy_world):
    assert client.get("/login").status_code == 200
    response = auth.login("focal.ma@test.org")
    assert response.status_code == 302 and response.headers["Location"] == "/commission/"
    assert "Country MA" in client.get("/commission/").get_data(as_text=True)
    auth.logout()
    assert client.get("/commission/").status_code == 302


@pytest.mark.parametrize(
    "email, password",
    [
        ("focal.ma@test.org", "wrong-password"),
        ("nobody@test.org", PASSWORD),
    ],
)
def test_bad_credentials_say_nothing_more(client, auth, dummy_world, email, password):
    response = auth.login(email, password)
    assert response.status_code == 401
    assert "The e-mail or password is not right." in response.get_data(as_text=True)


def test_login_is_case_insensitive_on_email(client, auth, dummy_world):
    assert auth.login("FOCAL.MA@Test.org").status_code == 302


def test_roles_land_on_their_home(client, auth, dummy_world):
    for email, home in [
        ("reviewer@test.org", "/review/"),
        ("secretariat@test.org", "/secretariat/"),
    ]:
        assert auth.login(email).headers["Location"] == home
        auth.logout()


def test_next_only_goes_to_this_site(client, dummy_world):
    data = {"email": "focal.ma@test.org", "password": PASSWORD, "next": "https://evil.example/"}
    assert client.post("/login", data=data).headers["Location"] == "/commission/"


def test_session_cookie_flags(client, auth, dummy_world):
    response = auth.login("focal.ma@test.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_csrf_is_required_on_every_form(database_url, tmp_path, dummy_world):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    # Without a token, signing in is refused...
    response = client.post("/login", data={"email": "focal.ma@test.org", "password": PASSWORD})
    assert response.status_code == 400
    # ...with the page's token it works, and later forms need theirs too.
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"email": "focal.ma@test.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    meeting = dummy_world["ma_meeting"]
    assert client.post(f"/commission/meetings/{meeting}/pre_meeting/start").status_code == 400
    assert client.post("/logout").status_code == 400
    assert client.get("/commission/").status_code == 200  # still signed in: logout needed a token


def test_expired_token_on_answers_keeps_the_input(database_url, tmp_path, dummy_world):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": "focal.ma@test.org", "password": PASSWORD, "csrf_token": token}
    )
    dashboard = client.get("/commission/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', dashboard).group(1)
    start = client.post(
        f"/commission/meetings/{dummy_world['ma_meeting']}/pre_meeting/start",
        data={"csrf_token": token},
    )
    url = start.headers["Location"]
    response = client.post(
        url + "/answers",
        data={"focal_point_name": "Typed before the token expired", "csrf_token": "stale"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your answers were not saved yet" in page
    assert 'value="Typed before the token expired"' in page


def test_language_switch_changes_questionnaire_labels(app, client, auth, dummy_world):
    from tests.helpers import start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.post("/language/ar")
    page = client.get(f"/submissions/{sid}?section=satisfaction").get_data(as_text=True)
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "راضٍ" in page  # an Arabic scale label
    client.post("/language/fr")
    page = client.get(f"/submissions/{sid}?section=satisfaction").get_data(as_text=True)
    assert 'dir="ltr"' in page and "Extrêmement satisfait" in page


def test_language_links_after_a_refused_form_lead_back_to_the_page(app, client, auth, dummy_world):
    from tests.helpers import start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    from tests.helpers import current_version

    data = {"staff_count": "many", "loaded_version": current_version(app, sid)}
    response = client.post(f"/submissions/{sid}/answers", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'name="next" value="/submissions/{sid}"' in page
    assert f'name="next" value="/submissions/{sid}/answers' not in page
