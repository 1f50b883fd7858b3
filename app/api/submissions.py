"""Submissions through the API: the list with filters, page by page or as one CSV file,
and one submission with its answers and its history.

Scoped as the pages are (``app/submissions/scoping.py``): another commission's submission
does not exist for the caller (404, the same answer as for a missing one), a reviewer sees
the submissions of the commissions assigned to them, and a state hidden from the caller's
role (a draft, for a reviewer) is never listed.

Answers leave in the stored shape (as saved: repeats as lists of objects, multiple choices
as lists of codes) or flat: one key per column, keyed and filled as the integrated report's
columns are (``app/exports/layout.py``: the same layout, the same cells), each repeat as a
list of such rows under its code.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Response, current_app, request, stream_with_context, url_for
from flask_babel import force_locale
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.api.blueprints import api_blueprint, refusals
from app.api.consultations import CommissionSchema, commission_info
from app.api.filters import (
    commission_ids,
    consultation_named,
    known_states,
    questionnaire_named,
    region_commissions,
)
from app.api.questionnaires import version_numbers
from app.api.schemas import UtcDateTime
from app.consultations.models import Consultation, Meeting
from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.core.lru import Recent
from app.exports.csvbook import csv_value
from app.exports.layout import Layout, Repeat, build_layout, row_cells
from app.exports.sheets.answers import FIXED
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion
from app.submissions.history import EVENT_LABELS, events_of
from app.submissions.models import Submission
from app.submissions.scoping import get_submission, submissions_for
from app.submissions.services import may_edit
from app.users.models import Commission
from app.users.regions import region_label
from app.workflows.models import WorkflowVersion

blp = api_blueprint(
    "api_submissions",
    "",
    "Submissions: the list with filters (as JSON pages or a CSV file) and each one with its "
    "answers and history.",
)

STORED, FLAT = "stored", "flat"
#: submissions per page, unless the request asks for fewer (or more, up to MAX_LIMIT)
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
#: rows the CSV file reads from the database at a time: its memory stays that of a batch
CSV_BATCH = 500
#: the CSV file's columns before the answers: the workbook's (``_submitted`` and
#: ``_approved`` need the history; ``updated_at`` says when the row last changed)
CSV_FIXED = (*FIXED[:6], "_updated_at")


class Cursor(fields.String):
    """Where the next page starts: opaque to the client, the last id sent to us."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            decoded = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            after = decoded["after"]
            if type(after) is not int or not 0 <= after < 2**63:  # a database integer
                raise ValueError
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
            raise ValidationError(
                str(_("This cursor was not given by this API: start again without it."))
            ) from None
        return after


def make_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def _utc(value: dt.datetime) -> dt.datetime:
    """An aware time (what AwareDateTime reads) as stored: UTC without a zone."""
    return value.astimezone(dt.UTC).replace(tzinfo=None)


class FilterSchema(Schema):
    consultation = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A consultation's slug."},
    )
    questionnaire = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A questionnaire's code."},
    )
    commission = fields.List(
        fields.String(validate=validate.Length(max=10)),
        load_default=list,
        metadata={"description": "ISO codes (repeat the parameter for several)."},
    )
    region = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    state = fields.List(
        fields.String(validate=validate.Length(max=40)),
        load_default=list,
        metadata={"description": "Workflow state codes (repeat the parameter for several)."},
    )
    updated_since = fields.AwareDateTime(
        default_timezone=dt.UTC,
        metadata={
            "description": "Only what changed at or after this time (ISO 8601; UTC when "
            "no offset is given)."
        },
    )
    lang = fields.String(
        load_default="en",
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "The language of flat answers' labels and of CSV names."},
    )


class ListQuerySchema(FilterSchema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))
    cursor = Cursor(metadata={"description": "The `cursor` of the page before; none: start."})
    answers = fields.String(
        load_default=STORED,
        validate=validate.OneOf([STORED, FLAT]),
        metadata={
            "description": "stored: as saved (repeats as lists of objects); flat: one key "
            "per workbook column, each repeat a list of rows under its code."
        },
    )


class DetailQuerySchema(Schema):
    lang = fields.String(
        load_default="en",
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "The language of flat answers' labels and comments' places."},
    )


class CsvQuerySchema(FilterSchema):
    questionnaire = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A questionnaire's code: the file has its columns."},
    )


class QuestionnaireRefSchema(Schema):
    code = fields.String()
    version = fields.Integer(metadata={"description": "The definition version's number."})
    url = fields.String(metadata={"description": "That version's definition."})


class MeetingRefSchema(Schema):
    id = fields.Integer()
    date = fields.Date()
    status = fields.String()


class SubmissionSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    consultation = fields.String(metadata={"description": "The consultation's slug."})
    questionnaire = fields.Nested(QuestionnaireRefSchema)
    meeting = fields.Nested(MeetingRefSchema)
    commission = fields.Nested(CommissionSchema)
    state = fields.String(metadata={"description": "The workflow state's code."})
    state_label = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "By language."}
    )
    version = fields.Integer(
        metadata={"description": "Changes with every change; send it with the next change."}
    )
    answers_version = fields.Integer(metadata={"description": "The answers' version number."})
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    answers = fields.Dict(metadata={"description": "Stored or flat, as `answers` asks."})


class SubmissionPageSchema(Schema):
    items = fields.List(fields.Nested(SubmissionSchema))
    cursor = fields.String(
        allow_none=True, metadata={"description": "Send it back for the next page; none: done."}
    )
    next = fields.String(
        allow_none=True, metadata={"description": "The next page's address; none: done."}
    )


class QuestionCommentSchema(Schema):
    path = fields.String(metadata={"description": "The answer's path (repeat-1-code)."})
    question = fields.String(metadata={"description": "Where it is, in the reader's language."})
    body = fields.String()
    resolved_by = fields.Integer(
        allow_none=True, metadata={"description": "The event that resolved it; none: open."}
    )


class EventSchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    actor = fields.String(allow_none=True, metadata={"description": "Who; none: the system."})
    action = fields.String()
    action_label = fields.Dict(keys=fields.String(), values=fields.String())
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    comment = fields.String(allow_none=True)
    answers_version = fields.Integer(allow_none=True)
    question_comments = fields.List(fields.Nested(QuestionCommentSchema))


class SubmissionDetailSchema(SubmissionSchema):
    answers = fields.Dict(metadata={"description": "As stored."})
    answers_flat = fields.Dict(metadata={"description": "One key per workbook column."})
    editable = fields.Boolean(metadata={"description": "Whether the caller may save answers."})
    history = fields.List(
        fields.Nested(EventSchema), metadata={"description": "Every event, oldest first."}
    )


@dataclass(frozen=True)
class FlatLayout:
    """A workbook layout with its column codes worked out once, not once per row."""

    layout: Layout
    codes: list[str]
    #: (repeat, its rows' column codes)
    repeats: list[tuple[Repeat, list[str]]]


#: per (definition content, language): definitions never change once stored
_layouts = Recent(200)


def layout_of(version: QuestionnaireVersion, lang: str) -> FlatLayout:
    key = (version.content_hash, lang)
    found = _layouts.get(key)
    if found is None:
        with force_locale(lang):
            layout = build_layout({version.id: version.definition}, lang)
        found = _layouts.put(
            key,
            FlatLayout(
                layout,
                layout.codes,
                [
                    (r, [code for child in r.children for code in child.codes])
                    for r in layout.repeats
                ],
            ),
        )
    return found


def utc_text(value: dt.datetime) -> str:
    """A stored time (UTC, without a zone) said with its zone, as ``UtcDateTime`` says it."""
    return value.replace(tzinfo=dt.UTC).isoformat()


def as_json(data) -> Response:
    """Data built ready for JSON, sent as it is: the schemas of these routes document it,
    and dumping hundreds of nested items through them again would cost more than the
    queries (the list is what programs call most)."""
    return current_app.response_class(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), mimetype="application/json"
    )


def _plain(value):
    """A cell as JSON says it (dates as ISO 8601)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def flat_answers(flat_layout: FlatLayout, answers: dict) -> dict:
    """The answers as the workbook's columns hold them: column code -> cell; each repeat's
    items under its code, one row each (``_item`` numbers them as the workbook does)."""
    answers = answers or {}
    cells = row_cells(flat_layout.layout.columns, answers)
    flat = {code: _plain(value) for code, value in zip(flat_layout.codes, cells, strict=True)}
    for repeat, codes in flat_layout.repeats:
        flat[repeat.code] = [
            {
                "_item": number,
                **{
                    code: _plain(value)
                    for code, value in zip(codes, row_cells(repeat.children, entry), strict=True)
                },
            }
            for number, entry in repeat.entries(answers)
        ]
    return flat


def state_labels(workflow, state: str) -> dict:
    found = workflow.states.get(state)
    return found.label.model_dump(exclude_none=True) if found else {}


def questionnaire_ref(submission: Submission, numbers: dict[int, int]) -> dict:
    number = numbers.get(submission.questionnaire_version_id)
    return {
        "code": submission.questionnaire_code,
        "version": number,
        "url": url_for(
            "api_questionnaires.version", code=submission.questionnaire_code, number=number
        ),
    }


def represent(
    submission: Submission,
    *,
    numbers: dict[int, int],
    workflows: dict,
    shape: str = STORED,
    lang: str = "en",
    slugs: dict[int, str] | None = None,
) -> dict:
    """A submission as the API shows it, without its history, ready for JSON (as
    ``SubmissionSchema`` documents it). ``numbers``: version id -> number
    (``version_numbers()``); ``workflows``: workflow version id -> definition; ``slugs``:
    consultation id -> slug, for many submissions at once."""
    meeting = submission.meeting
    answers = submission.answers or {}
    if shape == FLAT:
        answers = flat_answers(layout_of(submission.questionnaire_version, lang), answers)
    return {
        "id": submission.id,
        "url": url_for("api_submissions.submission", submission_id=submission.id),
        "consultation": slugs[submission.consultation_id]
        if slugs is not None
        else meeting.consultation.slug,
        "questionnaire": questionnaire_ref(submission, numbers),
        "meeting": {
            "id": meeting.id,
            "date": meeting.meeting_date.isoformat(),
            "status": meeting.status,
        },
        "commission": commission_info(submission.commission),
        "state": submission.state,
        "state_label": state_labels(workflows[submission.workflow_version_id], submission.state),
        "version": submission.version,
        "answers_version": submission.answers_version,
        "created_at": utc_text(submission.created_at),
        "updated_at": utc_text(submission.updated_at),
        "answers": answers,
    }


def in_languages(text) -> dict:
    """A lazy message in every language of the interface."""
    found = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            found[lang] = str(text)
    return found


def history(submission: Submission, lang: str) -> list[dict]:
    """Every event of the submission, as its history page lists them."""
    workflow = submission.workflow
    definition = submission.definition
    events = []
    for entry in events_of(submission.id):
        action = workflow.actions.get(entry.action)
        events.append(
            {
                "id": entry.id,
                "at": utc_text(entry.at),
                "actor": entry.actor.name if entry.actor else None,
                "action": entry.action,
                "action_label": action.label.model_dump(exclude_none=True)
                if action
                else in_languages(EVENT_LABELS.get(entry.action, entry.action)),
                "from_state": entry.from_state,
                "to_state": entry.to_state,
                "comment": entry.comment,
                "answers_version": entry.answers_version,
                "question_comments": [
                    {
                        "path": comment.path,
                        "question": definition.describe_path(comment.path, lang),
                        "body": comment.body,
                        "resolved_by": comment.resolved_by_history_id,
                    }
                    for comment in entry.question_comments
                ],
            }
        )
    return events


def _filtered(statement, query: dict):
    """The statement narrowed to the request's filters, each checked against the data."""
    consultation = None
    if "consultation" in query:
        consultation = consultation_named(current_user, query["consultation"])
        statement = statement.where(Submission.consultation_id == consultation.id)
    if "questionnaire" in query:
        code = questionnaire_named(query["questionnaire"])
        statement = statement.where(Submission.questionnaire_code == code)
    if query["commission"]:
        ids = commission_ids(current_user, query["commission"])
        statement = statement.where(Submission.commission_id.in_(ids))
    if query["region"]:
        statement = statement.where(
            Submission.commission_id.in_(region_commissions(query["region"]))
        )
    if query["state"]:
        statement = statement.where(
            Submission.state.in_(known_states(query["state"], consultation))
        )
    if query.get("updated_since"):
        # At or after: a row changed in the same instant as the last one read is read again
        # rather than missed.
        statement = statement.where(Submission.updated_at >= _utc(query["updated_since"]))
    return statement


@blp.get("/submissions")
@refusals(blp, 422)
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, SubmissionPageSchema)
def submissions(query):
    """The submissions the caller may see, oldest first, a page at a time: follow `next`
    until it is none. A change made while walking the pages is read at the next walk with
    `updated_since` (a page never repeats nor skips a submission)."""
    # By id: new submissions come last and a change does not move a row, so pages neither
    # repeat nor skip one however the data change between them.
    # Every workflow version, read once: for the states the caller sees, and the labels.
    workflows = WorkflowVersion.all_definitions()
    statement = (
        _filtered(submissions_for(current_user, workflows), query)
        .options(joinedload(Submission.commission), joinedload(Submission.meeting))
        .order_by(Submission.id)
        .limit(query["limit"] + 1)
    )
    if query["answers"] == FLAT:  # the definition the answers are laid out by
        statement = statement.options(joinedload(Submission.questionnaire_version))
    if "cursor" in query:
        statement = statement.where(Submission.id > query["cursor"])
    rows = db.session.scalars(statement).all()
    more = len(rows) > query["limit"]
    rows = rows[: query["limit"]]
    numbers = version_numbers()
    slugs = dict(db.session.execute(select(Consultation.id, Consultation.slug)).all())
    by_version = dict(workflows)
    if any(row.workflow_version_id not in by_version for row in rows):
        by_version = dict(WorkflowVersion.all_definitions())  # one stored in between
    items = [
        represent(
            s,
            numbers=numbers,
            workflows=by_version,
            shape=query["answers"],
            lang=query["lang"],
            slugs=slugs,
        )
        for s in rows
    ]
    cursor = make_cursor(rows[-1].id) if more else None
    following = None
    if cursor:
        args = request.args.to_dict(flat=False)
        args["cursor"] = [cursor]
        following = url_for("api_submissions.submissions", **args)
    return as_json({"items": items, "cursor": cursor, "next": following})


@blp.get("/submissions.csv")
@refusals(blp, 422)
@blp.arguments(CsvQuerySchema, location="query")
@blp.doc(
    responses={
        "200": {
            "description": "UTF-8 with a byte-order mark, every field quoted; a header row of "
            "column codes (the workbook's), then one row per submission, oldest first. Text "
            "that a spreadsheet would run as a formula starts with an apostrophe.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
)
def submissions_csv(query):
    """The same list as one CSV file of a questionnaire's submissions, for spreadsheets
    and Power Query: the workbook's columns, repeats left out (the export has them)."""
    code = query["questionnaire"]
    base = _filtered(submissions_for(current_user), query)
    lang = query["lang"]
    versions = db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.code == code)
    ).all()
    with force_locale(lang):
        layout = build_layout({v.id: v.definition for v in versions}, lang)
    workflows = dict(WorkflowVersion.all_definitions())
    name = getattr(Commission, f"name_{lang}")
    columns = (
        base.with_only_columns(
            Submission.id,
            name,
            Commission.iso2,
            Commission.region,
            Meeting.meeting_date,
            Submission.workflow_version_id,
            Submission.state,
            Submission.updated_at,
            Submission.answers,
        )
        .join(Meeting, Submission.meeting_id == Meeting.id)
        .join(Commission, Submission.commission_id == Commission.id)
    )

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)

        def flush() -> str:
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return text

        buffer.write("\ufeff")
        writer.writerow([*CSV_FIXED, *layout.codes])
        yield flush()
        after = 0
        while True:
            # A batch at a time by id, each its own query: nothing is held between batches
            # (no server-side cursor kept open while a slow client reads).
            batch = db.session.execute(
                columns.where(Submission.id > after).order_by(Submission.id).limit(CSV_BATCH)
            ).all()
            for row in batch:
                state = workflows[row.workflow_version_id].state_label(row.state, lang)
                cells = [
                    row[1],
                    row.iso2,
                    region_label(row.region, lang),
                    row.meeting_date,
                    row.id,
                    state,
                    row.updated_at,
                    *row_cells(layout.columns, row.answers or {}),
                ]
                writer.writerow([csv_value(value) for value in cells])
            if batch:
                yield flush()
            if len(batch) < CSV_BATCH:
                return
            after = batch[-1].id

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="submissions-{code}.csv"'
    return response


@blp.get("/submissions/<int:submission_id>")
@refusals(blp, 404, 422)
@blp.arguments(DetailQuerySchema, location="query")
@blp.response(200, SubmissionDetailSchema)
def submission(query, submission_id: int):
    """One submission: its answers stored and flat, its state and versions, and its whole
    history (every action and save, who, when, comments)."""
    found = get_submission(current_user, submission_id)
    lang = query["lang"]
    item = represent(
        found,
        numbers=version_numbers(found.questionnaire_code),
        workflows={found.workflow_version_id: found.workflow},
    )
    item["answers_flat"] = flat_answers(layout_of(found.questionnaire_version, lang), found.answers)
    item["editable"] = may_edit(current_user, found)
    item["history"] = history(found, lang)
    return as_json(item)
