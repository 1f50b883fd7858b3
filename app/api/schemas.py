"""Shapes shared by the API's resources (each resource keeps its own beside its routes)."""

from __future__ import annotations

import datetime as dt

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


class UtcDateTime(fields.DateTime):
    """A time stored in UTC without a zone, said with it (``+00:00``), so that a client does
    not read it as its local time."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)
