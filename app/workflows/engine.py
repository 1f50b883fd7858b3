"""The workflow engine: from a definition alone, which actions an actor may take and where
they lead. Pure functions over plain values, so the web, the API, jobs and the CLI agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.errors import Conflict, ValidationFailed
from app.core.i18n import InReadersLanguage, _, ngettext
from app.workflows.definition import ActionDefinition, WorkflowDefinition


@dataclass
class ActionContext:
    """What requirements may look at when an action is attempted."""

    comment: str = ""
    #: comments on single questions: answer path -> text
    question_comments: dict[str, str] = field(default_factory=dict)
    #: returns the answer errors (code -> messages) of the submission, complete answers asked
    answer_errors: Callable[[], dict[str, list[str]]] = field(default=lambda: {})
    #: the person attempting the action, and the one who moved the submission into its
    #: current state (None when it was created there)
    actor_id: int | None = None
    entered_by_id: int | None = None
    #: whether the actor is their commission's focal point (False for everyone else)
    actor_is_focal_point: bool = False


def _needs_comment(context: ActionContext) -> None:
    # A comment on one question says what is wanted as well as one on the whole.
    if not context.comment.strip() and not any(
        text.strip() for text in context.question_comments.values()
    ):
        raise ValidationFailed(
            _("A comment is required for this action."), {"comment": [_("Required.")]}
        )


def _needs_valid_answers(context: ActionContext) -> None:
    errors = context.answer_errors()
    if errors:
        raise ValidationFailed(
            ngettext(
                "%(num)d answer must be completed or corrected first.",
                "%(num)d answers must be completed or corrected first.",
                len(errors),
            ),
            errors,
        )


def _needs_question_comment(context: ActionContext) -> None:
    if not any(text.strip() for text in context.question_comments.values()):
        raise ValidationFailed(
            _("Comment on at least one question: say what needs changing, and where."),
            {"question_comments": [_("Required.")]},
        )


def _needs_second_person(context: ActionContext) -> None:
    # The two-person rule: whoever took the step before may not also take this one.
    if context.entered_by_id is not None and context.entered_by_id == context.actor_id:
        raise Conflict(
            _("Another person must take this step: you took the one before it (two-person rule).")
        )


def _needs_focal_point(context: ActionContext) -> None:
    # A commission's editors fill in and save; its focal point alone sends on its behalf.
    # Refused like a failed check, not as forbidden: the save that came with the request is
    # kept, and the page says who may submit.
    if not context.actor_is_focal_point:
        raise ValidationFailed(
            _(
                "Only your commission's focal point may take this step. Your answers are "
                "saved: tell them the questionnaire is ready."
            )
        )


#: named checks an action can require in its ``requires:`` list
REQUIREMENTS: dict[str, Callable[[ActionContext], None]] = {
    "comment": _needs_comment,
    "valid_answers": _needs_valid_answers,
    "question_comment": _needs_question_comment,
    "second_person": _needs_second_person,
    "focal_point": _needs_focal_point,
}

#: requirements about who acts rather than what is sent: a page leaves out the actions whose
#: requirement of this kind the reader does not meet, and says why
ACTOR_REQUIREMENTS = frozenset({"focal_point"})


#: what each requirement asks, as the secretariat's pages say it
REQUIREMENT_DESCRIPTIONS = {
    "comment": _("a comment, on the whole or on a question"),
    "valid_answers": _("every required answer given and every answer valid"),
    "question_comment": _("a comment on at least one question"),
    "second_person": _("someone other than who took the step before (two-person rule)"),
    "focal_point": _("the commission's focal point (its other users fill in and save)"),
}


@dataclass(frozen=True)
class Transition:
    action: str
    from_state: str
    to_state: str


def available_actions(
    workflow: WorkflowDefinition, state: str, role: str
) -> list[tuple[str, ActionDefinition]]:
    """The actions a role may take from a state, in the order the file lists them."""
    return [
        (name, action)
        for name, action in workflow.actions.items()
        if role in action.roles and state in action.from_states
    ]


def can_edit(workflow: WorkflowDefinition, state: str, role: str) -> bool:
    definition = workflow.states.get(state)
    return definition is not None and role in definition.editable_by


def can_see(workflow: WorkflowDefinition, state: str, role: str) -> bool:
    """Whether a role sees submissions in a state (scoping to commissions comes on top)."""
    definition = workflow.states.get(state)
    return definition is not None and (
        definition.visible_to is None or role in definition.visible_to
    )


def awaits(workflow: WorkflowDefinition, state: str, role: str) -> bool:
    """Whether the role has a step to take in this state (a queue shows it to them)."""
    return any(
        role in action.roles and state in action.from_states and action.to != state
        for action in workflow.actions.values()
    )


def is_final(workflow: WorkflowDefinition, state: str) -> bool:
    definition = workflow.states.get(state)
    return definition is not None and definition.final


def plan_transition(
    workflow: WorkflowDefinition, state: str, action_name: str, role: str, context: ActionContext
) -> Transition:
    """Check that ``role`` may take ``action_name`` now and that its requirements hold.

    Raises Conflict when the action does not exist or is not open from the current state
    (a stale page or a forbidden action), ValidationFailed when a requirement fails.
    """
    action = workflow.actions.get(action_name)
    if action is None or role not in action.roles:
        raise Conflict(_("The action “%(action)s” is not available to you.", action=action_name))
    if state not in action.from_states:
        current = (
            InReadersLanguage(workflow.states[state].label) if state in workflow.states else state
        )
        raise Conflict(
            _(
                "“%(action)s” is not possible now: the submission is “%(state)s”. "
                "Reload the page to see what it allows.",
                action=InReadersLanguage(action.label),
                state=current,
            )
        )
    for requirement in action.requires:
        REQUIREMENTS[requirement](context)
    return Transition(action_name, state, action.to)
