"""Arranging a questionnaire's fields for display: sections, then numbered slots."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SlotBlock:
    group: object
    index: int
    items: list = field(default_factory=list)


@dataclass
class SectionBlock:
    section: object
    #: (form field, definition field) pairs and SlotBlocks, in questionnaire order
    items: list = field(default_factory=list)


def questionnaire_layout(definition, form=None) -> list[SectionBlock]:
    """Sections with their questions; the questions of each numbered slot kept together."""
    blocks = []
    for section in definition.sections:
        block = SectionBlock(section)
        current = None
        for spec in definition.fields_in(section):
            pair = (form[spec.code] if form is not None else None, spec)
            if spec.slot is None:
                block.items.append(pair)
                current = None
                continue
            if (
                current is None
                or current.group is not spec.slot.group
                or current.index != spec.slot.index
            ):
                current = SlotBlock(spec.slot.group, spec.slot.index)
                block.items.append(current)
            current.items.append(pair)
        blocks.append(block)
    return blocks
