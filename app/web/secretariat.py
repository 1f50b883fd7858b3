"""The secretariat's pages: the consultation overview and workbook downloads."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    render_template,
    request,
)
from flask_login import current_user
from markupsafe import Markup as markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.consultations.meetings import STATUS_LABELS
from app.consultations.models import Consultation
from app.core.i18n import _
from app.core.time import utctoday
from app.extensions import db
from app.notifications.delivery import RECIPIENT_DEACTIVATED, smtp_configured
from app.notifications.messages import OUTBOX_KINDS, SECRET_KINDS, without_password_link
from app.notifications.models import OutboxMessage
from app.submissions.matrix import Filters, build_matrix
from app.submissions.summaries import summarise
from app.users.models import User
from app.users.regions import REGION_LABELS
from app.users.roles import REVIEWER, ROLE_LABELS, SECRETARIAT
from app.web.access import restrict_to
from app.web.language import current_language
from app.workflows.diagram import svg as diagram_svg
from app.workflows.graph import mermaid
from app.workflows.models import WorkflowVersion

bp = Blueprint("secretariat", __name__, url_prefix="/secretariat")
restrict_to(bp, SECRETARIAT)


def _consultations():
    return db.session.scalars(select(Consultation).order_by(Consultation.created_at.desc())).all()


#: commissions per page of the matrix
MATRIX_PAGE_SIZE = 50
#: the query parameters of the matrix (the page number is set by each link)
MATRIX_ARGS = ("consultation", "region", "reviewer", "state", "late")


def _matrix_filters() -> Filters:
    reviewer = request.args.get("reviewer", type=int)
    return Filters(
        region=request.args.get("region") or None,
        reviewer_id=reviewer or None,
        state=request.args.get("state") or None,
        late_only=request.args.get("late") == "1",
    )


@bp.route("/")
def overview():
    """The matrix of a consultation: every commission's meetings and the state of each
    questionnaire, with counts per state and filters."""
    consultations = _consultations()
    chosen = next(
        (c for c in consultations if c.slug == request.args.get("consultation")),
        consultations[0] if consultations else None,
    )
    if chosen is None:
        return render_template("secretariat/overview.html", consultation=None, matrix=None)
    filters = _matrix_filters()
    matrix = build_matrix(current_user, chosen, utctoday(), filters)
    pages = max(1, -(-len(matrix.rows) // MATRIX_PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    shown = matrix.rows[(page - 1) * MATRIX_PAGE_SIZE : page * MATRIX_PAGE_SIZE]
    reviewers = db.session.scalars(
        select(User).where(User.role == REVIEWER, User.active.is_(True)).order_by(User.name)
    ).all()
    # Only the matrix's own parameters are carried into its links.
    args = {k: v for k, v in request.args.items() if k in MATRIX_ARGS and v}
    return render_template(
        "secretariat/overview.html",
        consultations=consultations,
        consultation=chosen,
        matrix=matrix,
        rows=shown,
        first=(page - 1) * MATRIX_PAGE_SIZE + 1,
        page=page,
        pages=pages,
        args=args,
        filters=filters,
        reviewers=reviewers,
        regions=REGION_LABELS,
        meeting_statuses=STATUS_LABELS,
    )


@bp.route("/workflows")
def workflows():
    """Every workflow in use or stored: its states, its actions and a drawing of it."""
    lang = current_language()
    latest = {}
    for version_id, definition in WorkflowVersion.all_definitions():
        latest[definition.code] = (version_id, definition)  # ids grow: the last is the newest
    uses: dict[str, list] = {}
    for consultation in _consultations():
        for asked in consultation.questionnaires:
            uses.setdefault(asked.workflow_code, []).append((consultation, asked))
    shown = [
        {
            "definition": definition,
            "svg": markup(diagram_svg(definition, lang, definition.title.get(lang))),
            "mermaid": mermaid(definition, lang),
            "uses": uses.get(code, []),
        }
        for code, (_version, definition) in sorted(latest.items())
    ]
    return render_template("secretariat/workflows.html", workflows=shown, roles=ROLE_LABELS)


def shown_body(message: OutboxMessage, smtp: bool) -> str:
    """A message as the outbox page shows it. With a mail server, a password link is its
    recipient's alone and is never shown here; without one, the secretariat must pass the
    e-mail on, so it is shown."""
    if message.kind in SECRET_KINDS and smtp:
        return without_password_link(message.body)
    return message.body


@bp.route("/outbox")
def outbox():
    """Every e-mail Shura has written, newest first: sent, waiting, or kept here when no
    mail server is configured."""
    kind = request.args.get("kind")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    messages = db.session.scalars(
        query.options(selectinload(OutboxMessage.to_user)).limit(200)
    ).all()
    return render_template(
        "secretariat/outbox.html",
        messages=messages,
        shown_body=shown_body,
        delivery_errors={RECIPIENT_DEACTIVATED: _("Not sent: the recipient was deactivated.")},
        kind=kind,
        kinds=OUTBOX_KINDS,
        smtp=smtp_configured(current_app.config),
    )


@bp.route("/summary")
def summary():
    """What the approved answers of a questionnaire say, question by question."""
    consultations = _consultations()
    chosen = next(
        (c for c in consultations if c.slug == request.args.get("consultation")),
        consultations[0] if consultations else None,
    )
    if chosen is None:
        return render_template("secretariat/summary.html", consultation=None)
    codes = [item.questionnaire_code for item in chosen.questionnaires]
    code = request.args.get("questionnaire")
    code = code if code in codes else codes[0]
    count, summaries = summarise(current_user, chosen, code, current_language())
    return render_template(
        "secretariat/summary.html",
        consultations=consultations,
        consultation=chosen,
        codes=codes,
        code=code,
        count=count,
        summaries=summaries,
    )
