"""Stored, immutable versions of workflow definitions."""

from collections.abc import Callable

from sqlalchemy import event, select
from sqlalchemy.orm import undefer

from app.core.models import DefinitionVersionMixin, refuse_change
from app.extensions import db
from app.workflows.definition import WorkflowDefinition

#: definitions already read, by (version id, content hash): rows never change, so a process
#: reads each one once; the hash tells apart two databases that reuse an id (tests)
_read: dict[tuple[int, str], WorkflowDefinition] = {}


class WorkflowVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "workflow_versions"
    definition_model = WorkflowDefinition

    @classmethod
    def all_definitions(cls) -> list[tuple[int, WorkflowDefinition]]:
        """(version id, definition) of every stored version, reading only ids and hashes
        once a version has been seen."""
        rows = db.session.execute(select(cls.id, cls.content_hash).order_by(cls.id)).all()
        unseen = [row.id for row in rows if (row.id, row.content_hash) not in _read]
        if unseen:
            for version in db.session.scalars(
                select(cls).where(cls.id.in_(unseen)).options(undefer(cls.content))
            ):
                _read[(version.id, version.content_hash)] = version.definition
        return [(row.id, _read[(row.id, row.content_hash)]) for row in rows]

    @classmethod
    def state_pairs(
        cls, keep: Callable[[WorkflowDefinition, str], bool], definitions=None
    ) -> list[tuple[int, str]]:
        """(version id, state) for every state of every stored version that ``keep`` keeps;
        ``definitions``: what ``all_definitions()`` gave, when the caller read it already.

        Submissions pin a version, so a rule read from a state must be read in that version.
        """
        return [
            (version_id, state)
            for version_id, definition in (
                cls.all_definitions() if definitions is None else definitions
            )
            for state in definition.states
            if keep(definition, state)
        ]


event.listen(WorkflowVersion, "before_update", refuse_change)
