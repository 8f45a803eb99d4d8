"""The served OpenAPI document covers every API route and the contract's auth paths."""

from __future__ import annotations

import re


def test_every_api_route_is_documented(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            if (path, method) not in documented:
                missing.append(f"{method} {path}")
    assert missing == []


def test_contract_auth_paths_are_in_the_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
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
