"""A web address (http or https only: no javascript:, file: or data: links)."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from wtforms import fields as wt

from app.core.i18n import _
from app.questionnaires.items import Question
from app.questionnaires.types.text import TextType


class UrlQuestion(Question):
    type: Literal["url"]


class UrlType(TextType):
    name = "url"
    model = UrlQuestion
    default_max_length = 2000
    field_class = wt.URLField
    input_type = "url"
    left_to_right = True

    def check_value(self, value, question, definition):
        message = super().check_value(value, question, definition)
        if message:
            return message
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or any(c.isspace() for c in value)
        ):
            return _("Enter a web address starting with https:// or http://.")
        return None

    def sample(self, question, definition, demo):
        return f"https://natcom-{demo.commission.iso2.lower()}.example.org/"
