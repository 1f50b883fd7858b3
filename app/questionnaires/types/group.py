"""Questions kept together under a heading (XLSForm's begin group ... end group).

A group changes nothing in the stored answers: its questions keep their own codes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField

from app.questionnaires.items import Item
from app.questionnaires.types.base import ItemType


class GroupItem(Item):
    type: Literal["group"]
    #: kept for XLSForm round trips (field-list, table-list); the web form ignores it
    appearance: str | None = None
    items: list[AnyItem] = PydanticField(min_length=1)  # noqa: F821 (built by the registry)


class GroupType(ItemType):
    name = "group"
    model = GroupItem
    macro = "group"
    holds_items = True
    answers = False
