"""The reviewer's queue."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from app.core.time import utctoday
from app.submissions.review_queue import review_queue
from app.users.roles import REVIEWER
from app.web.access import restrict_to

bp = Blueprint("review", __name__, url_prefix="/review")
restrict_to(bp, REVIEWER)


@bp.route("/")
def queue():
    """What waits for the reviewer, most overdue first (or everything they may see)."""
    show_all = request.args.get("show") == "all"
    waiting = review_queue(current_user, everything=show_all)
    return render_template(
        "review/queue.html", waiting=waiting, show_all=show_all, today=utctoday()
    )
