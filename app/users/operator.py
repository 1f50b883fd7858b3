"""Whoever runs a ``shura`` command on the server: no account, the secretariat's view.

Commands that read through the scoping module (``shura export-workbook``) act as this
operator; an account is not needed to run a command, shell access is the authority.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.users.roles import SECRETARIAT


@dataclass(frozen=True)
class Operator:
    id: int = 0
    role: str = SECRETARIAT
    name: str = "shura (command line)"
    email: str = ""
    commission_id: int | None = None


COMMAND_LINE = Operator()
