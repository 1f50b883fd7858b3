"""Personal API tokens: a person makes them for their programs, sees them, revokes them.

A new token is shown once, in the answer to the request that made it (never in a flash
message: those travel in the session cookie, which is signed, not secret).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.core.time import utcnow
from app.extensions import db
from app.users.api_tokens import create_api_token, revoke_api_token, tokens_of
from app.web.wtforms import ApiTokenForm, EmptyForm, show_problems

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


@bp.before_request
@login_required
def signed_in():
    pass


def _page(form: ApiTokenForm, new_token: str | None = None, status: int = 200):
    response = make_response(
        render_template(
            "account/api_tokens.html",
            form=form,
            tokens=tokens_of(current_user),
            new_token=new_token,
            now=utcnow(),
            button_form=EmptyForm(),
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"  # the new token is on this page
    return response


@bp.route("", methods=["GET", "POST"])
def index():
    """List the person's tokens and make a new one."""
    form = ApiTokenForm()
    if form.validate_on_submit():
        try:
            row, token = create_api_token(
                current_user, form.name.data, days=form.days.data, now=utcnow()
            )
        except ValidationFailed as failed:
            show_problems(form, failed)
            return _page(form, status=422)
        db.session.commit()
        return _page(ApiTokenForm(formdata=None), new_token=token)
    return _page(form, status=422 if form.errors else 200)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = revoke_api_token(current_user, token_id, now=utcnow())
    db.session.commit()
    flash(str(_("The token “%(name)s” no longer works.", name=row.name)), "success")
    return redirect(url_for("api_tokens.index"))
