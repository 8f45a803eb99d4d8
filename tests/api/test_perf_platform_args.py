"""The API's argument schemas are made once, when the routes are declared, not per request."""

from __future__ import annotations

from flask import Flask
from marshmallow import Schema


def test_argument_schemas_are_instances_made_once(app: Flask):
    declared = [
        parameter["schema"]
        for view in app.view_functions.values()
        for parameter in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    ]
    assert len(declared) > 20
    # webargs builds a new schema for every request when it is given a class.
    assert all(isinstance(schema, Schema) for schema in declared), declared


def test_a_shared_argument_schema_keeps_requests_apart(client):
    first = client.get("/api/doctors?page=2&pageSize=3")
    second = client.get("/api/doctors?page=x")
    third = client.get("/api/doctors")
    assert (first.status_code, second.status_code, third.status_code) == (200, 422, 200)
    assert (first.get_json()["page"], first.get_json()["pageSize"]) == (2, 3)
    assert "page" in second.get_json()["error"]["fields"]
    assert (third.get_json()["page"], third.get_json()["pageSize"]) == (1, 20)
