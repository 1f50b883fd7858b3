"""Names the export gives to sheets and to the files of a zip: cut at a word, never within
one, and cleaned only of what Excel, zip readers or Windows refuse."""

from __future__ import annotations

import re

ELLIPSIS = "…"
#: what zip members may not hold to unpack on Windows: / \ : * ? " < > | and control
#: characters; apostrophes, accents and other scripts are fine
_FILE_FORBIDDEN = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
#: names Windows keeps for devices, whatever the extension
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}
#: trimmed from the end of a name cut short, so that "…" follows a word
_TRAILING = " -–—:;,.'"


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters; else cut at the last word boundary that
    leaves room for "…" (within a word only when a single word fills the room)."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    kept = text[:room]
    if not text[room].isspace():
        space = max(kept.rfind(" "), kept.rfind("\u00a0"))
        if space > 0:
            kept = kept[:space]
    return (kept.rstrip(_TRAILING) or kept) + ELLIPSIS


def file_safe(name: str, fallback: str = "file") -> str:
    """A zip member's name (without extension): ``name`` with only the characters zip
    readers or Windows refuse replaced by "_", and no trailing dot or space."""
    cleaned = _FILE_FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if not cleaned:
        return fallback
    return f"{cleaned}_" if cleaned.upper() in _RESERVED else cleaned
