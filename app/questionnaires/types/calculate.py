"""A value computed from other answers by its ``calculation``, stored with the answers so
that workbooks and reviewers see it. Shown (read-only) only when it has a label."""

from __future__ import annotations

import logging
import math
from typing import Literal

from app.core.definitions import Text
from app.questionnaires.expressions import EvaluationError, ExpressionError, to_string
from app.questionnaires.items import Item
from app.questionnaires.types.base import QuestionType

log = logging.getLogger(__name__)


class CalculateItem(Item):
    type: Literal["calculate"]
    label: Text | None = None
    calculation: str


class CalculateType(QuestionType):
    name = "calculate"
    model = CalculateItem
    macro = "calculated"
    value_kind = "calculated"

    def problems(self, item, definition, path):
        return []

    def form_fields(self, item, definition, lang):
        return {}  # computed by the server; nothing is posted

    def read_form(self, item, form):
        return {}, {}

    def form_data(self, item, answers):
        return {}

    def stored(self, value):
        """The stored form of a computed value: a number, text, or nothing for NaN."""
        if isinstance(value, bool):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                return None
            return int(value) if value == int(value) and abs(value) < 2**53 else value
        return to_string(value) or None

    def check(self, item, scope):
        return {}

    def settle(self, item, scope):
        try:
            value = self.stored(scope.evaluate(item.calculation))
        except (EvaluationError, ExpressionError) as error:
            log.warning("calculation of %s failed: %s", item.code, error)
            value = None
        if value is None:
            scope.item.pop(item.code, None)
        else:
            scope.item[item.code] = value

    def missing(self, item, scope):
        return {}

    def export_headers(self, item, definition, lang):
        return [item.label.get(lang) if item.label else item.code]
