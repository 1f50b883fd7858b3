"""An e-mail address."""

from __future__ import annotations

import re
from typing import Literal

from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.text import TextType

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EmailQuestion(Question):
    type: Literal["email"]


class EmailType(TextType):
    name = "email"
    model = EmailQuestion
    default_max_length = 254
    field_class = wt.EmailField
    input_type = "email"
    left_to_right = True

    def check_value(self, value, question, definition):
        return super().check_value(value, question, definition) or (
            None
            if EMAIL_PATTERN.match(value)
            else _("Enter an e-mail address like name@example.org.")
        )

    def sample(self, question, definition, demo):
        return f"focal.point@natcom-{demo.commission.iso2.lower()}.example.org"
