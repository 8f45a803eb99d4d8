"""Clinics: the public list and pages, their management by admins and clinic admins, staff
accounts and the doctors practising at a clinic, through HTTP on real PostgreSQL, Redis and
SMTP."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from PIL import Image

from clinic360.extensions import db
from clinic360.models import ClinicStaff, Role, User
from tests.conftest import PASSWORD, ApiClient, run_outbox
from tests.factories import audit_actions
from tests.smtp import parts

NEW_CLINIC = {
    "name": "Harbour Clinic",
    "city": "Lagos",
    "address": "4 Wharf Road, Apapa",
    "timezone": "Africa/Lagos",
    "phone": "+2348012345678",
    "email": "desk@harbour.example",
    "openingNotes": "Mon-Fri 8:00-18:00",
}
RESET_LINK = re.compile(r"/reset-password\?token=([A-Za-z0-9_-]+)")


@pytest.fixture
def admin(make_user, logged_in) -> ApiClient:
    return logged_in(make_user(Role.ADMIN))


def image_bytes(fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 40), (20, 90, 200)).save(out, format=fmt)
    return out.getvalue()


# --- Public list and page ------------------------------------------------------------------


def test_the_list_shows_active_clinics_by_name_with_their_listed_doctors_counted(
    client, make_clinic, make_doctor
) -> None:
    listed, pending = make_doctor(), make_doctor(verified=False)
    inactive_doctor = make_doctor(active=False)
    zeta = make_clinic(name="Zeta Care", city="Abuja", doctors=[listed, pending, inactive_doctor])
    alpha = make_clinic(name="Alpha Health 100%", city="Lagos")
    make_clinic(name="Closed Clinic", active=False)

    body = client.get("/api/clinics?pageSize=100").get_json()
    names = [item["name"] for item in body["items"]]
    assert "Closed Clinic" not in names
    assert names.index("Alpha Health 100%") < names.index("Zeta Care")
    item = next(item for item in body["items"] if item["id"] == zeta.id)
    assert item["doctorCount"] == 1
    assert item["city"] == "Abuja" and item["logoUrl"] is None
    assert set(item) >= {"address", "timezone", "phone", "email", "openingNotes"}

    by_name = client.get("/api/clinics?q=ALPHA").get_json()
    assert [c["id"] for c in by_name["items"]] == [alpha.id]
    assert client.get("/api/clinics?q=100%25").get_json()["total"] == 1  # % is a letter
    assert client.get("/api/clinics?q=_").get_json()["total"] == 0
    by_city = client.get("/api/clinics?city=abuja&pageSize=100").get_json()
    assert zeta.id in [c["id"] for c in by_city["items"]]
    assert all(c["city"] == "Abuja" for c in by_city["items"])


def test_the_list_reads_a_page_in_three_queries_whatever_its_size(
    client, make_clinic, make_doctor, count_queries
) -> None:
    for _ in range(6):
        make_clinic(city="Kano", doctors=[make_doctor(), make_doctor()])
    with count_queries() as one:
        assert len(client.get("/api/clinics?city=Kano&pageSize=1").get_json()["items"]) == 1
    with count_queries() as six:
        body = client.get("/api/clinics?city=Kano&pageSize=6").get_json()
    assert [item["doctorCount"] for item in body["items"]] == [2] * 6
    assert six.count == one.count


def test_a_clinic_page_lists_its_listed_doctors_in_bounded_queries(
    client, make_clinic, make_doctor, count_queries
) -> None:
    few = make_clinic(doctors=[make_doctor(full_name="Dr Ada Obi")])
    many = make_clinic(
        doctors=[make_doctor(), make_doctor(verified=False), *(make_doctor() for _ in range(5))]
    )
    with count_queries() as one:
        body = client.get(f"/api/clinics/{few.id}").get_json()
    assert [d["fullName"] for d in body["doctors"]] == ["Dr Ada Obi"]
    doctor = body["doctors"][0]
    assert set(doctor) == {
        "id",
        "fullName",
        "specialty",
        "photoUrl",
        "rating",
        "ratingCount",
        "consultationTypes",
    }
    assert doctor["specialty"]["name"] == "Dermatology"
    with count_queries() as six:
        body = client.get(f"/api/clinics/{many.id}").get_json()
    assert len(body["doctors"]) == 6 and body["doctorCount"] == 6
    assert six.count == one.count


def test_unknown_and_closed_clinics_are_not_found(client, make_clinic) -> None:
    closed = make_clinic(active=False)
    assert client.get(f"/api/clinics/{closed.id}").status_code == 404
    assert client.get("/api/clinics/999999").status_code == 404
    assert client.get(f"/api/clinics/{closed.id}/logo").status_code == 404


# --- Making and changing clinics -------------------------------------------------------------


def test_an_admin_adds_a_clinic_and_the_trail_records_it(app, admin, client) -> None:
    response = admin.post("/api/admin/clinics", NEW_CLINIC)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["name"] == "Harbour Clinic" and body["timezone"] == "Africa/Lagos"
    assert body["doctors"] == [] and body["doctorCount"] == 0 and body["isActive"] is True
    assert body["openingNotes"] == "Mon-Fri 8:00-18:00"
    assert audit_actions(app, "clinic", body["id"]) == ["clinic.create"]
    assert client.get(f"/api/clinics/{body['id']}").status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"name": ""}, "name"),
        ({"email": "not an address"}, "email"),
        ({"city": "Lagos\nInjected: header"}, "city"),
    ],
)
def test_a_clinic_with_a_bad_field_is_refused(admin, change, field) -> None:
    response = admin.post("/api/admin/clinics", {**NEW_CLINIC, **change})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_only_admins_add_clinics(make_user, make_doctor, make_clinic, make_staff, logged_in):
    clinic = make_clinic()
    assert logged_in(make_user()).post("/api/admin/clinics", NEW_CLINIC).status_code == 403
    assert logged_in(make_doctor()).post("/api/admin/clinics", NEW_CLINIC).status_code == 403
    clinic_admin = logged_in(make_staff(clinic, Role.CLINIC_ADMIN))
    assert clinic_admin.post("/api/admin/clinics", NEW_CLINIC).status_code == 403


def test_the_anonymous_are_asked_to_log_in(client, make_clinic) -> None:
    clinic = make_clinic()
    assert client.post("/api/admin/clinics", NEW_CLINIC).status_code == 401
    assert client.put(f"/api/admin/clinics/{clinic.id}", {"city": "Ibadan"}).status_code == 401
    assert client.get(f"/api/admin/clinics/{clinic.id}/staff").status_code == 401
    assert client.post(f"/api/admin/clinics/{clinic.id}/doctors", {"doctorId": 1}).status_code == (
        401
    )


def test_an_admin_and_the_clinics_own_admin_change_it_others_may_not(
    app, admin, make_clinic, make_staff, logged_in
) -> None:
    clinic, other = make_clinic(), make_clinic()
    response = admin.put(
        f"/api/admin/clinics/{clinic.id}", {"city": "Ibadan", "timezone": "Europe/London"}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["city"] == "Ibadan"
    assert response.get_json()["name"] == clinic.name  # not sent: unchanged

    own = logged_in(make_staff(clinic, Role.CLINIC_ADMIN))
    response = own.put(f"/api/admin/clinics/{clinic.id}", {"phone": None, "address": "5 Lane"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["address"] == "5 Lane"
    assert own.put(f"/api/admin/clinics/{clinic.id}", {"isActive": False}).status_code == 403
    assert own.put(f"/api/admin/clinics/{other.id}", {"city": "Jos"}).status_code == 404
    reception = logged_in(make_staff(clinic))
    assert reception.put(f"/api/admin/clinics/{clinic.id}", {"city": "Jos"}).status_code == 403
    bad = admin.put(f"/api/admin/clinics/{clinic.id}", {"timezone": "Nowhere/Town"})
    assert bad.status_code == 422
    assert admin.put("/api/admin/clinics/999999", {"city": "Jos"}).status_code == 404
    assert audit_actions(app, "clinic", clinic.id) == ["clinic.update", "clinic.update"]

    closed = admin.put(f"/api/admin/clinics/{clinic.id}", {"isActive": False})
    assert closed.status_code == 200 and closed.get_json()["isActive"] is False
    assert own.get("/api/clinics").get_json()["total"] >= 1
    assert own.get(f"/api/clinics/{clinic.id}").status_code == 404


def test_a_logo_is_checked_by_content_stored_and_served(
    app, admin, client, make_clinic, tmp_path, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    clinic = make_clinic()
    url = f"/api/admin/clinics/{clinic.id}/logo"
    fake = admin.post(
        url,
        data={"logo": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert fake.status_code == 422 and "logo" in fake.get_json()["error"]["fields"]

    response = admin.post(
        url,
        data={"logo": (io.BytesIO(image_bytes()), "logo.png", "image/png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    logo_url = response.get_json()["logoUrl"]
    assert logo_url.startswith(f"/api/clinics/{clinic.id}/logo?v=")
    served = client.get(logo_url)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert Image.open(io.BytesIO(served.data)).format == "WEBP"
    first_files = set(tmp_path.rglob("*.webp"))

    again = admin.post(
        url,
        data={"logo": (io.BytesIO(image_bytes("JPEG")), "logo.jpg", "image/jpeg")},
        content_type="multipart/form-data",
    )
    assert again.get_json()["logoUrl"] != logo_url
    assert not first_files & set(tmp_path.rglob("*.webp"))  # the old logo was deleted
    assert (
        client.get(f"/api/clinics/{clinic.id}").get_json()["logoUrl"]
        == (again.get_json()["logoUrl"])
    )


# --- Staff ---------------------------------------------------------------------------------


def test_an_admin_adds_staff_who_log_in_and_a_taken_address_is_a_conflict(
    app, admin, make_clinic, make_client, make_user
) -> None:
    clinic = make_clinic()
    response = admin.post(
        f"/api/admin/clinics/{clinic.id}/staff",
        {
            "email": "Front.Desk@Example.test",
            "fullName": "Fola Desk",
            "role": "receptionist",
            "password": "tidal-lantern-orchard-52",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body == {
        "id": body["id"],
        "fullName": "Fola Desk",
        "email": "front.desk@example.test",
        "phone": None,
        "role": "receptionist",
        "clinicId": clinic.id,
        "isActive": True,
    }
    user = make_client()
    assert user.login("front.desk@example.test", "tidal-lantern-orchard-52").status_code == 200
    assert user.get("/api/user").get_json()["role"] == "receptionist"
    with app.app_context():
        assert db.session.get(ClinicStaff, body["id"]).clinic_id == clinic.id
    assert audit_actions(app, "user", body["id"]) == ["clinic.staff_create"]

    taken = make_user(email="taken@example.test")
    duplicate = admin.post(
        f"/api/admin/clinics/{clinic.id}/staff",
        {"email": taken.email, "fullName": "Someone Else", "role": "clinic_admin"},
    )
    assert duplicate.status_code == 409, duplicate.get_json()
    bad_role = admin.post(
        f"/api/admin/clinics/{clinic.id}/staff",
        {"email": "x@example.test", "fullName": "X Y", "role": "admin"},
    )
    assert bad_role.status_code == 422
    unknown = admin.post(
        "/api/admin/clinics/999999/staff",
        {"email": "y@example.test", "fullName": "Y Z", "role": "receptionist"},
    )
    assert unknown.status_code == 404


def test_staff_without_a_password_are_mailed_a_link_to_choose_one(
    app, smtp, admin, make_clinic, make_client
) -> None:
    clinic = make_clinic()
    response = admin.post(
        f"/api/admin/clinics/{clinic.id}/staff",
        {"email": "invited@example.test", "fullName": "Ina Vited", "role": "clinic_admin"},
    )
    assert response.status_code == 201, response.get_json()
    run_outbox(app, datetime.now().astimezone())
    (mail,) = smtp.to("invited@example.test")
    assert str(mail["Subject"]) == f"Your Clinic360 account at {clinic.name}"
    text = parts(mail)["text/plain"]
    assert "as clinic admin of" in text and "within 7 days" in text
    token = RESET_LINK.search(text).group(1)
    with app.app_context():
        stored = db.session.get(User, response.get_json()["id"])
        assert not stored.password_hash.startswith("$2")  # no password works until chosen

    anonymous = make_client()
    chosen = "copper-willow-harbour-38"
    reset = anonymous.post("/api/password/reset", {"token": token, "password": chosen})
    assert reset.status_code == 204, reset.get_json()
    assert anonymous.login("invited@example.test", chosen).status_code == 200
    assert anonymous.get("/api/user").get_json()["role"] == "clinic_admin"


def test_a_clinic_admin_adds_receptionists_to_their_own_clinic_only(
    admin, make_clinic, make_staff, logged_in
) -> None:
    clinic, other = make_clinic(), make_clinic()
    own = logged_in(make_staff(clinic, Role.CLINIC_ADMIN))
    person = {"email": "r1@example.test", "fullName": "Re Ception", "password": PASSWORD}
    added = own.post(f"/api/admin/clinics/{clinic.id}/staff", {**person, "role": "receptionist"})
    assert added.status_code == 201, added.get_json()
    promoted = own.post(
        f"/api/admin/clinics/{clinic.id}/staff",
        {**person, "email": "r2@example.test", "role": "clinic_admin"},
    )
    assert promoted.status_code == 403
    elsewhere = own.post(
        f"/api/admin/clinics/{other.id}/staff",
        {**person, "email": "r3@example.test", "role": "receptionist"},
    )
    assert elsewhere.status_code == 404
    receptionist = logged_in(make_staff(clinic))
    assert receptionist.get(f"/api/admin/clinics/{clinic.id}/staff").status_code == 403

    listed = own.get(f"/api/admin/clinics/{clinic.id}/staff").get_json()
    assert listed["total"] == 3
    assert {item["role"] for item in listed["items"]} == {"clinic_admin", "receptionist"}
    assert all(item["clinicId"] == clinic.id for item in listed["items"])
    assert admin.get(f"/api/admin/clinics/{clinic.id}/staff").get_json()["total"] == 3
    assert own.get(f"/api/admin/clinics/{other.id}/staff").status_code == 404


def test_the_staff_list_reads_a_page_in_bounded_queries(
    admin, make_clinic, make_staff, count_queries
) -> None:
    clinic = make_clinic()
    make_staff(clinic)
    with count_queries() as one:
        assert admin.get(f"/api/admin/clinics/{clinic.id}/staff").get_json()["total"] == 1
    for _ in range(4):
        make_staff(clinic)
    with count_queries() as five:
        assert len(admin.get(f"/api/admin/clinics/{clinic.id}/staff").get_json()["items"]) == 5
    assert five.count == one.count
