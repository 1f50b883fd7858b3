"""Model mixins shared by the domain packages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, mapped_column, object_session

from app.core.definition_files import parsed_definition, stored_definition
from app.core.errors import NotFound
from app.core.i18n import _
from app.core.time import utcnow
from app.extensions import db


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DefinitionVersionMixin:
    """A definition's content, stored once per distinct content and never changed after."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))  #: sha256 of the canonical JSON
    #: deferred: a process reads each content hash once (``definition``), so the pages that
    #: only need the parsed definition never load and decode the JSON again
    content: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    source_file: Mapped[str] = mapped_column(String(255))  #: the file it was synced from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    #: the model the stored content is read into
    definition_model: ClassVar[type]

    @property
    def definition(self):
        # Kept on the row too, so that one request sees one definition object throughout
        # (pages compare sections by identity) even if the process-wide cache drops it.
        kept = self.__dict__.get("_definition")
        if kept is not None and kept[0] == self.content_hash:
            return kept[1]
        parsed = self._parse_definition()
        self.__dict__["_definition"] = (self.content_hash, parsed)
        return parsed

    def _parse_definition(self):
        parsed = parsed_definition(self.definition_model, self.content_hash)
        if parsed is not None:
            return parsed
        # Reading the deferred content is a query; it must not flush what the caller has
        # half built (a new submission flushed before its answers are set is then updated,
        # and its version no longer says how many times it was saved).
        session = object_session(self)
        if session is None:
            content = self.content
        else:
            with session.no_autoflush:
                content = self.content
        return stored_definition(self.definition_model, self.content_hash, content)

    @classmethod
    def latest(cls, code: str):
        """The newest stored version of a definition; new submissions pin this one."""
        version = db.session.scalar(
            select(cls).where(cls.code == code).order_by(cls.id.desc()).limit(1)
        )
        if version is None:
            raise NotFound(
                _("No stored definition %(code)r: run `shura definitions sync`.", code=code)
            )
        return version


def refuse_change(mapper, connection, target):
    raise RuntimeError(f"{type(target).__name__} rows are immutable; store a new version instead")
