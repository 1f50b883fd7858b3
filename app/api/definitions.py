"""Definitions through the API: the secretariat sends a questionnaire (an XLSForm or YAML) or
a workflow (YAML), and it is checked and published as ``shura definitions import`` and
``sync`` publish it: a new immutable version when its content changed. A file with mistakes
is refused with each one located (file and line, or sheet, row and column) and nothing is
written; ``dry_run`` checks without storing.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.api.blueprints import api_blueprint, refusals
from app.api.problems import problem
from app.consultations.definition_uploads import KINDS, import_definition
from app.core.definition_files import DefinitionProblem
from app.core.i18n import ngettext
from app.extensions import db
from app.users.roles import SECRETARIAT

#: the largest definition file taken (XLSForms of hundreds of questions weigh well under it)
UPLOAD_LIMIT = 8 * 1024 * 1024

blp = api_blueprint(
    "api_definitions",
    "definitions",
    "Publishing questionnaires (XLSForm or YAML) and workflows (YAML).",
    SECRETARIAT,
    uploads=UPLOAD_LIMIT,
)


class DefinitionFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "An XLSForm (.xlsx), a questionnaire (.yaml) or a workflow (.yaml)."
        },
    )


class DefinitionOptionsSchema(Schema):
    kind = fields.String(
        load_default=None,
        validate=validate.OneOf(KINDS),
        metadata={
            "description": "For a YAML file: questionnaire or workflow (by default a file "
            "with states is a workflow). An XLSForm is always a questionnaire."
        },
    )
    code = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,62}$"),
        metadata={"description": "For an XLSForm: its questionnaire's code (its form_id)."},
    )
    replace = fields.Boolean(
        load_default=False,
        metadata={"description": "Replace the definition of the same code."},
    )
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "Check it, and say what would be stored, storing nothing."},
    )


class DefinitionImportSchema(Schema):
    file_name = fields.String()
    kind = fields.String(metadata={"description": "questionnaire or workflow"})
    code = fields.String()
    stored_as = fields.String(metadata={"description": "Its file in the definition folders."})
    stored = fields.Boolean(metadata={"description": "False for a dry run."})
    report = fields.List(
        fields.String(),
        metadata={"description": "Per definition: unchanged, or stored as a new version."},
    )
    notices = fields.List(fields.String(), metadata={"description": "What was worked around."})


def _located(found) -> dict:
    """A problem as data: where it is (file and line, or sheet, row and column) and what."""
    if isinstance(found, DefinitionProblem):
        return {
            "file": found.file,
            "line": found.line,
            "key": found.key or None,
            "message": str(found.message),
        }
    if hasattr(found, "where"):  # an XLSForm's SheetMessage
        return {
            "file": found.file,
            "sheet": found.sheet,
            "row": found.row,
            "column": found.column,
            "message": str(found.message),
        }
    return {"message": str(found)}


@blp.post("")
@refusals(blp, 400, 413, 415, 422)
@blp.arguments(DefinitionOptionsSchema, location="query")
@blp.arguments(DefinitionFileSchema, location="files")
@blp.response(200, DefinitionImportSchema)
def upload(options, files):
    """Check and publish a definition file; its mistakes answer 422, each one located."""
    sent = files["file"]
    outcome = import_definition(
        sent.read(),
        sent.filename or "",
        Path(current_app.config["FORMS_DIR"]),
        Path(current_app.config["WORKFLOWS_DIR"]),
        kind=options["kind"],
        code=options["code"],
        replace=options["replace"],
        dry_run=options["dry_run"],
    )
    if outcome.problems:
        db.session.rollback()
        return problem(
            422,
            ngettext(
                "Nothing was written: %(num)d problem.",
                "Nothing was written: %(num)d problems.",
                len(outcome.problems),
            ),
            errors={"file": [str(found) for found in outcome.problems]},
            problems=[_located(found) for found in outcome.problems],
        )
    db.session.commit()
    outcome.notices = [str(notice) for notice in outcome.notices]
    return outcome
