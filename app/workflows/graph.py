"""A workflow drawn as a Mermaid state diagram (https://mermaid.js.org/syntax/stateDiagram.html).

Pure text from the definition, for the command line and for the secretariat's page (which
also shows it drawn, see diagram.py). States are named by their code and shown with their
label and colour; a final state, or one no action leaves, is marked as an end.
"""

from __future__ import annotations

import re

from app.workflows.definition import WorkflowDefinition

_ENTITIES = {'"': "#quot;", ";": "#59;", ":": "#58;"}
_SYNTAX = re.compile(r'[";:]')


def _quoted(text: str) -> str:
    # Mermaid ends a label at a double quote and reads ; and : as syntax in an edge label;
    # one pass, so that an entity's own ; is not escaped again
    return _SYNTAX.sub(lambda match: _ENTITIES[match.group(0)], text)


def mermaid(definition: WorkflowDefinition, lang: str = "en") -> str:
    """The workflow as Mermaid ``stateDiagram-v2`` text, its labels in ``lang``."""
    lines = ["stateDiagram-v2", f"    %% {definition.code}: {_quoted(definition.title.get(lang))}"]
    for code, state in definition.states.items():
        lines.append(f'    state "{_quoted(state.label.get(lang))}" as {code}')
    lines.append(f"    [*] --> {definition.initial}")
    left = set()
    for action in definition.actions.values():
        roles = ", ".join(action.roles)
        label = _quoted(f"{action.label.get(lang)} ({roles})")
        for source in action.from_states:
            left.add(source)
            lines.append(f"    {source} --> {action.to} : {label}")
    for code, state in definition.states.items():
        if state.final or code not in left:
            lines.append(f"    {code} --> [*]")
    for code, state in definition.states.items():
        lines.append(f"    classDef state_{code} stroke:{state.colour},stroke-width:2px")
        lines.append(f"    class {code} state_{code}")
    return "\n".join(lines) + "\n"
