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


def test_every_documented_path_as_every_role(app, client, dummy_world):
    """No token: 401; a role the resource is not for: 403; never a 500 or data."""
    spec = client.get("/api/v1/openapi.json").get_json()
    commission = create_token(app, "focal.ma@test.org")
    secretariat = create_token(app, "secretariat@test.org")
    for path, operations in spec["paths"].items():
        url = path.replace("{job_id}", "999")
        for method in operations:
            if method == "parameters":
                continue
            call = getattr(client, method)
            documented = operations[method]["responses"]
            for answer, expected in (
                (call(url), 401),
                (call(url, headers=bearer(commission)), 403),
                (call(url, headers=bearer(secretariat), json={}), None),
            ):
                status = answer.status_code
                assert status == expected or (expected is None and status in (200, 404, 422))
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
