"""A definition sent as a file (an XLSForm, a questionnaire or a workflow in YAML), checked
and stored as ``shura definitions import`` and ``shura definitions sync`` do.

The definition folders stay the source of what is published: the file goes into its folder
(``forms/`` or ``workflows/``) and the folders are synced, so a later ``definitions sync``
finds nothing to undo. Before anything is written, the upload is checked together with every
other definition, in a copy of the folders: a file that breaks another (a ``prefill`` that
no longer finds its question, a code taken twice) is refused with the other's problem too.
The caller owns the commit.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from app.core.definition_files import DefinitionError, DefinitionProblem, read_yaml
from app.core.i18n import _
from app.extensions import db
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.xlsform.forms_folder import import_xlsform
from app.workflows.loader import load_workflow_file

from .definitions import display_path, load_definitions, lock_publishing, sync_definitions

QUESTIONNAIRE, WORKFLOW = "questionnaire", "workflow"
KINDS = (QUESTIONNAIRE, WORKFLOW)
LOADERS = {QUESTIONNAIRE: load_questionnaire_file, WORKFLOW: load_workflow_file}
XLSFORM_SUFFIXES = (".xlsx",)
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class UploadOutcome:
    """What an upload did, or would do (a dry run), or why it was refused."""

    file_name: str
    kind: str | None = None
    code: str | None = None
    #: the file of the definition folders it is stored as
    stored_as: str | None = None
    #: DefinitionProblem (file, line, key) or SheetMessage (sheet, row, column), or text
    problems: list = field(default_factory=list)
    #: what an XLSForm import noticed and worked around
    notices: list = field(default_factory=list)
    #: one line per definition, as ``shura definitions sync`` prints it
    report: list[str] = field(default_factory=list)
    stored: bool = False


def import_definition(
    content: bytes,
    file_name: str,
    forms_dir: Path,
    workflows_dir: Path,
    *,
    kind: str | None = None,
    code: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
) -> UploadOutcome:
    """Check ``content`` (named ``file_name`` by its sender) as a definition, and unless
    ``dry_run`` store it: the file in its folder, then a new version of each definition
    whose content changed. Nothing is written when there is any problem."""
    name = Path(file_name or "").name  # a name, never a path of the server
    outcome = UploadOutcome(name)
    forms_dir, workflows_dir = Path(forms_dir), Path(workflows_dir)
    if not dry_run:
        # Checked and written with no other publication under way (until the caller's
        # commit): two uploads of one new code must not both find it free.
        lock_publishing()
    with tempfile.TemporaryDirectory(prefix="shura-upload-") as scratch:
        staging = _Staging(Path(scratch), forms_dir, workflows_dir)
        staged = _stage(staging, outcome, content, kind, code, replace)
        if staged is None:
            return outcome
        loaded = load_definitions(staging.forms, staging.workflows)
        if loaded.problems:
            outcome.problems = [staging.relocated(problem) for problem in loaded.problems]
            return outcome
        real = (forms_dir if outcome.kind == QUESTIONNAIRE else workflows_dir) / staged.name
        outcome.stored_as = display_path(real)
        if dry_run:
            # What sync would store, learnt from sync itself, forgotten at once.
            savepoint = db.session.begin_nested()
            try:
                report = sync_definitions(staging.forms, staging.workflows)
            finally:
                savepoint.rollback()
            outcome.report = [staging.relocated_text(line) for line in report]
            return outcome
        previous = real.read_bytes() if real.exists() else None
        _replace_file(real, staged.read_bytes())
    try:
        outcome.report = sync_definitions(forms_dir, workflows_dir)
    except DefinitionError as error:  # the folders changed meanwhile: put them back
        if previous is None:
            real.unlink(missing_ok=True)
        else:
            _replace_file(real, previous)
        outcome.problems = list(error.problems)
        return outcome
    outcome.stored = True
    return outcome


@dataclass
class _Staging:
    """A copy of the definition folders, to check an upload among the others."""

    root: Path
    real_forms: Path
    real_workflows: Path

    def __post_init__(self):
        self.forms = self.root / "forms"
        self.workflows = self.root / "workflows"
        for real, copy in ((self.real_forms, self.forms), (self.real_workflows, self.workflows)):
            copy.mkdir()
            if real.is_dir():
                for path in [*real.glob("*.yaml"), *real.glob("*.yml")]:
                    shutil.copyfile(path, copy / path.name)

    def relocated_text(self, text: str) -> str:
        """Problems and reports name the real folders, not this copy."""
        for copy, real in ((self.forms, self.real_forms), (self.workflows, self.real_workflows)):
            text = text.replace(display_path(copy), display_path(real))
        return text

    def relocated(self, problem):
        if isinstance(problem, DefinitionProblem):
            return dataclasses.replace(problem, file=self.relocated_text(problem.file))
        return problem


def _stage(staging: _Staging, outcome: UploadOutcome, content, kind, code, replace):
    """Put the upload into the staged folders; its path there, or None with the problems."""
    name = outcome.file_name
    suffix = Path(name).suffix.lower()
    # Under the sender's name: an XLSForm without a form_id takes its code from it.
    sent = staging.root / "sent"
    sent.mkdir()
    upload = sent / (name if name not in ("", ".", "..") else f"definition{suffix}")
    upload.write_bytes(content)
    if suffix in XLSFORM_SUFFIXES:
        if kind == WORKFLOW:
            outcome.problems.append(_("a workflow is written in YAML, not as an XLSForm"))
            return None
        outcome.kind = QUESTIONNAIRE
        imported = import_xlsform(
            upload, staging.forms, code=code, replace=replace, display_name=name
        )
        outcome.notices = list(imported.read.notices)
        outcome.problems = [staging.relocated(problem) for problem in imported.all_problems]
        if imported.read.definition is not None:
            outcome.code = imported.read.definition.code
        return imported.written if not outcome.problems else None
    if suffix not in YAML_SUFFIXES:
        outcome.problems.append(
            _(
                "send an XLSForm (.xlsx) or a definition in YAML (.yaml, .yml), not %(name)s",
                name=name or "-",
            )
        )
        return None
    outcome.kind = kind or _kind_of(upload, name)
    loader = LOADERS[outcome.kind]
    try:
        definition = loader(upload, name)
    except DefinitionError as error:
        outcome.problems = list(error.problems)
        return None
    outcome.code = definition.code
    folder = staging.forms if outcome.kind == QUESTIONNAIRE else staging.workflows
    existing = _files_by_code(folder, loader).get(definition.code)
    if existing is not None and not replace:
        outcome.problems.append(
            _(
                "%(code)s is already defined in %(file)s; send it again with replace to replace it",
                code=definition.code,
                file=existing.name,
            )
        )
        return None
    target = existing or folder / f"{definition.code}.yaml"
    if existing is None and target.exists():
        outcome.problems.append(
            _(
                "%(file)s exists and is not a definition that reads; it must be moved away first",
                file=target.name,
            )
        )
        return None
    shutil.copyfile(upload, target)
    return target


def _kind_of(path: Path, name: str) -> str:
    """A workflow has states; anything else is read as a questionnaire (whose loader then
    says what is wrong with it)."""
    try:
        data = read_yaml(path, name).data
    except DefinitionError:
        return QUESTIONNAIRE
    return WORKFLOW if isinstance(data, dict) and "states" in data else QUESTIONNAIRE


def _files_by_code(folder: Path, loader) -> dict[str, Path]:
    found = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            found.setdefault(loader(path).code, path)
        except DefinitionError:
            continue
    return found


def _replace_file(target: Path, content: bytes) -> None:
    """Write beside the target and move it into place: never a half-written definition."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
