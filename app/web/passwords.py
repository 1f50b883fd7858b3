"""Pages anyone may open: asking for a password link, and choosing a password with one
(from an invitation or a reset)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, session

from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.i18n import _
from app.core.time import utcnow
from app.extensions import db
from app.jobs.notifications import request_delivery
from app.users.passwords import MIN_LENGTH, choose_password, request_password_reset
from app.users.people import Lifetimes
from app.users.tokens import INVITATION, find_token
from app.web.auth import home_for, start_session
from app.web.language import remember_language
from app.web.wtforms import ChoosePasswordForm, ForgotPasswordForm, show_problems

bp = Blueprint("passwords", __name__, url_prefix="/password")

TOKEN_EXPIRED = _("The form's security token had expired; press the button again.")


def lifetimes() -> Lifetimes:
    config = current_app.config
    return Lifetimes(
        invitation=timedelta(days=config["INVITATION_DAYS"]),
        reset=timedelta(hours=config["PASSWORD_RESET_HOURS"]),
    )


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    """Ask for a link to choose a new password. The answer is the same whether or not the
    address has an account."""
    form = ForgotPasswordForm()
    sent = False
    if form.validate_on_submit():
        request_password_reset(form.email.data, lifetimes(), now=utcnow())
        db.session.commit()
        request_delivery()
        sent = True
    return render_template(
        "auth/forgot.html",
        form=form,
        sent=sent,
        hours=current_app.config["PASSWORD_RESET_HOURS"],
    )


@bp.route("/<token>", methods=["GET", "POST"])
def choose(token: str):
    """Choose a password with a one-time link; signed in at once when it is saved."""
    form = ChoosePasswordForm()
    now = utcnow()
    try:
        found = find_token(token, now=now)
    except (NotFound, Conflict) as problem:
        status = 404 if isinstance(problem, NotFound) else 410
        return render_template("auth/choose_password.html", problem=problem), status
    person, welcome = found.user, found.purpose == INVITATION
    if "lang" not in session:
        session["lang"] = person.language  # the page speaks the language they were invited in
    message, status = None, 200
    if form.validate_on_submit():
        try:
            user = choose_password(token, form.password.data, form.confirmation.data, now=now)
        except ValidationFailed as failed:
            db.session.rollback()
            show_problems(form, failed)
            message, status = failed, 422
        except Conflict as spent:  # the same link, used in another tab a moment ago
            db.session.rollback()
            return render_template("auth/choose_password.html", problem=spent), 410
        else:
            db.session.commit()
            # A fresh session for the link's owner, whoever was signed in on this browser.
            start_session(user)
            flash(str(_("Your password is saved; you are signed in.")), "success")
            return remember_language(redirect(home_for(user)), user.language)
    elif form.is_submitted():
        if "csrf_token" in form.errors:
            message, status = TOKEN_EXPIRED, 400
        else:  # a field's own check (such as a length limit) failed: its message is beside it
            message, status = _("Some details need correcting."), 422
    return (
        render_template(
            "auth/choose_password.html",
            form=form,
            person=person,
            welcome=welcome,
            message=message,
            min_length=MIN_LENGTH,
            problem=None,
        ),
        status,
    )
