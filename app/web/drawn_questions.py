"""The questions of a questionnaire page, drawn once for the answers they show.

Drawing the questions is the largest part of a questionnaire page's cost, and the same
answers are drawn again and again: the page comes back after every save, every move between
sections and every visit to a draft that did not change. Their HTML depends on nothing but
the definition version, the answers, the reading language, the day (expressions may read
``today()``), the section shown and the submission (its files' addresses), as long as the
page carries no input of its own: a page that comes back with what was posted, with errors,
or with comments on questions (their boxes and their resolve buttons hold the session's
token) is drawn every time and never kept.

Kept per app (one per process in production), the least recently used first out; the key
holds a digest of the answers, not the answers themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from app.core.lru import Recent, per_definition
from app.web.language import current_language

#: drawn questions: a page's section (or all of them) for one set of answers, as many as
#: DRAWN_QUESTIONS_KEPT says (a page of questions weighs a few tens of kilobytes)
DRAWN = "shura.drawn_questions"
#: each section's progress for one set of answers (the same on every section's page)
STEPS = "shura.section_steps"


def _kept(name: str) -> Recent | None:
    kept = current_app.extensions.get(name)
    if kept is None:
        size = current_app.config.get("DRAWN_QUESTIONS_KEPT", 512)
        if size <= 0:
            return None
        kept = current_app.extensions[name] = Recent(size * 2 if name == STEPS else size)
    return kept


def answers_digest(answers: dict) -> bytes:
    """A digest of the answers as stored (key order does not matter)."""
    text = json.dumps(answers, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def drawn_questions(definition, digest: bytes, *, today: dt.date, section, submission_id, draw):
    """The HTML of the questions ``draw()`` makes, kept for the same inputs; ``section`` is
    the one shown (None: all of them)."""
    locale = get_locale()
    key = (
        digest,
        today,
        section.code if section is not None else None,
        submission_id,
        current_language(),
        str(locale) if locale else None,
        request.script_root,  # the files' addresses
    )
    return _remembered(DRAWN, definition, key, lambda: Markup(draw()))


def kept_steps(definition, digest: bytes, today: dt.date, count):
    """``count()`` (each section's progress, without errors of the page) kept for the same
    answers and day."""
    return _remembered(STEPS, definition, (digest, today), count)


def _remembered(name: str, definition, key: tuple, make):
    kept = _kept(name)
    return make() if kept is None else per_definition(kept, definition, key, make)
