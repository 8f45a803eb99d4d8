"""Profile photos in smaller sizes (?w=96|192|384): WebP, the longest side at most that,
made at upload or on first request, deleted with the photo, behind the photo's access rules."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from clinic360.extensions import db
from clinic360.models import User
from clinic360.storage import PHOTO_WIDTHS, photo_variant_path
from tests.api.test_profiles import image_bytes, upload


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("width", [96, 192, 384])
def test_a_photo_comes_in_smaller_webp_sizes(client, make_user, upload_dir, width):
    client.login_as(make_user())
    url = upload(client, image_bytes(size=(1600, 1200))).get_json()["photoUrl"]
    full = client.get(url)
    served = client.get(f"{url}&w={width}")
    assert served.status_code == 200
    assert served.mimetype == "image/webp"
    assert served.headers["Cache-Control"] == full.headers["Cache-Control"]
    assert "private" in served.headers["Cache-Control"]
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.format == "WEBP"
        assert max(image.size) == width
        assert image.size == (width, width * 3 // 4)
    with Image.open(io.BytesIO(full.data)) as image:
        assert max(image.size) == 1024  # no w: the stored photo, as before
    again = client.get(f"{url}&w={width}", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304


def test_a_small_photo_is_not_enlarged(client, make_user, upload_dir):
    client.login_as(make_user())
    url = upload(client, image_bytes("PNG", size=(120, 60))).get_json()["photoUrl"]
    with Image.open(io.BytesIO(client.get(f"{url}&w=384").data)) as image:
        assert image.size == (120, 60)
    with Image.open(io.BytesIO(client.get(f"{url}&w=96").data)) as image:
        assert image.size == (96, 48)


@pytest.mark.parametrize("width", ["100", "0", "-96", "abc", "", "96.5", "1e2"])
def test_other_photo_widths_are_422(client, make_user, upload_dir, width):
    client.login_as(make_user())
    url = upload(client, image_bytes()).get_json()["photoUrl"]
    response = client.get(f"{url}&w={width}")
    assert response.status_code == 422
    assert "w" in response.get_json()["error"]["fields"]


def test_photo_sizes_follow_the_photos_access_rules(
    client, make_client, make_user, make_doctor, upload_dir
):
    client.login_as(make_user())
    patient_url = upload(client, image_bytes()).get_json()["photoUrl"]
    doctor_client = make_client()
    doctor_client.login_as(make_doctor())
    doctor_url = upload(doctor_client, image_bytes()).get_json()["photoUrl"]
    stranger = make_client()
    stranger.login_as(make_user())
    anonymous = make_client()

    assert stranger.get(f"{patient_url}&w=96").status_code == 404
    assert anonymous.get(f"{patient_url}&w=96").status_code == 404
    listed = anonymous.get(f"{doctor_url}&w=192")
    assert listed.status_code == 200
    assert "public" in listed.headers["Cache-Control"]
    assert listed.headers["Cache-Control"] == anonymous.get(doctor_url).headers["Cache-Control"]


def test_sizes_are_made_for_older_photos_on_first_request_and_deleted_with_the_photo(
    client, make_user, upload_dir, app
):
    user = make_user()
    client.login_as(user)
    url = upload(client, image_bytes()).get_json()["photoUrl"]
    with app.app_context():
        key = db.session.get(User, user.id).photo_key
        sizes = [photo_variant_path(key, width) for width in PHOTO_WIDTHS]
    assert all(path.is_file() for path in sizes)  # made at upload
    for path in sizes:  # as for a photo stored before sizes existed
        path.unlink()
    served = client.get(f"{url}&w=96")
    assert served.status_code == 200
    assert sizes[0].is_file()
    assert served.data == sizes[0].read_bytes()
    assert not sizes[1].exists()

    assert client.delete("/api/profile/photo").status_code == 204
    assert list(upload_dir.rglob("*.webp")) == []
    assert client.get(f"{url}&w=96").status_code == 404
