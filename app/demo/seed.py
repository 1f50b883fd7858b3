"""Demo data: commissions, a consultation with meetings, accounts and generated submissions.

Idempotent: every object is looked up by a natural key before it is created, and generated
submissions fill meeting slots in a fixed order with answers drawn from a random generator
seeded by the slot, so a second run with the same options changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.consultations.models import BEFORE_MEETING, HELD, SCHEDULED, Consultation, Meeting
from app.consultations.services import create_consultation, ensure_meeting, get_consultation
from app.core.i18n import _
from app.core.time import utctoday
from app.demo import refuse_in_production
from app.demo.answers import generate_answers, phrase_banks
from app.extensions import db
from app.questionnaires.validation import validate_answers
from app.submissions.models import Submission
from app.submissions.services import apply_action, create_submission, save_answers
from app.users.accounts import create_user, find_user_by_email
from app.users.commissions import import_roster
from app.users.models import Commission, User
from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT

ROSTER = Path(__file__).with_name("member_states.csv")
DEMO_PASSWORD = "shura-demo"
CONSULTATION_SLUG = "bilateral-meetings-2021"
FIRST_MEETING = dt.date(2021, 3, 8)
#: commissions whose demo focal point gets no generated submission in the first round
WALKTHROUGH_COMMISSIONS = ("MA", "SN")
#: every commission's next meeting is planned this many days after the first seeding, so
#: that its pre-meeting questionnaire is open to walk through
NEXT_MEETING_DAYS_AHEAD = 14
DEMO_ACCOUNTS = [
    ("secretariat@example.org", SECRETARIAT, _("runs the consultation, downloads workbooks")),
    ("reviewer@example.org", REVIEWER, _("reviews every commission")),
    ("reviewer.asia@example.org", REVIEWER, _("reviews the commissions of Asia only")),
    (
        "focal.ma@example.org",
        COMMISSION,
        _("Morocco (Arabic); focal.<iso>@example.org for others"),
    ),
    (
        "editor.ma@example.org",
        COMMISSION,
        _("Morocco's editor: fills in and saves, does not submit"),
    ),
    ("focal.sn@example.org", COMMISSION, _("Senegal (French)")),
]
ARABIC = {"DZ", "EG", "LY", "MA", "MR", "SD", "SO", "DJ", "TN"}
FRENCH = {"BJ", "BF", "CM", "TD", "KM", "CI", "GA", "GN", "GW", "ML", "NE", "SN", "TG"}
#: how often a generated submission ends in each state, and the actions that lead there
STATE_PATHS = [
    (15, []),
    (10, ["submit"]),
    (12, ["submit", "start_review"]),
    (8, ["submit", "start_review", "return"]),
    (43, ["submit", "start_review", "approve"]),
    (12, ["submit", "start_review", "return", "submit", "start_review", "approve"]),
]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + count

    def summary(self) -> str:
        if not self.created:
            return str(_("Demo data already in place: nothing to add."))
        counts = ", ".join(f"{n} {what}" for what, n in self.created.items())
        return str(_("Created: %(counts)s.", counts=counts))


def commission_language(commission: Commission) -> str:
    if commission.region == "arab" or commission.iso2 in ARABIC:
        return "ar"
    return "fr" if commission.iso2 in FRENCH else "en"


def seed(submission_count: int) -> SeedReport:
    refuse_in_production()
    report = SeedReport()
    commissions = _commissions(report)
    users = _accounts(commissions, report)
    consultation = _consultation(report)
    slots = _slots(consultation, commissions, submission_count, report)
    _submissions(slots, users, submission_count, report)
    db.session.flush()
    return report


def _commissions(report: SeedReport) -> list[Commission]:
    created, _ = import_roster(ROSTER, "the demo roster", update=False)
    if created:
        report.add("commissions", created)
    return sorted(db.session.scalars(select(Commission)), key=lambda c: c.name_en)


def _user(email, name, role, report, *, commission=None, language="en", focal_point=None) -> User:
    user = find_user_by_email(email)
    if user is None:
        iso2 = commission.iso2 if commission else None
        user = create_user(
            email=email,
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            commission_iso2=iso2,
            language=language,
            is_demo=True,
            focal_point=focal_point,
        )
        report.add("accounts")
    return user


def _accounts(commissions: list[Commission], report: SeedReport) -> dict[str, User]:
    users = {
        SECRETARIAT: _user("secretariat@example.org", "Secretariat (demo)", SECRETARIAT, report),
        REVIEWER: _user("reviewer@example.org", "Reviewer (demo)", REVIEWER, report),
    }
    asia = _user("reviewer.asia@example.org", "Reviewer for Asia (demo)", REVIEWER, report)
    db.session.flush()
    if not users[REVIEWER].reviewed_commissions:
        users[REVIEWER].reviewed_commissions = list(commissions)
        asia.reviewed_commissions = [c for c in commissions if c.region == "asia"]
    for commission in commissions:
        language = commission_language(commission)
        users[commission.iso2] = _user(
            f"focal.{commission.iso2.lower()}@example.org",
            f"{commission.name(language)} (demo)",
            COMMISSION,
            report,
            commission=commission,
            language=language,
        )
    # A commission with more than one person: an editor fills in, the focal point submits.
    morocco = next((c for c in commissions if c.iso2 == "MA"), None)
    if morocco is not None:
        _user(
            "editor.ma@example.org",
            "Editor, Morocco (demo)",
            COMMISSION,
            report,
            commission=morocco,
            language=commission_language(morocco),
            focal_point=False,
        )
    db.session.flush()
    return users


def _consultation(report: SeedReport) -> Consultation:
    consultation = get_consultation(CONSULTATION_SLUG, missing_ok=True)
    if consultation is None:
        consultation = create_consultation(
            slug=CONSULTATION_SLUG,
            titles={
                "en": "Bilateral meetings with National Commissions 2021",
                "fr": "Réunions bilatérales avec les commissions nationales 2021",
                "ar": "الاجتماعات الثنائية مع اللجان الوطنية 2021",
            },
            workflow_code="commission_review",
            before=["pre_meeting"],
            after=["post_meeting"],
        )
        report.add("consultations")
    return consultation


def _meeting_dates(round_index: int, count: int) -> list[dt.date]:
    """One meeting per working day from 8 March 2021; later rounds start six months apart."""
    day, dates = FIRST_MEETING + dt.timedelta(weeks=26 * round_index), []
    while len(dates) < count:
        if day.weekday() < 5:
            dates.append(day)
        day += dt.timedelta(days=1)
    return dates


def _slots(consultation, commissions, submission_count, report) -> list[tuple[Meeting, str]]:
    """(meeting, questionnaire) pairs that generated submissions fill, in a fixed order."""
    codes = [q.questionnaire_code for q in consultation.questionnaires]
    per_round = len(commissions) * len(codes) - len(WALKTHROUGH_COMMISSIONS) * len(codes)
    rounds = max(1, -(-submission_count // max(per_round, 1)))
    slots = []
    for round_index in range(rounds):
        dates = _meeting_dates(round_index, len(commissions))
        round_slots = []
        for commission, date in zip(commissions, dates, strict=True):
            meeting, created = ensure_meeting(consultation, commission, date)
            if created:
                report.add("meetings")
                # Meetings of past rounds took place on their day.
                meeting.status, meeting.held_on = HELD, date
            walkthrough = commission.iso2 in WALKTHROUGH_COMMISSIONS
            if round_index == 0 and walkthrough:
                continue
            # Later rounds serve the walkthrough commissions first, so that a few more
            # submissions than one round already reach every member state.
            round_slots.extend((not walkthrough, (meeting, code)) for code in codes)
        slots.extend(slot for _, slot in sorted(round_slots, key=lambda item: item[0]))
    for commission in commissions:
        _next_meeting(consultation, commission, report)
    db.session.flush()
    return slots


def _next_meeting(consultation, commission, report) -> Meeting:
    """The commission's upcoming meeting, planned the first time the demo is seeded."""
    upcoming = db.session.scalar(
        select(Meeting).where(
            Meeting.consultation_id == consultation.id,
            Meeting.commission_id == commission.id,
            Meeting.status == SCHEDULED,
        )
    )
    if upcoming is not None:
        return upcoming
    day = utctoday() + dt.timedelta(days=NEXT_MEETING_DAYS_AHEAD)
    meeting, created = ensure_meeting(consultation, commission, day)
    if created:
        meeting.place = "Online"
        report.add("meetings")
    return meeting


def _day_of(meeting, code: str) -> dt.date:
    """The day a generated submission is taken to have been sent: inside its window."""
    asked = meeting.consultation.asked(code)
    if asked.phase == BEFORE_MEETING:
        return meeting.meeting_date - dt.timedelta(days=asked.due_days_before + 1)
    return meeting.meeting_date + dt.timedelta(days=1)


def _submissions(slots, users, submission_count, report) -> None:
    taken = set(
        db.session.execute(select(Submission.meeting_id, Submission.questionnaire_code)).all()
    )
    for meeting, code in slots[:submission_count]:
        if (meeting.id, code) in taken:
            continue
        commission = meeting.commission
        rng = random.Random(f"{commission.iso2}/{meeting.meeting_date}/{code}")
        focal_point = users[commission.iso2]
        _, path = rng.choices(STATE_PATHS, weights=[w for w, _ in STATE_PATHS])[0]
        submission = create_submission(focal_point, meeting, code)
        definition = submission.definition
        language = commission_language(commission)
        answers = generate_answers(
            definition, rng, language, commission, meeting, complete=bool(path)
        )
        if path:
            errors = validate_answers(definition, answers, complete=True)
            assert not errors, f"generated answers for {code} do not validate: {errors}"
        save_answers(focal_point, submission, answers, None)
        for action in path:
            actor = focal_point if action == "submit" else users[REVIEWER]
            comment = (
                rng.choice(phrase_banks()["phrases"]["en"]["return_comment"])
                if action == "return"
                else ""
            )
            apply_action(actor, submission, action, comment=comment, today=_day_of(meeting, code))
        report.add("submissions")
