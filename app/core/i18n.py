"""Translatable messages for every layer, looked up in the reader's language when shown.

Domain code builds its messages with ``_()`` and ``ngettext()`` from here. Both return lazy
strings: the text is translated when it is turned into a string, in the language of whoever
reads it (a page, a job's locale, the CLI's), not in the language of whoever caused it.
Outside a request or app context they read as the English source text.

Names matter: ``pybabel extract`` finds messages by the names ``_`` and ``ngettext``.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel import support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g
from flask_babel import Domain, get_locale, gettext
from flask_babel import ngettext as babel_ngettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

#: the catalogs: translations/<lang>/LC_MESSAGES/messages.po, extracted with app/babel.cfg
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


class LazyMessage(LazyString):
    """Flask-Babel's lazy string, escaped when a template shows it.

    Flask-Babel's own declares itself markup (its ``__html__`` returns the text as it is),
    so a message carrying a person's name or a typed value would reach the page as HTML.
    Messages are text: templates escape them like any other value.
    """

    def __html__(self) -> str:
        return str(escape(str(self)))


def _(message: str, /, **variables):
    """A message in the reader's language; ``%(name)s`` placeholders take ``variables``."""
    return LazyMessage(gettext, message, **variables)


def ngettext(singular: str, plural: str, num: int, /, **variables):
    """A message whose wording depends on a count (``%(num)d``), in the reader's language."""
    return LazyMessage(babel_ngettext, singular, plural, num, **variables)


class InReadersLanguage:
    """A definition's text (labels in several languages) that reads in the reader's language
    when it is turned into a string, like the lazy messages it is put in."""

    def __init__(self, text):
        self.text = text

    def __str__(self) -> str:
        locale = get_locale()
        return self.text.get(locale.language if locale else "en")

    def __eq__(self, other) -> bool:
        return isinstance(other, InReadersLanguage) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


class NumberInReadersLanguage:
    """A number written as the reader's language writes it (10,000 / 10 000 / 10٬000)."""

    def __init__(self, number):
        self.number = number

    def __str__(self) -> str:
        from babel.numbers import format_decimal

        locale = get_locale()
        return format_decimal(self.number, locale=locale.language if locale else "en")


class NameInReadersLanguage:
    """An object's name in the reader's language, through its ``name(lang)`` method (a
    commission: Morocco, Maroc, المغرب)."""

    def __init__(self, named):
        self.named = named

    def __str__(self) -> str:
        locale = get_locale()
        return self.named.name(locale.language if locale else "en")


class DateInReadersLanguage:
    """A date written as the reader's language writes it (8 March 2021, 8 mars 2021...)."""

    def __init__(self, date):
        self.date = date

    def __str__(self) -> str:
        locale = get_locale()
        return long_date(self.date, locale.language if locale else "en")


@functools.lru_cache(maxsize=8192)
def long_date(value, lang: str) -> str:
    """``value`` as ``lang`` writes a date in full; kept, as a dashboard writes thousands of
    dates, most of them the same few hundred days (Babel takes tens of microseconds each)."""
    from babel.dates import format_date

    return format_date(value, "long", locale=lang)


class DateTimeInReadersLanguage:
    """A UTC time as the reader's language writes it, to the minute."""

    def __init__(self, moment):
        self.moment = moment

    def __str__(self) -> str:
        import datetime as dt

        from babel.dates import format_datetime

        locale = get_locale()
        moment = self.moment
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return format_datetime(
            moment, "medium", tzinfo=dt.UTC, locale=locale.language if locale else "en"
        )


class LanguageNamesInReadersLanguage:
    """Language codes named in the reader's language: "French (fr) and Arabic (ar)"."""

    def __init__(self, codes):
        self.codes = list(codes)

    def __str__(self) -> str:
        from babel import Locale

        locale = get_locale()
        reader = locale.language if locale else "en"
        names = [f"{Locale.parse(code).get_display_name(reader)} ({code})" for code in self.codes]
        return str(_(" and ")).join(names)


def in_readers_language(text):
    """A definition's Text as a message (None stays None)."""
    return None if text is None else InReadersLanguage(text)


def text(message) -> str:
    """A message as text now (for JSON answers, logs and database columns)."""
    return str(message)


class PoFileDomain(Domain):
    """Translations read straight from the ``.po`` catalogs kept under version control.

    Compiling to ``.mo`` would add a build step that every installation (``pip install -e .``
    included) must remember; reading the catalogs once per process costs milliseconds.
    """

    def __init__(self, directory: Path):
        super().__init__(translation_directories=[str(directory)])
        self.directory = Path(directory)
        self._loaded: dict[str, support.Translations] = {}

    def get_translations(self):
        locale = _chosen_locale()
        if locale is None:
            return support.NullTranslations()
        return self.catalog(str(locale.language))

    def catalog(self, lang: str):
        if lang not in self._loaded:
            self._loaded[lang] = load_catalog(self.directory, lang)
        return self._loaded[lang]


def load_catalog(directory: Path, lang: str):
    path = Path(directory) / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return support.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return support.Translations(compiled)


#: the one domain of the app's messages (every app object reads the same catalogs)
DOMAIN = PoFileDomain(TRANSLATIONS)


def _chosen_locale():
    """The locale Flask-Babel chose for this request (or forces for a while), read where it
    keeps it once chosen: ``get_locale()`` looks the request context up again on every
    call, and a page translates dozens of messages."""
    try:
        return g._flask_babel.babel_locale or get_locale()
    except (AttributeError, RuntimeError):  # not chosen yet, or no context at all
        return get_locale()


def install_template_gettext(jinja_env) -> None:
    """``_()`` and ``ngettext()`` in templates, straight from the domain: Flask-Babel's own
    look the domain up in the request context again on every call."""
    jinja_env.install_gettext_callables(
        gettext=lambda message: DOMAIN.get_translations().ugettext(message),
        ngettext=lambda singular, plural, n: DOMAIN.get_translations().ungettext(
            singular, plural, n
        ),
        pgettext=lambda context, message: DOMAIN.get_translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: DOMAIN.get_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
    # ``_`` as the gettext just installed, not Jinja's alias that looks ``gettext`` up in
    # the template's context again on every call (a page says some thirty messages).
    jinja_env.globals["_"] = jinja_env.globals["gettext"]
