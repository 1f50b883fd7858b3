"""Security headers: the Content-Security-Policy on every page (no inline script anywhere in
the templates), HSTS in production only, and no-store on everything a signed-in session sees."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import make_app

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "web" / "templates"
STATIC = TEMPLATES.parent / "static"
STRONG_KEY = "5f0c2a9e8b7d4c3f1a6e9d0b2c4f7a18"


def policy_of(response) -> dict[str, str]:
    directives = response.headers["Content-Security-Policy"].split(";")
    return dict(directive.strip().split(" ", 1) for directive in directives)


def test_pages_carry_a_policy_without_inline_scripts(client, auth, dummy_world):
    for response in (client.get("/login"), client.get("/no-such-page"), client.get("/api/v1/docs")):
        policy = policy_of(response)
        assert policy["script-src"] == "'self'"
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    auth.login("focal.ma@test.org")
    assert "script-src 'self';" in client.get("/commission/").headers["Content-Security-Policy"]


def test_no_template_or_script_needs_inline_code():
    """What the policy would block: inline handlers, javascript: links, inline scripts."""
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not handler.search(text), template
        assert "javascript:" not in text.lower(), template
        for script in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in script or 'type="application/json"' in script, (template, script)
        assert "<style" not in text, template
    for script in STATIC.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "eval(" not in text and "new Function" not in text, script
        assert "javascript:" not in text, script


def test_the_print_button_has_no_inline_handler(app, client, auth, dummy_world):
    from tests.helpers import start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    page = client.get(f"/submissions/{sid}/print").get_data(as_text=True)
    assert '<button type="button" data-print>' in page and "onclick" not in page
    assert "button[data-print]" in (STATIC / "app.js").read_text(encoding="utf-8")


def test_hsts_only_in_production(client, postgres_url, tmp_path):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    production = make_app(postgres_url, tmp_path, SHURA_ENV="production", SECRET_KEY=STRONG_KEY)
    response = production.test_client().get("/no-such-page")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_signed_in_pages_are_not_stored_static_files_are(client, auth, dummy_world):
    anonymous = client.get("/login")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    auth.login("focal.ma@test.org")
    for path in ("/commission/", "/account/api-tokens/", "/no-such-page"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
    static = client.get("/static/app.js")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
    auth.logout()
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
