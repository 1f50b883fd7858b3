"""Paragraphs of text."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from wtforms import fields as wt

from app.questionnaires.items import Question
from app.questionnaires.types.text import TextType


class LongTextQuestion(Question):
    type: Literal["long_text"]
    max_length: int | None = PydanticField(default=None, gt=0, le=32767)


class LongTextType(TextType):
    name = "long_text"
    model = LongTextQuestion
    macro = "text_area"
    default_max_length = 10000
    field_class = wt.TextAreaField
