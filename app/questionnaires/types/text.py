"""One line of text."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field as PydanticField
from wtforms import fields as wt

from app.core.i18n import NumberInReadersLanguage, _
from app.questionnaires.items import Question
from app.questionnaires.types.base import QuestionType


class TextQuestion(Question):
    type: Literal["text"]
    #: characters at most; longer answers are refused, never cut
    max_length: int | None = PydanticField(default=None, gt=0, le=32767)


class TextType(QuestionType):
    name = "text"
    model = TextQuestion
    macro = "text_input"
    default_max_length: ClassVar[int] = 500
    field_class: ClassVar[type] = wt.StringField
    #: the HTML input type and whether the text is written left to right whatever the page
    input_type: ClassVar[str] = "text"
    left_to_right: ClassVar[bool] = False

    def max_length(self, question) -> int:
        return getattr(question, "max_length", None) or self.default_max_length

    def form_field(self, question, definition, lang):
        return self.field_class(**self.field_kwargs(question, lang))

    def from_form(self, data, question):
        # Browsers send line breaks as CRLF; stored answers use plain LF.
        text = (data or "").replace("\r\n", "\n").strip()
        return text or None

    def check_value(self, value, question, definition):
        if not isinstance(value, str):
            return _("Enter text.")
        limit = self.max_length(question)
        if len(value) > limit:
            return _(
                "This answer has %(count)s characters; shorten it to %(limit)s at most. "
                "Nothing of it was saved yet: it is all still in the box.",
                count=NumberInReadersLanguage(len(value)),
                limit=NumberInReadersLanguage(limit),
            )
        return None

    def sample(self, question, definition, demo):
        phrase = demo.phrase(question.code)
        limit = self.max_length(question)
        if len(phrase) <= limit:
            return phrase
        # a sample must be an answer the question takes: cut at a word, within the limit
        return phrase[:limit].rsplit(" ", 1)[0].rstrip(",;:") or phrase[:limit]
