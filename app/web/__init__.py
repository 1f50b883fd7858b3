"""The web interface: blueprints, templates and the glue between HTTP and the services."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from app.api.problems import API_DETAILS, is_api_request, problem
from app.core.errors import DomainError
from app.core.i18n import _
from app.extensions import db, login_manager
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
        # After signing in, come back to a page that can be shown: a form's POST-only
        # address is replaced by the page the form was on.
        if request.method == "GET":
            target = request.full_path.rstrip("?")
        else:
            target = same_site_path(request.referrer)
        flash(str(_("Please sign in to continue.")), "info")
        return redirect(url_for("auth.login", next=target or None))

    @login_manager.user_loader
    def load_user(user_id: str):
        from app.users.models import User

        return db.session.get(User, int(user_id))

    @app.context_processor
    def language_context():
        lang = current_language()
        return {"lang": lang, "text_dir": text_direction(lang)}

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return _error_page(error.http_status, str(error))

    @app.errorhandler(403)
    def forbidden(error):
        return _error_page(403, _("You do not have access to this page."))

    @app.errorhandler(404)
    def not_found(error):
        return _error_page(404, _("There is no such page."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return _error_page(
            405, _("This address cannot be used that way; go back and reload the page.")
        )

    @app.errorhandler(413)
    def too_large(error):
        return _error_page(
            413,
            _(
                "What was sent is too large to be accepted (a file of more than %(size)s MB, "
                "or very long text). Go back: your input is still in the page; attach a "
                "smaller file or shorten the text.",
                size=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
            ),
        )

    @app.errorhandler(500)
    def server_error(error):
        return _error_page(
            500,
            _(
                "Something went wrong on the server; nothing of this request was saved. Go "
                "back: your input is still in the page; try again in a moment."
            ),
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(
            400,
            _("The form's security token had expired. Go back, reload the page and try again."),
        )

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def same_site_path(url: str | None) -> str | None:
    """The path of a URL on this site, or None for another site or no URL."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _error_page(status: int, message):
    db.session.rollback()
    if is_api_request():  # an address under /api/ that no route serves, or a bad method
        return problem(status, API_DETAILS.get(status, message))
    if request.accept_mimetypes.best == "application/json":
        return {"error": str(message)}, status
    return render_template("errors/error.html", status=status, message=message), status
