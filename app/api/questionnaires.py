"""Questionnaires through the API: their codes and titles, and every stored version of
their definitions as JSON (what ``shura definitions sync`` stored, byte for byte).

A version's number counts the versions of its questionnaire from 1, in the order they were
stored; every submission pins the version its answers were given on (``questionnaire``
of a submission says which). Definitions hold no one's data: every role may read them.
"""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.api.blueprints import api_blueprint, refusals
from app.api.schemas import UtcDateTime
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.models import QuestionnaireVersion

blp = api_blueprint(
    "api_questionnaires",
    "questionnaires",
    "Questionnaires and every stored version of their definitions.",
)


def version_numbers(code: str | None = None) -> dict[int, int]:
    """Version id -> its number among its questionnaire's versions (1 for the first stored);
    of one questionnaire, or of all of them."""
    statement = select(QuestionnaireVersion.id, QuestionnaireVersion.code).order_by(
        QuestionnaireVersion.id
    )
    if code is not None:
        statement = statement.where(QuestionnaireVersion.code == code)
    numbers: dict[int, int] = {}
    counts: dict[str, int] = {}
    for version_id, version_code in db.session.execute(statement):
        counts[version_code] = counts.get(version_code, 0) + 1
        numbers[version_id] = counts[version_code]
    return numbers


def _versions(code: str) -> list[QuestionnaireVersion]:
    versions = db.session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.code == code)
        .order_by(QuestionnaireVersion.id)
    ).all()
    if not versions:
        raise NotFound(str(_("No questionnaire is named %(code)s.", code=code)))
    return versions


def texts(text) -> dict:
    """A definition's text by language (only the languages it is given in)."""
    return text.model_dump(exclude_none=True) if text is not None else {}


class QuestionnaireLinksSchema(Schema):
    self = fields.String()
    versions = fields.String()
    current = fields.String(metadata={"description": "The current version's definition."})


class QuestionnaireSchema(Schema):
    code = fields.String()
    title = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "By language."}
    )
    current_version = fields.Integer(
        metadata={"description": "The number of the version new submissions are answered on."}
    )
    versions = fields.Integer(metadata={"description": "How many versions are stored."})
    links = fields.Nested(QuestionnaireLinksSchema)


class VersionSchema(Schema):
    code = fields.String()
    number = fields.Integer()
    label = fields.String(
        allow_none=True,
        metadata={"description": "The version the definition names itself (XLSForm's version)."},
    )
    title = fields.Dict(keys=fields.String(), values=fields.String())
    content_hash = fields.String(metadata={"description": "SHA-256 of the canonical JSON."})
    source_file = fields.String()
    stored_at = UtcDateTime()
    current = fields.Boolean()
    self = fields.String(metadata={"description": "Where its definition is."})


class VersionDefinitionSchema(VersionSchema):
    definition = fields.Dict(
        metadata={"description": "The definition as stored: sections, items, choice lists."}
    )


def _questionnaire(code: str, versions: list[QuestionnaireVersion]) -> dict:
    current = versions[-1]
    return {
        "code": code,
        "title": texts(current.definition.title),
        "current_version": len(versions),
        "versions": len(versions),
        "links": {
            "self": url_for("api_questionnaires.questionnaire_versions", code=code),
            "versions": url_for("api_questionnaires.questionnaire_versions", code=code),
            "current": url_for("api_questionnaires.version", code=code, number=len(versions)),
        },
    }


def _version(version: QuestionnaireVersion, number: int, count: int) -> dict:
    definition = version.definition
    return {
        "code": version.code,
        "number": number,
        "label": definition.version,
        "title": texts(definition.title),
        "content_hash": version.content_hash,
        "source_file": version.source_file,
        "stored_at": version.created_at,
        "current": number == count,
        "self": url_for("api_questionnaires.version", code=version.code, number=number),
    }


@blp.get("")
@refusals(blp)
@blp.response(200, QuestionnaireSchema(many=True))
def questionnaires():
    """Every questionnaire, with its title in the current version and how many versions."""
    found: dict[str, list[QuestionnaireVersion]] = {}
    for version in db.session.scalars(
        select(QuestionnaireVersion).order_by(QuestionnaireVersion.code, QuestionnaireVersion.id)
    ):
        found.setdefault(version.code, []).append(version)
    return [_questionnaire(code, versions) for code, versions in found.items()]


@blp.get("/<code>/versions")
@refusals(blp, 404)
@blp.response(200, VersionSchema(many=True))
def questionnaire_versions(code: str):
    """Every stored version of a questionnaire, oldest first."""
    versions = _versions(code)
    return [_version(v, n, len(versions)) for n, v in enumerate(versions, start=1)]


@blp.get("/<code>/versions/<int:number>")
@refusals(blp, 404)
@blp.response(200, VersionDefinitionSchema)
def version(code: str, number: int):
    """One version of a questionnaire with its whole definition, as stored."""
    versions = _versions(code)
    if not 1 <= number <= len(versions):
        raise NotFound(
            str(
                _(
                    "Questionnaire %(code)s has no version %(number)s: it has %(count)s.",
                    code=code,
                    number=number,
                    count=len(versions),
                )
            )
        )
    chosen = versions[number - 1]
    return {**_version(chosen, number, len(versions)), "definition": chosen.content}
