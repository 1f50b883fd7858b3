"""Stored, immutable versions of workflow definitions."""

from sqlalchemy import event

from app.extensions import db
from app.questionnaires.models import DefinitionVersionMixin, refuse_change
from app.workflows.definition import WorkflowDefinition


class WorkflowVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "workflow_versions"
    definition_model = WorkflowDefinition


event.listen(WorkflowVersion, "before_update", refuse_change)
