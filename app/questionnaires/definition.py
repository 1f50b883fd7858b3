"""Questionnaire definition model: what a ``forms/*.yaml`` file may say.

A definition is pure data. Its questions are flattened into ``Field`` objects, one per stored
answer code, so the form builder, the validator and the exports all walk the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel, ConfigDict, FiniteFloat, field_validator
from pydantic import Field as PydanticField

from app.config import LANGUAGES

CODE_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in the three languages of the interface."""

    en: str = PydanticField(min_length=1)
    fr: str = PydanticField(min_length=1)
    ar: str = PydanticField(min_length=1)

    def get(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGUAGES else "en")

    @classmethod
    def same(cls, en: str, fr: str, ar: str) -> Text:
        return cls(en=en, fr=fr, ar=ar)


class Choice(Strict):
    value: str = PydanticField(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    label: Text


class Question(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    type: str
    label: Text
    hint: Text | None = None
    required: bool = False
    max_length: int | None = PydanticField(default=None, gt=0, le=32767)
    min: FiniteFloat | None = None
    max: FiniteFloat | None = None
    choices: str | None = None
    other: bool = False
    min_label: Text | None = None
    max_label: Text | None = None
    count: int | None = PydanticField(default=None, ge=1, le=50)
    required_count: int = PydanticField(default=0, ge=0)
    items: list[Question] | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        from app.questionnaires.types import QUESTION_TYPES

        if value not in QUESTION_TYPES:
            allowed = ", ".join(sorted(QUESTION_TYPES))
            raise ValueError(f"unknown question type {value!r}; allowed: {allowed}")
        return value

    @property
    def given_keys(self) -> set[str]:
        return set(self.model_fields_set) - {"code", "type", "label", "hint", "required"}


class Section(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    title: Text
    description: Text | None = None
    items: list[Question] = PydanticField(min_length=1)


@dataclass(frozen=True)
class SlotRef:
    group: Question
    index: int


#: names the web form uses for itself; a question cannot be called one of them
RESERVED_CODES = frozenset(
    {
        "csrf_token",
        "loaded_version",
        "intent",
        "meta",
        "data",
        "errors",
        "validate",
        "process",
        "populate_obj",
        "form_errors",
        "extra_validators",
        "action",
        "comment",
    }
)
OTHER_VALUE = "other"
OTHER_LABEL = Text.same("Other", "Autre", "أخرى")
SPECIFY_LABEL = Text.same("Please specify", "Veuillez préciser", "يرجى التحديد")


@dataclass(frozen=True, eq=False)
class Field:
    """One stored answer: a question, possibly inside a numbered slot, or an "other" text."""

    code: str
    question: Question
    section: Section
    slot: SlotRef | None = None
    specifies: Field | None = None  #: set on the "please specify" text of an ``other`` choice

    @property
    def type(self) -> str:
        return "text" if self.specifies else self.question.type

    def label(self, lang: str) -> str:
        """The label that stands alone (workbook headers, error lists, read-only pages)."""
        if self.specifies:
            return f"{self.specifies.label(lang)} — {SPECIFY_LABEL.get(lang)}"
        text = self.question.label.get(lang)
        if self.slot:
            return f"{self.slot.group.label.get(lang)} {self.slot.index} — {text}"
        return text

    def short_label(self, lang: str) -> str:
        """The label inside the form, where its slot or choice question stands just above."""
        return SPECIFY_LABEL.get(lang) if self.specifies else self.question.label.get(lang)

    @property
    def always_required(self) -> bool:
        """Required in every submission (a slot's items only in its required slots)."""
        if self.specifies or not self.question.required:
            return False
        return self.slot is None or self.slot.index <= self.slot.group.required_count


class QuestionnaireDefinition(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    title: Text
    description: Text | None = None
    choice_lists: dict[str, list[Choice]] = PydanticField(default_factory=dict)
    sections: list[Section] = PydanticField(min_length=1)

    @cached_property
    def fields(self) -> list[Field]:
        """Every stored answer, in the order the questionnaire shows them."""
        found: list[Field] = []
        for section in self.sections:
            for question in section.items:
                if question.type == "slots":
                    for index in range(1, (question.count or 0) + 1):
                        slot = SlotRef(question, index)
                        for item in question.items or []:
                            code = f"{question.code}_{index}_{item.code}"
                            found.extend(_with_other(Field(code, item, section, slot)))
                else:
                    found.extend(_with_other(Field(question.code, question, section)))
        return found

    @cached_property
    def fields_by_code(self) -> dict[str, Field]:
        return {field.code: field for field in self.fields}

    def fields_in(self, section: Section) -> list[Field]:
        return [field for field in self.fields if field.section is section]

    def choices(self, question: Question) -> list[Choice]:
        listed = list(self.choice_lists.get(question.choices or "", []))
        if question.other:
            listed.append(Choice(value=OTHER_VALUE, label=OTHER_LABEL))
        return listed

    def choice_label(self, question: Question, value: str, lang: str) -> str:
        for choice in self.choices(question):
            if choice.value == value:
                return choice.label.get(lang)
        return value

    def semantic_problems(self) -> list[tuple[tuple, str]]:
        """Problems pydantic cannot see alone: references, duplicates, keys per type."""
        from app.questionnaires.types import QUESTION_TYPES

        problems: list[tuple[tuple, str]] = []
        for name, choices in self.choice_lists.items():
            seen: set[str] = set()
            for index, choice in enumerate(choices):
                if choice.value in seen:
                    problems.append((("choice_lists", name, index, "value"), "duplicate value"))
                seen.add(choice.value)
        section_codes: set[str] = set()
        for s_index, section in enumerate(self.sections):
            if section.code in section_codes:
                problems.append((("sections", s_index, "code"), "duplicate section code"))
            section_codes.add(section.code)
            for q_index, question in enumerate(section.items):
                path = ("sections", s_index, "items", q_index)
                problems.extend(QUESTION_TYPES[question.type].problems(question, self, path))
        codes: dict[str, str] = {}
        for field in self.fields:
            if field.code in RESERVED_CODES:
                problems.append(
                    (_field_path(self, field), f"{field.code!r} is a reserved name; choose another")
                )
            if field.code in codes:
                problems.append(
                    (_field_path(self, field), f"question code {field.code!r} is used twice")
                )
            codes[field.code] = field.code
        return problems


def _with_other(field: Field) -> list[Field]:
    if field.question.other:
        return [
            field,
            Field(f"{field.code}_other", field.question, field.section, field.slot, field),
        ]
    return [field]


def _field_path(definition: QuestionnaireDefinition, field: Field) -> tuple:
    s_index = definition.sections.index(field.section)
    top = field.slot.group if field.slot else field.question
    return ("sections", s_index, "items", field.section.items.index(top), "code")
