"""Demo data for trying Shura out, and the rule that keeps it out of production."""

from __future__ import annotations

from flask import current_app

from app.config import ConfigurationError
from app.core.i18n import _


def refuse_in_production() -> None:
    """Demo accounts share a published password: a production database never gets them.

    Asked by everything that creates demo data, at each run, not only when a server
    starts: a command run beside a running server must refuse on its own.
    """
    if current_app.config.get("SHURA_ENV") == "production":
        raise ConfigurationError(
            str(
                _(
                    "Demo data is never created under SHURA_ENV=production: its accounts "
                    "have a published password. Nothing was created; run it with "
                    "SHURA_ENV=development on a database of its own."
                )
            )
        )
