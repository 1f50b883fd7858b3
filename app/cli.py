"""The ``shura`` command group: a Flask command group built on ``create_app``."""

from __future__ import annotations

import copy
import functools
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, run_command, with_appcontext
from sqlalchemy import select

from app.config import ConfigurationError
from app.core.definition_files import DefinitionError
from app.core.errors import DomainError
from app.core.i18n import _, ngettext
from app.core.languages import LANGUAGES
from app.exports.options import MODES, WORKBOOK
from app.extensions import db, refresh_planner_statistics
from app.users.operator import COMMAND_LINE


def _cli_app():
    # Lenient: `shura definitions check` must be able to report a broken file; commands that
    # serve or write refuse to go on while one is broken (see require_valid_definitions).
    # Likewise demo accounts in a production database: every command that writes refuses
    # (see checked_before_writing), the read-only ones still run to look into it.
    from app import create_app

    return create_app({"DEFINITIONS_STRICT": False, "DEMO_ACCOUNTS_STRICT": False})


#: commands that change nothing, in the database or in a file: they run on a production
#: instance that the other commands refuse, to find out what is wrong with it. A command
#: not named here, including every new one, gets the production checks before it runs.
READ_ONLY_COMMANDS = frozenset(
    {
        "routes",
        "definitions check",
        "workflows graph",
        "expressions eval",
        "api-token list",
        "openapi print",
        "openapi list-config-prefixes",
        "db branches",
        "db check",
        "db current",
        "db heads",
        "db history",
        "db list-templates",
        "db show",
    }
)


def refuse_unsafe_production() -> None:
    """The start-up refusals, again before a command that writes: a database may have
    gained demo accounts since the server or this command started."""
    from app.users.accounts import refuse_demo_accounts

    app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    if app.config["SHURA_ENV"] != "production":
        return
    try:
        refuse_demo_accounts(app)
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None


def checked_before_writing(command: click.Command, path: str) -> click.Command:
    """``command`` (named ``path``, e.g. ``definitions sync``) as it runs from the command
    line: unless it is read-only, the production checks run first. A group's commands are
    checked as they are looked up, so that a group's new command is covered too."""
    if isinstance(command, click.Group):
        group = copy.copy(command)
        look_up = command.get_command

        def get_command(ctx, name):
            found = look_up(ctx, name)
            return None if found is None else checked_before_writing(found, f"{path} {name}")

        group.get_command = get_command
        return group
    if path in READ_ONLY_COMMANDS or command.callback is None:
        return command
    checked = copy.copy(command)
    callback = command.callback

    @functools.wraps(callback)
    def run_checked(*args, **kwargs):
        refuse_unsafe_production()
        return callback(*args, **kwargs)

    run_checked.checks_production = True  # what tests/test_cli.py looks for
    checked.callback = run_checked
    return checked


class ShuraGroup(FlaskGroup):
    """Flask's command group, with the production checks before every command that writes
    (Flask's own, Flask-Migrate's ``db``, Shura's: all are looked up here)."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        return None if command is None else checked_before_writing(command, name)


def require_valid_definitions() -> None:
    problems = current_app.extensions.get("shura.definition_problems") or []
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            str(
                ngettext(
                    "%(num)d problem in the definition files; fix it first "
                    "(`shura definitions check` lists it).",
                    "%(num)d problems in the definition files; fix them first "
                    "(`shura definitions check` lists them).",
                    len(problems),
                )
            )
        )


@click.command("run", help=run_command.help, context_settings=run_command.context_settings)
@click.pass_context
def checked_run(ctx, **options):
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        require_valid_definitions()
    return ctx.invoke(run_command, **options)


checked_run.params = list(run_command.params)

cli = ShuraGroup(
    create_app=_cli_app,
    add_default_commands=True,
    load_dotenv=False,
    help="Shura: questionnaires, review workflows and workbooks for consultations.",
)
cli.add_command(checked_run, "run")

expressions = click.Group(
    "expressions", help="Try the expression language of questionnaires (relevant, ...)."
)
cli.add_command(expressions)


@expressions.command("eval")
def expressions_eval():
    """Evaluate JSON lines from standard input, one JSON result line each.

    Each input line is {"expr": ..., "answers": {...}, "current": ...}, answers in their stored
    shape and current the value of '.'; optional "context" ([["repeat", 2]]: the second item
    of a repeat) and "choice" (the columns of a choice, for choice filters). Each output line is
    {"value": ...} or {"error": "..."}. Needs no database.
    """
    import json

    from app.questionnaires.expressions.jsonlines import evaluate_line

    for line in sys.stdin:
        if line.strip():
            click.echo(json.dumps(evaluate_line(line), ensure_ascii=False))


def main() -> None:
    try:
        cli.main(prog_name="shura")
    except (ConfigurationError, DefinitionError) as error:
        click.echo(str(_("Error: %(error)s", error=error)), err=True)
        sys.exit(1)


definitions = click.Group("definitions", help="Check and store questionnaire and workflow files.")


@definitions.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@with_appcontext
def definitions_check(files):
    """Check definition files; print each problem as file:line: key: what is wrong."""
    from app.consultations.definitions import check_file, load_definitions

    forms_dir = Path(current_app.config["FORMS_DIR"])
    workflows_dir = Path(current_app.config["WORKFLOWS_DIR"])
    warnings: list = []
    if files:
        checked = [check_file(path, workflows_dir, warnings) for path in files]
        ok = [(name, code) for name, code, _ in checked if code]
        problems = [problem for _, _, found in checked for problem in found]
    else:
        loaded = load_definitions(forms_dir, workflows_dir)
        problems, warnings = loaded.problems, loaded.warnings
        ok = [
            (name, code)
            for code, (_, name) in {**loaded.questionnaires, **loaded.workflows}.items()
        ]
    for name, code in ok:
        click.echo(f"{name}: {code}: ok")
    for warning in warnings:
        click.echo(str(_("warning: %(problem)s", problem=warning)), err=True)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.exceptions.Exit(1)


@definitions.command("sync")
@with_appcontext
def definitions_sync():
    """Store each changed definition as a new immutable version."""
    from app.consultations.definitions import sync_definitions

    try:
        report = sync_definitions(
            Path(current_app.config["FORMS_DIR"]), Path(current_app.config["WORKFLOWS_DIR"])
        )
    except DefinitionError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from None
    db.session.commit()
    for line in report:
        click.echo(line)


@definitions.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--code", help="The questionnaire's code (default: the XLSForm's form_id).")
@click.option("--replace", is_flag=True, help="Replace the questionnaire of the same code.")
@with_appcontext
def definitions_import(file, code, replace):
    """Read an XLSForm (.xlsx) into a questionnaire file of the forms folder."""
    from app.consultations.definitions import display_path, lock_publishing
    from app.questionnaires.xlsform.forms_folder import import_xlsform

    name = display_path(file)
    if not file.is_file():
        click.echo(f"{name}: {_('no such file')}", err=True)
        raise click.exceptions.Exit(1)
    forms_dir = Path(current_app.config["FORMS_DIR"])
    lock_publishing()  # no upload writes into the folder meanwhile
    outcome = import_xlsform(file, forms_dir, code=code, replace=replace, display_name=name)
    for notice in outcome.read.notices:
        click.echo(str(_("note: %(message)s", message=notice)), err=True)
    problems = outcome.all_problems
    if problems:
        for problem in problems:
            click.echo(
                str(problem) if hasattr(problem, "where") else f"{name}: {problem}", err=True
            )
        click.echo(
            str(
                ngettext(
                    "Nothing was written: %(num)d problem.",
                    "Nothing was written: %(num)d problems.",
                    len(problems),
                )
            ),
            err=True,
        )
        raise click.exceptions.Exit(1)
    definition = outcome.read.definition
    click.echo(
        str(
            ngettext(
                "%(file)s: questionnaire %(code)s written, %(num)d question.",
                "%(file)s: questionnaire %(code)s written, %(num)d questions.",
                sum(
                    1
                    for node in definition.nodes
                    if node.kind.answers and not node.kind.holds_items
                ),
                file=display_path(outcome.written),
                code=definition.code,
            )
        )
    )
    click.echo(str(_("Run `shura definitions sync` to publish it.")))


@definitions.command("export")
@click.argument("code")
@click.option(
    "--xlsform",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The XLSForm file (.xlsx) to write.",
)
@click.option("--replace", is_flag=True, help="Write over an existing file.")
@with_appcontext
def definitions_export(code, out, replace):
    """Write a questionnaire of the forms folder as an XLSForm."""
    from app.consultations.definitions import display_path, load_definitions
    from app.questionnaires.xlsform.forms_folder import ExportError, export_problem, export_xlsform

    folders = [Path(current_app.config["FORMS_DIR"]), Path(current_app.config["WORKFLOWS_DIR"])]
    refused = export_problem(out, folders, replace)
    if refused is not None:
        click.echo(f"{display_path(out)}: {refused}", err=True)
        raise click.exceptions.Exit(1)
    loaded = load_definitions(*folders)
    if code not in loaded.questionnaires:
        for problem in loaded.problems:
            click.echo(str(problem), err=True)
        known = ", ".join(sorted(loaded.questionnaires)) or "-"
        click.echo(
            str(
                _(
                    "There is no questionnaire %(code)s (there are: %(known)s).",
                    code=code,
                    known=known,
                )
            ),
            err=True,
        )
        raise click.exceptions.Exit(1)
    definition, _name = loaded.questionnaires[code]
    try:
        export_xlsform(definition, out)
    except ExportError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(str(_("%(file)s: XLSForm of %(code)s written.", file=display_path(out), code=code)))


workflows = click.Group("workflows", help="Read the review workflows.")


@workflows.command("graph")
@click.argument("code")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", help="Language of the labels.")
@with_appcontext
def workflows_graph(code, lang):
    """Print a workflow as a Mermaid state diagram (paste it into any Mermaid viewer)."""
    from app.consultations.definitions import load_definitions
    from app.workflows.graph import mermaid

    loaded = load_definitions(
        Path(current_app.config["FORMS_DIR"]), Path(current_app.config["WORKFLOWS_DIR"])
    )
    if code not in loaded.workflows:
        known = ", ".join(sorted(loaded.workflows)) or "-"
        click.echo(
            str(_("There is no workflow %(code)s (there are: %(known)s).", code=code, known=known)),
            err=True,
        )
        raise click.exceptions.Exit(1)
    click.echo(mermaid(loaded.workflows[code][0], lang), nl=False)


@click.command("seed-demo")
@click.option(
    "--submissions",
    "count",
    default=120,
    show_default=True,
    type=click.IntRange(0),
    help="How many generated submissions should exist.",
)
@with_appcontext
def seed_demo(count):
    """Create demo commissions, a consultation, accounts and submissions (idempotent;
    refused under SHURA_ENV=production)."""
    from app.demo import refuse_in_production

    try:
        refuse_in_production()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    require_valid_definitions()
    from app.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed

    report = seed(count)
    db.session.commit()
    refresh_planner_statistics()
    click.echo(report.summary())
    click.echo(str(_("Demo accounts (password for all: %(password)s):", password=DEMO_PASSWORD)))
    for email, role, note in DEMO_ACCOUNTS:
        click.echo(f"  {email:32} {role:12} {note}")


#: the option an OptionError names -> the flag of export-workbook that sets it
EXPORT_OPTION_FLAGS = {
    "states": "--state",
    "regions": "--region",
    "commission_ids": "--commission",
    "meetings_from": "--from",
    "meetings_to": "--to",
    "headers": "--codes-only",
    "consultation_id": "--consultation",
}


@click.command("export-workbook")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the file (.xlsx, or .zip for --mode commissions, sectors, csv).",
)
@click.option("--consultation", "slug", help="Consultation slug (default: the only one).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default=WORKBOOK,
    show_default=True,
    help="One workbook; a zip of one workbook per commission, or per sector; a zip of CSV files.",
)
@click.option(
    "--state",
    "states",
    multiple=True,
    help="A state to include (repeat for several); default: the approved (reported) states.",
)
@click.option(
    "--commission",
    "commissions",
    multiple=True,
    help="A commission's ISO code (repeat for several); default: all.",
)
@click.option("--region", "regions", multiple=True, help="A region code (repeat for several).")
@click.option(
    "--from", "meetings_from", type=click.DateTime(["%Y-%m-%d"]), help="Meetings on or after."
)
@click.option(
    "--to", "meetings_to", type=click.DateTime(["%Y-%m-%d"]), help="Meetings on or before."
)
@click.option("--codes-only", is_flag=True, help="Headers as question codes only, no labels.")
@click.option(
    "--as",
    "email",
    metavar="EMAIL",
    help="Ask for it as this person, with their rights, as a job on the exports queue (shown "
    "on their Workbooks page, reused while nothing changed); the command follows its "
    "progress, and Ctrl+C cancels it. Without it: built here, as the operator.",
)
@with_appcontext
def export_workbook(
    out,
    slug,
    lang,
    mode,
    states,
    commissions,
    regions,
    meetings_from,
    meetings_to,
    codes_only,
    email,
):
    """Write the integrated report (approved answers by default) to a file."""
    from app.exports.options import CODES_ONLY, LABELS_AND_CODES, ExportOptions, OptionError
    from app.exports.report import build_export
    from app.exports.validation import check_options, commission_ids
    from app.users.accounts import find_user_by_email

    actor = COMMAND_LINE
    if email:
        actor = find_user_by_email(email)
        if actor is None:
            raise click.BadParameter(
                str(_("No account with the address %(email)s.", email=email)), param_hint="--as"
            )
    consultation = _consultation_named(slug)
    # Checked before anything is written: a typo is refused, not turned into an empty file.
    try:
        options = ExportOptions(
            consultation_id=consultation.id,
            lang=lang,
            mode=mode,
            states=tuple(states),
            commission_ids=commission_ids(commissions, actor),
            regions=tuple(regions),
            meetings_from=meetings_from.date() if meetings_from else None,
            meetings_to=meetings_to.date() if meetings_to else None,
            headers=CODES_ONLY if codes_only else LABELS_AND_CODES,
        )
        check_options(options, actor)
    except OptionError as error:
        hint = EXPORT_OPTION_FLAGS.get(error.field, f"--{error.field}")
        raise click.BadParameter(str(error), param_hint=hint) from None
    if not out.parent.is_dir():
        raise click.BadParameter(
            str(_("There is no folder %(folder)s.", folder=out.parent)), param_hint="--out"
        )
    if out.suffix.lower() != f".{options.extension}":
        raise click.BadParameter(
            str(
                _(
                    "This mode writes a .%(extension)s file: name it so (e.g. %(name)s).",
                    extension=options.extension,
                    name=out.with_suffix(f".{options.extension}").name,
                )
            ),
            param_hint="--out",
        )
    if email:
        rows = _export_as_job(actor, options, out)
    else:
        rows = build_export(options, COMMAND_LINE, out).rows
    click.echo(
        str(
            ngettext(
                "Wrote %(file)s: %(num)d submission.",
                "Wrote %(file)s: %(num)d submissions.",
                rows,
                file=out,
            )
        )
    )


#: seconds a job may wait in the queue before the command asks whether a worker runs
NO_WORKER_HINT_AFTER = 15


def _export_as_job(actor, options, out: Path) -> int:
    """Ask for the export as ``actor`` (a job, as from the page), follow it to its end and
    copy its file to ``out``; the number of submissions in it."""
    import shutil
    import time

    from app.jobs.exports import cancel_export, export_file, notice_lost_exports, request_export
    from app.jobs.models import QUEUED, ExportJob

    try:
        job = request_export(actor, options)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    job_id, said, waited, reused = job.id, None, 0, job.reused
    if reused:
        click.echo(str(_("The same export, of unchanged data, is reused (job %(id)d).", id=job_id)))
    try:
        while not job.done:
            line = str(
                _(
                    "Job %(id)d: %(status)s, %(done)s of %(total)s rows",
                    id=job_id,
                    status=job.status,
                    done=job.rows_done,
                    total=job.rows_total,
                )
            )
            if line != said:
                click.echo(line, err=True)
                said = line
            time.sleep(1)
            waited += 1
            if waited == NO_WORKER_HINT_AFTER and job.status == QUEUED:
                click.echo(
                    str(_("No worker has taken it yet: is `shura worker` running?")), err=True
                )
            db.session.expire_all()
            job = db.session.get(ExportJob, job_id)
            notice_lost_exports([job])  # a worker that died fails the job, not this wait
            db.session.commit()
    except KeyboardInterrupt:
        db.session.rollback()  # the interrupt may have come in the middle of a statement
        if reused:  # someone else's request (the page, the API): theirs to stop, not ours
            raise click.ClickException(
                str(_("Stopped following job %(id)d; it goes on.", id=job_id))
            ) from None
        cancel_export(db.session.get(ExportJob, job_id))
        raise click.ClickException(str(_("Cancelled: job %(id)d stops.", id=job_id))) from None
    path = export_file(job) if job.finished else None
    if path is None:
        reason = job.message or str(_("The workbook could not be built."))
        raise click.ClickException(str(_("Job %(id)d: %(reason)s", id=job_id, reason=reason)))
    shutil.copyfile(path, out)
    return job.row_count or 0


def _consultation_named(slug):
    from app.consultations.models import Consultation

    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
    if slug:
        chosen = [c for c in consultations if c.slug == slug]
    else:
        chosen = consultations if len(consultations) == 1 else []
    if not chosen:
        slugs = ", ".join(c.slug for c in consultations) or "none yet"
        raise click.UsageError(
            str(_("Name a consultation with --consultation (known: %(slugs)s).", slugs=slugs))
        )
    return chosen[0]


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--queue", "queues", multiple=True, help="Queue names (default: all).")
@with_appcontext
def worker(burst, queues):
    """Run an RQ worker for Shura's queues (needs REDIS_URL)."""
    require_valid_definitions()
    from rq import Queue

    from app.extensions import redis_connection
    from app.jobs.queue import QUEUES
    from app.jobs.worker import REDIS_LOST, ShuraWorker, keep_working

    connection = redis_connection()
    if connection is None:
        raise click.UsageError(
            str(_("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."))
        )
    names = queues or QUEUES
    from app.jobs.notifications import schedule_reminders

    def make_worker():
        return ShuraWorker(
            [Queue(name, connection=connection) for name in names],
            connection=connection,
            on_register=None if burst else schedule_reminders,
        )

    # Each worker also runs RQ's scheduler (the next reminders run is booked on it whenever
    # the worker registers; of several workers, one at a time holds the scheduler's lock).
    # Redis going away does not end the command: it connects again and registers a new
    # worker (see keep_working), or the same one again if Redis came back empty unnoticed.
    try:
        keep_working(make_worker, burst=burst)
    except REDIS_LOST as error:  # --burst only: a worker that runs on keeps trying
        raise click.ClickException(
            str(_("Redis cannot be reached: %(error)s", error=error))
        ) from None


@click.command("reminders")
@with_appcontext
def reminders_command():
    """Queue the reminders due today and deliver the outbox (the worker does it hourly)."""
    from app.jobs.notifications import run_reminders

    result = run_reminders(schedule_next=False)
    click.echo(
        str(
            _(
                "Reminders: %(due)s before a due date, %(overdue)s overdue, %(review)s to "
                "reviewers; %(delivered)s e-mails delivered.",
                due=result["due_soon"],
                overdue=result["overdue"],
                review=result["review"],
                delivered=result["delivered"],
            )
        )
    )


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["commission", "reviewer", "secretariat"]))
@click.option("--commission", "iso2", help="ISO code of the commission (role commission).")
@click.option("--language", type=click.Choice(LANGUAGES), default="en")
@click.option(
    "--focal-point/--editor",
    default=None,
    help="For a commission's user: the one who submits (the default for its first user; "
    "given to another, the role moves), or an editor who fills in and saves.",
)
@click.password_option()
@with_appcontext
def create_user_command(email, name, role, iso2, language, focal_point, password):
    """Create an account with a password (the secretariat can also invite people in the
    app, under People)."""
    from app.users.accounts import create_user

    try:
        user = create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            commission_iso2=iso2,
            language=language,
            focal_point=focal_point,
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(str(_("Created %(email)s (%(role)s).", email=user.email, role=user.role)))
    if user.is_focal_point:
        click.echo(str(_("%(email)s is the focal point of its commission.", email=user.email)))


@click.command("assign-reviewer")
@click.argument("email")
@click.argument("iso_codes", nargs=-1)
@click.option("--all", "all_commissions", is_flag=True, help="Assign every commission.")
@with_appcontext
def assign_reviewer(email, iso_codes, all_commissions):
    """Let a reviewer review the given commissions (ISO codes)."""
    from app.users.accounts import assign_commissions

    try:
        count = assign_commissions(email, None if all_commissions else list(iso_codes))
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        str(
            ngettext(
                "%(email)s now reviews %(num)d commission.",
                "%(email)s now reviews %(num)d commissions.",
                count,
                email=email,
            )
        )
    )


@click.command("import-commissions")
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_commissions(roster):
    """Create or update commissions from a CSV (iso2, region, name_en, name_fr, name_ar)."""
    from app.users.commissions import import_roster

    try:
        created, updated = import_roster(roster)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    refresh_planner_statistics()
    click.echo(
        str(
            _(
                "Commissions: %(created)s created, %(updated)s updated.",
                created=created,
                updated=updated,
            )
        )
    )


@click.command("create-consultation")
@click.option("--slug", required=True, help="Short name used in URLs and commands.")
@click.option("--title-en", required=True)
@click.option("--title-fr", required=True)
@click.option("--title-ar", required=True)
@click.option(
    "--workflow",
    "workflow_code",
    default="commission_review",
    show_default=True,
    help="The workflow the questionnaires follow, unless --questionnaire-workflow says another.",
)
@click.option("--before", multiple=True, help="Questionnaire code asked before each meeting.")
@click.option("--after", multiple=True, help="Questionnaire code asked after each meeting.")
@click.option(
    "--questionnaire-workflow",
    "questionnaire_workflows",
    multiple=True,
    metavar="QUESTIONNAIRE=WORKFLOW",
    help="Another workflow for one questionnaire, e.g. post_meeting=two_step_review.",
)
@with_appcontext
def create_consultation_command(
    slug, title_en, title_fr, title_ar, workflow_code, before, after, questionnaire_workflows
):
    """Create a consultation and the questionnaires it asks for."""
    from app.consultations.services import create_consultation

    workflows = {}
    for pair in questionnaire_workflows:
        questionnaire, _sep, workflow = pair.partition("=")
        if not questionnaire.strip() or not workflow.strip():
            raise click.BadParameter(
                str(_("write QUESTIONNAIRE=WORKFLOW, e.g. post_meeting=two_step_review")),
                param_hint="--questionnaire-workflow",
            )
        workflows[questionnaire.strip()] = workflow.strip()
    try:
        consultation = create_consultation(
            slug=slug,
            titles={"en": title_en, "fr": title_fr, "ar": title_ar},
            workflow_code=workflow_code,
            before=list(before),
            after=list(after),
            workflows=workflows,
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(str(_("Created consultation %(slug)s.", slug=consultation.slug)))


@click.command("add-meeting")
@click.option("--consultation", "slug", required=True)
@click.option("--commission", "iso2", required=True, help="ISO code of the member state.")
@click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@with_appcontext
def add_meeting_command(slug, iso2, date):
    """Plan a bilateral meeting with a commission (YYYY-MM-DD)."""
    from app.consultations.services import add_meeting

    try:
        meeting, created = add_meeting(slug, iso2, date.date())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    name, date = meeting.commission.name_en, meeting.meeting_date
    if created:
        click.echo(str(_("Meeting with %(name)s on %(date)s planned.", name=name, date=date)))
    else:
        click.echo(
            str(_("Meeting with %(name)s on %(date)s was already planned.", name=name, date=date))
        )


def init_app(app) -> None:
    app.cli.add_command(definitions)
    app.cli.add_command(workflows)
    for command in (
        seed_demo,
        export_workbook,
        worker,
        create_user_command,
        assign_reviewer,
        import_commissions,
        create_consultation_command,
        add_meeting_command,
        reminders_command,
    ):
        app.cli.add_command(command)
