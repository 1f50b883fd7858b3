"""Giving job functions an application context wherever they run."""

from __future__ import annotations

import functools

from flask import has_app_context


def with_app_context(function):
    """Run inside the current app context (inline, tests, ``shura worker``) or a new one."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if has_app_context():
            return function(*args, **kwargs)
        from app import create_app

        with create_app().app_context():
            return function(*args, **kwargs)

    return wrapper
