"""A consultation at the scale of a large organisation, for load tests and benchmarks:
hundreds of commissions, several meetings each, thousands of submissions spread over every
state of their workflow, each with the history rows the pages read.

Rows go in with bulk INSERTs rather than through the services, which would take minutes for
thousands of submissions; what they write is what the services would have written for a
submission created and moved once (a creation event, one state change, one answers version).
States follow what a running consultation looks like: each commission's latest meeting has
its questionnaires anywhere in the workflow, most of the earlier ones are finished.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from sqlalchemy import insert, select

from app.consultations.models import HELD, Consultation, Meeting
from app.core.time import utcnow
from app.demo import refuse_in_production
from app.demo.answers import generate_answers
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.models import AnswerVersion, Submission, SubmissionHistory
from app.users.models import Commission, User, reviewer_commissions
from app.users.regions import REGION_LABELS
from app.users.roles import REVIEWER
from app.workflows.models import WorkflowVersion

#: submissions per INSERT statement
CHUNK = 5000


def _free_codes(count: int) -> list[str]:
    taken = set(db.session.scalars(select(Commission.iso2)))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    free = (a + b for a, b in itertools.product(letters, repeat=2) if a + b not in taken)
    codes = list(itertools.islice(free, count))
    if len(codes) < count:
        raise ValueError(f"only {len(codes)} two-letter codes are free, {count} asked")
    return codes


def load_bulk(
    consultation: Consultation,
    *,
    commissions: int = 500,
    submissions: int = 5000,
    reviewers: int = 10,
    today: dt.date,
    seed: int = 1,
    questionnaires: list[str] | None = None,
    state: str | None = None,
    variety: int = 1,
) -> list[int]:
    """Add ``commissions`` commissions, each with held meetings in ``consultation`` and
    ``submissions`` submissions over them, and ``reviewers`` reviewers sharing the
    commissions. Returns the new submissions' ids.

    ``questionnaires`` (codes) limits the questionnaires filled in, ``state`` puts every
    submission in that state, and ``variety`` draws that many different answer sets per
    questionnaire (one is enough for pages; a workbook benchmark wants varied cells).
    """
    refuse_in_production()
    rng = random.Random(seed)
    asked = [
        item
        for item in consultation.questionnaires
        if questionnaires is None or item.questionnaire_code in questionnaires
    ]
    per_commission = -(-submissions // (commissions * len(asked)))  # meetings each
    regions = list(REGION_LABELS)
    codes = _free_codes(commissions)
    commission_ids = db.session.scalars(
        insert(Commission).returning(Commission.id, sort_by_parameter_order=True),
        [
            {
                "iso2": code,
                "region": regions[n % len(regions)],
                "name_en": f"Commission {code}",
                "name_fr": f"Commission {code}",
                "name_ar": f"اللجنة {code}",
            }
            for n, code in enumerate(codes)
        ],
    ).all()
    for n in range(reviewers):
        user = User(
            email=f"bulk.reviewer{n}@{consultation.slug}.example.org",
            name=f"Reviewer {n}",
            role=REVIEWER,
            is_demo=True,  # a production instance refuses to start with them
        )  # and no password: nobody signs in as them
        db.session.add(user)
        db.session.flush()
        db.session.execute(
            insert(reviewer_commissions),
            [{"user_id": user.id, "commission_id": cid} for cid in commission_ids[n::reviewers]],
        )
    meeting_rows = [
        {
            "consultation_id": consultation.id,
            "commission_id": cid,
            "meeting_date": today - dt.timedelta(days=30 * (per_commission - k)),
            "status": HELD,
            "held_on": today - dt.timedelta(days=30 * (per_commission - k)),
            "version": 1,
        }
        for cid in commission_ids
        for k in range(per_commission)
    ]
    meeting_ids = db.session.scalars(
        insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), meeting_rows
    ).all()
    versions = {
        item.questionnaire_code: (
            QuestionnaireVersion.latest(item.questionnaire_code),
            WorkflowVersion.latest(item.workflow_code),
        )
        for item in asked
    }
    languages = ("en", "fr", "ar")
    samples = {
        code: [
            generate_answers(
                questionnaire.definition,
                rng,
                languages[n % len(languages)],
                db.session.get(Commission, commission_ids[n % len(commission_ids)]),
                db.session.get(Meeting, meeting_ids[n % len(meeting_ids)]),
                complete=True,
            )
            for n in range(max(1, variety))
        ]
        for code, (questionnaire, _workflow) in versions.items()
    }
    slots = [
        (meeting_id, row["commission_id"], item.questionnaire_code, age)
        for (meeting_id, row), age in zip(
            zip(meeting_ids, meeting_rows, strict=True),
            itertools.cycle(range(per_commission - 1, -1, -1)),
        )
        for item in asked
    ][:submissions]
    now = utcnow()
    submission_rows, moves = [], []
    for n, (meeting_id, commission_id, code, age) in enumerate(slots):
        questionnaire, workflow = versions[code]
        chosen = state or _state(workflow.definition, age, rng)
        submission_rows.append(
            {
                "meeting_id": meeting_id,
                "consultation_id": consultation.id,
                "commission_id": commission_id,
                "questionnaire_code": code,
                "questionnaire_version_id": questionnaire.id,
                "workflow_version_id": workflow.id,
                "state": chosen,
                "answers": samples[code][n % len(samples[code])],
                "version": 1,
                "answers_version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        moves.append((workflow.definition.initial, chosen, questionnaire.id))
    submission_ids: list[int] = []
    # In slices, so that 100,000 submissions do not hold every statement's rows at once.
    for start in range(0, len(submission_rows), CHUNK):
        rows = submission_rows[start : start + CHUNK]
        ids = db.session.scalars(
            insert(Submission).returning(Submission.id, sort_by_parameter_order=True), rows
        ).all()
        submission_ids.extend(ids)
        history, answer_versions = [], []
        for submission_id, row, (initial, state_now, questionnaire_id) in zip(
            ids, rows, moves[start : start + CHUNK], strict=True
        ):
            created = now - dt.timedelta(days=rng.randint(20, 60))
            history.append(_event(submission_id, "create", None, initial, created))
            if state_now != initial:
                moved = created + dt.timedelta(days=rng.randint(1, 19))
                history.append(_event(submission_id, "bulk", initial, state_now, moved))
            answer_versions.append(
                {
                    "submission_id": submission_id,
                    "number": 1,
                    "answers": row["answers"],
                    "questionnaire_version_id": questionnaire_id,
                    "saved_at": created,
                }
            )
        db.session.execute(insert(SubmissionHistory), history)
        db.session.execute(insert(AnswerVersion), answer_versions)
    return submission_ids


def _state(workflow, age: int, rng: random.Random) -> str:
    """As a consultation ages: the latest meeting's questionnaires anywhere in their
    workflow, earlier ones mostly finished (``age`` counts meetings since, 0 the latest)."""
    states = list(workflow.states)
    if age == 0 or rng.random() < 0.15:
        return rng.choice(states)
    return rng.choice(workflow.final_states or states)


def _event(submission_id, action, from_state, to_state, at) -> dict:
    return {
        "submission_id": submission_id,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "at": at,
        "answers_version": 1,
        "submission_version": 1,
    }
