"""A workflow drawn as an SVG picture for the secretariat's pages, without any script.

States stand in columns by their distance from the initial state, in the order the file
lists them; an action is an arrow from each of its from-states to its to-state, labelled with
its name in the reader's language. Arrows that go forward bend above the boxes, arrows that
go back bend below, so that a return and a submit between the same two states stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from app.workflows.definition import WorkflowDefinition

BOX_WIDTH, BOX_HEIGHT = 170, 44
COLUMN_GAP, ROW_GAP, MARGIN = 90, 60, 40
LABEL_SIZE = 12


@dataclass(frozen=True)
class Placed:
    x: int
    y: int

    @property
    def middle(self) -> tuple[int, int]:
        return self.x + BOX_WIDTH // 2, self.y + BOX_HEIGHT // 2


def columns(workflow: WorkflowDefinition) -> dict[str, int]:
    """Each state's column: the fewest actions from the initial state (unreachable last)."""
    depth = {workflow.initial: 0}
    frontier = [workflow.initial]
    while frontier:
        following = []
        for state in frontier:
            for action in workflow.actions.values():
                if state in action.from_states and action.to not in depth:
                    depth[action.to] = depth[state] + 1
                    following.append(action.to)
        frontier = following
    last = max(depth.values(), default=0) + 1
    return {state: depth.get(state, last) for state in workflow.states}


def place(workflow: WorkflowDefinition) -> dict[str, Placed]:
    column_of = columns(workflow)
    rows: dict[int, int] = {}
    placed = {}
    for state in workflow.states:
        column = column_of[state]
        row = rows.get(column, 0)
        rows[column] = row + 1
        placed[state] = Placed(
            MARGIN + column * (BOX_WIDTH + COLUMN_GAP),
            MARGIN * 2 + row * (BOX_HEIGHT + ROW_GAP),
        )
    return placed


def svg(workflow: WorkflowDefinition, lang: str, title: str) -> str:
    """The picture as an SVG document; ``title`` names it for assistive technology."""
    placed = place(workflow)
    width = max(p.x for p in placed.values()) + BOX_WIDTH + MARGIN
    height = max(p.y for p in placed.values()) + BOX_HEIGHT + MARGIN * 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="workflow-svg-title" '
        f'font-family="sans-serif" font-size="{LABEL_SIZE}">',
        f'<title id="workflow-svg-title">{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#374151"/></marker></defs>',
    ]
    bends: dict[tuple[str, str], int] = {}
    for name, action in workflow.actions.items():
        for source in action.from_states:
            if source in placed and action.to in placed:
                key = (source, action.to)
                bends[key] = bends.get(key, 0) + 1
                parts.append(
                    _arrow(placed[source], placed[action.to], bends[key], name, action, lang)
                )
    for name, state in workflow.states.items():
        box = placed[name]
        stroke = 3 if state.final or name == workflow.initial else 1.5
        parts.append(
            f'<g data-state="{escape(name)}"><rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" '
            f'height="{BOX_HEIGHT}" rx="10" fill="#ffffff" stroke="{state.colour}" '
            f'stroke-width="{stroke}"/>'
            f'<circle cx="{box.x + 14}" cy="{box.y + BOX_HEIGHT // 2}" r="5" '
            f'fill="{state.colour}"/>'
            f'<text x="{box.x + 26}" y="{box.y + BOX_HEIGHT // 2 + 4}" fill="#111827">'
            f"{escape(_clip(state.label.get(lang), 22))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _arrow(source: Placed, target: Placed, nth: int, name: str, action, lang: str) -> str:
    (x1, y1), (x2, y2) = source.middle, target.middle
    label = escape(_clip(action.label.get(lang), 26))
    if source == target:  # an action that stays in its state: a loop above the box
        x, y = source.x + BOX_WIDTH - 20, source.y
        path = f"M{x},{y} c 10,-{30 + 12 * nth} 40,-{30 + 12 * nth} 20,{0}"
        label_x, label_y = x + 20, y - 34 - 12 * nth
    else:
        forward = x2 > x1 or (x2 == x1 and y2 > y1)
        x1 += BOX_WIDTH // 2 if forward else -BOX_WIDTH // 2
        x2 += -BOX_WIDTH // 2 if forward else BOX_WIDTH // 2
        if x1 == x2 or abs(x2 - x1) < BOX_WIDTH:  # same column: leave from the side, around
            x1, x2 = source.x + BOX_WIDTH, target.x + BOX_WIDTH
        lift = (28 + 18 * (nth - 1)) * (-1 if forward else 1)
        control_y = (y1 + y2) / 2 + lift * 2
        path = f"M{x1},{y1} C{x1},{control_y} {x2},{control_y} {x2},{y2}"
        label_x, label_y = (x1 + x2) / 2, (y1 + y2) / 2 + lift * 1.5 + (4 if lift > 0 else -2)
    return (
        f'<g data-action="{escape(name)}"><path d="{path}" fill="none" '
        f'stroke="#374151" stroke-width="1.3" marker-end="url(#arrow)"/>'
        f'<text x="{label_x:.0f}" y="{label_y:.0f}" text-anchor="middle" fill="#111827" '
        f'paint-order="stroke" stroke="#ffffff" stroke-width="4">{label}</text></g>'
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
