"""`shura workflows graph`: a workflow as a Mermaid state diagram, every state and every
action in it, labels in the reader's language and made safe for Mermaid."""

import re
from pathlib import Path

from app.workflows.graph import mermaid
from app.workflows.loader import load_workflow_file

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"


def test_the_diagram_has_every_state_and_every_action():
    definition = load_workflow_file(WORKFLOWS / "commission_review.yaml")
    text = mermaid(definition)
    assert text.splitlines()[0] == "stateDiagram-v2"
    declared = dict(re.findall(r'^    state "([^"]*)" as (\w+)$', text, re.M))
    assert set(declared.values()) == set(definition.states)
    assert f"    [*] --> {definition.initial}" in text
    edges = set(re.findall(r"^    (\w+) --> (\w+) : ", text, re.M))
    expected = {
        (source, action.to)
        for action in definition.actions.values()
        for source in action.from_states
    }
    assert edges == expected
    assert "in_review --> returned : Return for revision (reviewer)" in text


def test_labels_follow_the_language_and_cannot_break_the_diagram(tmp_path):
    definition = load_workflow_file(WORKFLOWS / "commission_review.yaml")
    assert 'state "Brouillon" as draft' in mermaid(definition, "fr")
    assert 'state "مسودة" as draft' in mermaid(definition, "ar")
    text = (WORKFLOWS / "commission_review.yaml").read_text(encoding="utf-8")
    text = text.replace("{en: Draft,", '{en: "Draft \\"v1\\": first; edit",')
    path = tmp_path / "quoted.yaml"
    path.write_text(text, encoding="utf-8")
    drawn = mermaid(load_workflow_file(path))
    assert 'state "Draft #quot;v1#quot;#58; first#59; edit" as draft' in drawn


def test_the_command_prints_it_or_names_the_workflows_there_are(runner):
    result = runner.invoke(args=["workflows", "graph", "commission_review", "--lang", "fr"])
    assert result.exit_code == 0 and "stateDiagram-v2" in result.output
    assert "Soumettre (commission)" in result.output
    unknown = runner.invoke(args=["workflows", "graph", "nothing"])
    assert unknown.exit_code == 1
    assert (
        "There is no workflow nothing (there are: commission_review, two_step_review)."
        in unknown.output
    )


def test_final_states_end_the_diagram_and_every_state_has_its_colour():
    definition = load_workflow_file(WORKFLOWS / "two_step_review.yaml")
    text = mermaid(definition)
    assert "    approved --> [*]" in text  # final, though reopen leaves it
    assert "    classDef state_recommended stroke:#7e22ce,stroke-width:2px" in text
    assert "    class recommended state_recommended" in text
