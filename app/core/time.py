"""Time helpers: everything is stored in UTC."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current UTC time, naive, as stored in the database (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)
