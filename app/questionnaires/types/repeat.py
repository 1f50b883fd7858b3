"""Items asked as many times as needed (up to ``max_count``): priorities, proposals, actions.

Stored as a list under the repeat's code, one object per item, keyed by the codes of the
repeat's questions. ``repeat_count`` fixes the number of items instead.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField

from app.core.definitions import Text
from app.core.i18n import _
from app.questionnaires.items import Item
from app.questionnaires.types.base import ItemType

#: no repeat has more items, whatever its definition says
MOST_ITEMS = 100


class RepeatItem(Item):
    type: Literal["repeat"]
    #: what one item is called: "Priority" gives "Priority 1", "Add another priority"
    label: Text
    min_count: int = PydanticField(default=0, ge=0, le=MOST_ITEMS)
    max_count: int = PydanticField(default=20, ge=1, le=MOST_ITEMS)
    #: a number or an expression that fixes the number of items
    repeat_count: str | None = None
    items: list[AnyItem] = PydanticField(min_length=1)  # noqa: F821 (built by the registry)


class RepeatType(ItemType):
    name = "repeat"
    model = RepeatItem
    macro = "repeat"
    holds_items = True

    def problems(self, item, definition, path):
        if item.min_count > item.max_count:
            return [(path + ("min_count",), _("min_count is larger than max_count"))]
        return []

    def codes(self, item):
        return [item.code]

    def entries(self, item, scope) -> list[dict]:
        entries = scope.item.get(item.code)
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    def inner_scopes(self, item, scope):
        return [
            scope.inner(item.code, i, entry) for i, entry in enumerate(self.entries(item, scope))
        ]

    def settle(self, item, scope):
        entries = self.entries(item, scope)
        count = scope.repeat_count(item)
        if count is not None:
            entries = entries[:count] + [{} for _ in range(count - len(entries[:count]))]
        if entries:
            scope.item[item.code] = entries
        else:
            scope.item.pop(item.code, None)  # no items: left out, like any blank answer

    def is_blank(self, item, answers):
        return not answers.get(item.code)

    def check(self, item, scope):
        if len(self.entries(item, scope)) > item.max_count:
            return {item.code: _("Keep at most %(count)s of them.", count=item.max_count)}
        return {}

    def incomplete(self, item, scope):
        if len(self.entries(item, scope)) < item.min_count:
            return {item.code: _("Give at least %(count)s.", count=item.min_count)}
        return {}
