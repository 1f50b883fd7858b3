"""Reading questionnaire files into definitions."""

from __future__ import annotations

from pathlib import Path

from app.core.definition_files import load_definition_file
from app.questionnaires.definition import QuestionnaireDefinition


def load_questionnaire_file(
    path: Path, display_name: str | None = None, warnings: list | None = None
) -> QuestionnaireDefinition:
    """Read and check one ``forms/*.yaml`` file; raise DefinitionError listing every problem."""
    return load_definition_file(path, QuestionnaireDefinition, display_name, warnings)
