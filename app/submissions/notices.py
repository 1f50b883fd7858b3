"""Telling the people concerned that a submission moved, as its workflow file asks
(``notify:`` on an action). The messages go into the outbox in the same unit of work as the
move, so they exist exactly when the move was committed."""

from __future__ import annotations

from functools import partial

from app.core.i18n import InReadersLanguage, NameInReadersLanguage
from app.notifications import messages
from app.notifications.outbox import people_concerned, post


def notify_action(actor, submission, entry, link: str) -> int:
    """Queue the e-mails the action of history ``entry`` asks for; return how many."""
    action = submission.workflow.actions.get(entry.action)
    if action is None or not action.notify:
        return 0
    state = submission.workflow.states[entry.to_state].label
    title = InReadersLanguage(submission.definition.title)
    commission = NameInReadersLanguage(submission.commission)
    queued = 0
    for person in people_concerned(action.notify, submission.commission_id):
        if person.id == actor.id:
            continue
        posted = post(
            person,
            "state_change",
            f"action:{entry.id}:{person.id}",
            partial(
                messages.state_changed,
                commission,
                title,
                action.label,
                state,
                actor.name,
                entry.comment,
                link,
            ),
        )
        queued += posted is not None
    return queued
