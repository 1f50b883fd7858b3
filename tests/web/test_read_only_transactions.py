"""A request that only read ends with COMMIT (psycopg keeps the statements it prepared);
anything that wrote, or left a change pending, still ends with a rollback that undoes it."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import DataError

from app.core.read_only_transactions import commit_if_only_read
from app.extensions import db
from app.users.models import Commission
from tests.conftest import AuthActions
from tests.helpers import create_commission, start_submission_as


@pytest.fixture
def endings(request):
    """The ways the transactions of the test's app end, in order ("commit" or "rollback")."""
    app = request.getfixturevalue(
        "postgres_app" if "postgres_app" in request.fixturenames else "app"
    )
    seen = []
    with app.app_context():
        engine = db.engine

    def committed(conn):
        seen.append("commit")

    def rolled_back(conn):
        seen.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    yield seen
    event.remove(engine, "commit", committed)
    event.remove(engine, "rollback", rolled_back)


def test_a_page_that_only_reads_ends_with_commit(client, auth, dummy_world, endings):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    client.get(f"/submissions/{sid}")
    endings.clear()
    assert client.get(f"/submissions/{sid}").status_code == 200
    assert endings == ["commit"]


def test_reads_only_commit(app, endings):
    with app.app_context():
        db.session.scalars(select(Commission)).all()
        commit_if_only_read(db.session())
        assert endings == ["commit"]
        assert not db.session().in_transaction()


@pytest.mark.parametrize("how", ["pending", "flushed", "statement"])
def test_a_change_is_never_committed_by_the_ending(app, endings, how):
    """A view that changed something and did not commit (a refused form, say) must lose the
    change, whether it is still pending, flushed, or sent as a statement of its own."""
    with app.app_context():
        create_commission("ZZ")
        db.session.commit()
        endings.clear()
        commission = db.session.scalars(select(Commission).filter_by(iso2="ZZ")).one()
        if how == "statement":
            db.session.execute(update(Commission).values(name_en="Changed"))
        else:
            commission.name_en = "Changed"
            if how == "flushed":
                db.session.flush()
        commit_if_only_read(db.session())
        assert "commit" not in endings
        db.session.remove()
        assert db.session.scalars(select(Commission.name_en).filter_by(iso2="ZZ")).one() == (
            "Country ZZ"
        )


def test_a_failed_transaction_is_left_to_the_rollback(postgres_app, endings):
    with postgres_app.app_context():
        with pytest.raises(DataError):
            db.session.execute(text("SELECT 1/0"))
        commit_if_only_read(db.session())  # must not raise
        assert "commit" not in endings
        db.session.remove()
        assert db.session.execute(text("SELECT 1")).scalar() == 1


def test_a_transaction_open_before_the_request_is_left_to_its_owner(app, endings):
    """Code that runs a request inside its own application context keeps its transaction
    (and whatever it locked) until it ends it."""
    with app.app_context():
        db.session.scalars(select(Commission)).all()
        endings.clear()
        assert app.test_client().get("/login").status_code == 200
        assert endings == [] and db.session().in_transaction()


def test_postgresql_keeps_the_pages_statements_prepared(postgres_app, dummy_world):
    """psycopg prepares a statement run five times on a connection and forgets them all on
    a rollback: ended with COMMIT, the page's statements stay prepared between requests."""
    client = postgres_app.test_client()
    sid = start_submission_as(
        client, AuthActions(client), "focal.ma@test.org", dummy_world["ma_meeting"]
    )
    for _ in range(7):
        assert client.get(f"/submissions/{sid}").status_code == 200
    with postgres_app.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
    assert any("FROM submissions" in statement for statement in prepared), prepared
