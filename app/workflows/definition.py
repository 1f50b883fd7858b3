"""Workflow definition model: what a ``workflows/*.yaml`` file may say."""

from __future__ import annotations

import re

from pydantic import Field as PydanticField
from pydantic import field_validator

from app.core.definitions import CODE_PATTERN, Strict, Text
from app.core.i18n import _
from app.users.roles import ROLES

#: names the submission page and the history use for their own events
RESERVED_ACTIONS = frozenset(
    {"save", "create", "upgrade", "add", "remove", "clear", "goto", "edit", "resolve"}
)
#: the colour of a state that does not name one: a neutral grey
DEFAULT_COLOUR = "#6b7280"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"


class StateDefinition(Strict):
    label: Text
    #: roles that may change the answers while a submission is in this state
    editable_by: list[str] = PydanticField(default_factory=list)
    #: answers in this state go into the secretariat's workbook
    reported: bool = False
    #: roles that may see a submission in this state; unset, every role that may see it
    visible_to: list[str] | None = None
    #: the work is done in this state: no reminder is sent and dashboards count it as complete
    final: bool = False
    #: the state's colour on dashboards and badges, as #rrggbb
    colour: str = DEFAULT_COLOUR

    @field_validator("colour")
    @classmethod
    def _a_colour(cls, value: str) -> str:
        if not re.fullmatch(COLOUR_PATTERN, value):
            raise ValueError(
                f"write a colour as # and six hex digits, e.g. #15803d (not {value!r})"
            )
        return value.lower()


class ActionDefinition(Strict):
    label: Text
    roles: list[str] = PydanticField(min_length=1)
    from_states: list[str] = PydanticField(alias="from", min_length=1)
    to: str
    #: checks that must pass first, by name (see ``app.workflows.engine.REQUIREMENTS``)
    requires: list[str] = PydanticField(default_factory=list)
    style: str = "secondary"
    #: roles e-mailed when the action is taken: the commission's users, its assigned
    #: reviewers, the secretariat (never the person who took it)
    notify: list[str] = PydanticField(default_factory=list)


class WorkflowDefinition(Strict):
    code: str = PydanticField(pattern=CODE_PATTERN)
    title: Text
    initial: str
    states: dict[str, StateDefinition] = PydanticField(min_length=1)
    actions: dict[str, ActionDefinition] = PydanticField(min_length=1)

    @property
    def final_states(self) -> list[str]:
        return [name for name, state in self.states.items() if state.final]

    def colour(self, state: str | None) -> str:
        known = self.states.get(state) if state else None
        return known.colour if known else DEFAULT_COLOUR

    def state_label(self, state: str | None, lang: str) -> str:
        if state is None:
            return ""
        known = self.states.get(state)
        return known.label.get(lang) if known else state

    def semantic_problems(self) -> list[tuple[tuple, str]]:
        from app.workflows.engine import REQUIREMENTS

        states = ", ".join(self.states)
        roles = ", ".join(ROLES)
        problems: list[tuple[tuple, str]] = []
        if self.initial not in self.states:
            problems.append(
                (
                    ("initial",),
                    _("no state %(state)r (states: %(states)s)", state=self.initial, states=states),
                )
            )
        for name, state in self.states.items():
            for key in ("editable_by", "visible_to"):
                for role in getattr(state, key) or []:
                    if role not in ROLES:
                        problems.append(
                            (
                                ("states", name, key),
                                _(
                                    "unknown role %(role)r (roles: %(roles)s)",
                                    role=role,
                                    roles=roles,
                                ),
                            )
                        )
        for name, state in self.states.items():
            if state.visible_to is None:
                continue
            unseen = set(state.editable_by) - set(state.visible_to)
            for action in self.actions.values():
                if name in action.from_states:
                    unseen |= set(action.roles) - set(state.visible_to)
            for role in sorted(unseen):
                problems.append(
                    (
                        ("states", name, "visible_to"),
                        _(
                            "%(role)r edits or acts in this state, so it must be able to see it",
                            role=role,
                        ),
                    )
                )
        for name, action in self.actions.items():
            path = ("actions", name)
            if name in RESERVED_ACTIONS:
                problems.append((path, _("%(name)r is a reserved name; choose another", name=name)))
            for key in ("roles", "notify"):
                problems.extend(
                    (
                        path + (key,),
                        _("unknown role %(role)r (roles: %(roles)s)", role=role, roles=roles),
                    )
                    for role in getattr(action, key)
                    if role not in ROLES
                )
            for state in action.from_states:
                if state not in self.states:
                    problems.append(
                        (
                            path + ("from",),
                            _(
                                "no state %(state)r (states: %(states)s)",
                                state=state,
                                states=states,
                            ),
                        )
                    )
            if action.to not in self.states:
                problems.append(
                    (
                        path + ("to",),
                        _(
                            "no state %(state)r (states: %(states)s)",
                            state=action.to,
                            states=states,
                        ),
                    )
                )
            for requirement in action.requires:
                if requirement not in REQUIREMENTS:
                    known = ", ".join(REQUIREMENTS)
                    problems.append(
                        (
                            path + ("requires",),
                            _(
                                "unknown requirement %(name)r (%(known)s)",
                                name=requirement,
                                known=known,
                            ),
                        )
                    )
            if action.style not in ("primary", "secondary", "danger"):
                problems.append(
                    (path + ("style",), _("style is one of primary, secondary, danger"))
                )
        problems.extend(self._reachability_problems())
        return problems

    def _reachability_problems(self) -> list[tuple[tuple, str]]:
        """Every state reachable from the initial one, and a final state among them."""
        if self.initial not in self.states:
            return []
        reached, frontier = {self.initial}, [self.initial]
        while frontier:
            state = frontier.pop()
            for action in self.actions.values():
                if state in action.from_states and action.to not in reached:
                    reached.add(action.to)
                    frontier.append(action.to)
        problems: list[tuple[tuple, str]] = [
            (
                ("states", name),
                _("no action leads to this state from %(initial)r", initial=self.initial),
            )
            for name in self.states
            if name not in reached
        ]
        if not any(self.states[name].final for name in reached if name in self.states):
            problems.append((("states",), _("mark at least one reachable state final: true")))
        return problems
