"""The submission page, shared by the views that show it and those that come back to it.

It shows, for any role: the answers (a form, section by section, when the user may edit),
the actions the workflow opens, the latest comment and the history. Posted forms come back
with what was typed and their errors; nothing of it is lost on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import inspect
from sqlalchemy.orm.attributes import set_committed_value

from app.consultations.windows import describe as describe_window
from app.core.i18n import _
from app.core.time import utctoday
from app.questionnaires.logic import Scope, today_utc
from app.questionnaires.validation import validate_answers
from app.questionnaires.wtforms_builder import VERSION_FIELD, build_form_class, form_data
from app.submissions.comments import comments_by_path, comments_of, may_resolve
from app.submissions.history import (
    EDITED,
    answers_at,
    answers_saved_at,
    events_of,
    last_sent_back,
)
from app.submissions.services import (
    latest_comment,
    may_edit,
    offered_actions,
    upgrade_preview,
)
from app.users.focal_points import focal_point_of
from app.web.answer_changes import answer_changes
from app.web.drawn_questions import answers_digest, drawn_questions, kept_steps
from app.web.language import current_language
from app.web.layout import questionnaire_layout
from app.web.wtforms import ActionForm, Form

#: the value of ``section`` that shows every section on one page
ALL_SECTIONS = "all"


def _held_note(held, submission):
    """Why some actions are not offered: an editor of a commission sees no Submit button
    but learns who submits."""
    if not held:
        return None
    focal_point = focal_point_of(submission.commission_id)
    if focal_point is None or not focal_point.active:
        note = _(
            "Your commission has no focal point, so no one can submit its questionnaires "
            "yet: ask the secretariat to name one."
        )
    else:
        note = _(
            "%(name)s, your commission's focal point, submits its questionnaires: save your "
            "answers and tell them when they are ready.",
            name=focal_point.name,
        )
    return note


def answers_form(submission, formdata=None, section=None, *, fields=True):
    """The answers form: from the posted data, or filled with the saved answers; with a
    ``section``, its fields only (the page shows one section and posts no other); without
    ``fields``, the hidden fields alone (the questions are drawn already)."""
    definition = submission.definition
    sections = None if section is None else [section]
    if not fields:
        sections = []
    form_class = build_form_class(definition, current_language(), Form, sections)
    if formdata is not None:
        return form_class(formdata=formdata)
    form = form_class(formdata=None, data=form_data(definition, submission.answers or {}, sections))
    form[VERSION_FIELD].data = str(submission.version)
    return form


def draw_questions(
    definition, answers, form, *, section, steps, today, attachment_url, errors=None
) -> Markup:
    """The drawn part of the answers form (submissions/_questions.html): the section shown
    (None: all of them), the progress through the sections, the questions."""
    layout = questionnaire_layout(
        definition,
        answers,
        form=form,
        errors=errors or {},
        lang=current_language(),
        sections=None if section is None else [section],
        attachment_url=attachment_url,
        today=today,
    )
    shown, position = step_position(steps, section)
    template = current_app.jinja_env.get_template("submissions/_questions.html")
    return template.module.questions(definition, section, steps, shown, position, layout)


def step_position(steps, section) -> tuple[list, int | None]:
    """The steps of the sections shown (relevant), and the place among them of the one on
    the page (None when all are)."""
    shown = [step for step in steps if step.relevant]
    found = (n for n, step in enumerate(shown, start=1) if step.section is section)
    return shown, next(found, None) if section is not None else None


def chosen_section(definition, requested: str | None):
    """The section a page shows (None: all of them).

    One at a time by default when there are several, which keeps long questionnaires short
    to move through; "all" (remembered for the session) shows the whole form, as printing
    and searching in the page need.
    """
    if requested == ALL_SECTIONS:
        session["form_view"] = ALL_SECTIONS
        return None
    if requested:
        session.pop("form_view", None)
        found = definition.section(requested)
        if found is not None:
            return found
    if len(definition.sections) == 1 or session.get("form_view") == ALL_SECTIONS:
        return None
    return definition.sections[0]


@dataclass
class SectionStep:
    section: object
    number: int
    #: answers still needed to submit; errors in what is given
    missing: int
    wrong: int
    relevant: bool

    @property
    def complete(self) -> bool:
        return self.relevant and not self.missing and not self.wrong


def progress(definition, answers: dict, errors: dict, today=None) -> list[SectionStep]:
    """How far each section is from submittable, from the answers and the page's errors."""
    today = today or today_utc()
    needed = validate_answers(definition, answers, complete=True, today=today)
    steps = []
    top = Scope(definition, answers, answers, today=today)
    for number, section in enumerate(definition.sections, start=1):
        steps.append(
            SectionStep(
                section,
                number,
                missing=sum(1 for path in needed if definition.section_of(path) is section),
                wrong=sum(1 for path in errors if definition.section_of(path) is section),
                relevant=top.is_true(section.relevant, otherwise=True),
            )
        )
    return steps


def error_links(definition, errors: dict, shown_section, lang: str, submission_id: int):
    """(address, label, messages) for the error summary, each linking to its question."""
    links = []
    for path, messages in errors.items():
        section = definition.section_of(path)
        anchor = f"#q-{path}"
        if shown_section is not None and section is not None and section is not shown_section:
            anchor = (
                url_for("submissions.show", submission_id=submission_id, section=section.code)
                + anchor
            )
        links.append((anchor, definition.describe_path(path, lang), messages))
    return links


def load_history(submission) -> None:
    """The history the page reads, with its authors and question comments, where reading
    them entry by entry would take one or two queries per entry.

    Saves of answers are left out: the page lists the other events (the full history page
    lists every save), and what else it reads from the history (the latest comment, the
    last return, who moved it, the comments on questions) never comes from a save, while
    a draft autosaved for weeks holds hundreds of them. ``submission.history`` holds these
    events for the rest of the request, which ends with the page. The page's own query
    (``page_loads``) reads them with the submission; the comments on questions, which most
    submissions do not have, are then read apart when there are some."""
    unloaded = inspect(submission).unloaded
    if "history" in unloaded:
        history = events_of(submission.id, saves=False)
        set_committed_value(submission, "history", history)
        if "question_comments" in unloaded:
            # Every comment is made with an event of its own submission (``history_id`` is
            # required), so the events just read hold them all: no query of their own.
            comments = [comment for entry in history for comment in entry.question_comments]
            comments.sort(key=lambda comment: comment.id)
            set_committed_value(submission, "question_comments", comments)
        return
    if "question_comments" not in unloaded:
        return
    # Loaded with the page's figures, the submission says whether it has any comment.
    comments = comments_of(submission.id) if submission.loaded_comment_count != 0 else []
    made_with: dict[int, list] = {}
    for comment in comments:
        made_with.setdefault(comment.history_id, []).append(comment)
    for entry in submission.history:
        if "question_comments" in inspect(entry).unloaded:
            set_committed_value(entry, "question_comments", made_with.get(entry.id, []))
    set_committed_value(submission, "question_comments", comments)


@dataclass
class SentBack:
    """What changed since the submission was last given back to be changed."""

    entry: object
    changes: list


def changes_since_sent_back(submission, lang: str) -> SentBack | None:
    entry = last_sent_back(submission)
    if entry is None or entry.answers_version in (None, submission.answers_version):
        return None
    then = answers_at(submission, entry.answers_version)
    if then is None:
        return None
    changes = answer_changes(
        then.questionnaire_version.definition,
        then.answers or {},
        submission.definition,
        submission.answers or {},
        lang,
    )
    return SentBack(entry, changes)


def render_submission(
    submission,
    *,
    form=None,
    action_form=None,
    status: int = 200,
    message=None,
    errors: dict | None = None,
    posted: dict | None = None,
    section=False,
    question_comments: dict | None = None,
):
    """The page for any role; ``form``, ``action_form`` and ``question_comments`` (the
    comments on questions typed with an action) carry posted input back.

    ``posted`` are the answers the user just sent (they decide what is shown when the page
    comes back with errors). Posted forms keep the version they were loaded with, so a later
    save still detects another change; only after a conflict (409) do they take the current
    version, once the saved state has been shown.
    """
    lang = current_language()
    definition = submission.definition
    editable = may_edit(current_user, submission)
    errors = errors or {}
    load_history(submission)
    if section is False:
        section = chosen_section(definition, request.args.get("section"))
    # The comment boxes beside each answer are read by the macros (see helpers.py).
    g.question_comments = comments = comments_by_path(submission)
    today = utctoday()
    answers = posted if posted is not None else (submission.answers or {})

    def attachment_url(attachment_id):
        return url_for(
            "submissions.attachment", submission_id=submission.id, attachment_id=attachment_id
        )

    offered = offered_actions(current_user, submission, today)
    actions, window = offered.actions, offered.window
    held_note = _held_note(offered.held, submission)
    held_note = str(held_note) if held_note is not None else None
    # As text once: a template would translate a lazy message on each look at it.
    window_note = str(describe_window(window, today)) if window is not None else None
    comment_for = [action.label.get(lang) for _, action in actions if "comment" in action.requires]
    examining = bool(actions) and not editable
    g.comment_inputs = examining
    g.posted_question_comments = question_comments or {}
    g.may_resolve = may_resolve(current_user, submission)
    # The actions' own form is for those who examine the answers; whoever edits them acts
    # with the answers form's buttons.
    if (action_form is None and not editable) or (action_form is not None and status == 409):
        action_form = action_form or ActionForm(formdata=None)
        action_form.loaded_version.data = str(submission.version)

    layout = questions = None
    if not editable:
        layout = questionnaire_layout(
            definition, answers, errors=errors, lang=lang, attachment_url=attachment_url
        )
        steps = []
    elif form is None and posted is None and not (errors or question_comments or comments):
        # The questions as saved, with nothing of the page's own beside them, are drawn
        # once for these answers (drawn_questions.py); the form then carries only the
        # page's hidden fields.
        digest = answers_digest(answers)
        steps = kept_steps(
            definition, digest, today, lambda: progress(definition, answers, {}, today)
        )
        questions = drawn_questions(
            definition,
            digest,
            today=today,
            section=section,
            submission_id=submission.id,
            draw=lambda: draw_questions(
                definition,
                answers,
                answers_form(submission, section=section),
                section=section,
                steps=steps,
                today=today,
                attachment_url=attachment_url,
            ),
        )
        form = answers_form(submission, section=section, fields=False)
    else:
        if form is None:
            form = answers_form(submission, section=section)
        elif status == 409:
            form[VERSION_FIELD].data = str(submission.version)
        steps = progress(definition, answers, errors, today)
        questions = draw_questions(
            definition,
            answers,
            form,
            section=section,
            steps=steps,
            today=today,
            attachment_url=attachment_url,
            errors=errors,
        )
    shown_steps, position = step_position(steps, section)
    saved_layout = None
    if status == 409 and form is not None:
        saved_layout = questionnaire_layout(
            definition, submission.answers or {}, lang=lang, attachment_url=attachment_url
        )
    return (
        render_template(
            "submissions/page.html",
            submission=submission,
            definition=definition,
            workflow=submission.workflow,
            editable=editable,
            form=form if editable else None,
            layout=layout,
            questions=questions,
            saved_layout=saved_layout,
            section=section,
            shown_steps=shown_steps,
            position=position,
            action_form=action_form,
            actions=actions,
            comment_for=comment_for,
            comment=latest_comment(submission),
            examining=examining,
            window=window,
            window_note=window_note,
            held_note=held_note,
            last_saved=answers_saved_at(submission) if editable else None,
            posted_question_comments=question_comments or {},
            changes=changes_since_sent_back(submission, lang) if not editable else None,
            events=[entry for entry in submission.history if entry.action != EDITED],
            message=message,
            error_links=error_links(definition, errors, section, lang, submission.id),
            upgrade=upgrade_preview(submission) if editable else None,
            attachments=[] if submission.loaded_attachment_count == 0 else submission.attachments,
        ),
        status,
    )
