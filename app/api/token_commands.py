"""``shura api-token``: an administrator makes and revokes a person's API tokens.

People make their own under *API tokens* in the app; these commands serve set-up scripts
(a reporting server's token made at deployment). The token is printed once, alone on the
last line, so a script can take it with ``tail -n 1``.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.errors import DomainError, ValidationFailed
from app.core.i18n import _, ngettext
from app.core.time import utcnow
from app.extensions import db
from app.users.accounts import find_user_by_email
from app.users.api_tokens import (
    DEFAULT_DAYS,
    create_api_token,
    revoke_all_api_tokens,
    revoke_api_token,
    tokens_of,
)

api_token = click.Group("api-token", help="Make, list and revoke personal API tokens.")


def _user(email: str):
    user = find_user_by_email(email)
    if user is None:
        raise click.BadParameter(
            str(_("No account with the address %(email)s.", email=email)), param_hint="--email"
        )
    return user


def _refused(error: DomainError) -> click.ClickException:
    lines = [str(error)]
    for field, messages in getattr(error, "errors", {}).items():
        lines += [f"  --{field}: {message}" for message in messages]
    return click.ClickException("\n".join(lines))


@api_token.command("create")
@click.option("--email", required=True, help="Whose token: it acts with their rights.")
@click.option(
    "--days", type=int, default=DEFAULT_DAYS, show_default=True, help="Days until it expires."
)
@click.option("--name", default="command line", show_default=True, help="What it is for.")
@with_appcontext
def create(email, days, name):
    """Make a token for a person and print it (once: only its hash is kept)."""
    user = _user(email)
    try:
        row, token = create_api_token(user, name, days=days, now=utcnow())
    except ValidationFailed as error:
        raise _refused(error) from None
    db.session.commit()
    click.echo(
        str(
            _(
                "Token %(id)d for %(email)s, valid until %(date)s UTC. Keep it secret: it is "
                "shown only now.",
                id=row.id,
                email=user.email,
                date=row.expires_at.strftime("%Y-%m-%d %H:%M"),
            )
        )
    )
    click.echo(token)


@api_token.command("list")
@click.option("--email", required=True)
@with_appcontext
def list_tokens(email):
    """A person's tokens: number, name, start, expiry, last use, revocation."""
    now = utcnow()
    for row in tokens_of(_user(email)):
        if row.revoked_at:
            state = str(_("revoked %(date)s", date=row.revoked_at.strftime("%Y-%m-%d")))
        elif row.expires_at <= now:
            state = str(_("expired"))
        else:
            state = str(_("valid until %(date)s", date=row.expires_at.strftime("%Y-%m-%d")))
        used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "-"
        click.echo(f"{row.id:>5}  {row.shown}…  {row.name:30}  {state:28}  {used}")


@api_token.command("revoke")
@click.argument("token_id", type=int, required=False)
@click.option("--email", required=True, help="Whose token.")
@click.option("--all", "every", is_flag=True, help="Every token of this person.")
@with_appcontext
def revoke(token_id, email, every):
    """Revoke one token (by its number, see `list`) or, with --all, all of a person's."""
    user = _user(email)
    if every == (token_id is not None):
        raise click.UsageError(str(_("Give a token's number, or --all.")))
    try:
        if every:
            count = revoke_all_api_tokens(user, now=utcnow())
        else:
            revoke_api_token(user, token_id, now=utcnow())
            count = 1
    except DomainError as error:
        raise _refused(error) from None
    db.session.commit()
    click.echo(str(ngettext("%(num)d token revoked.", "%(num)d tokens revoked.", count)))
