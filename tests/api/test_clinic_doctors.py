"""Linking doctors to clinics: by an admin and by the clinic's own admin only, listed doctors
only, each told in the app and by mail and free to leave (audited); a closed clinic is its
admins' no more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, Clinic, ClinicDoctor, Role, StaffRole, User
from tests.conftest import ApiClient, run_outbox
from tests.factories import audit_actions
from tests.smtp import parts


@pytest.fixture
def admin(make_user, logged_in) -> ApiClient:
    return logged_in(make_user(Role.ADMIN))


def test_a_linked_doctor_is_told_and_may_leave(
    app, smtp, make_doctor, make_clinic, make_staff, logged_in
):
    doctor = make_doctor(full_name="Dr Ife Ade")
    clinic = make_clinic(name="Harbour Clinic", city="Lagos")
    manager = logged_in(make_staff(clinic, StaffRole.CLINIC_ADMIN, full_name="Bola Manager"))
    path = f"/api/admin/clinics/{clinic.id}/doctors"
    assert manager.post(path, {"doctorId": doctor.id}).status_code == 204

    own = logged_in(doctor)
    notes = own.get("/api/notifications").get_json()["items"]
    assert notes[0]["title"] == "Harbour Clinic lists you among its doctors"
    run_outbox(app, datetime.now().astimezone())
    (mail,) = smtp.to(doctor.email)
    assert "Bola Manager added you to Harbour Clinic (Lagos)" in parts(mail)["text/plain"]

    mine = own.get("/api/doctor/clinics").get_json()
    assert [item["id"] for item in mine["items"]] == [clinic.id] and mine["total"] == 1
    assert own.delete(f"/api/doctor/clinics/{clinic.id}").status_code == 204
    assert own.get("/api/doctor/clinics").get_json()["total"] == 0
    assert own.delete(f"/api/doctor/clinics/{clinic.id}").status_code == 404
    # Gone from the clinic's page and out of its admin's reach.
    assert logged_in(make_staff(clinic)).get("/api/clinic").get_json()["doctors"] == []
    assert manager.get(f"/api/clinic/doctors/{doctor.id}/schedule").status_code == 404
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == clinic.id)
        ).all()
    assert "clinic.doctor_add" in actions and "clinic.doctor_leave" in actions
    assert manager.delete(f"/api/doctor/clinics/{clinic.id}").status_code == 403


def test_only_listed_doctors_are_linked(make_doctor, make_user, make_clinic, logged_in):
    clinic = make_clinic()
    admin = logged_in(make_user("admin"))
    path = f"/api/admin/clinics/{clinic.id}/doctors"
    applicant = make_doctor(verified=False)
    assert admin.post(path, {"doctorId": applicant.id}).status_code == 404
    assert admin.post(path, {"doctorId": make_user().id}).status_code == 404
    assert admin.post(path, {"doctorId": make_doctor().id}).status_code == 204


def test_a_closed_clinic_is_its_admins_no_more(
    app, scheduled_doctor, make_doctor, make_clinic, make_staff, logged_in
):
    doctor = scheduled_doctor()
    clinic = make_clinic(doctors=[doctor])
    manager = logged_in(make_staff(clinic, StaffRole.CLINIC_ADMIN))
    assert manager.get(f"/api/clinic/doctors/{doctor.id}/schedule").status_code == 200
    assert manager.get("/api/clinic/analytics").status_code == 200
    with app.app_context():
        db.session.get(Clinic, clinic.id).is_active = False
        db.session.commit()
    assert manager.get(f"/api/clinic/doctors/{doctor.id}/schedule").status_code == 404
    assert manager.get("/api/clinic/analytics").status_code == 404
    path = f"/api/admin/clinics/{clinic.id}/doctors"
    assert manager.post(path, {"doctorId": make_doctor().id}).status_code == 404
    assert manager.put(f"/api/admin/clinics/{clinic.id}", {"name": "Reopened"}).status_code == 404


def doctor_ids(app, clinic_id: int) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(ClinicDoctor.doctor_id).where(ClinicDoctor.clinic_id == clinic_id)
            )
        )


def test_an_admin_links_and_unlinks_doctors(app, admin, make_clinic, make_doctor, make_user):
    clinic = make_clinic()
    doctor = make_doctor()
    url = f"/api/admin/clinics/{clinic.id}/doctors"
    assert admin.post(url, {"doctorId": doctor.id}).status_code == 204
    assert admin.post(url, {"doctorId": doctor.id}).status_code == 204  # again: no change
    assert doctor_ids(app, clinic.id) == {doctor.id}
    assert admin.post(url, {"doctorId": make_user().id}).status_code == 404  # a patient
    assert admin.post(url, {"doctorId": 999999}).status_code == 404
    assert admin.post(url, {"doctorId": "x"}).status_code == 422
    assert admin.post("/api/admin/clinics/999999/doctors", {"doctorId": doctor.id}).status_code == (
        404
    )
    assert audit_actions(app, "clinic", clinic.id) == ["clinic.doctor_add"]

    assert admin.delete(f"{url}/{doctor.id}").status_code == 204
    assert admin.delete(f"{url}/{doctor.id}").status_code == 204
    assert doctor_ids(app, clinic.id) == set()
    assert audit_actions(app, "clinic", clinic.id)[-1] == "clinic.doctor_remove"


def test_a_clinic_admin_links_doctors_to_their_own_clinic_only(
    app, make_clinic, make_doctor, make_staff, logged_in
) -> None:
    clinic, other = make_clinic(), make_clinic()
    doctor = make_doctor()
    own = logged_in(make_staff(clinic, Role.CLINIC_ADMIN))
    added = own.post(f"/api/admin/clinics/{clinic.id}/doctors", {"doctorId": doctor.id})
    assert added.status_code == 204, added.get_json()
    assert doctor_ids(app, clinic.id) == {doctor.id}

    foreign = logged_in(make_staff(other, Role.CLINIC_ADMIN))
    assert foreign.post(
        f"/api/admin/clinics/{clinic.id}/doctors", {"doctorId": doctor.id}
    ).status_code in (403, 404)
    assert foreign.delete(f"/api/admin/clinics/{clinic.id}/doctors/{doctor.id}").status_code in (
        403,
        404,
    )
    receptionist = logged_in(make_staff(clinic))
    assert (
        receptionist.post(
            f"/api/admin/clinics/{clinic.id}/doctors", {"doctorId": doctor.id}
        ).status_code
        == 403
    )
    patient_or_doctor: Callable[[User], ApiClient] = logged_in
    assert (
        patient_or_doctor(doctor)
        .delete(f"/api/admin/clinics/{clinic.id}/doctors/{doctor.id}")
        .status_code
        == 403
    )
    assert doctor_ids(app, clinic.id) == {doctor.id}
    assert own.delete(f"/api/admin/clinics/{clinic.id}/doctors/{doctor.id}").status_code == 204
    assert doctor_ids(app, clinic.id) == set()
