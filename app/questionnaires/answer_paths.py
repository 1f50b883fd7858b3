"""Addressing one answer inside the answers document by its path.

A path is what the form names the field and what the validator keys its errors by:
``staff_count`` at the top, ``priorities-1-title`` for the title of the second priority,
``priorities-1`` for that priority itself. Codes never contain ``-``, so the path splits
unambiguously into codes and 0-based indices.
"""

from __future__ import annotations

import copy

_MISSING = object()


def parse_path(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for index, part in enumerate(path.split("-")):
        if index % 2:
            if not part.isdigit():
                raise ValueError(f"not an answer path: {path!r}")
            steps.append(int(part))
        else:
            steps.append(part)
    return steps


def get_at(answers: dict, path: str, default=None):
    current = answers
    for step in parse_path(path):
        if isinstance(step, int):
            if not isinstance(current, list) or not 0 <= step < len(current):
                return default
            current = current[step]
        else:
            if not isinstance(current, dict) or step not in current:
                return default
            current = current[step]
    return current


def _holder(answers: dict, steps: list, create: bool):
    current = answers
    for step, following in zip(steps[:-1], steps[1:], strict=True):
        if isinstance(step, int):
            if not isinstance(current, list) or not 0 <= step < len(current):
                return None
            current = current[step]
        else:
            if not isinstance(current, dict):
                return None
            if step not in current:
                if not create:
                    return None
                current[step] = [] if isinstance(following, int) else {}
            current = current[step]
    return current


def set_at(answers: dict, path: str, value) -> None:
    steps = parse_path(path)
    holder = _holder(answers, steps, create=True)
    last = steps[-1]
    if isinstance(holder, dict) and isinstance(last, str):
        holder[last] = value
    elif isinstance(holder, list) and isinstance(last, int) and 0 <= last < len(holder):
        holder[last] = value


def remove_at(answers: dict, path: str) -> bool:
    """Remove the answer (or repeat item) at ``path``; return whether there was one."""
    steps = parse_path(path)
    holder = _holder(answers, steps, create=False)
    last = steps[-1]
    if isinstance(holder, dict) and isinstance(last, str) and last in holder:
        del holder[last]
        return True
    if isinstance(holder, list) and isinstance(last, int) and 0 <= last < len(holder):
        del holder[last]
        return True
    return False


def append_at(answers: dict, path: str) -> int | None:
    """Add an empty item to the repeat at ``path``; return its 0-based index."""
    steps = parse_path(path)
    holder = _holder(answers, steps, create=True)
    last = steps[-1]
    if not isinstance(holder, dict) or not isinstance(last, str):
        return None
    entries = holder.get(last)
    if not isinstance(entries, list):
        entries = holder[last] = []
    entries.append({})
    return len(entries) - 1


def replace_with_saved(answers: dict, saved: dict, paths) -> dict:
    """A copy of ``answers`` where each path takes its saved value (or none when unsaved)."""
    result = copy.deepcopy(answers)
    for path in paths:
        value = get_at(saved, path, _MISSING)
        if value is _MISSING:
            remove_at(result, path)
        else:
            set_at(result, path, copy.deepcopy(value))
    return result


def leaf_paths(answers: dict, prefix: str = "") -> list[str]:
    """The path of every answer given (not of the repeats that hold them)."""
    paths = []
    for code, value in (answers or {}).items():
        if isinstance(value, list) and value and all(isinstance(e, dict) for e in value):
            for index, entry in enumerate(value):
                paths.extend(leaf_paths(entry, f"{prefix}{code}-{index}-"))
        elif value not in (None, "", []):
            paths.append(f"{prefix}{code}")
    return paths
