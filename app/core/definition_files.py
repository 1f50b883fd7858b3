"""Reading definition files (YAML) with line numbers, and reporting their problems.

The secretariat writes ``forms/*.yaml`` and ``workflows/*.yaml`` by hand. Every problem is
reported as ``file:line: key: what is wrong``, never as a traceback: the YAML node tree gives
each key its line, and pydantic's error locations are mapped back onto those lines.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from app.core.definitions import missing_languages
from app.core.i18n import LanguageNamesInReadersLanguage, _
from app.core.lru import Recent


@dataclass(frozen=True)
class DefinitionProblem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class DefinitionError(Exception):
    """One or more problems in a definition file; ``str()`` lists them one per line."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class SourceDocument:
    """Parsed YAML plus the line of every key, addressed by its path of keys and indices."""

    file: str
    data: Any
    lines: dict[tuple, int]
    labels: dict[tuple, str]


def read_yaml(path: Path, display_name: str | None = None) -> SourceDocument:
    """Parse a YAML file, keeping the line of every mapping key and list item."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [
                DefinitionProblem(
                    name, None, "", _("the file is not UTF-8 text (%(reason)s)", reason=exc.reason)
                )
            ]
        ) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> SourceDocument:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(
            [
                DefinitionProblem(
                    name, line, "", _("this is not valid YAML: %(problem)s", problem=problem)
                )
            ]
        ) from None
    doc = SourceDocument(name, data, {(): 1}, {(): ""})
    problems: list[DefinitionProblem] = []
    if node is not None:
        _index(node, (), "", doc, problems)
    if problems:
        raise DefinitionError(problems)
    return doc


def _index(node, path: tuple, label: str, doc: SourceDocument, problems: list) -> None:
    doc.lines[path] = node.start_mark.line + 1
    doc.labels[path] = label
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            child_label = f"{label}.{key}" if label else str(key)
            if key in seen:
                problems.append(
                    DefinitionProblem(
                        doc.file,
                        line,
                        child_label,
                        _("duplicate key (first given on line %(line)s)", line=seen[key]),
                    )
                )
                continue
            seen[key] = line
            _index(value_node, path + (key,), child_label, doc, problems)
            # The key's own line is the most useful place to point at.
            doc.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            name = _item_name(item) or str(index + 1)
            _index(item, path + (index,), f"{label}[{name}]", doc, problems)


def _item_name(node) -> str | None:
    """A list item is named by its ``code`` (or ``value``) when it has one: easier to find."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value in ("code", "value") and isinstance(value_node, yaml.ScalarNode):
                return value_node.value
    return None


def validate_document(doc: SourceDocument, model: type[BaseModel]):
    """Validate parsed YAML into ``model``; map every pydantic error back to file and line."""
    if not isinstance(doc.data, dict):
        raise DefinitionError(
            [
                DefinitionProblem(
                    doc.file, 1, "", _("the file must be a mapping of keys (key: value)")
                )
            ]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(doc, err, model) for err in exc.errors()]
        raise DefinitionError(sorted(problems, key=lambda p: p.line or 0)) from None


def _problem(doc: SourceDocument, err: dict, model: type[BaseModel]) -> DefinitionProblem:
    path: tuple = ()
    missing: list[str] = []
    for element in err["loc"]:
        candidate = path + (element,)
        if candidate in doc.lines:
            path = candidate
        elif isinstance(element, str) and element not in ("function-after", "function-before"):
            # Keys pydantic looked for that the file does not have (or union tags).
            missing.append(element)
    if (
        err["type"] in ("union_tag_invalid", "union_tag_not_found")
        and path + ("type",) in doc.lines
    ):
        path = path + ("type",)
    key = doc.labels.get(path, "")
    if err["type"] == "missing" and missing:
        key = f"{key}.{missing[-1]}" if key else missing[-1]
    elif err["type"] == "union_tag_not_found":
        key = f"{key}.type" if key else "type"
    return DefinitionProblem(doc.file, doc.lines.get(path), key, _message(err, model))


def _message(err: dict, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "missing":
        return _("this key is required but missing")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        allowed = ", ".join(_union_tags(model, err["loc"]))
        if kind == "union_tag_not_found":
            return _("each item needs a type (one of: %(types)s)", types=allowed)
        return _(
            "unknown type %(type)r (types: %(types)s)", type=err["ctx"].get("tag"), types=allowed
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, err["loc"][:-1])
        if allowed:
            return _("unknown key (allowed here: %(keys)s)", keys=", ".join(allowed))
        return _("unknown key (check the spelling)")
    if kind == "string_type" and isinstance(err.get("input"), bool):
        return _(
            "YAML reads yes, no, on, off, true and false as true/false, not as text: "
            "put this text in quotes"
        )
    message = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message


def load_definition_file(
    path: Path,
    model: type[BaseModel],
    display_name: str | None = None,
    warnings: list[DefinitionProblem] | None = None,
):
    """Read, validate and cross-check one file into ``model``; raise DefinitionError listing
    every problem. The model's ``semantic_problems()`` gives the checks pydantic cannot make.
    What is worth fixing but works (a label missing a language) goes into ``warnings``.
    """
    doc = read_yaml(path, display_name)
    definition = validate_document(doc, model)
    problems = problems_at(doc, definition.semantic_problems())
    if problems:
        raise DefinitionError(problems)
    if warnings is not None:
        warnings.extend(language_warnings(doc, definition))
    return definition


def language_warnings(doc: SourceDocument, definition: BaseModel) -> list[DefinitionProblem]:
    """A warning for each text that lacks a language, saying which one and what is shown."""
    found = []
    for path, missing in missing_languages(definition):
        names = LanguageNamesInReadersLanguage(missing)
        found.append(
            (
                path,
                _(
                    "no %(languages)s text: readers in that language see another one",
                    languages=names,
                ),
            )
        )
    return problems_at(doc, found)


def problems_at(doc: SourceDocument, found: list[tuple[tuple, str]]) -> list[DefinitionProblem]:
    """Turn ``(path, message)`` pairs from semantic checks into located problems."""
    problems = []
    for path, message in found:
        known = path
        while known and known not in doc.lines:
            known = known[:-1]
        key = doc.labels.get(known, "")
        if known != path:
            key = ".".join([key, *map(str, path[len(known) :])]).strip(".")
        problems.append(DefinitionProblem(doc.file, doc.lines.get(known), key, message))
    return problems


def canonical_content(definition: BaseModel) -> tuple[dict, str]:
    """The JSON stored for a definition and its sha256, independent of YAML layout."""
    content = definition.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return content, hashlib.sha256(text.encode()).hexdigest()


#: parsed definitions by content hash, the versions in use
_parsed = Recent(128)


def parsed_definition(model: type[BaseModel], content_hash: str):
    """The definition of a content hash if this process has read it already, else None."""
    return _parsed.get((model, content_hash))


def stored_definition(model: type[BaseModel], content_hash: str, content: dict):
    """A stored version's definition, parsed once per content hash and shared after."""
    key = (model, content_hash)
    return _parsed.get(key) or _parsed.put(key, model.model_validate(content))


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model accepts at ``loc`` (a pydantic error location), for messages."""
    current = _walk(model, loc)
    if current is None or current[0] != "model":
        return []
    return [f.alias or name for name, f in current[1].model_fields.items()]


def _union_tags(model: type[BaseModel], loc: tuple) -> list[str]:
    """The types a tagged union accepts at ``loc``."""
    current = _walk(model, loc)
    return sorted(current[1]) if current and current[0] == "union" else []


def _walk(model: type[BaseModel], loc: tuple):
    """What the model expects at ``loc``: ("model", cls), ("union", members), ..., or None."""
    current = ("model", model)
    for element in loc:
        if current is None:
            return []
        kind, inner = current
        if kind == "model":
            field = next(
                (f for name, f in inner.model_fields.items() if element in (name, f.alias)), None
            )
            current = _shape(field.annotation) if field else None
        elif kind == "union":  # a tagged union: the tag picks the member
            member = inner.get(element)
            current = ("model", member) if member else None
        else:  # a list index or a mapping key: step into the items
            current = _shape(inner)
    return current


def _shape(annotation):
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape(get_args(annotation)[0])
    if origin in (Union, UnionType):
        members = _tagged_members(annotation)
        if members:
            return ("union", members)
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _shape(options[0]) if len(options) == 1 else None
    if origin is list:
        return ("list", get_args(annotation)[0])
    if origin is dict:
        return ("dict", get_args(annotation)[1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return None


def _tagged_members(annotation) -> dict[str, type[BaseModel]]:
    """The members of a union of models told apart by a ``type`` literal, by tag."""
    members = {}
    for option in get_args(annotation):
        field = getattr(option, "model_fields", {}).get("type")
        if field is None or get_origin(field.annotation) is not Literal:
            return {}
        for tag in get_args(field.annotation):
            members[tag] = option
    return members
