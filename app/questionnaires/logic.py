"""A questionnaire's logic applied to answers: relevance, calculations, repeat counts.

The server is the authority: ``clean_answers`` drops the answers of questions that are not
relevant, computes calculated values and trims repeats to their count, and both saving a
draft and submitting go through it. The browser runs the same expressions for live show and
hide (app/web/static/form.js), but nothing it decides is trusted.

``walk`` visits every item where it stands, inside each repeat item in turn, with a
``Scope``: the answers at that level and an evaluator for expressions there.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.questionnaires.expressions import (
    Environment,
    EvaluationError,
    ExpressionError,
    evaluate,
    parse,
    to_boolean,
)

log = logging.getLogger(__name__)
#: calculations may feed relevance and back; a few rounds settle every real questionnaire
MAX_ROUNDS = 6


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass
class Scope:
    """The answers at one level (the questionnaire, or one repeat item) and its evaluator."""

    definition: object
    root: dict
    item: dict
    #: (repeat code, 1-based index) from the outermost repeat in
    context: tuple[tuple[str, int], ...] = ()
    #: what the form calls this level's fields: "" or "priorities-0-"
    prefix: str = ""
    today: dt.date = field(default_factory=today_utc)

    def path(self, code: str) -> str:
        return f"{self.prefix}{code}"

    def inner(self, repeat_code: str, index: int, item: dict) -> Scope:
        """The scope of item ``index`` (0-based) of a repeat at this level."""
        return Scope(
            self.definition,
            self.root,
            item,
            (*self.context, (repeat_code, index + 1)),
            f"{self.prefix}{repeat_code}-{index}-",
            self.today,
        )

    def evaluate(self, source: str, current=None, choice: dict | None = None):
        env = Environment(
            self.root,
            current,
            context=list(self.context),
            scopes=self.definition.answer_scopes,
            choice=choice,
            today=self.today,
        )
        return evaluate(parse(source, allow_columns=choice is not None), env)

    def is_true(self, source, *, otherwise: bool, current=None) -> bool:
        """Whether an expression holds here; ``otherwise`` when it cannot be computed."""
        if isinstance(source, bool):
            return source
        if source is None:
            return otherwise
        try:
            return to_boolean(self.evaluate(source, current))
        except (EvaluationError, ExpressionError) as error:
            log.warning("expression %r could not be evaluated: %s", source, error)
            return otherwise

    def choice_allowed(self, source: str, choice) -> bool:
        columns = {"name": choice.value, **choice.properties}
        try:
            return to_boolean(self.evaluate(source, choice=columns))
        except (EvaluationError, ExpressionError) as error:
            log.warning("choice filter %r could not be evaluated: %s", source, error)
            return True

    def required(self, item) -> bool:
        return self.is_true(getattr(item, "required", False), otherwise=False)

    def repeat_count(self, repeat) -> int | None:
        """The fixed number of items of a repeat, or None when the user decides."""
        source = repeat.repeat_count
        if source is None:
            return None
        if source.strip().isdigit():
            count = int(source)
        else:
            try:
                from app.questionnaires.expressions.values import to_number

                number = to_number(self.evaluate(source))
            except (EvaluationError, ExpressionError):
                return None
            count = int(number) if number == number and abs(number) < 10**6 else 0
        return max(0, min(count, repeat.max_count))


@dataclass(frozen=True)
class Visit:
    node: object  #: the definition Node
    scope: Scope
    relevant: bool

    @property
    def item(self):
        return self.node.item


def walk(definition, answers: dict, *, today: dt.date | None = None) -> Iterator[Visit]:
    """Every item with its scope and relevance, repeat items in order, depth first."""
    root = answers
    top = Scope(definition, root, root, today=today or today_utc())
    for section in definition.sections:
        shown = top.is_true(section.relevant, otherwise=True)
        yield from _walk_items(definition, section.items, top, shown)


def _walk_items(definition, items, scope: Scope, parent_relevant: bool):
    for item in items:
        node = definition.node_by_code[item.code]
        relevant = parent_relevant and scope.is_true(item.relevant, otherwise=True)
        yield Visit(node, scope, relevant)
        for inner in node.kind.inner_scopes(item, scope):
            yield from _walk_items(definition, item.items, inner, relevant)


def known_answers(definition, answers: dict) -> dict:
    """The answers with everything the definition does not know left out."""
    repeats = definition.repeat_codes

    def keep(level: dict, path: tuple[str, ...]) -> dict:
        kept = {}
        for code, value in level.items():
            if definition.answer_scopes.get(code) != path:
                continue
            if code in repeats:
                if isinstance(value, list):
                    kept[code] = [
                        keep(entry, path + (code,)) for entry in value if isinstance(entry, dict)
                    ]
            else:
                kept[code] = value
        return kept

    return keep(answers if isinstance(answers, dict) else {}, ())


def initial_answers(definition) -> dict:
    """A new submission's answers: each question's default, and as many blank items as each
    repeat asks for at least (shown ready to fill)."""
    return clean_answers(definition, _defaults(definition, definition.sections))


def new_entry(definition, repeat) -> dict:
    """A repeat item as "add another" creates it: the defaults of its questions."""
    return _defaults(definition, [repeat])


def _defaults(definition, containers) -> dict:
    answers: dict = {}
    for container in containers:
        for item in container.items:
            if item.code in definition.repeat_codes:
                answers[item.code] = [new_entry(definition, item) for _ in range(item.min_count)]
            elif getattr(item, "items", None):
                answers.update(_defaults(definition, [item]))
            elif getattr(item, "default", None) is not None:
                answers[item.code] = copy.deepcopy(item.default)
    return answers


def clean_answers(definition, answers: dict, *, today: dt.date | None = None) -> dict:
    """The answers as the questionnaire's logic allows them (see the module docstring)."""
    current = known_answers(definition, answers)
    for _round in range(MAX_ROUNDS):
        before = copy.deepcopy(current)
        for visit in walk(definition, current, today=today):
            _apply(visit)
        if current == before:
            break
    return current


def _apply(visit: Visit) -> None:
    item, scope, kind = visit.item, visit.scope, visit.node.kind
    if not visit.relevant:
        for code in kind.codes(item):
            scope.item.pop(code, None)
        return
    kind.settle(item, scope)
