"""A telephone number."""

from __future__ import annotations

import re
from typing import Literal

from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.text import TextType

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()./\-]{5,30}$")


class PhoneQuestion(Question):
    type: Literal["phone"]


class PhoneType(TextType):
    name = "phone"
    model = PhoneQuestion
    default_max_length = 30
    field_class = wt.TelField
    input_type = "tel"
    left_to_right = True

    def check_value(self, value, question, definition):
        return super().check_value(value, question, definition) or (
            None
            # at least five digits: "-----" fits the characters but calls no one
            if PHONE_PATTERN.match(value) and sum(c.isdigit() for c in value) >= 5
            else _("Enter a telephone number, like +33 1 23 45 67 89.")
        )

    def sample(self, question, definition, demo):
        rng = demo.rng
        parts = (rng.randint(20, 998), rng.randint(10, 99), rng.randint(100, 999))
        return "+{} {} {} {}".format(*parts, rng.randint(1000, 9999))
