"""The served OpenAPI document is valid OpenAPI 3.1, covers every API route and declares every
parameter, body and answer a client generator needs."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete"}


def _document(client):
    return client.get("/api/openapi.json").get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, item, operation


def test_document_is_valid_openapi_3_1(client):
    spec = _document(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_api_route_is_documented(app, client):
    spec = _document(client)
    documented = {(path, method.upper()) for path, method, _, _ in _operations(spec)}
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint == "api-docs.openapi_json":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            if (path, method) not in documented:
                missing.append(f"{method} {path}")
    assert missing == []


def test_every_path_template_parameter_is_declared(client):
    spec = _document(client)
    undeclared = []
    for path, method, item, operation in _operations(spec):
        declared = {
            parameter["name"]
            for parameter in item.get("parameters", []) + operation.get("parameters", [])
            if parameter["in"] == "path"
        }
        for name in re.findall(r"{([^}]+)}", path):
            if name not in declared:
                undeclared.append(f"{method.upper()} {path}: {name}")
        for name in declared - set(re.findall(r"{([^}]+)}", path)):
            undeclared.append(f"{method.upper()} {path}: declares {name} it does not contain")
    assert undeclared == []


def test_every_success_answer_is_typed(client):
    spec = _document(client)
    untyped = []
    for path, method, _, operation in _operations(spec):
        if not any(status.startswith("2") for status in operation["responses"]):
            untyped.append(f"{method.upper()} {path}: no success answer")
        for status, response in operation["responses"].items():
            if not status.startswith("2") or status == "204":
                continue
            content = response.get("content") or {}
            if not content:
                untyped.append(f"{method.upper()} {path} {status}: no content")
            for media_type, body in content.items():
                schema = body.get("schema") or {}
                bare = schema.get("type") == "object" and not (
                    schema.get("properties") or schema.get("additionalProperties")
                )
                if not schema or bare:
                    untyped.append(f"{method.upper()} {path} {status} {media_type}: untyped")
    assert untyped == []


def test_errors_are_described_with_the_error_schema(client):
    spec = _document(client)
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert set(detail["properties"]) >= {"code", "message", "fields"}
    for path, method, _, operation in _operations(spec):
        assert "default" in operation["responses"], f"{method} {path}"
        if method != "get" or "requestBody" in operation:
            assert "400" in operation["responses"], f"{method} {path}"
        if "requestBody" in operation or operation.get("parameters"):
            assert "422" in operation["responses"], f"{method} {path}"
        if operation.get("security"):
            assert "401" in operation["responses"], f"{method} {path}"


def test_query_strings_are_declared(client):
    spec = _document(client)
    paths = spec["paths"]
    names = {p["name"] for p in paths["/api/doctors"]["get"]["parameters"]}
    assert {"q", "specialty", "city", "consultationType", "page", "pageSize"} <= names
    names = {p["name"] for p in paths["/api/appointments"]["get"]["parameters"]}
    assert {"scope", "status", "page", "pageSize"} <= names
    names = {p["name"] for p in paths["/api/doctors/{doctor_id}/slots"]["get"]["parameters"]}
    assert {"from", "to"} <= names


def test_uploads_are_multipart_bodies(client):
    paths = _document(client)["paths"]
    for path, field in [
        ("/api/profile/photo", "photo"),
        ("/api/records/{patient_id}/documents", "file"),
    ]:
        body = paths[path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
        if "$ref" in body:
            name = body["$ref"].split("/")[-1]
            body = _document(client)["components"]["schemas"][name]
        assert field in body["properties"], path


def test_contract_auth_paths_are_in_the_document(client):
    paths = _document(client)["paths"]
    for path, method in [
        ("/api/csrf", "get"),
        ("/api/register", "post"),
        ("/api/login", "post"),
        ("/api/logout", "post"),
        ("/api/user", "get"),
    ]:
        assert method in paths[path], path
    register = paths["/api/register"]["post"]
    assert "201" in register["responses"] and "422" in register["responses"]
    body = register["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Register"}
