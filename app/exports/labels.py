"""The words of the report that are not in any definition: sheet names and fixed columns.

Lazy messages, read in the export's language (the builder runs under ``force_locale``).
Each fixed column has a code too, on the codes row: ``_`` first, like KoboToolbox's
``_id`` and ``_submission_time``, so it cannot be taken for a question's code.
"""

from app.core.i18n import _

SHEETS = {
    "about": _("About"),
    "overview": _("Overview"),
    "satisfaction": _("Satisfaction"),
    "choices": _("Choices"),
    "before_after": _("Before and after"),
    "proposals": _("Proposals and recommendations"),
}

#: code -> header of the fixed columns
FIXED = {
    "_member_state": _("Member state"),
    "_iso2": _("ISO code"),
    "_region": _("Region"),
    "_meeting_date": _("Meeting (scheduled date)"),
    "_meeting_status": _("Meeting status"),
    "_reviewer": _("Reviewer"),
    "_submission_id": _("Submission"),
    "_state": _("State"),
    "_submitted": _("Submitted on"),
    "_approved": _("Approved on"),
    "_item": _("Item"),
    "_kind": _("Kind"),
    "_sector": _("Sector"),
    "_type": _("Type"),
    "_priority": _("Priority"),
    "_text": _("Text"),
    "_details": _("Details"),
    "_questionnaire": _("Questionnaire"),
}

#: kinds of entries in "Proposals and recommendations"
REPORT_KINDS = {
    "priority": _("Priority"),
    "proposal": _("Proposal"),
    "recommendation": _("Recommendation"),
    "action": _("Agreed action"),
}

NOT_STARTED = _("Not started")
QUESTION = _("Question")
CHOICE = _("Choice")
TOTAL = _("Answered")
OVERALL = _("Overall")
ANSWERS = _("Answers")
MEAN = _("Mean")
COUNT = _("Count")
PERCENT = _("Percent")
#: a point of a rating scale or a matrix's choice (Satisfaction, in a CSV file)
POINT = _("Scale point")
BEFORE = _("before")
AFTER = _("after")
CHANGE = _("change")
CHANGED = _("Changed")
UNCHANGED = _("Unchanged")


def fixed(*codes: str) -> tuple[list[str], list[str]]:
    """(headers, codes) of these fixed columns."""
    return [str(FIXED[code]) for code in codes], list(codes)
