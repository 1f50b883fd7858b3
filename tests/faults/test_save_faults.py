"""Saving answers while the services fail: PostgreSQL restarted under continuous saves,
Redis gone during saves, and eight saves of one draft at once. Every save the server
acknowledged is compared with what the database holds afterwards: none may be missing."""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field

from tests.faults.client import Browser
from tests.faults.conftest import wait_until
from tests.faults.drafts import FIELD, Draft

#: the app's own words when a save fails on the server (app/web/error_pages.py)
SERVER_FAILED = (
    "The database cannot be reached just now; nothing of this request was saved.",
    "Something went wrong on the server; nothing of this request was saved.",
)
INPUT_KEPT = "your input is still in the page"
#: what Werkzeug's (and gunicorn's) bare error pages say
BARE_PAGE = ("Internal Server Error", "The server encountered an internal error")


def assert_app_error_page(answer, *, script: bool) -> None:
    """A failed save answered by the app: its message (in JSON for the page's script, which
    then leaves the form as it is), never a bare server page."""
    assert answer.status == 500, (answer.status, answer.text[:300])
    if script:
        error = answer.json()["error"]
        assert any(message in error for message in SERVER_FAILED), error
        return
    page = html.unescape(answer.text)
    assert any(message in page for message in SERVER_FAILED), page[:2000]
    assert INPUT_KEPT in page
    assert not any(words in page for words in BARE_PAGE)
    assert 'class="questionnaire"' not in page  # nothing half-shown as if saved


@dataclass
class Saver:
    """One person saving their draft again and again until told to stop; what the server
    said of each save is written down."""

    draft: Draft
    script: bool
    tag: str
    acknowledged: list[tuple[str, int | None]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        try:
            self._run(stop)
        except Exception as error:  # seen by the test, not lost in the thread
            self.errors.append(f"{type(error).__name__}: {error}")

    def _run(self, stop: threading.Event) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            value = f"{self.tag}-{count}"
            try:
                answer = self.draft.post(value, script=self.script)
            except OSError as error:  # the server itself did not answer: must not happen
                self.errors.append(f"no answer from the server: {error}")
                return
            if answer.status == 200 and self.script:
                version = answer.json()["version"]
                self.acknowledged.append((value, version))
                self.draft.version = version
                continue
            if answer.status in (302, 303) and not self.script:
                self.acknowledged.append((value, None))
                self.draft.version += 1  # the version this save left (the page's next base)
                continue
            if answer.status == 409:
                # Its own earlier save did reach the database after all (the answer was
                # lost in the outage): the page says so and shows what is saved.
                self.conflicts += 1
            else:
                assert_app_error_page(answer, script=self.script)
                self.failed.append(value)
            self._reload(stop)

    def _reload(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.draft.reload()
                return
            except AssertionError:
                time.sleep(0.2)  # the database is still away


def run_savers(savers: list[Saver], during) -> None:
    stop = threading.Event()
    threads = [threading.Thread(target=saver.run, args=(stop,)) for saver in savers]
    for thread in threads:
        thread.start()
    try:
        during()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    for saver in savers:
        assert not saver.errors, saver.errors


def assert_nothing_acknowledged_lost(saver: Saver) -> None:
    draft = saver.draft
    values = draft.saved_values()
    lost = [value for value, _version in saver.acknowledged if value not in values]
    assert not lost, f"acknowledged saves missing from the database: {lost}"
    for value, version in saver.acknowledged:
        if version is not None:
            assert draft.saved_at_version(version) == value, (value, version)
    # The draft holds the last acknowledged save, or a later one whose answer was lost.
    last = saver.acknowledged[-1][0]
    after = int(last.rsplit("-", 1)[1])
    stored, _version = draft.stored()
    tried_later = {v for v in saver.failed if int(v.rsplit("-", 1)[1]) > after}
    assert stored == last or stored in tried_later, (stored, last)


def test_postgresql_restarted_during_saves(live):
    """Four people save continuously (two through the page's script, two by posting the
    form) while PostgreSQL is stopped and started again, once cleanly (fast) and once as
    after a crash (immediate). A save the outage breaks shows the app's own error page
    ("The database cannot be reached just now; nothing of this request was saved... your
    input is still in the page"), the page's script gets that message in JSON and keeps
    the form; the server keeps answering, saves work again once the database is back, and
    every save the server acknowledged is in the database afterwards: none lost."""
    savers = [
        Saver(
            Draft.start(live), script=n % 2 == 0, tag=f"pg{n}-{'script' if n % 2 == 0 else 'form'}"
        )
        for n in range(4)
    ]

    def acknowledged():
        return sum(len(saver.acknowledged) for saver in savers)

    def outages():
        wait_until(lambda: acknowledged() >= 8, "no save went through before the outage", 60)
        for mode in ("fast", "immediate"):
            live.cluster.stop_for(mode, seconds=2)
            back = acknowledged()
            wait_until(lambda back=back: acknowledged() >= back + 8, "saves did not resume", 60)

    run_savers(savers, outages)
    # Shown with -s (or on failure): the figures behind "no acknowledged save lost".
    print(
        "saves acknowledged / failed with the app's page / conflicts after a lost answer:",
        [(len(s.acknowledged), len(s.failed), s.conflicts) for s in savers],
    )
    assert sum(len(s.failed) for s in savers) > 0, "the outage broke no save: it proved nothing"
    for saver in savers:
        assert len(saver.acknowledged) > 3, saver
        assert_nothing_acknowledged_lost(saver)


def test_redis_gone_during_saves(live):
    """Redis is killed while a focal point saves (by the form and by the page's script):
    every save succeeds as if nothing happened (saving does not need Redis), signing in
    works, and saves go on once Redis is back; all of them are stored."""
    draft = Draft.start(live)
    acknowledged = []

    def save(value, script):
        answer = draft.post(value, script=script)
        assert answer.status == (200 if script else 302), (answer.status, answer.text[:500])
        draft.version = answer.json()["version"] if script else draft.version + 1
        acknowledged.append(value)

    save("before", script=False)
    live.redis.stop()
    colleague = Browser(live.url)  # signing in does not need Redis either
    colleague.login(draft.browser.signed_in_as)
    for n in range(3):
        save(f"without-redis-form-{n}", script=False)
        save(f"without-redis-script-{n}", script=True)
    draft.reload()  # the page itself shows without Redis
    assert draft.form.value(FIELD) == "without-redis-script-2"
    live.redis.start()
    save("after", script=True)
    assert acknowledged and set(acknowledged) <= draft.saved_values()
    assert draft.stored()[0] == "after"


def test_eight_saves_of_one_draft_at_once(live):
    """Eight tabs of one draft, loaded at the same version, press Save at the same moment,
    five rounds over: each round exactly one save wins; the seven others get the page back
    with "so nothing was saved... Your input is still on the page" and their own input in
    the form (status 409); the stored answer is the winner's."""
    first = Draft.start(live)
    tabs = [first, *(first.another_tab() for _ in range(7))]
    for round_ in range(5):
        for tab in tabs:
            tab.reload()
        base = {tab.version for tab in tabs}
        assert len(base) == 1, base
        start = threading.Barrier(len(tabs))
        answers = [None] * len(tabs)

        def press(n, round_=round_, start=start, answers=answers):
            tab = tabs[n]
            start.wait()
            answers[n] = tab.post(f"round{round_}-tab{n}")

        threads = [threading.Thread(target=press, args=(n,)) for n in range(len(tabs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        statuses = [answer.status for answer in answers]
        winners = [n for n, status in enumerate(statuses) if status == 302]
        assert len(winners) == 1 and statuses.count(409) == 7, statuses
        for n, answer in enumerate(answers):
            if n in winners:
                continue
            page = html.unescape(answer.text)
            assert "so nothing was saved" in page and "Your input is still on the page" in page
            assert f'value="round{round_}-tab{n}"' in answer.text  # their input, kept
        stored, version = first.stored()
        assert stored == f"round{round_}-tab{winners[0]}"
        assert version == base.pop() + 1
