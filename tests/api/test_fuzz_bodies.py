"""Every documented API operation, fed values of every wrong type in every field, by every
role: answers are 2xx or 4xx, never 5xx."""

from __future__ import annotations

import re

WRONG_VALUES = [
    None,
    0,
    -1,
    1.5,
    10**30,
    "",
    "x" * 5000,
    "2026-02-30",
    [],
    {},
    True,
    ["a"],
    {"a": 1},
    "<script>",
    "\u0000",
]


def _operations(client):
    spec = client.get("/api/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "put", "patch"):
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            ref = (body or {}).get("schema", {}).get("$ref")
            properties = {}
            if ref:
                properties = spec["components"]["schemas"][ref.split("/")[-1]].get("properties", {})
            yield path, method, properties


def test_no_field_value_causes_a_server_error(actors):
    clients = {role: client for role, client in actors.clients.items() if role != "anonymous"}
    appointment, doctor = actors.appointment, actors.doctor
    failures = []
    for path, method, properties in _operations(clients["admin"]):
        if path in ("/api/logout",):
            continue
        concrete = re.sub(r"\{[^}]+\}", str(appointment["id"]), path)
        concrete = concrete.replace(f"/doctors/{appointment['id']}/", f"/doctors/{doctor.id}/")
        for role, client in clients.items():
            bodies = [{name: value} for name in properties for value in WRONG_VALUES]
            bodies += [{"everything": value} for value in WRONG_VALUES[:4]]
            for body in bodies:
                response = client._unsafe(method.upper(), concrete, body)
                if response.status_code >= 500:
                    failures.append((role, method, concrete, body, response.status_code))
            for raw in (b"[]", b"1", b'"text"', b"null", b"{", b'{"a":'):
                response = client._unsafe(
                    method.upper(), concrete, None, data=raw, content_type="application/json"
                )
                if response.status_code >= 500:
                    failures.append((role, method, concrete, raw, response.status_code))
    assert failures == []
