"""Shapes shared by the API's resources (each resource keeps its own beside its routes)."""

from __future__ import annotations

from marshmallow import Schema, fields


class FieldProblemSchema(Schema):
    field = fields.String(metadata={"description": "The field's code, as the pages name it."})
    detail = fields.String()


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(metadata={"description": "Always about:blank: the status says it."})
    title = fields.String(metadata={"description": "The HTTP status's reason phrase."})
    status = fields.Integer()
    detail = fields.String(metadata={"description": "What went wrong, for a person."})
    errors = fields.List(fields.Nested(FieldProblemSchema))
