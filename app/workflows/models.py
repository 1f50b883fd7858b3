"""Stored, immutable versions of workflow definitions."""

from sqlalchemy import event

from app.extensions import db
from app.questionnaires.models import DefinitionVersionMixin, refuse_change


class WorkflowVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "workflow_versions"

    @property
    def definition(self):
        from app.workflows.loader import workflow_from_content

        return workflow_from_content(self.content, self.content_hash)


event.listen(WorkflowVersion, "before_update", refuse_change)
