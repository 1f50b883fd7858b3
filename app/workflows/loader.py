"""Reading workflow files into definitions."""

from __future__ import annotations

from pathlib import Path

from app.core.definition_files import DefinitionError, problems_at, read_yaml, validate_document
from app.workflows.definition import WorkflowDefinition


def load_workflow_file(path: Path, display_name: str | None = None) -> WorkflowDefinition:
    """Read and check one ``workflows/*.yaml`` file; raise DefinitionError listing every problem."""
    doc = read_yaml(path, display_name)
    definition = validate_document(doc, WorkflowDefinition)
    problems = problems_at(doc, definition.semantic_problems())
    if problems:
        raise DefinitionError(problems)
    return definition
