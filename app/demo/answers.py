"""Plausible answers for any questionnaire definition, in a commission's language.

Each question type proposes its own sample answer (``sample_answers``); this module only
decides which questions a generated submission answers, and how many repeat items it has.
Text comes from the phrase banks in ``phrases.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from app.questionnaires.logic import clean_answers
from app.questionnaires.validation import validate_answers

PHRASE_FILE = Path(__file__).with_name("phrases.yaml")


@cache
def phrase_banks() -> dict:
    return yaml.safe_load(PHRASE_FILE.read_text(encoding="utf-8"))


@dataclass
class Demo:
    """What a type's ``sample()`` may draw on: the random generator, the commission, the
    meeting, and phrases in the commission's language."""

    rng: object
    language: str
    commission: object
    meeting: object

    def __post_init__(self):
        bank = phrase_banks()["phrases"][self.language]
        self.person = (
            f"{self.rng.choice(bank['first_names'])} {self.rng.choice(bank['last_names'])}"
        )

    def phrase(self, code: str) -> str:
        """A sentence fit to answer the question ``code`` (see ``topics`` in phrases.yaml)."""
        topic = phrase_banks()["topics"].get(code, "comments")
        if topic == "person":
            return self.person
        return self.rng.choice(phrase_banks()["phrases"][self.language][topic])


def generate_answers(definition, rng, language, commission, meeting, *, complete: bool) -> dict:
    """Answers for every question (or, for a draft, for a random part of them)."""
    demo = Demo(rng, language, commission, meeting)
    answers = clean_answers(
        definition, _fill(definition, [s.items for s in definition.sections], demo, complete)
    )
    # A sample is drawn without the other answers, so a choice filter may refuse it once they
    # are known: draw again a few times, and leave it unanswered only if none fits (never
    # stored wrong).
    for _attempt in range(12):
        refused = [
            path
            for path in validate_answers(definition, answers, complete=False)
            if path in answers and definition.node_by_answer_code.get(path) is not None
        ]
        if not refused:
            break
        for path in refused:
            node = definition.node_by_answer_code[path]
            answers.update(node.kind.sample_answers(node.item, definition, demo))
        answers = clean_answers(definition, answers)
    else:
        for path in refused:
            answers.pop(path, None)
    return clean_answers(definition, answers)


def _fill(definition, item_lists, demo: Demo, complete: bool) -> dict:
    answers: dict = {}
    for items in item_lists:
        for item in items:
            kind = definition.node_by_code[item.code].kind
            if item.code in definition.repeat_codes:
                low = max(item.min_count, 0)
                count = demo.rng.randint(low, min(item.max_count, low + 3))
                answers[item.code] = [
                    _fill(definition, [item.items], demo, complete) for _ in range(count)
                ]
            elif kind.holds_items:
                answers.update(_fill(definition, [item.items], demo, complete))
            elif kind.answers:
                # required only when an expression holds: answered too, to be safe
                required = getattr(item, "required", False) not in (False, None)
                if not required and demo.rng.random() < 0.15:
                    continue
                if not complete and demo.rng.random() < 0.5:
                    continue
                answers.update(kind.sample_answers(item, definition, demo))
    return answers
