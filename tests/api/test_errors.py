"""Bad input of any kind gets the one JSON error shape, never a 500 or an HTML page."""

from __future__ import annotations

import io

import pytest


def assert_json_error(response, status, code=None):
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_unknown_api_path_is_json_404(client):
    assert_json_error(client.get("/api/no-such-thing"), 404, "not_found")
    assert_json_error(client.get("/api/"), 404, "not_found")
    assert_json_error(client.get("/api"), 404, "not_found")


def test_wrong_method_is_json_405(client):
    error = client.raw.delete("/api/csrf")
    assert_json_error(error, 405, "method_not_allowed")
    assert "GET" in error.headers["Allow"]
    assert_json_error(client.raw.get("/api/login"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("data", "content_type", "code"),
    [
        ("{not json", "application/json", "invalid_json"),
        ("", "application/json", "invalid_json"),
        ('["a", "list"]', "application/json", "invalid_json"),
        ('"a string"', "application/json", "invalid_json"),
        ("null", "application/json", "invalid_json"),
        ("fullName=x&password=y", "application/x-www-form-urlencoded", "unsupported_media_type"),
        ("<xml/>", "application/xml", "unsupported_media_type"),
        ('{"fullName": "x"}', "text/plain", "unsupported_media_type"),
        (b"\xff\xfe\x00garbage", "application/json", "invalid_json"),
    ],
)
def test_malformed_bodies_are_400(client, data, content_type, code):
    for path in ("/api/register", "/api/login"):
        response = client.post(path, data=data, content_type=content_type)
        assert_json_error(response, 400, code)


def test_a_10_mb_body_is_413_and_not_read(client):
    body = b'{"fullName": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = client.post("/api/register", data=body, content_type="application/json")
    assert_json_error(response, 413, "payload_too_large")


def test_a_10_mb_body_without_a_length_is_413(client):
    body = io.BytesIO(b'{"fullName": "' + b"x" * (10 * 1024 * 1024) + b'"}')
    response = client.post(
        "/api/register",
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_json_error(response, 413, "payload_too_large")


def test_deeply_nested_json_is_a_clear_error(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/login", data=body, content_type="application/json")
    assert response.status_code == 400


def test_oversized_strings_are_422_not_500(client):
    response = client.post(
        "/api/login", {"identifier": "a" * 5000, "password": "b" * 5000, "employeeId": "c" * 500}
    )
    assert_json_error(response, 422, "validation_error")


def test_html_routes_are_not_turned_into_json(client):
    response = client.get("/admin/no-such-view")
    assert response.status_code == 404
    assert response.mimetype != "application/json"


def test_json_responses_are_not_cached_and_not_sniffed(client):
    response = client.get("/api/csrf")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
