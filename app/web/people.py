"""The secretariat's people: every account, inviting someone, changing what a person is,
deactivating them, and which commissions each reviewer reviews."""

from __future__ import annotations

from itertools import groupby

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from app.core.errors import ValidationFailed
from app.core.i18n import DateTimeInReadersLanguage, _, ngettext
from app.core.languages import LANGUAGES, NATIVE_NAMES, collation_key
from app.core.time import utcnow
from app.extensions import db
from app.jobs.notifications import request_delivery
from app.users.accounts import set_reviewer_commissions
from app.users.focal_points import focal_point_of
from app.users.models import Commission, User
from app.users.people import (
    AccountDetails,
    change_account,
    invite_user,
    send_invitation,
    send_password_link,
    set_active,
)
from app.users.roles import REVIEWER, ROLE_LABELS, SECRETARIAT
from app.web.access import restrict_to
from app.web.language import current_language
from app.web.passwords import lifetimes
from app.web.wtforms import AccountForm, EmptyForm, show_problems

bp = Blueprint("people", __name__, url_prefix="/secretariat/people")
restrict_to(bp, SECRETARIAT)


@bp.route("/")
def index():
    """Every account, by role, with the commissions of each reviewer."""
    users = sorted(
        db.session.scalars(
            select(User).options(
                selectinload(User.commission), selectinload(User.reviewed_commissions)
            )
        ),
        key=lambda user: (user.role, collation_key(user.name)),
    )
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


#: two members of the secretariat gave a commission's focal point role at the same moment
CHANGED_MEANWHILE = _(
    "Someone changed this commission's people at the same moment, so nothing was saved. Your "
    "input is still in the form: look at the commission's people again, then save."
)


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _account_form(person: User | None = None) -> AccountForm:
    form = AccountForm()
    lang = current_language()
    form.role.choices = [SelectChoice(code, str(label)) for code, label in ROLE_LABELS.items()]
    form.commission_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(c.id, c.name(lang))
        for c in db.session.scalars(select(Commission).order_by(Commission.name_en))
    ]
    form.language.choices = [SelectChoice(code, NATIVE_NAMES[code]) for code in LANGUAGES]
    if person is not None and not form.is_submitted():
        form.name.data, form.role.data = person.name, person.role
        form.commission_id.data = person.commission_id or 0
        form.focal_point.data = person.is_focal_point
        form.language.data = person.language
    return form


def _details(form: AccountForm, person: User | None = None) -> AccountDetails:
    return AccountDetails(
        email=person.email if person else (form.email.data or ""),
        name=form.name.data or "",
        role=form.role.data or "",
        commission_id=form.commission_id.data or None,
        focal_point=bool(form.focal_point.data),
        language=form.language.data or "en",
    )


def _render_person(form, person=None, status=200, message=None):
    return (
        render_template(
            "secretariat/person_form.html",
            form=form,
            person=person,
            action_form=EmptyForm(),
            message=message,
        ),
        status,
    )


@bp.route("/invite", methods=["GET", "POST"])
def invite():
    """Open an account and e-mail its owner a link to choose a password."""
    form = _account_form()
    if not form.is_submitted():
        return _render_person(form)
    if not form.validate():
        return _render_person(form, status=422, message=_("Some details need correcting."))
    try:
        user = invite_user(current_user, _details(form), lifetimes(), now=utcnow())
        db.session.commit()
    except ValidationFailed as failed:
        db.session.rollback()
        show_problems(form, failed)
        return _render_person(form, status=422, message=failed)
    except IntegrityError:
        db.session.rollback()
        return _render_person(form, status=409, message=CHANGED_MEANWHILE)
    request_delivery()
    flash(
        str(
            _(
                "%(name)s is invited: the e-mail to %(email)s holds a link to choose a "
                "password, valid for %(days)d days.",
                name=user.name,
                email=user.email,
                days=current_app.config["INVITATION_DAYS"],
            )
        ),
        "success",
    )
    return redirect(url_for("people.edit", user_id=user.id))


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    """A person's account: what they are, and the buttons that change their access."""
    person = _person(user_id)
    form = _account_form(person)
    if not form.is_submitted():
        return _render_person(form, person)
    if not form.validate():
        return _render_person(form, person, 422, _("Some details need correcting."))
    try:
        change = change_account(current_user, person, _details(form, person))
        db.session.commit()
    except ValidationFailed as failed:
        db.session.rollback()
        show_problems(form, failed)
        return _render_person(form, _person(user_id), 422, failed)
    except IntegrityError:
        db.session.rollback()
        return _render_person(form, _person(user_id), 409, CHANGED_MEANWHILE)
    flash(str(_("The account of %(name)s is saved.", name=person.name)), "success")
    if change.focal_point_before is not None:
        flash(
            str(
                _(
                    "%(name)s is now the focal point of %(commission)s, instead of %(before)s.",
                    name=person.name,
                    commission=person.commission.name(current_language()),
                    before=change.focal_point_before.name,
                )
            ),
            "info",
        )
    if change.left_without_focal_point is not None:
        flash(
            str(
                _(
                    "%(commission)s has no focal point now: choose another of its users to "
                    "submit its questionnaires.",
                    commission=change.left_without_focal_point.name(current_language()),
                )
            ),
            "info",
        )
    return redirect(url_for("people.edit", user_id=person.id))


def _account_button(user_id: int, do) -> object:
    person = _person(user_id)
    if not EmptyForm().validate_on_submit():
        flash(str(_("The form's security token had expired; press the button again.")), "error")
        return redirect(url_for("people.edit", user_id=person.id))
    try:
        said = do(person)
    except ValidationFailed as failed:
        db.session.rollback()
        flash(str(failed), "error")
    else:
        db.session.commit()
        request_delivery()
        flash(str(said), "success")
    return redirect(url_for("people.edit", user_id=person.id))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    def do(person):
        was_focal_point = set_active(current_user, person, False, now=utcnow())
        if was_focal_point:
            return _(
                "%(name)s can no longer sign in. %(commission)s has no focal point now: "
                "choose another of its users to submit its questionnaires.",
                name=person.name,
                commission=person.commission.name(current_language()),
            )
        return _("%(name)s can no longer sign in.", name=person.name)

    return _account_button(user_id, do)


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    def do(person):
        set_active(current_user, person, True, now=utcnow())
        if person.commission is not None and focal_point_of(person.commission_id) is None:
            return _(
                "%(name)s can sign in again. %(commission)s has no focal point: make them or "
                "another of its users the focal point, so that its questionnaires can be "
                "submitted.",
                name=person.name,
                commission=person.commission.name(current_language()),
            )
        return _("%(name)s can sign in again.", name=person.name)

    return _account_button(user_id, do)


@bp.route("/<int:user_id>/invite-again", methods=["POST"])
def invite_again(user_id: int):
    def do(person):
        expires = send_invitation(current_user, person, lifetimes(), now=utcnow())
        return _(
            "A new invitation is on its way to %(email)s; its link works until %(expires)s "
            "(UTC), and the earlier ones no longer do.",
            email=person.email,
            expires=DateTimeInReadersLanguage(expires),
        )

    return _account_button(user_id, do)


@bp.route("/<int:user_id>/password-link", methods=["POST"])
def password_link(user_id: int):
    def do(person):
        if not person.active:
            raise ValidationFailed(_("Reactivate the account first."))
        expires = send_password_link(person, lifetimes(), now=utcnow(), actor=current_user)
        return _(
            "A link to choose a new password is on its way to %(email)s; it works until "
            "%(expires)s (UTC). The current password works until a new one is chosen.",
            email=person.email,
            expires=DateTimeInReadersLanguage(expires),
        )

    return _account_button(user_id, do)
