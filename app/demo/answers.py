"""Plausible answers for any questionnaire definition, in a commission's language."""

from __future__ import annotations

import datetime as dt

from app.demo.phrases import PHRASES
from app.questionnaires.definition import OTHER_VALUE, Field
from app.questionnaires.types import QUESTION_TYPES

#: which phrase bank answers a text question, by question code
TOPIC_BY_CODE = {
    "focal_point_position": "position",
    "title": "priority_title",
    "description": "priority_description",
    "achievements": "achievements",
    "activity_areas": "activity_areas",
    "future_perspectives": "future_perspectives",
    "proposal": "proposal",
    "education": "post_covid_education",
    "culture": "post_covid_culture",
    "science": "post_covid_science",
    "women_proposals": "women_proposals",
    "comments": "comments",
    "participants": "participants",
    "topics": "topics",
    "action": "action",
    "responsible": "responsible",
    "recommendations": "recommendations",
    "support_needed": "support_needed",
}


def generate_answers(definition, rng, language, commission, meeting, *, complete: bool) -> dict:
    """Answers for every question (or, for a draft, for a random part of them)."""
    bank = PHRASES[language]
    person = f"{rng.choice(bank['first_names'])} {rng.choice(bank['last_names'])}"
    used_slots = {}
    for field in definition.fields:
        group = field.slot.group if field.slot else None
        if group is not None and group.code not in used_slots:
            low = max(group.required_count, 1 if group.required_count else 0)
            used_slots[group.code] = rng.randint(low, min(group.count, low + 3))
    answers: dict = {}
    for field in definition.fields:
        if field.slot and field.slot.index > used_slots[field.slot.group.code]:
            continue
        if field.specifies:
            chosen = answers.get(field.specifies.code)
            if chosen == OTHER_VALUE or (isinstance(chosen, list) and OTHER_VALUE in chosen):
                answers[field.code] = rng.choice(bank["challenges_other"])
            continue
        if not field.question.required and rng.random() < 0.15:
            continue
        if not complete and rng.random() < 0.5:
            continue
        value = _answer(field, definition, rng, bank, person, commission, meeting)
        if value is not None:
            answers[field.code] = value
    return answers


def _answer(field: Field, definition, rng, bank, person, commission, meeting):
    question = field.question
    kind = question.type
    if kind in ("text", "long_text"):
        if question.code.endswith("_name"):
            return person
        return rng.choice(bank[TOPIC_BY_CODE.get(question.code, "comments")])
    if kind == "email":
        return f"focal.point@natcom-{commission.iso2.lower()}.example.org"
    if kind == "phone":
        parts = (
            rng.randint(20, 998),
            rng.randint(10, 99),
            rng.randint(100, 999),
            rng.randint(1000, 9999),
        )
        return "+{} {} {} {}".format(*parts)
    if kind in ("integer", "decimal"):
        low = int(question.min if question.min is not None else 0)
        high = int(min(question.max if question.max is not None else 200, low + 120))
        return rng.randint(low, high)
    if kind == "date":
        offset = (
            rng.randint(0, 2) if question.code.endswith("meeting_date") else rng.randint(30, 300)
        )
        return (meeting.meeting_date + dt.timedelta(days=offset)).isoformat()
    if kind == "yes_no":
        return rng.random() < 0.7
    if kind == "select_one":
        values = [c.value for c in definition.choices(question) if c.value != OTHER_VALUE]
        return rng.choice(values)
    if kind == "select_multiple":
        values = [c.value for c in definition.choices(question)]
        return sorted(rng.sample(values, rng.randint(1, min(3, len(values)))), key=values.index)
    if kind == "scale":
        low, high = QUESTION_TYPES["scale"].bounds(question)
        return max(low, high - min(rng.choices([0, 0, 1, 1, 1, 2, 3, 4], k=1)[0], high - low))
    return None
