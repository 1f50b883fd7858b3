"""Questionnaire definition model: what a ``forms/*.yaml`` file may say.

A definition is pure data: sections holding items (questions, notes, groups, repeats), each
item read by its type's model (``app/questionnaires/types/``), and named choice lists. The
tree is walked once into ``nodes`` so the form builder, the logic, the validator and the
exports all see the same order and the same scopes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import Field as PydanticField

from app.core.definitions import CODE_PATTERN, Strict, Text
from app.core.i18n import _
from app.questionnaires.expressions import ExpressionError, parse
from app.questionnaires.items import Choice, Item
from app.questionnaires.types import AnyItem, kind_of

#: names the web form uses for itself; no item can be called one of them
RESERVED_CODES = frozenset(
    {
        "csrf_token",
        "loaded_version",
        "intent",
        "section",
        "lang",
        "meta",
        "data",
        "errors",
        "validate",
        "process",
        "populate_obj",
        "form_errors",
        "extra_validators",
        "entry_key",
    }
)
#: the keys holding expressions, and what ``definitions check`` calls them
EXPRESSION_KEYS = ("relevant", "required", "constraint", "calculation", "choice_filter")


class Section(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    title: Text
    description: Text | None = None
    relevant: str | None = None
    items: list[AnyItem] = PydanticField(min_length=1)


@dataclass(frozen=True, eq=False)
class Node:
    """One item where it stands: its section, the groups and repeats around it."""

    item: Item
    section: Section
    #: the groups and repeats it sits in, outermost first
    parents: tuple[Item, ...]
    #: where it is in the file (for messages): ("sections", 0, "items", 2, ...)
    path: tuple

    @property
    def kind(self):
        return kind_of(self.item)

    @property
    def repeats(self) -> tuple[str, ...]:
        """The codes of the repeats around it, outermost first."""
        return tuple(parent.code for parent in self.parents if parent.type == "repeat")


class QuestionnaireDefinition(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    title: Text
    #: a name of at most 31 characters for the workbook's sheets (the title when it fits)
    short_title: Text | None = None
    description: Text | None = None
    #: the version a secretariat gives its questionnaire (XLSForm's settings version)
    version: str | None = None
    choice_lists: dict[str, list[Choice]] = PydanticField(default_factory=dict)
    sections: list[Section] = PydanticField(min_length=1)

    @cached_property
    def nodes(self) -> list[Node]:
        """Every item, depth first, in the order the questionnaire shows them."""
        found: list[Node] = []

        def visit(items, section, parents, path):
            for index, item in enumerate(items):
                item_path = path + ("items", index)
                found.append(Node(item, section, parents, item_path))
                if kind_of(item).holds_items:
                    visit(item.items, section, parents + (item,), item_path)

        for s_index, section in enumerate(self.sections):
            visit(section.items, section, (), ("sections", s_index))
        return found

    @cached_property
    def node_by_code(self) -> dict[str, Node]:
        return {node.item.code: node for node in self.nodes}

    @cached_property
    def answer_scopes(self) -> dict[str, tuple[str, ...]]:
        """Every stored answer code (and repeat code) and the repeats it sits in."""
        scopes: dict[str, tuple[str, ...]] = {}
        for node in self.nodes:
            for code in node.kind.codes(node.item):
                scopes.setdefault(code, node.repeats)
        return scopes

    @cached_property
    def repeat_codes(self) -> frozenset[str]:
        return frozenset(code for path in self.answer_scopes.values() for code in path)

    @cached_property
    def node_by_answer_code(self) -> dict[str, Node]:
        """The node that stores each answer code (a matrix stores one per row)."""
        found = {}
        for node in self.nodes:
            for code in node.kind.codes(node.item):
                found.setdefault(code, node)
        return found

    def describe_path(self, path: str, lang: str) -> str:
        """A path as a reader names it: "Priority 2 — Sector"."""
        from app.questionnaires.answer_paths import parse_path

        try:
            steps = parse_path(path)
        except ValueError:
            return path
        words = []
        for step, following in zip(steps, [*steps[1:], None], strict=True):
            if isinstance(step, int):
                continue
            node = self.node_by_answer_code.get(step)
            if node is None:
                words.append(step)
            elif isinstance(following, int):
                words.append(f"{node.item.label.get(lang)} {following + 1}")
            else:
                words.append(node.kind.code_label(node.item, step, lang))
        return " — ".join(words)

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def section_of(self, path: str) -> Section | None:
        """The section an answer path lies in."""
        node = self.node_by_answer_code.get(path.split("-", 1)[0])
        return node.section if node else None

    def top_codes(self, section: Section) -> set[str]:
        """The answer codes a section stores at the top of the answers (repeats whole)."""
        return {
            code
            for node in self.nodes
            if node.section is section and not node.repeats
            for code in node.kind.codes(node.item)
        }

    def semantic_problems(self) -> list[tuple[tuple, str]]:
        """Problems pydantic cannot see alone: references, duplicates, keys per type."""
        problems: list[tuple[tuple, str]] = []
        for name, choices in self.choice_lists.items():
            seen: set[str] = set()
            for index, choice in enumerate(choices):
                if choice.value in seen:
                    problems.append((("choice_lists", name, index, "value"), _("duplicate value")))
                seen.add(choice.value)
        section_codes: set[str] = set()
        for s_index, section in enumerate(self.sections):
            if section.code in section_codes:
                problems.append((("sections", s_index, "code"), _("duplicate section code")))
            section_codes.add(section.code)
            problems.extend(self._expression_problems(section, ("sections", s_index)))
        codes: dict[str, tuple] = {}
        for node in self.nodes:
            problems.extend(node.kind.problems(node.item, self, node.path))
            problems.extend(self._expression_problems(node.item, node.path))
            for code in dict.fromkeys([node.item.code, *node.kind.codes(node.item)]):
                if code in RESERVED_CODES:
                    problems.append(
                        (
                            node.path + ("code",),
                            _("%(code)r is a reserved name; choose another", code=code),
                        )
                    )
                elif code in codes and codes[code] != node.path:
                    problems.append(
                        (
                            node.path + ("code",),
                            _("the code %(code)r is used twice in this file", code=code),
                        )
                    )
                codes.setdefault(code, node.path)
            if node.item.prefill and node.repeats:
                problems.append(
                    (
                        node.path + ("prefill",),
                        _("an item inside a repeat cannot be prefilled; prefill the whole repeat"),
                    )
                )
            elif node.item.prefill and node.item.prefill_source[0] == self.code:
                problems.append(
                    (node.path + ("prefill",), _("prefill names another questionnaire"))
                )
            problems.extend(self._report_problems(node))
        return problems

    def _report_problems(self, node) -> list[tuple[tuple, str]]:
        """``report`` marks a repeat or a question outside repeats; ``report_column`` a
        question directly inside a marked repeat (a sector, a choice)."""
        item, found = node.item, []
        if item.report and (node.repeats or not (item.type == "repeat" or node.kind.answers)):
            found.append(
                (
                    node.path + ("report",),
                    _("report marks a repeat, or a question outside repeats"),
                )
            )
        if item.report_column:
            holder = node.parents[-1] if node.parents else None
            if holder is None or holder.type != "repeat" or not holder.report:
                found.append(
                    (
                        node.path + ("report_column",),
                        _("report_column is for a question in a repeat marked with report"),
                    )
                )
            elif item.report_column == "sector" and not hasattr(item, "choices"):
                found.append((node.path + ("report_column",), _("a sector is a choice question")))
        return found

    @property
    def prefilled_nodes(self) -> list:
        """The top-level items that start with another questionnaire's answer."""
        return [node for node in self.nodes if node.item.prefill and not node.repeats]

    def _expression_problems(self, item, path: tuple) -> list[tuple[tuple, str]]:
        problems = []
        for key in (*EXPRESSION_KEYS, "repeat_count"):
            source = getattr(item, key, None)
            if not isinstance(source, str):
                continue
            if key == "repeat_count" and source.strip().isdigit():
                continue
            try:
                expression = parse(source, allow_columns=key == "choice_filter")
            except ExpressionError as error:
                problems.append((path + (key,), error))
                continue
            for name in expression.references:
                if name not in self.answer_scopes:
                    problems.append(
                        (
                            path + (key,),
                            _(
                                "${%(code)s}: no question %(quoted)s in this questionnaire",
                                code=name,
                                quoted=repr(name),
                            ),
                        )
                    )
        return problems
