"""A liveness check for load balancers and process managers: answers without a session or
the database, so it says the web process serves requests, nothing more. The page benchmark
uses it as its floor."""

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
