"""The functions expressions may call, one entry each in ``FUNCTIONS``.

Each receives the evaluation environment and its arguments as thunks (so ``if()`` and
``coalesce()`` evaluate only what they need). app/web/static/expressions.js has the same
functions with the same names and behaviour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.i18n import _, ngettext
from app.questionnaires.expressions.values import (
    NodeSet,
    to_boolean,
    to_date,
    to_number,
    to_string,
)


class EvaluationError(ValueError):
    """An expression that parsed but cannot be computed with these answers."""


@dataclass(frozen=True)
class Function:
    run: Callable
    min_args: int
    max_args: int | None

    def arity_text(self) -> str:
        if self.max_args == self.min_args:
            if self.min_args == 0:
                return str(_("no argument"))
            return str(ngettext("%(num)d argument", "%(num)d arguments", self.min_args))
        if self.max_args is None:
            return str(
                ngettext("at least %(num)d argument", "at least %(num)d arguments", self.min_args)
            )
        return str(_("%(low)s to %(high)s arguments", low=self.min_args, high=self.max_args))


def _tokens(value) -> list[str]:
    return to_string(value).split()


def _selected(env, args):
    return to_string(args[1]()).strip() in _tokens(args[0]())


def _count_selected(env, args):
    return float(len(_tokens(args[0]())))


def _count(env, args):
    value = args[0]()
    if isinstance(value, NodeSet):
        return float(len(value))
    return 0.0 if to_string(value) == "" else 1.0


def _sum(env, args):
    value = args[0]()
    items = value if isinstance(value, NodeSet) else (value,)
    total = 0.0
    for item in items:
        if isinstance(item, dict):
            return math.nan
        if isinstance(item, str) and item.strip() == "":
            continue  # a blank answer adds nothing (XPath would give NaN)
        total += to_number(item)
    return total


def _string_length(env, args):
    return float(len(to_string(args[0]())))


def _regex(env, args):
    text, pattern = to_string(args[0]()), to_string(args[1]())
    try:
        return re.search(pattern, text, flags=re.ASCII) is not None
    except re.error as error:
        raise EvaluationError(
            _(
                "regex(): %(pattern)r is not a valid pattern (%(error)s)",
                pattern=pattern,
                error=error,
            )
        ) from None


def _if(env, args):
    return args[1]() if to_boolean(args[0]()) else args[2]()


def _coalesce(env, args):
    for arg in args[:-1]:
        value = arg()
        if to_string(value) != "":
            return value
    return args[-1]()


def _concat(env, args):
    return "".join(to_string(arg()) for arg in args)


def _today(env, args):
    return env.today


def _date(env, args):
    return to_date(args[0]())


def _int(env, args):
    number = to_number(args[0]())
    return float(math.trunc(number)) if math.isfinite(number) else number


def _number(env, args):
    return to_number(args[0]())


def _position(env, args):
    if not env.context:
        raise EvaluationError(_("position(..) is only meaningful inside a repeat"))
    return float(env.context[-1][1])


def _not(env, args):
    return not to_boolean(args[0]())


def _string(env, args):
    return to_string(args[0]())


def _boolean(env, args):
    return to_boolean(args[0]())


FUNCTIONS: dict[str, Function] = {
    "selected": Function(_selected, 2, 2),
    "count-selected": Function(_count_selected, 1, 1),
    "count": Function(_count, 1, 1),
    "sum": Function(_sum, 1, 1),
    "string-length": Function(_string_length, 1, 1),
    "regex": Function(_regex, 2, 2),
    "if": Function(_if, 3, 3),
    "coalesce": Function(_coalesce, 2, None),
    "concat": Function(_concat, 1, None),
    "today": Function(_today, 0, 0),
    "date": Function(_date, 1, 1),
    "int": Function(_int, 1, 1),
    "number": Function(_number, 1, 1),
    "position": Function(_position, 1, 1),
    "not": Function(_not, 1, 1),
    "string": Function(_string, 1, 1),
    "boolean": Function(_boolean, 1, 1),
    "true": Function(lambda env, args: True, 0, 0),
    "false": Function(lambda env, args: False, 0, 0),
}
