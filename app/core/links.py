"""Links to the site for messages that leave it (e-mails), from the configured address."""

from flask import current_app


def site_link(path: str) -> str:
    """``path`` on the site as a reader outside it reaches it (SHURA_BASE_URL)."""
    return current_app.config["BASE_URL"].rstrip("/") + "/" + path.lstrip("/")
