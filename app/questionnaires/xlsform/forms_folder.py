"""Importing an XLSForm into the forms folder, and exporting a questionnaire of it.

What ``shura definitions import`` and ``export`` do, without the command line: the import
writes a YAML file only when the whole XLSForm reads, the file checks, and it replaces no
other questionnaire unless asked; the export reads the questionnaire from its file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.core.definition_files import DefinitionError, canonical_content
from app.core.i18n import _
from app.questionnaires.definition import QuestionnaireDefinition
from app.questionnaires.definition_yaml import definition_yaml
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.xlsform.reader import XlsformImport, read_xlsform
from app.questionnaires.xlsform.writer import ExportError, write_xlsform


@dataclass
class ImportOutcome:
    """What an import did: the file it wrote (None when nothing was written) and why not."""

    read: XlsformImport
    written: Path | None = None
    #: refusals that are not about the XLSForm itself (a code already taken...)
    problems: list = field(default_factory=list)

    @property
    def all_problems(self) -> list:
        return [*self.read.problems, *self.problems]


def questionnaire_files(forms_dir: Path) -> dict[str, Path]:
    """The questionnaire code of each file of the folder that reads (broken files skipped)."""
    found = {}
    for path in sorted([*forms_dir.glob("*.yaml"), *forms_dir.glob("*.yml")]):
        try:
            found.setdefault(load_questionnaire_file(path).code, path)
        except DefinitionError:
            continue
    return found


def import_xlsform(
    source: Path,
    forms_dir: Path,
    *,
    code: str | None = None,
    replace: bool = False,
    display_name: str | None = None,
) -> ImportOutcome:
    read = read_xlsform(source, code=code, display_name=display_name)
    outcome = ImportOutcome(read)
    definition = read.definition
    if definition is None:
        return outcome
    existing = questionnaire_files(forms_dir).get(definition.code)
    target = existing or forms_dir / f"{definition.code}.yaml"
    if existing is not None and not replace:
        outcome.problems.append(
            _(
                "the questionnaire %(code)s is already in %(file)s; give --replace to replace "
                "it, or --code to import under another code",
                code=definition.code,
                file=existing.name,
            )
        )
        return outcome
    if existing is None and target.exists():
        outcome.problems.append(
            _(
                "%(file)s exists and is not a questionnaire that reads; move it away first",
                file=target.name,
            )
        )
        return outcome
    header = "\n".join(
        [
            f"{definition.title.get('en')}",
            f"Imported from {Path(display_name or source.name).name} on "
            f"{date.today().isoformat()} (shura definitions import).",
            "Edit freely; `shura definitions check` says what is wrong.",
        ]
    )
    try:
        _write_checked(target, definition_yaml(definition, header), definition)
    except (DefinitionError, _ReadBackError) as error:
        outcome.problems.append(
            _(
                "the YAML file could not be written faithfully (%(error)s); nothing was written",
                error=str(error),
            )
        )
        return outcome
    outcome.written = target
    return outcome


class _ReadBackError(Exception):
    """The YAML written does not read back as the definition it was written from."""


def _write_checked(target: Path, text: str, definition: QuestionnaireDefinition) -> None:
    """Write ``text`` at ``target`` only once it reads back as ``definition``: a file half
    written, or one that would not check, never takes the place of a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".yaml.tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        written = load_questionnaire_file(Path(temporary), target.name)
        if canonical_content(written)[1] != canonical_content(definition)[1]:
            raise _ReadBackError(f"{definition.code} reads back differently")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def export_problem(out: Path, definition_dirs: list[Path], replace: bool):
    """Why the XLSForm may not be written at ``out``, or None."""
    if out.suffix.lower() != ".xlsx":
        return _("an XLSForm is written as a .xlsx file; give a name ending in .xlsx")
    folder = out.resolve().parent
    if any(folder == Path(d).resolve() for d in definition_dirs):
        return _("write the XLSForm outside the forms and workflows folders")
    if out.exists() and not replace:
        return _("%(file)s exists; give --replace to write over it", file=out.name)
    return None


def export_xlsform(definition: QuestionnaireDefinition, out: Path) -> None:
    """Write the XLSForm next to its place and move it there once complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".export-", suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsform(definition, Path(temporary))
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


__all__ = ["ExportError", "ImportOutcome", "export_problem", "export_xlsform", "import_xlsform"]
