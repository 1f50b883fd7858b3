"""Reading workflow files into definitions."""

from __future__ import annotations

from pathlib import Path

from app.core.definition_files import load_definition_file
from app.workflows.definition import WorkflowDefinition


def load_workflow_file(
    path: Path, display_name: str | None = None, warnings: list | None = None
) -> WorkflowDefinition:
    """Read and check one ``workflows/*.yaml`` file; raise DefinitionError listing every problem."""
    return load_definition_file(path, WorkflowDefinition, display_name, warnings)
