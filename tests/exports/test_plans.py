"""The export's queries keep their shape whatever the planner knows: on PostgreSQL, freshly
loaded (no statistics) and after ANALYZE, each submission's dates are index lookups in its
history, and the approval date is looked up only for the submissions approved now."""

import datetime as dt
import re

from sqlalchemy import text

from app.exports.options import ExportOptions
from app.exports.rows import ExportSource
from app.extensions import db, refresh_planner_statistics
from app.users.operator import COMMAND_LINE


def plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    return "\n".join(db.session.execute(text(f"EXPLAIN VERBOSE {compiled}")).scalars())


def test_dates_are_index_lookups_with_or_without_statistics(postgres_app):
    from app.demo.bulk import load_bulk
    from tests.helpers import create_consultation

    with postgres_app.app_context():
        consultation = create_consultation()
        load_bulk(consultation, commissions=100, submissions=2000, today=dt.date(2026, 12, 1))
        db.session.commit()
        options = ExportOptions(consultation_id=consultation.id, states=("approved", "returned"))
        for analysed in (False, True):
            if analysed:
                refresh_planner_statistics()
            source = ExportSource(options, COMMAND_LINE)
            found = plan(source.submissions_statement("pre_meeting"))
            assert "Seq Scan on public.submission_history" not in found, found
            subplans = re.split(r"\n\s*SubPlan \d+\n", found)[1:]
            assert len(subplans) == 2, found
            assert all("ix_submission_history_submission_id" in sub for sub in subplans), found
            # The approval's lookup sits inside the CASE on the current state.
            assert re.search(r"CASE WHEN .*THEN \(SubPlan \d+\)", found), found
