"""The e-mails Shura writes: what each says, in the language of whoever reads it."""

from __future__ import annotations

import re

from app.core.i18n import (
    DateInReadersLanguage,
    DateTimeInReadersLanguage,
    InReadersLanguage,
    _,
    ngettext,
)

#: the kinds of message, as the outbox page names them
OUTBOX_KINDS = {
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "review_waiting": _("Waiting for review"),
    "state_change": _("State changes"),
    "invitation": _("Invitations"),
    "password_reset": _("Password links"),
}
#: kinds whose body holds a one-time password link
SECRET_KINDS = frozenset({"invitation", "password_reset"})
PASSWORD_LINK = re.compile(r"(/password/)[\w-]+")


def without_password_link(body: str) -> str:
    """The body with its one-time link cut short: for what is kept once it is delivered."""
    return PASSWORD_LINK.sub(r"\1…", body)


def _paragraphs(*parts) -> str:
    """An e-mail body: its paragraphs (texts in the reader's language), a blank line apart."""
    return "\n\n".join(str(part) for part in parts)


def _sign_off():
    return _("This message was sent by Shura; you can also read it on the site: %(link)s")


def due_soon(commission, title, meeting, window, link):
    subject = _(
        "Due on %(date)s: %(title)s", date=DateInReadersLanguage(window.due_on), title=title
    )
    body = _paragraphs(
        _("Dear colleagues of %(commission)s,", commission=commission),
        _(
            "The questionnaire “%(title)s” for your meeting of %(meeting)s is due on "
            "%(date)s and has not been submitted yet.",
            title=title,
            meeting=DateInReadersLanguage(meeting.meeting_date),
            date=DateInReadersLanguage(window.due_on),
        ),
        _sign_off() % {"link": link},
    )
    return subject, body


def overdue(commission, title, meeting, window, link):
    subject = _("Overdue: %(title)s", title=title)
    body = _paragraphs(
        _("Dear colleagues of %(commission)s,", commission=commission),
        _(
            "The questionnaire “%(title)s” for your meeting of %(meeting)s was due on "
            "%(date)s. It is still accepted until %(closes)s.",
            title=title,
            meeting=DateInReadersLanguage(meeting.meeting_date),
            date=DateInReadersLanguage(window.due_on),
            closes=DateInReadersLanguage(window.closes_on),
        ),
        _sign_off() % {"link": link},
    )
    return subject, body


def review_waiting(commission, title, days: int, link):
    subject = _(
        "Waiting for review: %(title)s (%(commission)s)", title=title, commission=commission
    )
    body = _paragraphs(
        ngettext(
            "The questionnaire “%(title)s” of %(commission)s has waited %(num)d day for "
            "a step of yours, longer than the review deadline allows.",
            "The questionnaire “%(title)s” of %(commission)s has waited %(num)d days for "
            "a step of yours, longer than the review deadline allows.",
            days,
            title=title,
            commission=commission,
        ),
        _sign_off() % {"link": link},
    )
    return subject, body


def state_changed(commission, title, action_label, state_label, actor_name, comment, link):
    subject = _(
        "%(title)s (%(commission)s): %(state)s",
        title=title,
        commission=commission,
        state=InReadersLanguage(state_label),
    )
    parts = [
        _(
            "%(who)s chose “%(action)s” on the questionnaire “%(title)s” of %(commission)s. "
            "It is now “%(state)s”.",
            who=actor_name,
            action=InReadersLanguage(action_label),
            title=title,
            commission=commission,
            state=InReadersLanguage(state_label),
        )
    ]
    if comment:
        parts.append(_("Their comment: %(comment)s", comment=comment))
    parts.append(_sign_off() % {"link": link})
    return subject, _paragraphs(*parts)


def invitation(user, inviter, link, expires):
    subject = _("Your Shura account")
    body = _paragraphs(
        _("Dear %(name)s,", name=user.name),
        _(
            "%(inviter)s has opened a Shura account for you, to take part in the "
            "consultations of the secretariat. Choose your password with this link; it "
            "works once, until %(expires)s (UTC):",
            inviter=inviter.name,
            expires=DateTimeInReadersLanguage(expires),
        ),
        link,
        _("You will then sign in with this e-mail address: %(email)s", email=user.email),
    )
    return subject, body


def password_reset(user, link, expires):
    subject = _("Choose a new Shura password")
    body = _paragraphs(
        _("Dear %(name)s,", name=user.name),
        _(
            "Someone, probably you, asked to choose a new password for your Shura "
            "account. This link lets you do it once, until %(expires)s (UTC):",
            expires=DateTimeInReadersLanguage(expires),
        ),
        link,
        _("If you did not ask for it, ignore this message: your password stays as it is."),
    )
    return subject, body
