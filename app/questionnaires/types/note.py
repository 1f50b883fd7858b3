"""Text shown in the form, asking nothing."""

from __future__ import annotations

from typing import Literal

from app.core.definitions import Text
from app.questionnaires.items import Item
from app.questionnaires.types.base import ItemType


class NoteItem(Item):
    type: Literal["note"]
    label: Text


class NoteType(ItemType):
    name = "note"
    model = NoteItem
    macro = "note"
    answers = False
