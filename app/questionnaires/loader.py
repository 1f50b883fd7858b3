"""Reading questionnaire files into definitions, and stored content back into definitions."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
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


def canonical_content(definition) -> tuple[dict, str]:
    """The JSON stored for a definition and its sha256, independent of YAML layout."""
    content = definition.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return content, hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=256)
def _cached(content_hash: str, text: str) -> QuestionnaireDefinition:
    return QuestionnaireDefinition.model_validate_json(text)


def definition_from_content(content: dict, content_hash: str) -> QuestionnaireDefinition:
    """A stored version's definition; parsed once per content hash."""
    return _cached(content_hash, json.dumps(content))
