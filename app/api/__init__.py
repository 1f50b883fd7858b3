"""The JSON API, ``/api/v1/``: the same services as the pages, for programs.

Resources are flask-smorest blueprints; their marshmallow schemas describe both the
validation of what comes in and the OpenAPI 3.1 document served at ``/api/v1/openapi.json``
(and read by people at ``/api/v1/docs``). Authentication is a personal bearer token
(``auth.py``); every refusal is a problem details document (``problems.py``).
"""

from __future__ import annotations

import http

from flask import Flask, render_template
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from .problems import PROBLEM_JSON
from .schemas import ProblemSchema

API_CONFIG = {
    "API_TITLE": "Shura",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}

BEARER = {"type": "http", "scheme": "bearer", "description": "A personal API token."}


class ShuraApi(Api):
    """flask-smorest's Api, with problem details as the documented error shape and without
    its app-wide JSON error handler: the pages keep their own error pages, and the API's
    blueprints register theirs (see ``blueprints.py``)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        pass

    def _register_responses(self):
        # As flask-smorest's own, but errors are documented as what they are:
        # application/problem+json.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error, as problem details.", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)


SPEC_OPTIONS = {
    "security": [{"bearerAuth": []}],
    "info": {
        "description": (
            "Consultations' data for programs (Power BI, Excel Power Query, a portal). "
            "Authenticate with a personal token: `Authorization: Bearer TOKEN`. "
            "Errors are RFC 9457 problem details."
        )
    },
}


def init_app(app: Flask) -> None:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    # One Api (and OpenAPI document) per application: tests build many apps in one process.
    api = ShuraApi(app, spec_kwargs=SPEC_OPTIONS)
    api.spec.components.security_scheme("bearerAuth", BEARER)

    from app.api import (
        actions,
        answers,
        consultations,
        definitions,
        exports,
        questionnaires,
        submissions,
    )

    for module in (
        exports,
        answers,
        actions,
        definitions,
        consultations,
        questionnaires,
        submissions,
    ):
        api.register_blueprint(module.blp)

    from app.api.token_commands import api_token

    app.cli.add_command(api_token)

    @app.get("/api/v1/docs")
    def api_docs():
        """The API's reference for people: every path, its parameters and responses."""
        return render_template("api/docs.html", spec=api.spec.to_dict())
