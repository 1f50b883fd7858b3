"""Stored, immutable versions of questionnaire definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class DefinitionVersionMixin:
    """A definition's content, stored once per distinct content and never changed after."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))  #: sha256 of the canonical JSON
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_file: Mapped[str] = mapped_column(String(255))  #: the file it was synced from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionnaireVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "questionnaire_versions"

    @property
    def definition(self):
        from app.questionnaires.loader import definition_from_content

        return definition_from_content(self.content, self.content_hash)


def refuse_change(mapper, connection, target):
    raise RuntimeError(f"{type(target).__name__} rows are immutable; store a new version instead")


event.listen(QuestionnaireVersion, "before_update", refuse_change)
