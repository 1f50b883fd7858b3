"""Time helpers: everything is stored in UTC."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Current UTC time, naive, as stored in the database (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def utctoday() -> date:
    """Today's date in UTC: the day windows and reminders are reckoned on."""
    return datetime.now(UTC).date()
