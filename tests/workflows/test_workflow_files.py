"""Workflow files a secretariat might write, good and broken: each loads into an engine that
behaves as the file says, or fails with the file, line and key of every problem."""

import textwrap
from pathlib import Path

import pytest

from app.core.definition_files import DefinitionError
from app.core.errors import Conflict, ValidationFailed
from app.workflows.engine import (
    ActionContext,
    available_actions,
    awaits,
    can_edit,
    can_see,
    is_final,
    plan_transition,
)
from app.workflows.loader import load_workflow_file

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"

#: the review states ODK Central offers, written as a Shura workflow
ODK_LIKE = """
code: odk_like
title: {en: Received and checked}
initial: received
states:
  received: {label: {en: Received}, editable_by: [commission], colour: "#1d4ed8"}
  has_issues: {label: {en: Has issues}, editable_by: [commission], colour: "#b91c1c"}
  edited: {label: {en: Edited}, colour: "#a16207"}
  approved: {label: {en: Approved}, reported: true, final: true, colour: "#15803d"}
  rejected: {label: {en: Rejected}, final: true, colour: "#111827"}
actions:
  flag:
    label: {en: Flag issues}
    roles: [reviewer]
    from: [received, edited]
    to: has_issues
    requires: [question_comment]
  resubmit:
    label: {en: Send corrected}
    roles: [commission]
    from: [has_issues]
    to: edited
    requires: [valid_answers]
  approve:
    label: {en: Approve}
    roles: [reviewer, secretariat]
    from: [received, edited]
    to: approved
  reject:
    label: {en: Reject}
    roles: [secretariat]
    from: [received, has_issues, edited]
    to: rejected
    requires: [comment]
"""


def write(tmp_path, name, text) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path, text, name="flow.yaml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(write(tmp_path, name, text), name)
    return [str(problem) for problem in caught.value.problems]


def test_a_workflow_written_elsewhere_runs_as_its_file_says(tmp_path):
    workflow = load_workflow_file(write(tmp_path, "odk_like.yaml", ODK_LIKE))
    assert [name for name, _ in available_actions(workflow, "received", "reviewer")] == [
        "flag",
        "approve",
    ]
    assert can_edit(workflow, "has_issues", "commission")
    assert not can_edit(workflow, "edited", "commission")
    assert awaits(workflow, "edited", "reviewer") and not awaits(workflow, "edited", "commission")
    assert is_final(workflow, "rejected") and not is_final(workflow, "edited")
    assert workflow.colour("has_issues") == "#b91c1c"
    with pytest.raises(ValidationFailed, match="at least one question"):
        plan_transition(workflow, "received", "flag", "reviewer", ActionContext(comment="Hm"))
    flagged = plan_transition(
        workflow,
        "received",
        "flag",
        "reviewer",
        ActionContext(question_comments={"budget": "Which year?"}),
    )
    assert flagged.to_state == "has_issues"
    # A comment on a question is a comment: it satisfies `comment` too.
    rejected = plan_transition(
        workflow,
        "edited",
        "reject",
        "secretariat",
        ActionContext(question_comments={"budget": "Out of scope"}),
    )
    assert rejected.to_state == "rejected"


def test_the_two_person_rule():
    workflow = load_workflow_file(WORKFLOWS / "two_step_review.yaml")
    same = ActionContext(actor_id=7, entered_by_id=7)
    with pytest.raises(Conflict, match="two-person rule"):
        plan_transition(workflow, "recommended", "sign_off", "secretariat", same)
    other = ActionContext(actor_id=8, entered_by_id=7)
    assert plan_transition(workflow, "recommended", "sign_off", "secretariat", other).to_state == (
        "approved"
    )
    # Sending back needs no second person, but a comment.
    with pytest.raises(ValidationFailed):
        plan_transition(workflow, "recommended", "send_back", "secretariat", same)


def test_visibility_is_read_from_the_file():
    workflow = load_workflow_file(WORKFLOWS / "commission_review.yaml")
    assert can_see(workflow, "draft", "commission") and not can_see(workflow, "draft", "reviewer")
    assert can_see(workflow, "submitted", "reviewer")
    assert not can_see(workflow, "no_such_state", "secretariat")


def test_broken_files_name_file_line_and_key(tmp_path):
    found = problems(
        tmp_path,
        """
        code: broken
        title: {en: Broken}
        initial: draft
        states:
          draft:
            label: {en: Draft}
            colour: red
          limbo:
            label: {en: Limbo}
          done:
            label: {en: Done}
        actions:
          finish:
            label: {en: Finish}
            roles: [commission]
            from: [draft]
            to: done
        """,
    )
    # A value of the wrong shape stops the reading before the rules over the whole file.
    assert found == [
        "flow.yaml:7: states.draft.colour: write a colour as # and six hex digits, "
        "e.g. #15803d (not 'red')"
    ]


def test_rules_over_the_whole_file(tmp_path):
    found = problems(
        tmp_path,
        """
        code: rules
        title: {en: Rules}
        initial: draft
        states:
          draft: {label: {en: Draft}, editable_by: [commission]}
          limbo: {label: {en: Limbo}}
          done: {label: {en: Done}, final: yes_please}
        actions:
          edit:
            label: {en: Edit}
            roles: [commission]
            from: [draft]
            to: done
        """,
    )
    assert found == [
        "flow.yaml:7: states.done.final: Input should be a valid boolean, unable to interpret input"
    ]
    found = problems(
        tmp_path,
        """
        code: rules
        title: {en: Rules}
        initial: draft
        states:
          draft: {label: {en: Draft}, editable_by: [commission]}
          limbo: {label: {en: Limbo}}
          done: {label: {en: Done}}
        actions:
          edit:
            label: {en: Edit}
            roles: [commission]
            from: [draft]
            to: done
        """,
    )
    assert found == [
        "flow.yaml:9: actions.edit: 'edit' is a reserved name; choose another",
        "flow.yaml:6: states.limbo: no action leads to this state from 'draft'",
        "flow.yaml:4: states: mark at least one reachable state final: true",
    ]


def test_the_shipped_workflows_load_and_end():
    for path in sorted(WORKFLOWS.glob("*.yaml")):
        workflow = load_workflow_file(path)
        assert workflow.final_states, path.name
        assert all(state.colour.startswith("#") for state in workflow.states.values())
