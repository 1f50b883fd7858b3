"""The integrated report's export beside bare XlsxWriter writing the same cells.

    .venv/bin/python benchmarks/export.py [--submissions 10000] [--skip-analyze]

Seeds N approved pre-meeting submissions with varied, realistic answers (the bulk path of
app/demo/bulk.py, not the per-submission services) into the database DATABASE_URL names,
or into a fresh PostgreSQL database (``shura_bench_export``) when it is not set. Then, each
in a fresh process that has already imported and created the app:

- export: the job as a worker runs it (``app.jobs.exports.build_export``: queries,
  heartbeat, progress, the file closed and moved into place), timed from the call to its
  return;
- floor: the same export run once untimed through a recorder that keeps every table's
  cell values in a Python list, then those values written by bare XlsxWriter in
  constant-memory mode (same options: nothing interpreted), timed.

``--repeat`` rounds (3) alternate the two, each in a fresh process; the figures are the
medians (the ratio: the median of the rounds' ratios). Peak memory is
each process's peak resident size (the interpreter and the imported app
included; ``base_mb`` is that process before it starts). ``--skip-analyze`` leaves the
planner without statistics after the load, to show the plan does not need them. The last
line is ``ratio=R export_s=A floor_s=B peak_mb=M cells=C``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
SECRET_KEY = "benchmark-secret-key-0123456789abcdef0123"
SLUG = "bench-export"
WIDE = "synthetic_wide"


def wide_definition(questions: int) -> dict:
    """A synthetic questionnaire of ``questions`` questions (texts, numbers, choices, long
    texts, dates in turn), ten sections: the shape of a large KoboToolbox project."""
    kinds = ["text", "integer", "select_one", "long_text", "decimal", "date", "yes_no"]
    per_section = -(-questions // 10)
    sections = []
    for s in range(10):
        items = []
        for q in range(s * per_section, min(questions, (s + 1) * per_section)):
            kind = kinds[q % len(kinds)]
            item = {"code": f"q{q:04d}", "type": kind, "label": {"en": f"Question {q}"}}
            if kind == "select_one":
                item["choices"] = "levels"
            items.append(item)
        sections.append({"code": f"s{s}", "title": {"en": f"Section {s}"}, "items": items})
    levels = [{"value": f"l{n}", "label": {"en": f"Level {n}"}} for n in range(1, 6)]
    return {
        "code": WIDE,
        "title": {"en": "Synthetic wide questionnaire"},
        "short_title": {"en": "Wide"},
        "choice_lists": {"levels": levels},
        "sections": sections,
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def fresh_database() -> str:
    base = "postgresql://postgres@127.0.0.1:5432/postgres"
    import psycopg

    with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
        conn.execute("DROP DATABASE IF EXISTS shura_bench_export")
        conn.execute("CREATE DATABASE shura_bench_export")
    return base.rsplit("/", 1)[0] + "/shura_bench_export"


def make_app(url: str, folder: str):
    from app import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, "EXPORT_DIR": folder}
    )


def seed(url: str, folder: str, submissions: int, analyze: bool, wide: bool) -> None:
    from app.consultations.services import create_consultation
    from app.demo.bulk import load_bulk
    from app.extensions import db, refresh_planner_statistics
    from app.users.models import User
    from app.users.roles import SECRETARIAT

    app = make_app(url, folder)
    with app.app_context():
        consultation = create_consultation(
            slug=SLUG,
            titles={"en": "Benchmark", "fr": "Banc d'essai", "ar": "اختبار"},
            workflow_code="commission_review",
            before=[WIDE if wide else "pre_meeting"],
            after=[] if wide else ["post_meeting"],
        )
        load_bulk(
            consultation,
            commissions=500,
            submissions=submissions,
            today=dt.date.today(),
            questionnaires=[WIDE if wide else "pre_meeting"],
            state="approved",
            variety=60,
        )
        db.session.add(User(email="secretariat@bench.org", name="Bench", role=SECRETARIAT))
        db.session.commit()
        if analyze:  # what every bulk load does (seed-demo, import-commissions)
            refresh_planner_statistics()


def measure_export(url: str, folder: str, repeat: int = 1) -> dict:
    from sqlalchemy import select

    from app.consultations.models import Consultation
    from app.exports.options import ExportOptions
    from app.extensions import db
    from app.jobs.exports import build_export
    from app.jobs.models import ExportJob
    from app.users.models import User

    app = make_app(url, folder)
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
        actor = db.session.scalar(select(User).where(User.email == "secretariat@bench.org"))
        options = ExportOptions(consultation_id=consultation.id)
        consultation_id, actor_id = consultation.id, actor.id
        base, times = current_mb(), []
        for _ in range(repeat):
            job = ExportJob(
                requested_by_id=actor_id,
                consultation_id=consultation_id,
                options=options.to_json(),
                lang="en",
            )
            db.session.add(job)
            db.session.commit()
            job_id = job.id
            db.session.close()
            started = time.perf_counter()
            build_export(job_id)
            times.append(time.perf_counter() - started)
            job = db.session.get(ExportJob, job_id)
            assert job.status == "finished", job.message
            size = (Path(folder) / job.file_name).stat().st_size
        return {
            "seconds": statistics.median(times),
            "runs": times,
            "peak_mb": peak_mb(),
            "base_mb": base,
            "rows": job.row_count,
            "bytes": size,
        }


def measure_floor(url: str, folder: str, repeat: int = 1) -> dict:
    import xlsxwriter
    from sqlalchemy import select

    from app.consultations.models import Consultation
    from app.exports import report as report_module
    from app.exports.options import ExportOptions
    from app.exports.writer import WORKBOOK_OPTIONS, SheetTable, WorkbookWriter
    from app.extensions import db
    from app.users.models import User

    recorded: list[tuple[str, list]] = []

    class Recording(SheetTable):
        """Keeps the values of every row as the export writes it."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.values = [list(row) for row in self.header_rows]
            recorded.append((self.name, self.values))

        def write(self, values):
            self.values.append(list(values))

    class Recorder(WorkbookWriter):
        def table(self, name, header_rows, **kwargs):
            return Recording(self, name, header_rows, **kwargs)

    app = make_app(url, folder)
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == SLUG))
        actor = db.session.scalar(select(User).where(User.email == "secretariat@bench.org"))
        options = ExportOptions(consultation_id=consultation.id)
        source = report_module.ExportSource(options, actor)
        book = Recorder(Path(folder) / "recorded.xlsx")
        report = report_module.Report(source, book)
        report_module.write_report(report, report_module.report_builders(source))
        db.session.close()
    cells = sum(len(row) for _name, rows in recorded for row in rows)
    target = Path(folder) / "floor.xlsx"
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        workbook = xlsxwriter.Workbook(str(target), WORKBOOK_OPTIONS)
        for name, rows in recorded:
            sheet = workbook.add_worksheet(name[:31])
            for number, row in enumerate(rows):
                sheet.write_row(number, 0, row)
        workbook.close()
        times.append(time.perf_counter() - started)
    return {
        "seconds": statistics.median(times),
        "runs": times,
        "peak_mb": peak_mb(),
        "cells": cells,
        "bytes": target.stat().st_size,
    }


def step(name: str, url: str, folder: str, args) -> dict:
    """Run one step in a fresh process; it prints its figures as JSON on its last line."""
    command = [sys.executable, __file__, "--step", name, "--url", url, "--folder", folder]
    command += ["--submissions", str(args.submissions), "--repeat", "1"]
    if args.skip_analyze:
        command.append("--skip-analyze")
    if args.wide:
        command += ["--wide", str(args.wide)]
    env = {**os.environ, "SECRET_KEY": SECRET_KEY, "SHURA_ENV": "development"}
    env.pop("REDIS_URL", None)
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"step {name} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--skip-analyze", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of (export, floor), each in a fresh process; the medians",
    )
    parser.add_argument(
        "--wide",
        type=int,
        metavar="QUESTIONS",
        help="a synthetic questionnaire of this many questions instead of the pre-meeting one",
    )
    parser.add_argument("--no-floor", action="store_true", help="time the export alone")
    parser.add_argument("--step", choices=("seed", "export", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:
        if args.step == "seed":
            seed(args.url, args.folder, args.submissions, not args.skip_analyze, bool(args.wide))
            print(json.dumps({}))
        elif args.step == "export":
            print(json.dumps(measure_export(args.url, args.folder, args.repeat)))
        else:
            print(json.dumps(measure_floor(args.url, args.folder, args.repeat)))
        return

    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or fresh_database()
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY}
        env["SHURA_ENV"] = "development"
        if args.wide:  # the shipped questionnaires and the synthetic one
            import shutil

            import yaml

            forms = Path(folder) / "forms"
            shutil.copytree(ROOT / "forms", forms)
            (forms / f"{WIDE}.yaml").write_text(yaml.safe_dump(wide_definition(args.wide)))
            env["SHURA_FORMS_DIR"] = str(forms)
        for command in (["db", "upgrade"], ["definitions", "sync"]):
            subprocess.run([BIN / "shura", *command], env=env, check=True, capture_output=True)
        started = time.monotonic()
        step("seed", url, folder, args)
        seeded = time.monotonic() - started
        print(
            f"database: {url.split('@')[-1]}; {args.submissions} approved pre-meeting "
            f"submissions loaded in {seeded:.1f}s"
            + (" (no ANALYZE)" if args.skip_analyze else " (ending with ANALYZE)")
        )
        exports, floors = [], []
        for _round in range(args.repeat):
            # Alternated, so that a machine that slows down or speeds up touches both.
            exports.append(step("export", url, folder, args))
            if not args.no_floor:
                floors.append(step("floor", url, folder, args))
        export = {
            **exports[-1],
            "seconds": statistics.median(e["seconds"] for e in exports),
            "peak_mb": max(e["peak_mb"] for e in exports),
            "runs": [e["seconds"] for e in exports],
        }
        if args.no_floor:
            print(
                f"export: {export['seconds']:.1f}s, peak {export['peak_mb']:.0f} MB, "
                f"{export['rows']} rows, {export['bytes'] / 2**20:.1f} MiB"
            )
            print(f"export_s={export['seconds']:.2f} peak_mb={export['peak_mb']:.0f}")
            return
        floor = {
            **floors[-1],
            "seconds": statistics.median(f["seconds"] for f in floors),
            "peak_mb": max(f["peak_mb"] for f in floors),
            "runs": [f["seconds"] for f in floors],
        }
    ratio = statistics.median(e / f for e, f in zip(export["runs"], floor["runs"], strict=True))
    cells = floor["cells"]
    runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(export["runs"], floor["runs"], strict=True))
    print(f"runs (export/floor): {runs}")
    print(
        f"export: {export['seconds']:.2f}s, peak {export['peak_mb']:.0f} MB "
        f"(process before it: {export['base_mb']:.0f} MB), {export['rows']} rows, "
        f"{export['bytes'] / 2**20:.1f} MiB, {cells / export['seconds']:,.0f} cells/s"
    )
    print(
        f"floor:  {floor['seconds']:.2f}s, peak {floor['peak_mb']:.0f} MB (holding the cells), "
        f"{floor['bytes'] / 2**20:.1f} MiB, {cells / floor['seconds']:,.0f} cells/s"
    )
    print(
        f"ratio={ratio:.2f} export_s={export['seconds']:.2f} floor_s={floor['seconds']:.2f} "
        f"peak_mb={export['peak_mb']:.0f} cells={cells}"
    )


if __name__ == "__main__":
    main()
