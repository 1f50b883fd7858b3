"""Failed sign-ins are slowed, then refused for a while: per account, per address, shared
by every process through Redis (or counted in memory without it), with the time to try
again in the reader's language; a right password clears the account's count."""

from __future__ import annotations

import html
import math
import re
import time
import uuid

import pytest

from app.users.throttle import LoginThrottle, MemoryCounters, ThrottleRules
from tests.conftest import SETTINGS, make_app, need_service
from tests.helpers import PASSWORD

REFUSED = "Too many failed attempts. Try again at"


def sign_in(client, email, password="wrong-password", **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def fail(client, email, times, **kwargs):
    return [sign_in(client, email, **kwargs).status_code for _ in range(times)]


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


def memory_throttle(**rules):
    clock = Clock()
    return LoginThrottle(ThrottleRules(**rules), MemoryCounters(clock)), clock


def test_an_account_is_refused_after_its_limit_for_a_growing_while():
    throttle, clock = memory_throttle(account_limit=3, lockout_seconds=300)
    for _ in range(2):
        assert throttle.failed("a@x.org", "10.0.0.1", now=clock.now).refusal is None
    refused = throttle.failed(" A@X.org ", "10.0.0.2", now=clock.now).refusal
    assert refused is not None and refused.retry_after(clock.now) == 300
    assert throttle.refusal("a@x.org", "10.0.0.3", now=clock.now) is not None
    assert throttle.refusal("b@x.org", "10.0.0.3", now=clock.now) is None
    clock.now += 301
    assert throttle.refusal("a@x.org", "10.0.0.3", now=clock.now) is None
    # Locked again soon after: for twice as long, up to the ceiling.
    for _ in range(3):
        second = throttle.failed("a@x.org", None, now=clock.now)
    assert second.refusal.retry_after(clock.now) == 600


def test_each_failure_pauses_the_account_longer_until_refused():
    throttle, clock = memory_throttle(account_limit=4, slowdown_seconds=0.5)
    pauses = []
    for _ in range(4):
        failure = throttle.failed("a@x.org", "10.0.0.1", now=clock.now)
        pauses.append(failure.pause)
        if failure.refusal is None:
            # Inside the pause the account takes no attempt, from any address; after it, it does.
            inside = throttle.refusal("A@x.org", "10.0.0.2", now=clock.now)
            assert inside.pause and inside.retry_after(clock.now) == math.ceil(failure.pause)
            assert throttle.refusal("b@x.org", "10.0.0.1", now=clock.now) is None
            clock.now += failure.pause + 0.01
            assert throttle.refusal("a@x.org", "10.0.0.2", now=clock.now) is None
    assert pauses == [0.5, 1.0, 1.5, 0.0] and failure.refusal is not None
    assert not failure.refusal.pause


def test_a_right_password_ends_the_pause():
    throttle, clock = memory_throttle(slowdown_seconds=0.5)
    throttle.failed("a@x.org", None, now=clock.now)
    throttle.succeeded("a@x.org")
    assert throttle.refusal("a@x.org", None, now=clock.now) is None


def test_many_accounts_from_one_address_pause_each_account_not_the_address():
    """An office behind one address does not wait for a colleague's typing error; a sweep
    over many accounts meets the address's limit instead."""
    throttle, clock = memory_throttle(account_limit=4, address_limit=6, slowdown_seconds=0.5)
    failures = [throttle.failed(f"{n}@x.org", "10.0.0.1", now=clock.now) for n in range(6)]
    assert [f.pause for f in failures[:5]] == [0.5] * 5
    assert throttle.refusal("colleague@x.org", "10.0.0.1", now=clock.now - 1) is not None
    assert failures[5].refusal is not None and not failures[5].refusal.pause


def test_the_window_forgets_old_failures():
    throttle, clock = memory_throttle(account_limit=3, window_seconds=900)
    throttle.failed("a@x.org", None, now=clock.now)
    throttle.failed("a@x.org", None, now=clock.now)
    clock.now += 901
    assert throttle.failed("a@x.org", None, now=clock.now).refusal is None


def test_refused_at_the_fifth_failure_with_the_time_and_the_email_kept(client, dummy_world):
    assert fail(client, "focal.ma@test.org", 4) == [401] * 4
    refused = sign_in(client, "focal.ma@test.org")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert re.search(REFUSED + r" \d{1,2}:\d\d\s?(AM|PM)? UTC \(in 5 minutes\)\.", page), page
    assert 290 <= int(refused.headers["Retry-After"]) <= 300
    assert 'value="focal.ma@test.org"' in page
    # Even the right password waits: the guesses stop here.
    assert sign_in(client, "focal.ma@test.org", PASSWORD).status_code == 429
    # Other accounts sign in from the same address.
    assert sign_in(client, "focal.sn@test.org", PASSWORD).status_code == 302


def test_an_unknown_address_is_throttled_exactly_like_a_known_one(client, dummy_world):
    known = fail(client, "focal.ma@test.org", 6)
    unknown = fail(client, "nobody@test.org", 6)
    assert known == unknown == [401, 401, 401, 401, 429, 429]


def test_a_right_password_clears_the_account_count(client, dummy_world):
    assert fail(client, "focal.ma@test.org", 4) == [401] * 4
    assert sign_in(client, "focal.ma@test.org", PASSWORD).status_code == 302
    client.post("/logout")
    assert fail(client, "focal.ma@test.org", 4) == [401] * 4


def test_one_address_is_refused_after_its_higher_limit(app, dummy_world):
    app.config.update(LOGIN_ADDRESS_LIMIT=6)
    office = app.test_client()
    office.environ_base["REMOTE_ADDR"] = "10.1.1.1"
    # Three guesses at each of two accounts, then the address is refused for everyone...
    statuses = fail(office, "focal.ma@test.org", 3) + fail(office, "focal.sn@test.org", 3)
    assert statuses == [401] * 5 + [429]
    assert sign_in(office, "reviewer@test.org", PASSWORD).status_code == 429
    # ... but not the accounts it guessed at, from elsewhere.
    home = app.test_client()
    home.environ_base["REMOTE_ADDR"] = "10.2.2.2"
    assert sign_in(home, "focal.ma@test.org", PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_it_saw_is_counted(app, dummy_world):
    app.config.update(LOGIN_ADDRESS_LIMIT=3, LOGIN_PROXY_COUNT=1)
    client = app.test_client()
    emails = ["a@test.org", "b@test.org", "c@test.org"]
    statuses = [
        # What the client writes itself (left of the proxy's entry) changes nothing.
        sign_in(client, email, headers={"X-Forwarded-For": f"192.0.2.{n}, 203.0.113.7"}).status_code
        for n, email in enumerate(emails)
    ]
    assert statuses == [401, 401, 429]
    other = sign_in(
        client, "focal.ma@test.org", PASSWORD, headers={"X-Forwarded-For": "203.0.113.8"}
    )
    assert other.status_code == 302


def test_failed_attempts_are_slowed_without_holding_the_server(
    app, client, dummy_world, monkeypatch
):
    """After a failure the account takes no attempt for a moment: one sent at once is
    refused (429, the wait said and in Retry-After), not counted, and answered without
    waiting; once the pause has passed the right password signs in."""
    import app.web.sign_in as sign_in_module

    wait = time.sleep

    def no_sleep(seconds):
        raise AssertionError(f"a web process slept {seconds} s")

    monkeypatch.setattr(sign_in_module.time, "sleep", no_sleep)
    # Two seconds: room enough for the next request to arrive inside the pause on a slow
    # machine.
    app.config.update(LOGIN_SLOWDOWN_SECONDS=2)
    assert fail(client, "focal.ma@test.org", 1) == [401]
    paused = sign_in(client, "focal.ma@test.org", PASSWORD)
    assert paused.status_code == 429 and paused.headers["Retry-After"] in ("1", "2")
    page = html.unescape(paused.get_data(as_text=True))
    assert "The password was wrong a moment ago: wait " in page
    assert 'value="focal.ma@test.org"' in page
    wait(2.1)
    assert sign_in(client, "focal.ma@test.org", PASSWORD).status_code == 302


def test_the_refusal_speaks_the_readers_language(client, dummy_world):
    client.set_cookie("shura_lang", "ar")
    fail(client, "focal.ma@test.org", 4)
    refused = sign_in(client, "focal.ma@test.org")
    assert refused.status_code == 429 and "5 دقائق" in refused.get_data(as_text=True)


def test_the_session_ended_page_is_throttled_too_and_keeps_the_input(
    app, client, auth, dummy_world
):
    from tests.helpers import current_version, start_submission_as

    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.delete_cookie("session")
    typed = {
        "section": "activities",
        "achievements": "Typed for an hour",
        "loaded_version": str(current_version(app, sid)),
        "intent": "save",
        "resume_email": "focal.ma@test.org",
        "resume_password": "wrong-password",
    }
    statuses = [client.post(f"/submissions/{sid}/answers", data=typed) for _ in range(5)]
    assert [r.status_code for r in statuses] == [401] * 4 + [429]
    page = statuses[-1].get_data(as_text=True)
    assert REFUSED in page and "Typed for an hour" in page and "Retry-After" in statuses[-1].headers
    # The sign-in page counts the same failures.
    assert sign_in(client, "focal.ma@test.org", PASSWORD).status_code == 429


@pytest.fixture
def redis_settings():
    url = SETTINGS["TEST_REDIS_URL"]
    need_service("Redis", bool(url), "set REDIS_URL")
    prefix = f"shura-test:{uuid.uuid4().hex}:"
    yield {"REDIS_URL": url, "LOGIN_THROTTLE_PREFIX": prefix}
    from redis import Redis

    redis = Redis.from_url(url)
    keys = list(redis.scan_iter(match=prefix + "*"))
    if keys:
        redis.delete(*keys)
    redis.close()


@pytest.mark.redis
def test_two_processes_share_the_count_through_redis(
    app, database_url, tmp_path, dummy_world, redis_settings
):
    app.config.update(redis_settings)
    other_app = make_app(database_url, tmp_path / "second", **redis_settings)
    first, second = app.test_client(), other_app.test_client()
    assert fail(first, "focal.ma@test.org", 2) + fail(second, "focal.ma@test.org", 2) == [401] * 4
    refused = sign_in(first, "focal.ma@test.org")
    assert refused.status_code == 429
    assert sign_in(second, "focal.ma@test.org", PASSWORD).status_code == 429
    from redis import Redis

    redis = Redis.from_url(redis_settings["REDIS_URL"])
    keys = {
        key.decode() for key in redis.scan_iter(match=redis_settings["LOGIN_THROTTLE_PREFIX"] + "*")
    }
    redis.close()
    assert any(key.endswith(":locked") for key in keys)
    assert not any("focal.ma" in key for key in keys)  # the e-mail is not stored in clear


@pytest.mark.redis
def test_a_pause_is_shared_through_redis_to_the_millisecond(redis_settings):
    from redis import Redis

    from app.users.throttle import RedisCounters

    redis = Redis.from_url(redis_settings["REDIS_URL"])
    rules = ThrottleRules(slowdown_seconds=0.3)
    prefix = redis_settings["LOGIN_THROTTLE_PREFIX"]
    first, second = (LoginThrottle(rules, RedisCounters(redis), prefix=prefix) for _ in range(2))
    assert first.failed("a@x.org", None, now=time.time()).pause == 0.3
    paused = second.refusal("a@x.org", None, now=time.time())
    assert paused is not None and paused.pause and paused.until - time.time() <= 0.3
    time.sleep(0.35)
    assert second.refusal("a@x.org", None, now=time.time()) is None
    redis.close()


def test_without_redis_reachable_the_count_goes_on_in_memory(app, dummy_world):
    # Nothing listens on port 1: every Redis call fails at once.
    app.config.update(REDIS_URL="redis://127.0.0.1:1/15")
    client = app.test_client()
    assert fail(client, "focal.ma@test.org", 5) == [401] * 4 + [429]
    assert sign_in(client, "focal.sn@test.org", PASSWORD).status_code == 302
