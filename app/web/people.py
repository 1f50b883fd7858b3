"""The secretariat's people: every account, and which commissions each reviewer reviews."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.errors import ValidationFailed
from app.core.i18n import _, ngettext
from app.extensions import db
from app.users.accounts import set_reviewer_commissions
from app.users.models import Commission, User
from app.users.roles import REVIEWER, ROLE_LABELS, SECRETARIAT
from app.web.access import restrict_to
from app.web.wtforms import EmptyForm

bp = Blueprint("people", __name__, url_prefix="/secretariat/people")
restrict_to(bp, SECRETARIAT)


@bp.route("/")
def index():
    """Every account, by role, with the commissions of each reviewer."""
    users = db.session.scalars(
        select(User)
        .options(selectinload(User.commission), selectinload(User.reviewed_commissions))
        .order_by(User.role, User.name)
    ).all()
    return render_template("secretariat/people.html", users=users, roles=ROLE_LABELS)


def _reviewer(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != REVIEWER:
        abort(404)
    return user


@bp.route("/<int:user_id>/commissions", methods=["GET", "POST"])
def commissions(user_id: int):
    """Choose the commissions a reviewer reviews (one, several or all)."""
    reviewer = _reviewer(user_id)
    form = EmptyForm()
    chosen = {c.id for c in reviewer.reviewed_commissions}
    status, message = 200, None
    if request.method == "POST":
        chosen = {int(value) for value in request.form.getlist("commission") if value.isdigit()}
        if not form.validate():
            status, message = (
                400,
                _("The form's security token had expired; press the button again."),
            )
        else:
            try:
                count = set_reviewer_commissions(current_user, reviewer, sorted(chosen))
            except ValidationFailed as failed:
                db.session.rollback()
                status, message = 422, failed
            else:
                db.session.commit()
                flash(
                    str(
                        ngettext(
                            "%(name)s now reviews %(num)d commission.",
                            "%(name)s now reviews %(num)d commissions.",
                            count,
                            name=reviewer.name,
                        )
                    ),
                    "success",
                )
                return redirect(url_for("people.index"))
    everyone = db.session.scalars(
        select(Commission).order_by(Commission.region, Commission.name_en)
    )
    regions = [(region, list(group)) for region, group in groupby(everyone, lambda c: c.region)]
    return (
        render_template(
            "secretariat/reviewer_commissions.html",
            reviewer=reviewer,
            regions=regions,
            chosen=chosen,
            form=form,
            message=message,
        ),
        status,
    )
