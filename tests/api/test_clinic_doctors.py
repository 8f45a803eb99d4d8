"""Linking doctors to clinics: only listed doctors, each told in the app and by mail, free to
leave (audited); a closed clinic is its admins' no more."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, Clinic, StaffRole
from tests.conftest import run_outbox
from tests.smtp import parts


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
