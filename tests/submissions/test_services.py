"""Services under concurrency: two people acting at once, on the real database."""

import threading

import pytest
from sqlalchemy import select

from app.core.errors import Conflict
from app.extensions import db
from app.submissions.models import Submission, SubmissionHistory
from app.submissions.services import (
    apply_action,
    explain_conflict,
    save_answers,
    start_submission,
)
from app.users.models import User
from tests.helpers import STORED_PRE_MEETING


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def submission_id(app, dummy_world):
    with app.app_context():
        focal = _user("focal.ma@test.org")
        submission = start_submission(focal, dummy_world["ma_meeting"], "pre_meeting")
        save_answers(focal, submission, dict(STORED_PRE_MEETING), None)
        db.session.commit()
        return submission.id


def race(app, submission_id, workers, messages=None):
    """Run each worker in its own thread and session; all read, then all write at once.

    A worker that meets a conflict leaves in ``messages`` (when given) what its user is
    told, explained for the e-mail in the worker's ``actor`` attribute."""
    barrier = threading.Barrier(len(workers))
    outcomes = [None] * len(workers)

    def run(index, work):
        with app.app_context():
            submission = db.session.get(Submission, submission_id)
            submission.answers  # noqa: B018 - loaded before anyone writes
            barrier.wait(timeout=10)
            try:
                work(submission)
                db.session.commit()
                outcomes[index] = "ok"
            except Conflict as conflict:
                db.session.rollback()
                outcomes[index] = "conflict"
                if messages is not None:
                    current = db.session.get(Submission, submission_id)
                    messages[index] = explain_conflict(_user(work.actor), current, conflict)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_saves_at_once_one_wins_one_is_told(app, submission_id):
    def save(name):
        def work(submission):
            focal = _user("focal.ma@test.org")
            save_answers(
                focal,
                submission,
                {**submission.answers, "focal_point_name": name},
                submission.version,
            )

        return work

    outcomes = race(app, submission_id, [save("First"), save("Second")])
    assert sorted(outcomes) == ["conflict", "ok"]
    with app.app_context():
        stored = db.session.get(Submission, submission_id)
        winner = "First" if outcomes[0] == "ok" else "Second"
        assert stored.answers["focal_point_name"] == winner
        assert stored.version == 3  # created (1), first save (2), the winning save (3)


def test_two_reviewers_acting_at_once_write_one_history_row(app, submission_id):
    with app.app_context():
        submission = db.session.get(Submission, submission_id)
        apply_action(_user("focal.ma@test.org"), submission, "submit")
        apply_action(_user("reviewer@test.org"), submission, "start_review")
        db.session.commit()

    def act(action, email, comment=""):
        def work(submission):
            apply_action(
                _user(email),
                submission,
                action,
                comment=comment,
                expected_version=submission.version,
            )

        return work

    outcomes = race(
        app,
        submission_id,
        [act("approve", "reviewer@test.org"), act("return", "reviewer.sn@test.org", "Needs work")],
    )
    assert sorted(outcomes) == ["conflict", "ok"]
    with app.app_context():
        stored = db.session.get(Submission, submission_id)
        rows = db.session.scalars(
            select(SubmissionHistory).where(SubmissionHistory.submission_id == submission_id)
        ).all()
        actions = [r.action for r in rows if r.action != "edit"]
        assert actions[:3] == ["create", "submit", "start_review"]
        assert len(actions) == 4 and actions[-1] in ("approve", "return")  # one of the two
        assert stored.state == rows[-1].to_state


def test_a_save_and_a_submit_at_once_one_wins_and_the_other_learns_whose(app, submission_id):
    """Two people of one commission: an editor saves while the focal point submits."""
    from app.users.models import Commission
    from app.users.roles import COMMISSION
    from tests.helpers import create_user

    with app.app_context():
        ma = db.session.scalar(select(Commission).where(Commission.iso2 == "MA"))
        create_user("editor.ma@test.org", COMMISSION, commission=ma).name = "The Editor"
        _user("focal.ma@test.org").name = "The Focal Point"
        db.session.commit()

    def save(submission):
        save_answers(
            _user("editor.ma@test.org"),
            submission,
            {**submission.answers, "focal_point_name": "Changed"},
            submission.version,
        )

    def submit(submission):
        apply_action(
            _user("focal.ma@test.org"), submission, "submit", expected_version=submission.version
        )

    save.actor, submit.actor = "editor.ma@test.org", "focal.ma@test.org"
    for _round in range(3):
        messages = [None, None]
        outcomes = race(app, submission_id, [save, submit], messages)
        assert sorted(outcomes) == ["conflict", "ok"]
        with app.app_context():
            stored = db.session.get(Submission, submission_id)
            if outcomes[0] == "ok":  # the save won: nothing was submitted
                assert stored.state == "draft" and stored.answers["focal_point_name"] == "Changed"
                assert messages[1].startswith("The Editor changed this submission")
                assert "nothing was done" in messages[1]
            else:  # the submit won: the save is refused, and says by whom
                assert stored.state == "submitted"
                assert stored.answers["focal_point_name"] == STORED_PRE_MEETING["focal_point_name"]
                assert messages[0].startswith("The Focal Point changed this submission")
                assert "nothing was saved" in messages[0]
                break
            # Back to the starting answers for the next round.
            save_answers(_user("focal.ma@test.org"), stored, dict(STORED_PRE_MEETING), None)
            db.session.commit()


def test_history_rows_cannot_be_changed_or_deleted(app, submission_id):
    with app.app_context():
        row = db.session.scalars(select(SubmissionHistory)).first()
        row.comment = "rewritten"
        with pytest.raises(RuntimeError, match="never changed or deleted"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(SubmissionHistory)).first())
        with pytest.raises(RuntimeError, match="never changed or deleted"):
            db.session.flush()
        db.session.rollback()


def test_definition_versions_are_immutable(app):
    from app.questionnaires.models import QuestionnaireVersion

    with app.app_context():
        version = db.session.scalars(select(QuestionnaireVersion)).first()
        version.content = {"code": "tampered"}
        with pytest.raises(RuntimeError, match="immutable"):
            db.session.flush()
        db.session.rollback()
