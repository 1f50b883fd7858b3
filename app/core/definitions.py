"""Machinery shared by every kind of definition file (questionnaires, workflows)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from app.core.languages import DEFAULT_LANGUAGE, ENGLISH_NAMES, LANGUAGES

CODE_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"


class Strict(BaseModel):
    """Definition models refuse unknown keys and never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in the languages of the interface; at least one of them must be given.

    A missing language falls back to English, then to the first language given, so a
    questionnaire imported in one language still works; ``definitions check`` warns about it.
    """

    en: str | None = None
    fr: str | None = None
    ar: str | None = None

    @model_validator(mode="after")
    def _one_language_at_least(self):
        given = [lang for lang in LANGUAGES if getattr(self, lang) is not None]
        if not given:
            raise ValueError(f"give the text in at least one of: {', '.join(LANGUAGES)}")
        for lang in given:
            if not getattr(self, lang).strip():
                raise ValueError(f"the {ENGLISH_NAMES[lang]} text ({lang}) is empty")
        return self

    def get(self, lang: str) -> str:
        for candidate in (lang, DEFAULT_LANGUAGE, *LANGUAGES):
            value = getattr(self, candidate, None) if candidate in LANGUAGES else None
            if value:
                return value
        return ""

    def missing(self) -> list[str]:
        """The languages this text is not given in."""
        return [lang for lang in LANGUAGES if not getattr(self, lang)]

    def has(self, lang: str) -> bool:
        return bool(getattr(self, lang, None))

    @classmethod
    def same(cls, en: str, fr: str, ar: str) -> Text:
        return cls(en=en, fr=fr, ar=ar)


def missing_languages(model: BaseModel, path: tuple = ()):
    """(path, languages) for every Text in a definition that lacks a language."""
    if isinstance(model, Text):
        missing = model.missing()
        if missing:
            yield path, missing
        return
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            yield from missing_languages(value, path + (key,))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from missing_languages(item, path + (key, index))
        elif isinstance(value, dict):
            for item_key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from missing_languages(item, path + (key, item_key))
                elif isinstance(item, list):
                    for index, element in enumerate(item):
                        if isinstance(element, BaseModel):
                            yield from missing_languages(element, path + (key, item_key, index))
