"""The filters of the API's lists, checked against the data as the exports' options are
(``app/exports/validation.py``): a consultation, questionnaire, commission, region or state
that is not known is refused with 422, naming the value and the ones there are, rather than
answered with an empty list a program could take for "nothing yet".

A commission or consultation outside the caller's scope is unknown to them, like one that
does not exist. A state that exists but that the caller's role does not see (a draft, for a
reviewer) is a known state: filtering on it finds nothing, as on the pages.
"""

from __future__ import annotations

from sqlalchemy import select

from app.consultations.models import Consultation
from app.core.errors import ValidationFailed
from app.core.i18n import _
from app.exports.validation import (
    consultation_states,
    reader_language,
    regions_refusal,
    states_refusal,
    visible_isos,
)
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.scoping import commission_ids_by_iso, consultations_for
from app.users.models import Commission
from app.workflows.models import WorkflowVersion


def refuse(field: str, message) -> ValidationFailed:
    return ValidationFailed(str(_("The request has mistakes.")), {field: [str(message)]})


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
        raise refuse(
            field,
            _(
                "Not a commission you may see: %(values)s. The commissions are: %(allowed)s.",
                values=", ".join(unknown),
                allowed=visible_isos(actor),
            ),
        )
    return list(found.values())


def region_commissions(regions: list[str], field: str = "region"):
    """A subquery of the ids of the commissions in these regions."""
    message = regions_refusal(regions, reader_language())
    if message:
        raise refuse(field, message)
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
    message = states_refusal(states, known, of_consultation=consultation is not None)
    if message:
        raise refuse(field, message)
    return states
