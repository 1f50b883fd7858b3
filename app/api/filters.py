"""The filters of the API's lists, checked against the data as the exports' options are
(``app/exports/validation.py``): a consultation, questionnaire, commission, region or state
that is not known is refused with 422, naming the value and the ones there are, rather than
answered with an empty list a program could take for "nothing yet".

A commission or consultation outside the caller's scope is unknown to them, like one that
does not exist. A state that exists but that the caller's role does not see (a draft, for a
reviewer) is a known state: filtering on it finds nothing, as on the pages.
"""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from app.consultations.models import Consultation
from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.core.languages import known_language
from app.exports.validation import consultation_states
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.scoping import commission_ids_by_iso, commissions_for, consultations_for
from app.users.models import Commission
from app.users.regions import REGION_LABELS
from app.workflows.models import WorkflowVersion


def refuse(field: str, message) -> ValidationFailed:
    return ValidationFailed(str(_("The request has mistakes.")), {field: [str(message)]})


def reader_language() -> str:
    locale = get_locale()
    return known_language(locale.language if locale else None)


def _in_words(values) -> str:
    return ", ".join(values) or "—"


def consultation_named(actor, slug: str, field: str = "consultation") -> Consultation:
    consultation = db.session.scalar(consultations_for(actor).where(Consultation.slug == slug))
    if consultation is None:
        raise refuse(field, _("No consultation is named %(slug)s.", slug=slug))
    return consultation


def questionnaire_named(code: str, field: str = "questionnaire") -> str:
    found = db.session.scalar(
        select(QuestionnaireVersion.id).where(QuestionnaireVersion.code == code).limit(1)
    )
    if found is None:
        raise refuse(field, _("No questionnaire is named %(code)s.", code=code))
    return code


def commission_ids(actor, codes: list[str], field: str = "commission") -> list[int]:
    """The ids of the commissions with these ISO codes, among those the actor sees."""
    found, unknown = commission_ids_by_iso(actor, codes)
    if unknown:
        isos = db.session.scalars(
            commissions_for(actor).with_only_columns(Commission.iso2).order_by(Commission.iso2)
        ).all()
        raise refuse(
            field,
            _(
                "Not a commission you may see: %(values)s. The commissions are: %(allowed)s.",
                values=", ".join(unknown),
                allowed=_in_words(isos),
            ),
        )
    return list(found.values())


def region_commissions(regions: list[str], field: str = "region"):
    """A subquery of the ids of the commissions in these regions."""
    unknown = [region for region in regions if region not in REGION_LABELS]
    if unknown:
        lang = reader_language()
        raise refuse(
            field,
            _(
                "Not a region: %(values)s. The regions are: %(allowed)s.",
                values=", ".join(unknown),
                allowed=_in_words(
                    f"{code} ({labels[lang]})" for code, labels in REGION_LABELS.items()
                ),
            ),
        )
    return select(Commission.id).where(Commission.region.in_(regions))


def known_states(states: list[str], consultation: Consultation | None, field: str = "state"):
    """The states, each a state of the consultation's workflows (of any workflow without
    one); ValidationFailed naming those that are not."""
    lang = reader_language()
    if consultation is not None:
        known = consultation_states(consultation, lang)
    else:
        known = {}
        for _version_id, workflow in WorkflowVersion.all_definitions():
            for state in workflow.states:
                known.setdefault(state, workflow.state_label(state, lang))
    unknown = [state for state in states if state not in known]
    if unknown:
        allowed = _in_words(f"{code} ({label})" for code, label in known.items())
        if consultation is not None:
            message = _(
                "Not a state of this consultation's workflows: %(values)s. The states are: "
                "%(allowed)s.",
                values=", ".join(unknown),
                allowed=allowed,
            )
        else:
            message = _(
                "Not a state of any workflow: %(values)s. The states are: %(allowed)s.",
                values=", ".join(unknown),
                allowed=allowed,
            )
        raise refuse(field, message)
    return states
