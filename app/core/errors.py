"""Error types raised by domain code and translated to HTTP answers by the web layer."""


class DomainError(Exception):
    """A rule of the domain refused the request; ``str(error)`` is safe to show a user."""

    http_status = 400


class NotFound(DomainError):
    """The object does not exist, or the actor is not allowed to know it exists."""

    http_status = 404


class Forbidden(DomainError):
    """The actor's role may not use this page or service at all."""

    http_status = 403


class Conflict(DomainError):
    """The request does not fit the object's current state (stale or not allowed now)."""

    http_status = 409


class ValidationFailed(DomainError):
    """Answers or input did not pass validation; ``errors`` maps field codes to messages."""

    http_status = 422

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}
