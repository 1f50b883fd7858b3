"""Reading questionnaire files into definitions, and stored content back into definitions."""

from __future__ import annotations

from pathlib import Path

from app.core.definition_files import (
    DefinitionError,
    problems_at,
    read_yaml,
    validate_document,
)
from app.questionnaires.definition import QuestionnaireDefinition


def load_questionnaire_file(path: Path, display_name: str | None = None) -> QuestionnaireDefinition:
    """Read and check one ``forms/*.yaml`` file; raise DefinitionError listing every problem."""
    doc = read_yaml(path, display_name)
    definition = validate_document(doc, QuestionnaireDefinition)
    problems = problems_at(doc, definition.semantic_problems())
    if problems:
        raise DefinitionError(problems)
    return definition
