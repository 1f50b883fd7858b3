"""Checking the definition folders and storing their content as immutable versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from app.core.definition_files import (
    DefinitionError,
    DefinitionProblem,
    canonical_content,
    problems_at,
    read_yaml,
)
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.models import QuestionnaireVersion
from app.workflows.loader import load_workflow_file
from app.workflows.models import WorkflowVersion


@dataclass
class LoadedDefinitions:
    questionnaires: dict[str, tuple[object, str]] = field(default_factory=dict)
    workflows: dict[str, tuple[object, str]] = field(default_factory=dict)
    problems: list[DefinitionProblem] = field(default_factory=list)
    #: what works but is worth fixing (a label missing a language)
    warnings: list[DefinitionProblem] = field(default_factory=list)


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_definitions(forms_dir: Path, workflows_dir: Path) -> LoadedDefinitions:
    """Read every definition file; collect problems of all files instead of stopping at one."""
    loaded = LoadedDefinitions()
    for folder, loader, target in (
        (Path(forms_dir), load_questionnaire_file, loaded.questionnaires),
        (Path(workflows_dir), load_workflow_file, loaded.workflows),
    ):
        if not folder.is_dir():
            loaded.problems.append(
                DefinitionProblem(display_path(folder), None, "", "no such folder")
            )
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            name = display_path(path)
            try:
                definition = loader(path, name, loaded.warnings)
            except DefinitionError as error:
                loaded.problems.extend(error.problems)
                continue
            if definition.code in target:
                other = target[definition.code][1]
                loaded.problems.append(
                    DefinitionProblem(
                        name, 1, "code", f"{definition.code!r} is also used by {other}"
                    )
                )
                continue
            target[definition.code] = (definition, name)
    loaded.problems.extend(prefill_problems(loaded.questionnaires, Path(forms_dir)))
    return loaded


def prefill_problems(questionnaires: dict, forms_dir: Path) -> list[DefinitionProblem]:
    """Each ``prefill`` names a questionnaire there is, and a question of the same type at
    the top of it (a file cannot see the others on its own)."""
    problems = []
    for _code, (definition, name) in sorted(questionnaires.items()):
        found = []
        for node in definition.prefilled_nodes:
            source, answer = node.item.prefill_source
            other = questionnaires.get(source, (None,))[0]
            target = other.node_by_code.get(answer) if other is not None else None
            if other is None:
                message = _(
                    "no questionnaire %(code)r (questionnaires: %(known)s)",
                    code=source,
                    known=", ".join(sorted(questionnaires)),
                )
            elif target is None or target.repeats:
                message = _(
                    "%(questionnaire)s has no question %(code)r outside its repeats",
                    questionnaire=source,
                    code=answer,
                )
            elif target.item.type != node.item.type:
                message = _(
                    "%(questionnaire)s.%(code)s is a %(there)s question, this one a %(here)s",
                    questionnaire=source,
                    code=answer,
                    there=target.item.type,
                    here=node.item.type,
                )
            else:
                continue
            found.append((node.path + ("prefill",), message))
        if found:
            path = forms_dir / Path(name).name
            if path.suffix in (".yaml", ".yml") and path.is_file():
                problems.extend(problems_at(read_yaml(path, name), found))
            else:
                problems.extend(DefinitionProblem(name, None, "prefill", m) for _p, m in found)
    return problems


def check_file(path: Path, workflows_dir: Path, warnings: list | None = None):
    """Check one file (a workflow when it lies in the workflows folder): name, code, problems."""
    name = display_path(path)
    if not path.is_file():
        return name, None, [DefinitionProblem(name, None, "", "no such file")]
    in_workflows = path.resolve().parent == Path(workflows_dir).resolve()
    loader = load_workflow_file if in_workflows else load_questionnaire_file
    try:
        return name, loader(path, name, warnings).code, []
    except DefinitionError as error:
        return name, None, error.problems


#: the PostgreSQL advisory lock that publications of definitions take ("shuradef")
PUBLISHING_LOCK = int.from_bytes(b"shuradef", "big")


def lock_publishing() -> None:
    """Wait for any other publication of definitions (an upload, a sync) to end, and keep
    others waiting until this transaction ends.

    Two at once would each write its file and then store versions from folders the other is
    still changing: the same version stored twice, or a file stored that the other's check
    never saw. A transaction-level advisory lock on PostgreSQL, the database of every
    deployment with several processes; the embedded SQLite default, for trying the app on
    one machine, does not take it."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISHING_LOCK})


def sync_definitions(forms_dir: Path, workflows_dir: Path) -> list[str]:
    """Store a new version of each definition whose content changed; report what happened.

    Raises DefinitionError (and stores nothing) when any file has a problem. Holds the
    publishing lock until the caller's transaction ends.
    """
    lock_publishing()
    loaded = load_definitions(forms_dir, workflows_dir)
    if loaded.problems:
        raise DefinitionError(loaded.problems)
    report = []
    for model, found in (
        (QuestionnaireVersion, loaded.questionnaires),
        (WorkflowVersion, loaded.workflows),
    ):
        for code, (definition, name) in sorted(found.items()):
            content, digest = canonical_content(definition)
            # Compared with the newest version only: a file edited back to an older content
            # becomes current again as a new row.
            current = db.session.scalar(
                select(model).where(model.code == code).order_by(model.id.desc()).limit(1)
            )
            if current is not None and current.content_hash == digest:
                report.append(f"{name}: {code} unchanged")
                continue
            db.session.add(model(code=code, content=content, content_hash=digest, source_file=name))
            report.append(f"{name}: {code} stored as a new version ({digest[:12]})")
    db.session.flush()
    return report
