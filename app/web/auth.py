"""Signing in and out, and choosing the interface language."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.extensions import db
from app.users.roles import COMMISSION, REVIEWER
from app.web.language import remember_language
from app.web.sessions import SIGNED_IN_AS, mark_active
from app.web.sign_in import check_password, refusal_headers, refusal_message
from app.web.wtforms import EmptyForm, LoginForm

bp = Blueprint("auth", __name__)


def home_for(user) -> str:
    if user.role == COMMISSION:
        return url_for("commission.dashboard")
    if user.role == REVIEWER:
        return url_for("review.queue")
    return url_for("secretariat.overview")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
def index():
    """Send each user to the home page of their role."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        checked = check_password(form.email.data, form.password.data)
        if checked.user is not None:
            start_session(checked.user)
            response = redirect(_safe_next(form.next.data) or home_for(checked.user))
            return remember_language(response, checked.user.language)
        if checked.refused:
            flash(refusal_message(checked.refusal), "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, refusal_headers(checked.refusal)
        flash(str(WRONG_CREDENTIALS), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


WRONG_CREDENTIALS = _("The e-mail or password is not right.")


def start_session(user) -> None:
    """A fresh session for a user who just proved who they are.

    Fresh except the CSRF secret: a form left open while signed out (see
    submissions/session_ended.html) can then be sent again.
    """
    csrf_secret = session.get("csrf_token")
    session.clear()
    if csrf_secret:
        session["csrf_token"] = csrf_secret
    login_user(user)
    mark_active()
    session["lang"] = user.language
    session[SIGNED_IN_AS] = user.id


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, here and in every other browser."""
    form = EmptyForm()
    if form.validate_on_submit():
        current_user.end_all_sessions()
        db.session.commit()
        logout_user()
        session.clear()
        flash(str(_("You are signed out.")), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<lang>", methods=["POST"])
def set_language(lang: str):
    """Switch the interface and questionnaire language (kept as the user's preference)."""
    response = redirect(_safe_next(request.form.get("next")) or url_for("auth.index"))
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
            db.session.commit()
        remember_language(response, lang)
    return response
