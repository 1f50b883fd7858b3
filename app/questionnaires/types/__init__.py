"""The registry of item types: every module of this package defines one or more.

Importing this package imports each module (so a new type is one new file), then builds
``AnyItem``, the pydantic union that reads any item of a definition by its ``type`` key.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated, Union

from pydantic import Discriminator

from app.questionnaires.types.base import REGISTRY, ItemType, QuestionType

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

ITEM_TYPES: dict[str, ItemType] = dict(sorted(REGISTRY.items()))

AnyItem = Annotated[
    Union[tuple(kind.model for kind in ITEM_TYPES.values())],  # noqa: UP007
    Discriminator("type"),
]
for _kind in ITEM_TYPES.values():
    if _kind.holds_items:
        _kind.model.model_rebuild(_types_namespace={"AnyItem": AnyItem})


def kind_of(item) -> ItemType:
    """The type of a definition item (a question, a note, a group or a repeat)."""
    return ITEM_TYPES[item.type]


__all__ = ["ITEM_TYPES", "AnyItem", "ItemType", "QuestionType", "kind_of"]
