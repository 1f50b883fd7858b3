"""The workflow engine decides from the definition alone."""

from pathlib import Path

import pytest

from app.core.errors import Conflict, ValidationFailed
from app.workflows.engine import ActionContext, available_actions, can_edit, plan_transition
from app.workflows.loader import load_workflow_file

WORKFLOW = load_workflow_file(
    Path(__file__).resolve().parents[2] / "workflows" / "commission_review.yaml"
)


@pytest.mark.parametrize(
    "state, role, expected",
    [
        ("draft", "commission", ["submit"]),
        ("returned", "commission", ["submit"]),
        ("submitted", "commission", []),
        ("submitted", "reviewer", ["start_review"]),
        ("in_review", "reviewer", ["return", "approve"]),
        ("approved", "reviewer", []),
        ("approved", "secretariat", ["reopen"]),
        ("draft", "secretariat", []),
    ],
)
def test_available_actions(state, role, expected):
    assert [name for name, _ in available_actions(WORKFLOW, state, role)] == expected


def test_only_commission_edits_and_only_in_draft_or_returned():
    editable = {
        (state, role)
        for state in WORKFLOW.states
        for role in ("commission", "reviewer", "secretariat")
        if can_edit(WORKFLOW, state, role)
    }
    assert editable == {("draft", "commission"), ("returned", "commission")}


def test_transition_and_requirements():
    transition = plan_transition(WORKFLOW, "in_review", "approve", "reviewer", ActionContext())
    assert (transition.from_state, transition.to_state) == ("in_review", "approved")
    with pytest.raises(ValidationFailed, match="comment is required"):
        plan_transition(WORKFLOW, "in_review", "return", "reviewer", ActionContext(comment="  "))
    done = plan_transition(WORKFLOW, "approved", "reopen", "secretariat", ActionContext("Typo"))
    assert done.to_state == "returned"
    errors = {"focal_point_name": ["This question is required."]}
    with pytest.raises(ValidationFailed) as caught:
        plan_transition(
            WORKFLOW, "draft", "submit", "commission", ActionContext(answer_errors=lambda: errors)
        )
    assert caught.value.errors == errors


@pytest.mark.parametrize(
    "state, action, role",
    [
        ("draft", "approve", "reviewer"),  # not from this state
        ("in_review", "approve", "commission"),  # not this role
        ("in_review", "publish", "reviewer"),  # no such action
    ],
)
def test_refused_actions_are_conflicts(state, action, role):
    with pytest.raises(Conflict):
        plan_transition(WORKFLOW, state, action, role, ActionContext())


def test_a_role_that_acts_in_a_state_must_see_it(tmp_path):
    from app.core.definition_files import DefinitionError

    text = (
        Path(__file__).resolve().parents[2] / "workflows" / "commission_review.yaml"
    ).read_text()
    broken = tmp_path / "flow.yaml"
    broken.write_text(
        text.replace("visible_to: [commission, secretariat]", "visible_to: [secretariat]")
    )
    with pytest.raises(DefinitionError, match="'commission' edits or acts in this state"):
        load_workflow_file(broken, "flow.yaml")
