"""Planning meetings: creating, moving, marking held, postponing or cancelling them.

The secretariat alone does this. A meeting's questionnaire windows are reckoned from it
(windows.py), so moving the meeting moves them. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.consultations.models import (
    CANCELLED,
    HELD,
    MEETING_STATUSES,
    POSTPONED,
    SCHEDULED,
    Consultation,
    Meeting,
)
from app.core.errors import Conflict, Forbidden, ValidationFailed
from app.core.i18n import _
from app.extensions import db
from app.users.models import Commission
from app.users.roles import SECRETARIAT

#: how pages name a meeting's status
STATUS_LABELS = {
    SCHEDULED: _("Scheduled"),
    HELD: _("Held"),
    POSTPONED: _("Postponed"),
    CANCELLED: _("Cancelled"),
}
MEETING_CHANGED = _(
    "This meeting was changed since you opened this page, so nothing was saved. Your input "
    "is still in the form; the meeting as it is saved now is shown beside it."
)


@dataclass
class MeetingDetails:
    """What the secretariat says about a meeting."""

    commission_id: int
    meeting_date: dt.date
    start_time: dt.time | None = None
    place: str = ""
    online_link: str = ""
    status: str = "scheduled"
    notes: str = ""


def _problems(details: MeetingDetails, today: dt.date) -> dict[str, list]:
    errors: dict[str, list] = {}
    if details.status not in MEETING_STATUSES:
        errors["status"] = [_("Choose one of the statuses offered.")]
    if details.status == HELD and details.meeting_date > today:
        errors["status"] = [_("A meeting can be marked held on its day or after it.")]
    link = details.online_link.strip()
    if link:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors["online_link"] = [_("Give the whole address, starting with https://.")]
    if db.session.get(Commission, details.commission_id) is None:
        errors["commission_id"] = [_("Choose a commission from the list.")]
    return errors


def _has_work(meeting: Meeting) -> bool:
    from app.submissions.models import Submission  # submissions build on meetings

    return (
        db.session.scalar(select(Submission.id).where(Submission.meeting_id == meeting.id).limit(1))
        is not None
    )


def save_meeting(
    actor,
    consultation: Consultation,
    details: MeetingDetails,
    *,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
    today: dt.date,
) -> Meeting:
    """Create a meeting (``meeting`` None) or change one; flush, never commit.

    Marking a meeting held records the day (its post-meeting questionnaires open then);
    taking that back forgets it.
    """
    if actor.role != SECRETARIAT:
        raise Forbidden(_("Only the secretariat plans meetings."))
    errors = _problems(details, today)
    if errors:
        raise ValidationFailed(_("Some details need correcting."), errors)
    if meeting is not None and expected_version != meeting.version:
        raise Conflict(MEETING_CHANGED)
    if (
        meeting is not None
        and details.commission_id != meeting.commission_id
        and _has_work(meeting)
    ):
        # The questionnaires started for it are that commission's answers: they stay with it.
        raise ValidationFailed(
            _("Some details need correcting."),
            {
                "commission_id": [
                    _(
                        "Questionnaires have been started for this meeting, so it stays with "
                        "its commission. Cancel it and plan a meeting with the other one."
                    )
                ]
            },
        )
    if meeting is None:
        meeting = Meeting(consultation=consultation)
        db.session.add(meeting)
    was_held = meeting.status == HELD
    meeting.commission_id = details.commission_id
    meeting.meeting_date = details.meeting_date
    meeting.start_time = details.start_time
    meeting.place = details.place.strip() or None
    meeting.online_link = details.online_link.strip() or None
    meeting.notes = details.notes.strip() or None
    meeting.status = details.status
    if details.status == HELD and not was_held:
        meeting.held_on = max(today, details.meeting_date)
    elif details.status != HELD:
        meeting.held_on = None
    meeting.updated_by_id = actor.id
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ValidationFailed(
            _("Some details need correcting."),
            {
                "meeting_date": [
                    _("This commission already has a meeting of this consultation on that day.")
                ]
            },
        ) from None
    except StaleDataError:
        raise Conflict(MEETING_CHANGED) from None
    return meeting
