"""The OpenAPI document: generated from the code, valid OpenAPI 3.1, and true to the routes."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from tests.api.helpers import bearer, create_token


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on any violation of the 3.1 schema
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}]
    assert {"/api/v1/exports", "/api/v1/exports/{job_id}/file"} <= set(spec["paths"])


def test_the_document_lists_every_api_route(app, client):
    """Every route of an API resource is in the document, and nothing else."""
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {
        (re.sub(r"\{(\w+)\}", r"<\1>", path), method.upper())
        for path, operations in spec["paths"].items()
        for method in operations
        if method != "parameters"
    }
    resources = app.extensions["flask-smorest"]["blp_name_to_api"]
    served = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in resources
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served == documented


#: resources a role may not use at all (403); every other one serves each role in its scope
REFUSED_ROLES = {
    "/api/v1/exports": {"commission"},
    "/api/v1/definitions": {"commission", "reviewer"},
}


def test_every_documented_path_as_every_role(app, client, dummy_world):
    """No token: 401; a role the resource is not for: 403; otherwise an answer about the
    (missing) object or the empty request; never a 500, and every answer documented.

    Path parameters name nothing that exists (999), so no request changes anything."""
    spec = client.get("/api/v1/openapi.json").get_json()
    tokens = {
        role: create_token(app, email)
        for role, email in (
            ("commission", "focal.ma@test.org"),
            ("reviewer", "reviewer@test.org"),
            ("secretariat", "secretariat@test.org"),
        )
    }
    for path, operations in spec["paths"].items():
        url = re.sub(r"\{\w+\}", "999", path)
        refused = next(
            (roles for prefix, roles in REFUSED_ROLES.items() if path.startswith(prefix)), set()
        )
        for method in operations:
            if method == "parameters":
                continue
            call = getattr(client, method)
            documented = operations[method]["responses"]
            answers = [(call(url), 401)]
            for role, token in tokens.items():
                expected = 403 if role in refused else None
                answers.append((call(url, headers=bearer(token), json={}), expected))
            for answer, expected in answers:
                status = answer.status_code
                assert status == expected or (
                    expected is None and status in (200, 404, 409, 415, 422)
                ), (method, path, status)
                assert str(status) in documented, (method, path, status)
                if status >= 400:
                    assert (
                        "application/problem+json"
                        in spec["components"]["responses"][
                            documented[str(status)]["$ref"].rsplit("/", 1)[-1]
                        ]["content"]
                    ), (method, path, status)
                    assert answer.mimetype == "application/problem+json"


def test_the_reference_page_reads_the_document(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "POST /api/v1/exports" in html and "ExportRequest" in html
    assert "Authorization: Bearer TOKEN" in html


def test_every_readable_path_with_real_values(app, client, dummy_world):
    """Every GET path again, its parameters naming what exists (a draft of Morocco's): each
    role gets an answer the document lists, in the media type it lists, never a 500."""
    from app.consultations.models import Meeting
    from app.extensions import db
    from app.submissions.services import create_submission

    with app.app_context():
        meeting = db.session.get(Meeting, dummy_world["ma_meeting"])
        submission_id = create_submission(None, meeting, "pre_meeting").id
        db.session.commit()
    values = {
        "slug": "test-2021",
        "code": "pre_meeting",
        "number": "1",
        "submission_id": str(submission_id),
        "meeting_id": str(dummy_world["ma_meeting"]),
    }
    queries = {"/api/v1/submissions.csv": "?questionnaire=pre_meeting"}
    spec = client.get("/api/v1/openapi.json").get_json()
    tokens = {
        role: create_token(app, email)
        for role, email in (
            ("commission", "focal.ma@test.org"),
            ("other commission", "focal.sn@test.org"),
            ("reviewer", "reviewer@test.org"),
            ("secretariat", "secretariat@test.org"),
        )
    }
    statuses = set()
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], "999"), path) + queries.get(path, "")
        documented = operations["get"]["responses"]
        for role, token in tokens.items():
            with client.get(url, headers=bearer(token)) as answer:
                answer.get_data()  # a streamed body (CSV) is read to its end
            status = answer.status_code
            statuses.add((path, role, status))
            assert status < 500 and str(status) in documented, (path, role, status)
            listed = documented[str(status)]
            if "$ref" in listed:
                listed = spec["components"]["responses"][listed["$ref"].rsplit("/", 1)[-1]]
            assert answer.mimetype in listed.get("content", {}), (path, role, answer.mimetype)
    # The walk reached the objects: the draft is Morocco's and the secretariat's to read,
    # and no one else's.
    draft = "/api/v1/submissions/{submission_id}"
    assert {(role, status) for path, role, status in statuses if path == draft} == {
        ("commission", 200),
        ("other commission", 404),
        ("reviewer", 404),
        ("secretariat", 200),
    }
    assert ("/api/v1/submissions.csv", "secretariat", 200) in statuses
    assert ("/api/v1/consultations/{slug}/meetings", "commission", 200) in statuses
