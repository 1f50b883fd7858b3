"""Saving a draft: keep everything that is right, never lose what is not.

A focal point saves whenever they like (a button, an autosave, "add another"), with answers
half given and some still wrong. The rule, the same for the web page, autosave and the API:

- the answers posted replace the saved ones (only those of the sections posted, when a page
  shows one section);
- a file input left empty keeps the file already attached; a new file becomes an attachment;
- the questionnaire's logic runs (``clean_answers``): answers to questions that are not
  relevant are dropped, calculations computed;
- an answer that is not valid is not saved: its saved value stays (when that one is still
  valid), and the error comes back so the page can show it beside what was typed;
- nothing changed, nothing written: an autosave of an unchanged page is free.

The caller owns the transaction (see services.py).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.errors import Conflict
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.answer_paths import (
    append_at,
    get_at,
    parse_path,
    remove_at,
    replace_with_saved,
    set_at,
)
from app.questionnaires.logic import clean_answers, new_entry
from app.questionnaires.types.file import FILE_KINDS, Upload
from app.questionnaires.validation import validate_answers
from app.submissions.models import Attachment, Submission
from app.submissions.services import (
    CONFLICT_MESSAGE,
    ChangedMeanwhile,
    check_version,
    flush_or_conflict,
    may_edit,
    record_edit,
)

ADD, REMOVE, CLEAR = "add", "remove", "clear"
NOT_EDITABLE = _("This submission cannot be edited in its current state.")


@dataclass(frozen=True)
class Change:
    """What a button of the page asks besides saving: add a repeat item, remove one, clear
    an answer. ``path`` is the repeat's path for ``add``, the item's or answer's otherwise."""

    kind: str
    path: str


@dataclass
class DraftOutcome:
    #: answers that were not saved, and why, by path
    errors: dict[str, list] = field(default_factory=dict)
    #: whether anything was written
    changed: bool = False
    #: the path of the repeat item just added, for the page to show
    added: str | None = None


def save_draft(
    actor,
    submission: Submission,
    posted: dict,
    parse_errors: dict,
    expected_version: int | None,
    *,
    sections=None,
    change: Change | None = None,
) -> DraftOutcome:
    """Save what is right of ``posted`` (see the module docstring); flush, never commit."""
    if not may_edit(actor, submission):
        raise Conflict(NOT_EDITABLE)
    if expected_version is None:
        raise ChangedMeanwhile(CONFLICT_MESSAGE, None, action=False)  # a page without its version
    check_version(submission, expected_version, CONFLICT_MESSAGE)
    definition = submission.definition
    saved = submission.answers or {}
    merged = _merge(definition, saved, posted, sections)
    outcome = DraftOutcome(errors={path: list(m) for path, m in parse_errors.items()})
    _store_uploads(actor, submission, merged, saved, outcome.errors)
    if change is not None:
        outcome.added = _apply_change(definition, merged, change)
    answers = clean_answers(definition, merged)
    for path, messages in validate_answers(definition, answers, complete=False).items():
        outcome.errors.setdefault(path, []).extend(messages)
    if outcome.errors:
        answers = replace_with_saved(answers, saved, outcome.errors)
        # A saved value that is itself no longer valid (the definition moved on) goes too.
        for path in validate_answers(definition, answers, complete=False):
            remove_at(answers, path)
        answers = clean_answers(definition, answers)
    if record_edit(actor, submission, answers):
        flush_or_conflict(CONFLICT_MESSAGE, submission)
        outcome.changed = True
    return outcome


def _merge(definition, saved: dict, posted: dict, sections) -> dict:
    if sections is None:
        merged = {}
    else:
        replaced = set().union(*(definition.top_codes(section) for section in sections))
        merged = {
            code: value for code, value in copy.deepcopy(saved).items() if code not in replaced
        }
    merged.update(copy.deepcopy(posted))
    for node in definition.nodes:
        if node.kind.keeps_answer_when_blank and (sections is None or node.section in sections):
            _keep_blank_files(merged, saved, node.repeats, node.item.code)
    return merged


def _keep_blank_files(merged, saved, repeats: tuple[str, ...], code: str) -> None:
    """A file input posted empty keeps the file saved at the same place."""
    if not repeats:
        if code not in merged and isinstance(saved, dict) and code in saved:
            merged[code] = copy.deepcopy(saved[code])
        return
    repeat, inner = repeats[0], repeats[1:]
    entries = merged.get(repeat) if isinstance(merged, dict) else None
    saved_entries = saved.get(repeat) if isinstance(saved, dict) else None
    if not isinstance(entries, list) or not isinstance(saved_entries, list):
        return
    for entry, saved_entry in zip(entries, saved_entries, strict=False):
        if isinstance(entry, dict) and isinstance(saved_entry, dict):
            _keep_blank_files(entry, saved_entry, inner, code)


def _uploads(level, prefix: str = ""):
    """(path, upload) for every file just posted, anywhere in the answers."""
    if not isinstance(level, dict):
        return
    for code, value in level.items():
        if isinstance(value, Upload):
            yield f"{prefix}{code}", value
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                yield from _uploads(entry, f"{prefix}{code}-{index}-")


def _store_uploads(actor, submission, merged: dict, saved: dict, errors: dict) -> None:
    definition = submission.definition
    for path, upload in list(_uploads(merged)):
        code = parse_path(path)[-1]
        node = definition.node_by_code[code]
        message = node.kind.check_value(upload, node.item, definition)
        if message:
            errors.setdefault(path, []).append(message)
            previous = get_at(saved, path)
            if previous is None:
                remove_at(merged, path)
            else:
                set_at(merged, path, copy.deepcopy(previous))
            continue
        set_at(merged, path, _attachment(actor, submission, code, upload).describe())


def _attachment(actor, submission, code: str, upload: Upload) -> Attachment:
    digest = hashlib.sha256(upload.content).hexdigest()
    existing = db.session.scalar(
        select(Attachment).where(
            Attachment.submission_id == submission.id,
            Attachment.question_code == code,
            Attachment.sha256 == digest,
            Attachment.file_name == upload.filename,
        )
    )
    if existing is not None:
        return existing  # the same file sent again: one copy is enough
    attachment = Attachment(
        submission_id=submission.id,
        question_code=code,
        file_name=upload.filename,
        media_type=FILE_KINDS.get(upload.extension, "application/octet-stream"),
        size=len(upload.content),
        sha256=digest,
        content=upload.content,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def _apply_change(definition, answers: dict, change: Change) -> str | None:
    """Apply an add, remove or clear button; return the path of an added item."""
    try:
        steps = parse_path(change.path)
    except ValueError:
        return None
    node = definition.node_by_code.get(str(steps[-1] if change.kind == ADD else _last_code(steps)))
    if node is None:
        return None
    if change.kind == ADD and node.item.code in definition.repeat_codes:
        entries = get_at(answers, change.path) or []
        if len(entries) >= node.item.max_count:
            return None
        index = append_at(answers, change.path)
        if index is None:
            return None
        set_at(answers, f"{change.path}-{index}", new_entry(definition, node.item))
        return f"{change.path}-{index}"
    if change.kind in (REMOVE, CLEAR):
        remove_at(answers, change.path)
    return None


def _last_code(steps: list) -> str:
    return next(step for step in reversed(steps) if isinstance(step, str))
