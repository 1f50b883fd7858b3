"""Headers that every response carries for the browser's protection.

- Content-Security-Policy: scripts, stylesheets, images and form targets from this site
  only; no inline script (the pages attach their behaviour from static/*.js), no plugin, no
  framing. Images may also be ``data:`` URLs (the empty favicon of base.html); style
  attributes are allowed for the colours that workflow files give their states.
- Strict-Transport-Security in production, where the site is served over HTTPS only.
- Cache-Control: no-store on every response to a signed-in session, so that a shared
  computer's cache, or its Back button after signing out, shows nobody's answers. Static
  files are the same for everyone and stay cacheable.
"""

from __future__ import annotations

from flask import Flask, current_app, request, session

from app.web.sessions import LOGIN_KEYS

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Style attributes only (never a <style> element): a state's badge takes its colour
        # from the workflow file (--state-colour, see helpers.state_badge).
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
#: a year, the subdomains included (what HSTS preload lists ask for)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
#: the session key Flask-Login keeps for a signed-in user
SIGNED_IN_KEY = LOGIN_KEYS[0]


def register(app: Flask) -> None:
    app.after_request(security_headers)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config.get("SHURA_ENV") == "production":
        headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    # Read from the session, not from the user: this runs after error pages too, when the
    # database that holds the user may be the thing that failed.
    if request.endpoint != "static" and SIGNED_IN_KEY in session:
        headers["Cache-Control"] = "no-store"
    return response
