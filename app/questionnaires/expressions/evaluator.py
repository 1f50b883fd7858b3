"""Evaluating parsed expressions against a questionnaire's answers.

Answers come in their stored shape: a JSON object keyed by question code, where a repeat is
a list of objects (one per item). ``${code}`` finds its answer the way XLSForm does:

- a question outside any repeat gives its answer;
- inside a repeat item, a question of the same repeat gives the answer of *that* item;
- a question inside a repeat seen from outside it gives the answers of every item (a node
  set, for ``count()``, ``sum()`` or "any item" comparisons); a repeat's own code gives its
  items.

``context`` says which repeat item is being evaluated: ``[["priorities", 2]]`` is the second
priority (1-based, as ``position(..)`` counts). ``scopes`` maps each code to the repeats it
sits in (outermost first); when it is not given it is read off the answers, which is exact for
every code that has an answer.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from app.core.i18n import _
from app.questionnaires.expressions.functions import FUNCTIONS, EvaluationError
from app.questionnaires.expressions.parser import (
    Binary,
    Call,
    Column,
    Current,
    Expression,
    Literal,
    Negate,
    Node,
    Parent,
    Reference,
    parse,
)
from app.questionnaires.expressions.values import (
    NodeSet,
    from_answer,
    to_boolean,
    to_json,
    to_number,
    to_string,
)


@dataclass
class Environment:
    answers: dict
    current: object = None
    context: list[tuple[str, int]] = field(default_factory=list)
    scopes: dict[str, tuple[str, ...]] | None = None
    #: the choice a choice filter is deciding about: its columns, ``name`` its value
    choice: dict[str, str] | None = None
    today: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())

    def __post_init__(self):
        if self.scopes is None:
            self.scopes = infer_scopes(self.answers)
        self.context = [(str(code), int(index)) for code, index in self.context]
        self.repeat_codes = {code for path in self.scopes.values() for code in path}

    def items_along_context(self) -> list[dict]:
        """The answers object, then each repeat item of the context, outermost first."""
        chain = [self.answers if isinstance(self.answers, dict) else {}]
        for code, index in self.context:
            items = chain[-1].get(code)
            item = items[index - 1] if isinstance(items, list) and 0 < index <= len(items) else {}
            chain.append(item if isinstance(item, dict) else {})
        return chain

    def resolve(self, name: str):
        scope = self.scopes.get(name)
        if scope is None:
            return ""  # a question with no answer anywhere, or no such question
        chain = self.items_along_context()
        shared = 0
        while (
            shared < len(scope)
            and shared < len(self.context)
            and self.context[shared][0] == scope[shared]
        ):
            shared += 1
        if shared == len(scope):
            value = chain[shared].get(name)
            if value is None and name in self.repeat_codes:
                return NodeSet()
            return from_answer(value)
        holders = [chain[shared]]
        for code in scope[shared:]:
            holders = [
                item
                for holder in holders
                for item in (holder.get(code) if isinstance(holder.get(code), list) else [])
                if isinstance(item, dict)
            ]
        if name in self.repeat_codes:
            return NodeSet(
                item
                for holder in holders
                for item in (holder.get(name) if isinstance(holder.get(name), list) else [])
            )
        return NodeSet(from_answer(holder.get(name)) for holder in holders)


def infer_scopes(answers, path: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Each code that appears in ``answers`` and the repeats it sits in."""
    scopes: dict[str, tuple[str, ...]] = {}
    if not isinstance(answers, dict):
        return scopes
    for code, value in answers.items():
        scopes.setdefault(code, path)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            for item in value:
                for inner, inner_path in infer_scopes(item, path + (code,)).items():
                    scopes.setdefault(inner, inner_path)
    return scopes


def evaluate(expression: Expression | str, env: Environment):
    """The value of an expression; raises EvaluationError when it cannot be computed."""
    if isinstance(expression, str):
        expression = parse(expression, allow_columns=env.choice is not None)
    return _value(expression.tree, env)


def evaluate_to_json(source: str, env: Environment):
    return to_json(evaluate(source, env))


def _value(node: Node, env: Environment):
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Reference):
        return env.resolve(node.name)
    if isinstance(node, Current):
        return from_answer(env.current)
    if isinstance(node, Column):
        if env.choice is None:
            raise EvaluationError(
                _("%(name)r: bare names are only for choice filters", name=node.name)
            )
        return to_string(from_answer(env.choice.get(node.name)))
    if isinstance(node, Parent):
        raise EvaluationError("'..' can only be used as position(..)")
    if isinstance(node, Negate):
        return -to_number(_value(node.operand, env))
    if isinstance(node, Call):
        function = FUNCTIONS[node.name]
        thunks = [_thunk(arg, env) for arg in node.args]
        return function.run(env, thunks)
    if isinstance(node, Binary):
        return _binary(node, env)
    raise EvaluationError(f"cannot evaluate {node!r}")


def _thunk(node: Node, env: Environment):
    return lambda: _value(node, env)


def _binary(node: Binary, env: Environment):
    operator = node.operator
    if operator == "or":
        return to_boolean(_value(node.left, env)) or to_boolean(_value(node.right, env))
    if operator == "and":
        return to_boolean(_value(node.left, env)) and to_boolean(_value(node.right, env))
    left, right = _value(node.left, env), _value(node.right, env)
    if operator in ("=", "!=", "<", "<=", ">", ">="):
        return compare(operator, left, right)
    return arithmetic(operator, to_number(left), to_number(right))


def arithmetic(operator: str, a: float, b: float) -> float:
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if operator == "div":
        if b == 0:
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1, b)
        return a / b
    if operator == "mod":
        if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
            return math.nan
        if math.isinf(b):
            return a
        return math.fmod(a, b)
    raise EvaluationError(f"unknown operator {operator!r}")


def compare(operator: str, left, right) -> bool:
    """XPath 1.0 comparison: node sets compare "any of"; then booleans, numbers, text."""
    if isinstance(left, NodeSet):
        return any(compare(operator, item, right) for item in left if not isinstance(item, dict))
    if isinstance(right, NodeSet):
        return any(compare(operator, left, item) for item in right if not isinstance(item, dict))
    if operator in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float | dt.date) or isinstance(right, float | dt.date):
            equal = to_number(left) == to_number(right)
        else:
            equal = to_string(left) == to_string(right)
        return equal if operator == "=" else not equal
    a, b = to_number(left), to_number(right)
    if operator == "<":
        return a < b
    if operator == "<=":
        return a <= b
    if operator == ">":
        return a > b
    return a >= b
