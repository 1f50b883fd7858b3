"""Options checked against the data before anything is built: the states, regions and
commissions an export names must exist, or the export would be silently empty.

``check_options`` is the one check the page, the command line and the API go through (the
page by way of ``app/jobs/exports.py:request_export``). A refusal is an ``OptionError``
naming the option, the values that are not known and the values that are.
"""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from app.consultations.models import Consultation
from app.core.i18n import _
from app.core.languages import known_language
from app.exports.options import ExportOptions, OptionError
from app.extensions import db
from app.submissions.scoping import commission_ids_by_iso, commissions_for
from app.users.models import Commission
from app.users.regions import REGION_LABELS
from app.workflows.models import WorkflowVersion


def check_options(options: ExportOptions, actor) -> None:
    """Raise OptionError for a state, region or commission the options name that does not
    exist (for this consultation and this actor)."""
    consultation = db.session.get(Consultation, options.consultation_id)
    if consultation is None:
        raise OptionError("consultation_id", str(_("No such consultation.")))
    lang = reader_language()
    if options.states:
        message = states_refusal(options.states, consultation_states(consultation, lang))
        if message:
            raise OptionError("states", message)
    if options.regions:
        message = regions_refusal(options.regions, lang)
        if message:
            raise OptionError("regions", message)
    if options.commission_ids:
        chosen = list(options.commission_ids)
        known_ids = set(
            db.session.scalars(
                commissions_for(actor)
                .with_only_columns(Commission.id)
                .where(Commission.id.in_(chosen))
            )
        )
        unknown = [value for value in chosen if value not in known_ids]
        if unknown:
            # Named by ISO code, as the reader knows them (a country's code is no secret),
            # or by the number asked for if there is no such commission at all.
            codes = dict(
                db.session.execute(
                    select(Commission.id, Commission.iso2).where(Commission.id.in_(unknown))
                ).all()
            )
            raise _commission_error([codes.get(value, str(value)) for value in unknown], actor)


def commission_ids(codes, actor) -> tuple[int, ...]:
    """The ids of the commissions with these ISO codes, among those ``actor`` may export;
    OptionError naming the codes that are not."""
    found, unknown = commission_ids_by_iso(actor, codes)
    if unknown:
        raise _commission_error(unknown, actor)
    return tuple(found.values())


def consultation_states(consultation, lang: str) -> dict[str, str]:
    """State code -> label of every version of the workflows the consultation's
    questionnaires follow."""
    codes = {asked.workflow_code for asked in consultation.questionnaires}
    states: dict[str, str] = {}
    for _version_id, workflow in WorkflowVersion.all_definitions():
        if workflow.code in codes:
            for state in workflow.states:
                states.setdefault(state, workflow.state_label(state, lang))
    return states


def states_refusal(values, known: dict[str, str], *, of_consultation: bool = True) -> str:
    """Why some of ``values`` are not states (``known``: code -> label), or "" when all are;
    the states of the consultation's workflows, or (``of_consultation`` false) of any."""
    unknown, allowed = _unknown(values, known)
    if not unknown:
        return ""
    if of_consultation:
        message = _(
            "Not a state of this consultation's workflows: %(values)s. The states are: "
            "%(allowed)s.",
            values=unknown,
            allowed=allowed,
        )
    else:
        message = _(
            "Not a state of any workflow: %(values)s. The states are: %(allowed)s.",
            values=unknown,
            allowed=allowed,
        )
    return str(message)


def regions_refusal(values, lang: str) -> str:
    """Why some of ``values`` are not regions, or "" when all are."""
    known = {code: labels.get(lang, code) for code, labels in REGION_LABELS.items()}
    unknown, allowed = _unknown(values, known)
    if not unknown:
        return ""
    return str(
        _(
            "Not a region: %(values)s. The regions are: %(allowed)s.",
            values=unknown,
            allowed=allowed,
        )
    )


def visible_isos(actor) -> str:
    """The ISO codes of the commissions ``actor`` sees, in words (for a refusal)."""
    isos = db.session.scalars(
        commissions_for(actor).with_only_columns(Commission.iso2).order_by(Commission.iso2)
    ).all()
    return ", ".join(isos) or "—"


def _unknown(values, known: dict[str, str]) -> tuple[str, str]:
    """(the values not known, the known ones as "code (label)"), each as a list in words;
    no unknown value gives "". An empty value is unknown too (shown as "")."""
    unknown = [value for value in values if value not in known]
    allowed = ", ".join(f"{code} ({label})" for code, label in known.items())
    if not unknown:
        return "", allowed or "—"
    return ", ".join(value or '""' for value in unknown), allowed or "—"


def _commission_error(unknown: list[str], actor) -> OptionError:
    message = _(
        "Not a commission you may export: %(values)s. The commissions are: %(allowed)s.",
        values=", ".join(unknown),
        allowed=visible_isos(actor),
    )
    return OptionError("commission_ids", str(message))


def reader_language() -> str:
    """The language of whoever reads the refusal (the page's reader, the command line's)."""
    locale = get_locale()
    return known_language(locale.language if locale else None)
