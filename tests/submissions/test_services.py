"""Services under concurrency: two people acting at once, on the real database."""

import threading

import pytest
from sqlalchemy import select

from app.core.errors import Conflict
from app.extensions import db
from app.submissions.models import Submission, SubmissionHistory
from app.submissions.services import apply_action, save_answers, start_submission
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


def race(app, submission_id, workers):
    """Run each worker in its own thread and session; all read, then all write at once."""
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
            except Conflict:
                db.session.rollback()
                outcomes[index] = "conflict"
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
        assert [r.action for r in rows][-1] in ("approve", "return")
        assert len(rows) == 4  # create, submit, start_review, and only one of the two
        assert stored.state == rows[-1].to_state


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
