"""The built app's files: precompressed variants chosen by Accept-Encoding, cache headers that
let browsers keep hashed assets for a year, no session on any of them, and robots.txt."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = b"console.log('the app');\n" * 40
# The server never decodes a variant: distinct bytes show which file was sent.
SCRIPT_BR = b"\x1b brotli variant of the app script"
INDEX = b"<!doctype html><title>Clinic360</title><div id=root></div>"
ASSET = "/assets/app-1234abcd.js"
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture
def dist(tmp_path, app, monkeypatch):
    build = tmp_path / "dist"
    assets = build / "assets"
    assets.mkdir(parents=True)
    (build / "index.html").write_bytes(INDEX)
    (build / "index.html.br").write_bytes(b"\x1b brotli index")
    (build / "index.html.gz").write_bytes(gzip.compress(INDEX))
    (assets / "app-1234abcd.js").write_bytes(SCRIPT)
    (assets / "app-1234abcd.js.br").write_bytes(SCRIPT_BR)
    (assets / "app-1234abcd.js.gz").write_bytes(gzip.compress(SCRIPT))
    (assets / "app-5678ef90.css").write_text("body{margin:0}")  # too small to compress
    (build / "favicon.svg").write_text("<svg/>")
    (build / "favicon.svg.gz").write_bytes(gzip.compress(b"<svg/>"))
    (build / "robots.txt").write_bytes((ROOT / "frontend/public/robots.txt").read_bytes())
    monkeypatch.setitem(app.config, "FRONTEND_DIST", str(build))
    return build


def test_brotli_is_preferred_when_accepted(client, dist):
    response = client.get(ASSET, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Content-Length"] == str(len(SCRIPT_BR))
    assert response.data == SCRIPT_BR
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize(
    "accept", ["gzip", "gzip, deflate", "br;q=0, gzip", "gzip;q=1, br;q=0.5", "br;q=0, *"]
)
def test_gzip_when_brotli_is_not_accepted_or_less_wanted(client, dist, accept):
    response = client.get(ASSET, headers={"Accept-Encoding": accept})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert int(response.headers["Content-Length"]) == len(response.data) < len(SCRIPT)
    assert gzip.decompress(response.data) == SCRIPT


@pytest.mark.parametrize("accept", [None, "", "identity", "deflate", "*;q=0", "br;q=0, gzip;q=0"])
def test_the_file_itself_when_no_variant_is_accepted(client, dist, accept):
    headers = {} if accept is None else {"Accept-Encoding": accept}
    response = client.get(ASSET, headers=headers)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == SCRIPT
    assert response.headers["Content-Length"] == str(len(SCRIPT))
    assert "Accept-Encoding" in response.headers["Vary"]  # another client gets another body


def test_a_file_without_variants_is_sent_as_it_is(client, dist):
    response = client.get("/assets/app-5678ef90.css", headers={"Accept-Encoding": "br, gzip"})
    assert response.data == b"body{margin:0}"
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" not in response.headers.get("Vary", "")


def test_hashed_assets_are_cached_for_a_year_by_anyone(client, dist):
    for accept in ("br", "gzip", "identity"):
        response = client.get(ASSET, headers={"Accept-Encoding": accept})
        assert response.headers["Cache-Control"] == YEAR
        assert "no-cache" not in response.headers["Cache-Control"]


def test_each_encoding_has_its_own_etag_and_revalidates(client, dist):
    etags = {}
    for accept in ("br", "gzip", "identity"):
        response = client.get(ASSET, headers={"Accept-Encoding": accept})
        etags[accept] = response.headers["ETag"]
        again = client.get(
            ASSET, headers={"Accept-Encoding": accept, "If-None-Match": etags[accept]}
        )
        assert again.status_code == 304
        assert again.data == b""
        assert "Accept-Encoding" in again.headers["Vary"]
    assert len(set(etags.values())) == 3
    # The brotli body's tag does not validate the gzip body another client would get.
    other = client.get(ASSET, headers={"Accept-Encoding": "gzip", "If-None-Match": etags["br"]})
    assert other.status_code == 200
    assert other.headers["Content-Encoding"] == "gzip"


def test_ranges_apply_to_the_bytes_of_the_encoding_sent(client, dist):
    plain = client.get(ASSET, headers={"Range": "bytes=0-9"})
    assert plain.status_code == 206
    assert plain.data == SCRIPT[:10]
    encoded = client.get(ASSET, headers={"Range": "bytes=2-7", "Accept-Encoding": "br"})
    assert encoded.status_code == 206
    assert encoded.headers["Content-Encoding"] == "br"
    assert encoded.data == SCRIPT_BR[2:8]
    assert encoded.headers["Content-Range"] == f"bytes 2-7/{len(SCRIPT_BR)}"


@pytest.mark.parametrize("path", ["/", "/doctors/3", "/patient"])
def test_index_html_is_compressed_revalidated_and_keeps_its_policy(client, dist, path):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert gzip.decompress(response.data) == INDEX
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "immutable" not in response.headers["Cache-Control"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Accept-Encoding" in response.headers["Vary"]
    brotli = client.get(path, headers={"Accept-Encoding": "br"})
    assert brotli.data == b"\x1b brotli index"


def test_files_without_a_hashed_name_are_revalidated(client, dist):
    response = client.get("/favicon.svg", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "gzip"  # the only variant written
    assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert gzip.decompress(response.data) == b"<svg/>"
    assert "no-cache" in response.headers["Cache-Control"]


def test_unknown_assets_are_404_whatever_the_encoding(client, dist):
    for accept in ("br", "gzip", "identity"):
        response = client.get("/assets/gone-0000.js", headers={"Accept-Encoding": accept})
        assert response.status_code == 404


def test_no_session_cookie_or_vary_cookie_even_when_signed_in(logged_in, make_user, dist):
    client = logged_in(make_user())
    assert client.get("/api/user").status_code == 200  # the session is there
    for path in (ASSET, "/", "/doctors", "/favicon.svg", "/robots.txt"):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
        assert "Set-Cookie" not in response.headers, path
    assert client.get("/api/user").status_code == 200  # and still is


def test_no_vary_cookie_when_a_remember_me_cookie_is_sent_too(logged_in, make_user, dist):
    """Flask-Login reads the session after a request that carries its remember-me cookie;
    the built files still go out the same for everybody."""
    client = logged_in(make_user())
    client.raw.set_cookie("remember_token", "1|0123456789abcdef")
    assert client.raw.get_cookie("clinic360_session") is not None
    for path in (ASSET, "/", "/favicon.svg"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
        assert "Set-Cookie" not in response.headers, path
    assert client.get("/api/user").status_code == 200


@pytest.mark.parametrize(
    "path", ["/assets/../index.html", "/assets/./../index.html", "/assets/x/../../favicon.svg"]
)
def test_a_path_out_of_assets_is_not_cached_as_a_hashed_asset(client, dist, path):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]
    assert "max-age=31536000" not in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_a_path_into_assets_is_cached_as_the_asset(client, dist):
    response = client.get("/x/../assets/./app-1234abcd.js", headers={"Accept-Encoding": "br"})
    assert response.data == SCRIPT_BR
    assert response.headers["Cache-Control"] == YEAR


@pytest.mark.parametrize(
    "path",
    [
        "/assets/app-1234abcd.js.br",
        "/assets/app-1234abcd.js.gz",
        "/assets/app-1234abcd.js.gz/",
        "/index.html.br",
        "/index.html.gz",
        "/favicon.svg.gz",
        "/assets/../index.html.gz",
    ],
)
def test_a_variant_named_directly_is_404(client, dist, path):
    for accept in ("br, gzip", "identity"):
        response = client.get(path, headers={"Accept-Encoding": accept})
        assert response.status_code == 404, accept
        assert "Content-Encoding" not in response.headers


def test_robots_txt_is_plain_text(client, dist):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"User-agent: *" in response.data


def robots_allows(robots_txt: str, path: str) -> bool:
    """Whether a crawler may fetch `path` (with its query), as RFC 9309 and Google read the
    rules: the longest matching rule decides, Allow on a tie, `*` matches any characters and
    a final `$` the end. (The standard library's parser knows neither `*` nor `$` and takes
    the first matching rule instead.)"""
    best = (-1, True)
    for line in robots_txt.splitlines():
        field, _, value = line.partition("#")[0].partition(":")
        field, value = field.strip().lower(), value.strip()
        if field not in ("allow", "disallow") or not value:
            continue
        anchored = value.endswith("$")
        pattern = re.escape(value.removesuffix("$")).replace(r"\*", ".*") + (
            "$" if anchored else ""
        )
        if re.match(pattern, path):
            best = max(best, (len(value), field == "allow"))
    return best[1]


def test_robots_txt_has_one_group_for_every_crawler():
    lines = (ROOT / "frontend/public/robots.txt").read_text().splitlines()
    assert [line for line in lines if line.lower().startswith("user-agent")] == ["User-agent: *"]


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),
        ("/doctors", True),
        ("/doctors?q=skin", True),
        ("/doctors/12", True),
        # What the public pages render from.
        ("/api/doctors", True),
        ("/api/doctors?q=skin&page=2", True),
        ("/api/doctors/12", True),
        ("/api/doctors/12/reviews?page=2", True),
        ("/api/doctors/12/slots?date=2026-12-01", True),
        ("/api/specialties", True),
        ("/api/search/suggest?q=der", True),
        ("/api/users/7/photo", True),
        ("/api/users/7/photo?w=192", True),
        ("/api/user/state", True),
        # The rest of the API.
        ("/api/user", False),
        ("/api/users/7", False),
        ("/api/appointments", False),
        ("/api/records/4", False),
        ("/api/admin/doctors/pending-verification", False),
        ("/api/health", False),
        ("/admin/", False),
        # Signed-in pages of the app.
        ("/patient", False),
        ("/patients/4", False),
        ("/doctor", False),
        ("/doctor?tab=today", False),
        ("/doctor/schedule", False),
        ("/appointments/9", False),
        ("/appointments/9/consultation", False),
        ("/records", False),
        ("/profile", False),
        ("/security", False),
        ("/notifications", False),
        ("/invoices", False),
        ("/earnings", False),
        ("/payments/return?session=x", False),
        ("/reset-password?token=x", False),
    ],
)
def test_robots_txt_allows_public_pages_and_their_reads_only(path, allowed):
    robots_txt = (ROOT / "frontend/public/robots.txt").read_text()
    assert robots_allows(robots_txt, path) is allowed
