"""Access checks for views: roles decide which pages a user may open at all."""

from flask import Blueprint, abort
from flask_login import current_user, login_required


def restrict_to(blueprint: Blueprint, *roles: str) -> None:
    """Every page of ``blueprint``: anonymous users sign in first, other roles get 403."""

    @blueprint.before_request
    @login_required
    def check_role():
        if current_user.role not in roles:
            abort(403)
