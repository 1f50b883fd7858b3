"""Checking a password from a web form, through the sign-in throttle.

Every form that asks for a password (the sign-in page, the session-ended page) goes
through ``check_password`` so that guesses are counted and refused the same way wherever
they are made.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from babel.dates import format_time, format_timedelta
from flask import current_app, request

from app.core.i18n import _
from app.extensions import redis_connection
from app.users.accounts import authenticate
from app.users.models import User
from app.users.throttle import LoginThrottle, MemoryCounters, RedisCounters, Refusal, ThrottleRules
from app.web.language import current_language


@dataclass
class PasswordCheck:
    user: User | None = None
    #: set when the attempt was refused without looking at the password
    refusal: Refusal | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None


def login_throttle() -> LoginThrottle:
    """The application's throttle, built once: on Redis when REDIS_URL is set."""
    app = current_app._get_current_object()
    throttle = app.extensions.get("shura.login_throttle")
    if throttle is None:
        config = app.config
        rules = ThrottleRules(
            account_limit=config["LOGIN_ACCOUNT_LIMIT"],
            address_limit=config["LOGIN_ADDRESS_LIMIT"],
            window_seconds=config["LOGIN_WINDOW_MINUTES"] * 60,
            lockout_seconds=config["LOGIN_LOCKOUT_MINUTES"] * 60,
            max_lockout_seconds=config["LOGIN_LOCKOUT_MAX_MINUTES"] * 60,
            slowdown_seconds=config["LOGIN_SLOWDOWN_SECONDS"],
        )
        memory = MemoryCounters()
        counters, fallback = memory, None
        redis = redis_connection(socket_connect_timeout=2, socket_timeout=2)
        if redis is not None:
            counters, fallback = RedisCounters(redis), memory
        throttle = LoginThrottle(
            rules, counters, prefix=config["LOGIN_THROTTLE_PREFIX"], fallback=fallback
        )
        app.extensions["shura.login_throttle"] = throttle
    return throttle


def client_address() -> str | None:
    """The address the request came from, past the configured number of reverse proxies
    (each appends the address it saw to X-Forwarded-For; anything further left was written
    by the client and proves nothing)."""
    proxies = current_app.config["LOGIN_PROXY_COUNT"]
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.remote_addr


def check_password(email: str, password: str) -> PasswordCheck:
    """The active user with these credentials, unless the throttle refuses the attempt.

    A failure is counted and pauses the account a little longer each time (an attempt in
    the pause is refused); the failure that reaches a limit is already refused. The same
    happens for an e-mail no account has.
    """
    throttle, address = login_throttle(), client_address()
    refusal = throttle.refusal(email, address, now=time.time())
    if refusal is not None:
        return PasswordCheck(refusal=refusal)
    user = authenticate(email, password)
    if user is not None:
        throttle.succeeded(email)
        return PasswordCheck(user=user)
    failure = throttle.failed(email, address, now=time.time())
    return PasswordCheck(refusal=failure.refusal)


def refusal_message(refusal: Refusal, *, now: float | None = None) -> str:
    """'Too many failed attempts. Try again at 14:32 UTC (in 5 minutes).' in the reader's
    language; times are shown in UTC everywhere in the app."""
    now = time.time() if now is None else now
    lang = current_language()
    if refusal.pause:
        return str(
            _(
                "The password was wrong a moment ago: wait %(wait)s before trying again.",
                wait=format_timedelta(
                    dt.timedelta(seconds=refusal.retry_after(now)), threshold=2, locale=lang
                ),
            )
        )
    # The clock time is rounded up to the minute: trying at the time shown always works.
    until = dt.datetime.fromtimestamp(60 * -(-refusal.until // 60), dt.UTC)
    wait = refusal.retry_after(now)
    if wait >= 60:
        wait = 60 * -(-wait // 60)  # whole minutes, rounded up: never sooner than said
    return str(
        _(
            "Too many failed attempts. Try again at %(time)s (in %(wait)s).",
            time=format_time(until, "short", tzinfo=dt.UTC, locale=lang) + " UTC",
            wait=format_timedelta(dt.timedelta(seconds=wait), threshold=2, locale=lang),
        )
    )


def refusal_headers(refusal: Refusal) -> dict[str, str]:
    return {"Retry-After": str(refusal.retry_after(time.time()))}
