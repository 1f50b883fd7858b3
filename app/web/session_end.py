"""When a session ends while someone fills a form: their input comes back, ready to send.

The page that says so carries everything that was posted as hidden fields, with a sign-in
form of its own, so that signing in again in the same tab sends the input on at once. Its
language buttons carry the input too. (With JavaScript, the form page also keeps unsaved
input in the tab's storage; see static/form.js.)

The questionnaire's pages call this themselves (they check their own CSRF token, so that an
expired one gives the input back too); every other form of a signed-in page comes here
through Flask-Login's unauthorised handler (``after_session_ended``).
"""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from app.core.i18n import _
from app.core.languages import LANGUAGES
from app.web.auth import WRONG_CREDENTIALS, start_session
from app.web.language import remember_language
from app.web.sessions import SIGNED_IN_AS
from app.web.sign_in import check_password, refusal_headers, refusal_message

#: fields of the session-ended page itself, never carried on
OWN_FIELDS = ("csrf_token", "resume_email", "resume_password", "switch_language")
#: the fields of its sign-in box, taken off the request before it goes on to its view
SIGN_IN_FIELDS = ("resume_email", "resume_password", "switch_language")


def answer_if_signed_out():
    """None when the request may go on to its view: someone is signed in, or the person
    whose session ended has just signed in again from the session-ended page's box.
    Otherwise the answer: that page (with the input, and why the sign-in failed), or, when
    someone else signed in there (a shared computer), their home page without sending on
    what the previous person typed."""
    if current_user.is_authenticated:
        return None
    email, password = request.form.get("resume_email"), request.form.get("resume_password")
    if not email or not password:
        return session_ended()
    checked = check_password(email, password)
    if checked.user is None:
        # session_ended() says why: a wrong password, or too many of them
        g.sign_in_refusal = checked.refusal
        return session_ended()
    previous = session.get(SIGNED_IN_AS)
    start_session(checked.user)
    if previous is not None and previous != checked.user.id:
        flash(
            str(
                _(
                    "You are signed in. What was on the previous page was typed in someone "
                    "else's session, so it was not sent."
                )
            ),
            "info",
        )
        return redirect(url_for("auth.index"))
    # The password typed in the box goes no further than here.
    request.form = ImmutableMultiDict(
        [(key, value) for key, value in request.form.items(multi=True) if key not in SIGN_IN_FIELDS]
    )
    return None


def after_session_ended():
    """A form posted to a page that needs a signed-in user, without one: signed in again from
    the session-ended page's box by the same person, the request goes through the checks it
    missed (a role's pages) and on to its view; otherwise ``answer_if_signed_out``'s answer."""
    answer = answer_if_signed_out()
    if answer is not None:
        return answer
    # Signed in now (answer_if_signed_out gives None only then): the checks do not come
    # back here.
    response = current_app.preprocess_request()
    return response if response is not None else current_app.dispatch_request()


def session_ended():
    """The page that keeps what was posted and asks to sign in again; its form posts to the
    address the input was sent to."""
    switch = request.form.get("switch_language")
    if switch in LANGUAGES:
        session["lang"] = switch
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in OWN_FIELDS]
    had_files = any(storage.filename for storage in request.files.values())
    tried = bool(request.form.get("resume_password")) and switch not in LANGUAGES
    refusal = g.get("sign_in_refusal") if tried else None
    error = None
    if refusal is not None:
        error = refusal_message(refusal)
    elif tried:
        error = WRONG_CREDENTIALS
    target = url_for(request.endpoint, **request.view_args)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    page = render_template(
        "submissions/session_ended.html",
        target=target,
        fields=fields,
        had_files=had_files,
        error=error,
        email=request.form.get("resume_email", ""),
    )
    response = make_response(page, 401 if refusal is None else 429)
    if refusal is not None:
        response.headers.update(refusal_headers(refusal))
    if switch in LANGUAGES:
        remember_language(response, switch)
    return response
