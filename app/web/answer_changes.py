"""What changed between two versions of a submission's answers, question by question, as a
reader sees the answers (choice labels, formatted dates), not as they are stored."""

from __future__ import annotations

from dataclasses import dataclass

from app.web.layout import questionnaire_layout


@dataclass(frozen=True)
class AnswerChange:
    path: str
    label: str
    before: str
    after: str


def shown_answers(definition, answers: dict, lang: str) -> dict[str, tuple[str, str]]:
    """path -> (question as a reader names it, answer as shown) for every answer given."""
    shown: dict[str, tuple[str, str]] = {}

    def walk(views):
        for view in views:
            if not view.relevant:
                continue
            if view.is_list:
                for entry in view.entries:
                    walk(entry.children)
            elif view.kind.holds_items:
                walk(view.children)
            elif view.kind.answers and view.answered:
                shown[view.path] = (definition.describe_path(view.path, lang), view.display())

    for _section, views, relevant in questionnaire_layout(definition, answers, lang=lang):
        if relevant:
            walk(views)
    return shown


def answer_changes(before_definition, before: dict, after_definition, after: dict, lang: str):
    """The answers that differ, in the order of the newer questionnaire, then those it lost."""
    old = shown_answers(before_definition, before, lang)
    new = shown_answers(after_definition, after, lang)
    changes = [
        AnswerChange(path, label, old.get(path, ("", ""))[1], value)
        for path, (label, value) in new.items()
        if old.get(path, ("", ""))[1] != value
    ]
    changes.extend(
        AnswerChange(path, label, value, "")
        for path, (label, value) in old.items()
        if path not in new
    )
    return changes
