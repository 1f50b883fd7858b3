"""Setting up consultations and their meetings."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.consultations.models import (
    AFTER_MEETING,
    BEFORE_MEETING,
    Consultation,
    ConsultationQuestionnaire,
    Meeting,
)
from app.core.errors import NotFound, ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.users.models import Commission
from app.workflows.models import WorkflowVersion

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}$")


def create_consultation(
    *,
    slug: str,
    titles: dict[str, str],
    workflow_code: str,
    before: list[str],
    after: list[str],
    workflows: dict[str, str] | None = None,
) -> Consultation:
    """A consultation asking ``before`` questionnaires before each meeting, ``after`` after.

    Each questionnaire follows ``workflow_code`` unless ``workflows`` names another for it
    (questionnaire code -> workflow code). Every questionnaire and workflow must be stored
    (`shura definitions sync`).
    """
    if not SLUG.match(slug):
        raise ValidationFailed(_("The slug uses lowercase letters, digits and '-' (2-79 of them)."))
    if get_consultation(slug, missing_ok=True):
        raise ValidationFailed(_("A consultation %(slug)r exists already.", slug=slug))
    if not all((titles.get(lang) or "").strip() for lang in ("en", "fr", "ar")):
        raise ValidationFailed(_("Give the title in English, French and Arabic."))
    if not before and not after:
        raise ValidationFailed(_("Name at least one questionnaire."))
    repeated = {code for code in [*before, *after] if [*before, *after].count(code) > 1}
    if repeated:
        raise ValidationFailed(
            _("Each questionnaire is asked once: %(codes)s.", codes=", ".join(sorted(repeated)))
        )
    workflows = workflows or {}
    strays = sorted(set(workflows) - {*before, *after})
    if strays:
        raise ValidationFailed(
            _(
                "A workflow is named for a questionnaire the consultation does not ask: %(codes)s.",
                codes=", ".join(strays),
            )
        )
    consultation = Consultation(
        slug=slug,
        title_en=titles["en"].strip(),
        title_fr=titles["fr"].strip(),
        title_ar=titles["ar"].strip(),
    )
    asked = [(code, BEFORE_MEETING) for code in before] + [(code, AFTER_MEETING) for code in after]
    for position, (code, phase) in enumerate(asked, start=1):
        QuestionnaireVersion.latest(code)
        workflow = workflows.get(code, workflow_code)
        WorkflowVersion.latest(workflow)
        consultation.questionnaires.append(
            ConsultationQuestionnaire(
                questionnaire_code=code, phase=phase, position=position, workflow_code=workflow
            )
        )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def get_consultation(slug: str, *, missing_ok: bool = False) -> Consultation | None:
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None and not missing_ok:
        raise NotFound(_("No consultation %(slug)r.", slug=slug))
    return consultation


def ensure_meeting(consultation: Consultation, commission: Commission, date: dt.date):
    """The meeting of a commission on a date, created when new; returns (meeting, created)."""
    meeting = db.session.scalar(
        select(Meeting).where(
            Meeting.consultation_id == consultation.id,
            Meeting.commission_id == commission.id,
            Meeting.meeting_date == date,
        )
    )
    if meeting is not None:
        return meeting, False
    meeting = Meeting(consultation=consultation, commission=commission, meeting_date=date)
    db.session.add(meeting)
    db.session.flush()
    return meeting, True


def add_meeting(consultation_slug: str, iso2: str, date: dt.date) -> tuple[Meeting, bool]:
    consultation = get_consultation(consultation_slug)
    commission = db.session.scalar(select(Commission).where(Commission.iso2 == iso2.upper()))
    if commission is None:
        raise NotFound(_("No commission %(iso)r: import the roster first.", iso=iso2))
    return ensure_meeting(consultation, commission, date)
