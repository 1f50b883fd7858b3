"""A file attached to the answers: a PDF, an office document or an image.

The file itself is stored as an attachment of the submission (in the database, so any web
process can serve it, and never deleted: a replaced file stays in the submission's history).
The answer is its description: ``{"id", "name", "size", "type", "sha256"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from pydantic import Field as PydanticField
from wtforms import fields as wt

from app.core.i18n import NumberInReadersLanguage, _
from app.core.text_safety import code_point, first_refused_character
from app.questionnaires.items import Question
from app.questionnaires.types.base import QuestionType

#: extensions accepted when a question does not narrow them, and their media types
FILE_KINDS = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
DEFAULT_MAX_MB = 10
#: the largest file a question may accept; MAX_CONTENT_LENGTH (app/config.py) leaves room for it
LARGEST_MAX_MB = 50


@dataclass(frozen=True)
class Upload:
    """A file just posted, not yet stored: the save service turns it into an attachment."""

    filename: str
    content: bytes
    media_type: str

    @property
    def extension(self) -> str:
        return PurePath(self.filename).suffix.lower().lstrip(".")


class FileQuestion(Question):
    type: Literal["file"]
    #: extensions accepted, e.g. [pdf, docx]; all of FILE_KINDS when not given
    accept: list[str] | None = None
    #: the largest file accepted, in megabytes
    max_size_mb: float = PydanticField(default=DEFAULT_MAX_MB, gt=0, le=LARGEST_MAX_MB)


class FileType(QuestionType):
    name = "file"
    model = FileQuestion
    macro = "file_input"
    value_kind = "file"
    keeps_answer_when_blank = True

    def problems(self, question, definition, path):
        found = super().problems(question, definition, path)
        for extension in question.accept or []:
            if extension.lower() not in FILE_KINDS:
                known = ", ".join(sorted(FILE_KINDS))
                found.append(
                    (
                        path + ("accept",),
                        _("%(kind)r is not accepted (%(known)s)", kind=extension, known=known),
                    )
                )
        return found

    def accepted(self, question) -> list[str]:
        return [e.lower() for e in question.accept] if question.accept else list(FILE_KINDS)

    def form_field(self, question, definition, lang):
        return wt.FileField(**self.field_kwargs(question, lang))

    def from_form(self, data, question):
        if data is None or not getattr(data, "filename", ""):
            return None
        limit = int(question.max_size_mb * 1024 * 1024)
        try:
            content = data.stream.read(limit + 1)  # one byte more tells it is too large
        finally:
            data.close()  # a large upload is spooled to a temporary file
        name = PurePath(data.filename.replace("\\", "/")).name[:200] or "file"
        return Upload(name, content, data.mimetype or "application/octet-stream")

    def to_form(self, value, question):
        return None

    def check_value(self, value, question, definition):
        if isinstance(value, Upload):
            character = first_refused_character(value.filename)
            if character:
                return _(
                    "The file's name contains a control character (%(code)s) that cannot be "
                    "stored; rename the file and attach it again.",
                    code=code_point(character),
                )
            if value.extension not in self.accepted(question):
                return _(
                    "Attach a file of one of these kinds: %(kinds)s.",
                    kinds=", ".join(self.accepted(question)),
                )
            if len(value.content) > question.max_size_mb * 1024 * 1024:
                return _(
                    "This file is larger than %(size)s MB; attach a smaller one.",
                    size=NumberInReadersLanguage(question.max_size_mb),
                )
            if not value.content:
                return _("This file is empty.")
            return None
        if not isinstance(value, dict) or not {"id", "name"} <= set(value):
            return _("Attach the file again.")
        return None

    def display(self, question, answers, definition, lang):
        value = answers.get(question.code)
        return value.get("name", "") if isinstance(value, dict) else ""

    def export_cells(self, question, answers, definition, lang):
        return [self.display(question, answers, definition, lang) or None]
