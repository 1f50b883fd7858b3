"""Stored, immutable versions of questionnaire definitions."""

from __future__ import annotations

from sqlalchemy import event

from app.core.models import DefinitionVersionMixin, refuse_change
from app.extensions import db
from app.questionnaires.definition import QuestionnaireDefinition


class QuestionnaireVersion(DefinitionVersionMixin, db.Model):
    __tablename__ = "questionnaire_versions"
    definition_model = QuestionnaireDefinition


event.listen(QuestionnaireVersion, "before_update", refuse_change)
