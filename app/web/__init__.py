"""The web interface: blueprints, templates and the glue between HTTP and the services."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, request, url_for

from app.core.i18n import _
from app.extensions import login_manager
from app.web.language import current_language, text_direction


def init_app(app: Flask) -> None:
    from app.web import (
        answers,
        api_tokens,
        auth,
        commission,
        exports,
        health,
        meetings,
        passwords,
        people,
        review,
        secretariat,
        submissions,
    )

    for module in (
        health,
        auth,
        commission,
        review,
        secretariat,
        exports,
        meetings,
        passwords,
        people,
        submissions,
        answers,
        api_tokens,
    ):
        app.register_blueprint(module.bp)

    from app.web import helpers

    helpers.register(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.method == "POST" and request.endpoint != "auth.logout":
            # A form sent once the session had ended: its input comes back, to be sent on
            # after signing in again (signing out needs no sign-in).
            from app.web.session_end import after_session_ended

            return after_session_ended()
        # After signing in, come back to a page that can be shown: a form's POST-only
        # address is replaced by the page the form was on.
        if request.method == "GET":
            target = request.full_path.rstrip("?")
        else:
            target = same_site_path(request.referrer)
        flash(str(_("Please sign in to continue.")), "info")
        return redirect(url_for("auth.login", next=target or None))

    @login_manager.user_loader
    def load_user(session_token: str):
        from app.web.sessions import load_session_user

        return load_session_user(session_token)

    @app.context_processor
    def language_context():
        lang = current_language()
        return {"lang": lang, "text_dir": text_direction(lang)}

    from app.web import error_pages, request_body, request_safety, security_headers

    error_pages.register(app)
    request_safety.register(app)
    security_headers.register(app)
    request_body.register(app)


def same_site_path(url: str | None) -> str | None:
    """The path of a URL on this site, or None for another site or no URL."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
