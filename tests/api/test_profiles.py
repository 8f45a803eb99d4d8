"""GET/PUT /api/profile, POST/DELETE /api/profile/photo and photo access."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from clinic360.extensions import db
from clinic360.models import Role, User
from clinic360.storage import photo_path


def image_bytes(fmt="JPEG", size=(1600, 1200), exif_gps=False, mode="RGB"):
    image = Image.new(mode, size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 17.0)}  # GPS
        kwargs["exif"] = exif.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    return tmp_path


def upload(client, data, filename="me.jpg", content_type="image/jpeg"):
    return client.post(
        "/api/profile/photo",
        data={"photo": (io.BytesIO(data), filename, content_type)},
        content_type="multipart/form-data",
    )


# --- Patient profile --------------------------------------------------------------------


def test_patient_reads_and_edits_their_profile(client, make_user):
    patient = make_user(Role.PATIENT, date_of_birth=date(1990, 6, 15))
    client.login_as(patient)
    profile = client.get("/api/profile").get_json()
    assert profile["role"] == "patient"
    assert profile["dateOfBirth"] == "1990-06-15"
    assert isinstance(profile["age"], int) and profile["age"] >= 35
    assert profile["emergencyContact"] is None

    changes = {
        "fullName": "  New Name ",
        "sex": "female",
        "allergies": "penicillin",
        "chronicConditions": "asthma",
        "currentMedications": "salbutamol",
        "pregnancyStage": "first_trimester",
        "emergencyContact": {"name": "Sam", "phone": "+44 7700 900123", "relationship": "partner"},
    }
    response = client.put("/api/profile", changes)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["fullName"] == "New Name"
    assert body["emergencyContact"] == {
        "name": "Sam",
        "phone": "+447700900123",
        "relationship": "partner",
    }
    assert body["pregnancyStage"] == "first_trimester"
    again = client.get("/api/profile").get_json()
    assert again == body

    partial = client.put("/api/profile", {"allergies": None}).get_json()
    assert partial["allergies"] is None
    assert partial["chronicConditions"] == "asthma"


def test_pregnancy_stage_only_where_it_applies(client, make_user):
    client.login_as(make_user())
    response = client.put("/api/profile", {"sex": "male", "pregnancyStage": "second_trimester"})
    assert response.status_code == 422
    assert "pregnancyStage" in response.get_json()["error"]["fields"]
    assert client.put("/api/profile", {"sex": "male", "pregnancyStage": None}).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fullName": ""}, "fullName"),
        ({"email": "nope"}, "email"),
        ({"email": None, "phone": None}, "email"),
        ({"dateOfBirth": "2999-01-01"}, "dateOfBirth"),
        ({"sex": "other"}, "sex"),
        ({"emergencyContact": {"name": "No Phone"}}, "emergencyContact.phone"),
        ({"emergencyContact": "Sam"}, "emergencyContact"),
        ({"allergies": "x" * 2001}, "allergies"),
    ],
)
def test_invalid_profile_changes_are_422_and_change_nothing(client, make_user, changes, field):
    patient = make_user(full_name="Kept Name")
    client.login_as(patient)
    before = client.get("/api/profile").get_json()
    response = client.put("/api/profile", {"fullName": "Changed", **changes})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert client.get("/api/profile").get_json() == before


def test_email_and_phone_stay_unique(client, make_user):
    make_user(email="taken@example.test", phone="+15551112222")
    client.login_as(make_user())
    for change, field in (
        ({"email": "TAKEN@example.test"}, "email"),
        ({"phone": "+1 555 111 2222"}, "phone"),
    ):
        response = client.put("/api/profile", change)
        assert response.status_code == 409
        assert field in response.get_json()["error"]["fields"]


def test_profile_needs_login(client):
    assert client.get("/api/profile").status_code == 401
    assert client.put("/api/profile", {"fullName": "X"}).status_code == 401


def test_nobody_edits_anyone_elses_profile(client, make_user, app):
    victim = make_user(full_name="Victim")
    client.login_as(make_user())
    client.put("/api/profile", {"id": victim.id, "userId": victim.id, "fullName": "Mine"})
    with app.app_context():
        assert db.session.get(User, victim.id).full_name == "Victim"


# --- Doctor profile ---------------------------------------------------------------------


def test_doctor_edits_their_professional_profile(client, make_doctor):
    doctor = make_doctor()
    client.login_as(doctor)
    specialties = {s["slug"]: s["id"] for s in client.get("/api/specialties").get_json()}
    changes = {
        "specialtyId": specialties["cardiology"],
        "facility": "Heart House",
        "city": "Nairobi",
        "contact": "+254 20 000000",
        "bio": "Cardiologist.",
        "languages": ["English", "Swahili", "english"],
        "experienceYears": 11,
        "fee": {"amount": 4250, "currency": "KES"},
        "consultationTypes": ["audio", "chat"],
        "availabilityStatus": "busy",
        "email": "ignored@example.test",
    }
    response = client.put("/api/profile", changes)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["specialty"]["slug"] == "cardiology"
    assert body["languages"] == ["English", "Swahili"]
    assert body["fee"] == {"amount": 4250, "currency": "KES"}
    assert body["currency"] == "KES"
    assert body["consultationTypes"] == ["audio", "chat"]
    assert body["email"] == doctor.email
    assert body["employeeId"] == doctor.doctor_profile.employee_id

    card = client.get(f"/api/doctors/{doctor.id}").get_json()
    assert card["city"] == "Nairobi" and card["availabilityStatus"] == "busy"
    assert card["consultationTypes"] == ["audio", "chat"]
    assert card["fee"] == {"amount": 4250, "currency": "KES"} and card["currency"] == "KES"

    cleared = client.put("/api/profile", {"fee": None})
    assert cleared.status_code == 200, cleared.get_json()
    assert cleared.get_json()["fee"] is None
    assert client.get(f"/api/doctors/{doctor.id}").get_json()["fee"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"specialtyId": 999999}, "specialtyId"),
        ({"experienceYears": -1}, "experienceYears"),
        ({"experienceYears": 71}, "experienceYears"),
        ({"fee": 42.5}, "fee"),
        ({"fee": {"amount": -5, "currency": "USD"}}, "fee.amount"),
        ({"fee": {"amount": 42.5, "currency": "USD"}}, "fee.amount"),
        ({"fee": {"amount": "NaN", "currency": "USD"}}, "fee.amount"),
        ({"fee": {"amount": "lots", "currency": "USD"}}, "fee.amount"),
        ({"fee": {"amount": 10**12, "currency": "USD"}}, "fee.amount"),
        ({"fee": {"amount": 500}}, "fee.currency"),
        ({"fee": {"amount": 500, "currency": "DOLLARS"}}, "fee.currency"),
        ({"consultationTypes": []}, "consultationTypes"),
        ({"consultationTypes": ["hologram"]}, "consultationTypes.0"),
        ({"availabilityStatus": "asleep"}, "availabilityStatus"),
        ({"languages": "English"}, "languages"),
    ],
)
def test_invalid_doctor_profile_changes_are_422(client, make_doctor, changes, field):
    client.login_as(make_doctor())
    response = client.put("/api/profile", changes)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


# --- Photos -----------------------------------------------------------------------------


def test_photo_is_checked_reencoded_and_stripped(client, make_user, upload_dir, app):
    user = make_user()
    client.login_as(user)
    original = image_bytes("JPEG", exif_gps=True)
    response = upload(client, original)
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["photoUrl"]
    assert url.startswith(f"/api/users/{user.id}/photo")

    with app.app_context():
        key = db.session.get(User, user.id).photo_key
        stored = photo_path(key).read_bytes()
        assert photo_path(key).is_relative_to(upload_dir)
    assert stored != original and original[-2000:] not in stored
    assert b"SpyCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert max(image.size) <= 1024
        assert not image.getexif()

    served = client.get(url)
    assert served.status_code == 200
    assert served.mimetype == "image/webp"
    assert served.data == stored
    assert "private" in served.headers["Cache-Control"]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(client, make_user, upload_dir, fmt):
    client.login_as(make_user())
    data = image_bytes(fmt, size=(300, 300), mode="RGBA")
    assert upload(client, data, f"me.{fmt.lower()}", f"image/{fmt.lower()}").status_code == 200


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (b"just some text, honestly", "x.png", "image/png"),
        (b"%PDF-1.4 fake pdf", "x.jpg", "image/jpeg"),
        (b"", "empty.png", "image/png"),
    ],
)
def test_non_images_are_refused_whatever_their_name(
    client, make_user, upload_dir, data, filename, content_type
):
    client.login_as(make_user())
    response = upload(client, data, filename, content_type)
    assert response.status_code == 422
    assert "photo" in response.get_json()["error"]["fields"]
    assert client.get("/api/profile").get_json()["photoUrl"] is None


def test_gif_is_refused(client, make_user, upload_dir):
    client.login_as(make_user())
    assert (
        upload(client, image_bytes("GIF", size=(10, 10)), "a.gif", "image/gif").status_code == 422
    )


def test_missing_photo_field_is_422(client, make_user, upload_dir):
    client.login_as(make_user())
    response = client.post(
        "/api/profile/photo", data={"other": "x"}, content_type="multipart/form-data"
    )
    assert response.status_code == 422


class ZeroStream(io.RawIOBase):
    """A seekable stream of zeros that counts how much of it the server reads."""

    def __init__(self, size: int) -> None:
        self.size, self.pos, self.read_total = size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, min(self.size, base + offset))
        return self.pos

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.pos)
        buffer[:count] = b"\0" * count
        self.pos += count
        self.read_total += count
        return count


def test_a_20_mb_upload_is_413_before_it_is_read(client, make_user, upload_dir):
    client.login_as(make_user())
    stream = ZeroStream(20 * 1024 * 1024)
    response = client.raw.post(
        "/api/profile/photo",
        input_stream=stream,
        headers={
            "X-CSRFToken": client.csrf_token(),
            "Content-Type": "multipart/form-data; boundary=xyz",
        },
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert stream.read_total < 1024 * 1024


def test_a_photo_just_over_5_mb_is_413(client, make_user, upload_dir):
    client.login_as(make_user())
    response = upload(client, b"\xff\xd8" + b"\0" * (5 * 1024 * 1024 + 10))
    assert response.status_code == 413


def test_replacing_and_removing_a_photo_deletes_old_files(client, make_user, upload_dir, app):
    user = make_user()
    client.login_as(user)
    upload(client, image_bytes())
    with app.app_context():
        first = photo_path(db.session.get(User, user.id).photo_key)
    assert first.exists()
    upload(client, image_bytes("PNG", size=(50, 50)))
    assert not first.exists()
    assert client.delete("/api/profile/photo").status_code == 204
    assert client.get("/api/profile").get_json()["photoUrl"] is None
    assert list(upload_dir.rglob("*.webp")) == []


def test_photos_are_served_only_to_those_allowed(
    client, make_client, make_user, make_doctor, upload_dir
):
    patient = make_user()
    client.login_as(patient)
    patient_url = upload(client, image_bytes()).get_json()["photoUrl"]

    doctor = make_doctor()
    doctor_client = make_client()
    doctor_client.login_as(doctor)
    doctor_url = upload(doctor_client, image_bytes()).get_json()["photoUrl"]

    stranger = make_client()
    stranger.login_as(make_user())
    anonymous = make_client()
    admin = make_client()
    admin.login_as(make_user(Role.ADMIN))

    assert stranger.get(patient_url).status_code == 404
    assert anonymous.get(patient_url).status_code == 404
    assert doctor_client.get(patient_url).status_code == 404  # not their patient (yet)
    assert admin.get(patient_url).status_code == 200
    assert client.get(patient_url).status_code == 200
    listed = anonymous.get(doctor_url)
    assert listed.status_code == 200
    assert "public" in listed.headers["Cache-Control"]
    assert anonymous.get(f"/api/doctors/{doctor.id}").get_json()["photoUrl"] == doctor_url


def test_a_treating_doctor_sees_the_patients_photo(
    client, make_client, make_user, booked, scheduled_doctor, upload_dir
):
    patient_user = make_user()
    doctor = scheduled_doctor()
    patient, appointment = booked(doctor, patient=patient_user)
    url = upload(patient, image_bytes()).get_json()["photoUrl"]
    doc = make_client()
    doc.login_as(doctor)
    assert doc.get(url).status_code == 404  # a pending request does not make a patient
    doc.put(f"/api/appointments/{appointment['id']}", {"status": "confirmed"})
    assert doc.get(url).status_code == 200
