"""Flask serves the built React app, with client routes falling back to index.html."""

from __future__ import annotations

import pytest

INDEX = b"<!doctype html><title>Clinic360</title><div id=root></div>"


@pytest.fixture
def dist(tmp_path, app, monkeypatch):
    build = tmp_path / "dist"
    (build / "assets").mkdir(parents=True)
    (build / "index.html").write_bytes(INDEX)
    (build / "assets" / "app-1234abcd.js").write_text("console.log('app')")
    (build / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(build))
    return build


@pytest.mark.parametrize("path", ["/", "/login", "/patient", "/doctor/queue/today", "/x.y"])
def test_client_routes_get_index_html(client, dist, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.data == INDEX
    assert "no-cache" in response.headers["Cache-Control"]


def test_built_files_are_served_and_assets_cached_for_long(client, dist):
    asset = client.get("/assets/app-1234abcd.js")
    assert asset.status_code == 200
    assert b"console.log" in asset.data
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cookie" not in asset.headers.get("Vary", "")
    assert client.get("/favicon.svg").data == b"<svg/>"


def test_missing_assets_are_404_not_index_html(client, dist):
    assert client.get("/assets/gone-0000.js").status_code == 404


def test_api_and_admin_paths_never_fall_back_to_the_app(client, dist):
    api = client.get("/api/patient")
    assert api.status_code == 404
    assert api.get_json()["error"]["code"] == "not_found"
    admin = client.get("/admin/whatever/")
    assert admin.status_code == 404
    assert admin.data != INDEX


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]
)
def test_paths_outside_the_build_are_not_served(client, dist, path):
    response = client.get(path)
    assert b"TOP-SECRET" not in response.data


def test_a_missing_build_says_how_to_build_it(client, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(tmp_path / "nothing"))
    response = client.get("/")
    assert response.status_code == 503
    assert b"make run" in response.data
