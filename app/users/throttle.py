"""Sign-in throttling: repeated failed sign-ins are slowed, then refused for a while.

Slowed means that after each failure the account takes no attempt for a pause that grows
with its failures (half a second, a second...): an attempt inside the pause is refused at
once, with the time to try again, and not counted. Nobody typing by hand meets it, a program
guessing one account attempt after attempt is held to its pace (guesses sent in parallel
meet the account's lockout after its few failures instead), and no web process waits: a
pause spent sleeping in a worker let a few parallel guesses occupy every worker.

Failures are counted per account (the e-mail as typed, normalised, whether or not an
account has it, so the throttle tells nobody which addresses exist) and per client address,
each within a sliding window. Past the account's limit that e-mail is refused for a lockout
period that doubles at each new lockout (up to a ceiling); past the address's higher limit
(an office behind one NAT shares an address) every sign-in from that address is. A
successful sign-in clears the account's count, not the address's: one valid account must
not let someone reset the count between guesses at others.

Counters live in Redis when the application has one, so that every web process sees the
same counts; otherwise (and while Redis cannot be reached) in this process's memory.
Nothing here knows about Flask's request: the caller passes the address and the time.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass

from redis.exceptions import RedisError

log = logging.getLogger(__name__)

#: a repeated lockout is remembered this long to make the next one longer
STRIKE_MEMORY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ThrottleRules:
    account_limit: int = 5
    address_limit: int = 20
    window_seconds: int = 15 * 60
    lockout_seconds: int = 5 * 60
    max_lockout_seconds: int = 60 * 60
    #: after a failed attempt the account takes no other for this long, times its failures
    slowdown_seconds: float = 0.5


@dataclass(frozen=True)
class Refusal:
    """Sign-in is refused until ``until`` (seconds since the epoch): locked out after too
    many failures, or, with ``pause``, inside the short pause after one."""

    until: float
    pause: bool = False

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.until - now))


@dataclass(frozen=True)
class Failure:
    """What a failed attempt led to: a pause before the account's next attempt (seconds),
    or a refusal from now on."""

    pause: float = 0.0
    refusal: Refusal | None = None


class MemoryCounters:
    """Expiring counters in this process: the fallback without Redis."""

    #: past this many keys, expired ones are dropped (many e-mails tried once each)
    SWEEP_ABOVE = 10_000

    def __init__(self, clock=time.time):
        self._clock = clock
        self._values: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> tuple[int, float] | None:
        found = self._values.get(key)
        if found is not None and found[1] <= self._clock():
            del self._values[key]
            return None
        return found

    def increment(self, key: str, ttl: int) -> int:
        """Add one; a new counter expires ``ttl`` seconds after its first increment."""
        with self._lock:
            if len(self._values) > self.SWEEP_ABOVE:
                self._sweep()
            found = self._live(key)
            value, expires = found if found else (0, self._clock() + ttl)
            self._values[key] = (value + 1, expires)
            return value + 1

    def _sweep(self) -> None:
        now = self._clock()
        for key in [key for key, (_, expires) in self._values.items() if expires <= now]:
            del self._values[key]

    def put(self, key: str, value: int, ttl: float) -> None:
        with self._lock:
            self._values[key] = (value, self._clock() + ttl)

    def remaining(self, key: str) -> float | None:
        """Seconds until the key expires, or None when it does not exist."""
        with self._lock:
            found = self._live(key)
            return None if found is None else found[1] - self._clock()

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._values.pop(key, None)


class RedisCounters:
    """The same counters in Redis: shared by every process of the application."""

    def __init__(self, redis):
        self._redis = redis

    def increment(self, key: str, ttl: int) -> int:
        pipe = self._redis.pipeline()
        # The window starts at the first failure: set only when absent (any Redis version;
        # EXPIRE's NX flag needs Redis 7).
        pipe.set(key, 0, ex=ttl, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])

    def put(self, key: str, value: int, ttl: float) -> None:
        # In milliseconds: a pause is a fraction of a second.
        self._redis.set(key, value, px=max(1, round(ttl * 1000)))

    def remaining(self, key: str) -> float | None:
        milliseconds = self._redis.pttl(key)
        return None if milliseconds < 0 else milliseconds / 1000

    def delete(self, *keys: str) -> None:
        self._redis.delete(*keys)


def account_key(email: str) -> str:
    """The e-mail, normalised as accounts store it, hashed: no address is kept in Redis."""
    normalised = (email or "").strip().lower()
    return "account:" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


class LoginThrottle:
    """Counts failed sign-ins and says when one must be refused or slowed."""

    def __init__(self, rules: ThrottleRules, counters, *, prefix: str = "", fallback=None):
        self.rules = rules
        self._counters = counters
        self._fallback = fallback
        self._prefix = prefix

    def _store(self, action):
        """Run ``action`` on the shared counters; on the local ones while Redis is away, so
        that a Redis outage neither stops sign-in nor lifts the throttle entirely."""
        try:
            return action(self._counters)
        except (RedisError, OSError) as error:
            if self._fallback is None:
                raise
            log.warning("sign-in throttle: shared counters unavailable (%s)", error)
            return action(self._fallback)

    def _subjects(self, email: str, address: str | None) -> list[tuple[str, int]]:
        """(key, limit) of what a sign-in counts against: the account first, the address."""
        subjects = [(self._prefix + account_key(email), self.rules.account_limit)]
        if address:
            subjects.append((f"{self._prefix}address:{address}", self.rules.address_limit))
        return subjects

    def refusal(self, email: str, address: str | None, *, now: float) -> Refusal | None:
        """Whether a sign-in for this e-mail from this address is refused at the moment."""
        subjects = self._subjects(email, address)
        account = subjects[0][0]

        def check(counters):
            remaining = [counters.remaining(key + ":locked") for key, _ in subjects]
            longest = max((r for r in remaining if r is not None), default=None)
            if longest is not None:
                return Refusal(now + longest)
            paused = counters.remaining(account + ":paused")
            return None if paused is None else Refusal(now + paused, pause=True)

        return self._store(check)

    def failed(self, email: str, address: str | None, *, now: float) -> Failure:
        """Count a failed attempt; lock whatever passed its limit."""
        rules = self.rules
        subjects = self._subjects(email, address)
        account = subjects[0][0]

        def count(counters):
            until, pause = None, 0.0
            for key, limit in subjects:
                failures = counters.increment(key + ":failures", rules.window_seconds)
                if failures < limit:
                    # Only the account pauses: an office behind one address must not wait
                    # for a colleague's typing error (the address's limit stops a sweep
                    # over many accounts).
                    if key == account:
                        pause = rules.slowdown_seconds * failures
                    continue
                strikes = counters.increment(key + ":strikes", STRIKE_MEMORY_SECONDS)
                lockout = min(rules.lockout_seconds * 2 ** (strikes - 1), rules.max_lockout_seconds)
                counters.put(key + ":locked", 1, lockout)
                counters.delete(key + ":failures")
                until = max(until or 0, now + lockout)
            if until:
                return Failure(refusal=Refusal(until))
            if pause > 0:
                counters.put(account + ":paused", 1, pause)
            return Failure(pause=pause)

        return self._store(count)

    def succeeded(self, email: str) -> None:
        """A right password: this account starts again from nothing."""
        key = self._prefix + account_key(email)
        self._store(
            lambda counters: counters.delete(key + ":failures", key + ":strikes", key + ":paused")
        )
