"""Stored, immutable versions of workflow definitions."""

from collections.abc import Callable

from sqlalchemy import event, select

from app.core.models import DefinitionVersionMixin, refuse_change
from app.extensions import db
from app.workflows.definition import WorkflowDefinition


class WorkflowVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "workflow_versions"
    definition_model = WorkflowDefinition

    @classmethod
    def state_pairs(cls, keep: Callable[[WorkflowDefinition, str], bool]) -> list[tuple[int, str]]:
        """(version id, state) for every state of every stored version that ``keep`` keeps.

        Submissions pin a version, so a rule read from a state must be read in that version.
        """
        return [
            (version.id, state)
            for version in db.session.scalars(select(cls))
            for state in version.definition.states
            if keep(version.definition, state)
        ]


event.listen(WorkflowVersion, "before_update", refuse_change)
