"""A clinic's staff leave it: their account is closed and signed out; a clinic admin removes
the clinic's receptionists, an admin anyone of its staff, nobody another clinic's."""

from __future__ import annotations

from sqlalchemy import select

from clinic360.extensions import db
from clinic360.models import AuditEvent, Role, StaffRole


def test_a_clinic_admin_removes_a_receptionist_who_is_signed_out(
    app, make_clinic, make_staff, make_user, logged_in
):
    clinic = make_clinic()
    manager = logged_in(make_staff(clinic, StaffRole.CLINIC_ADMIN))
    receptionist = make_staff(clinic)
    desk = logged_in(receptionist)
    assert desk.get("/api/clinic").status_code == 200

    path = f"/api/admin/clinics/{clinic.id}/staff/{receptionist.id}"
    assert manager.delete(path).status_code == 204
    assert desk.get("/api/clinic").status_code == 401  # the session is over
    listed = manager.get(f"/api/admin/clinics/{clinic.id}/staff").get_json()["items"]
    assert {(m["id"], m["isActive"]) for m in listed} >= {(receptionist.id, False)}
    assert manager.delete(path).status_code == 204  # again: no change
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == receptionist.id)
        ).all()
    assert actions.count("user.deactivate") == 1


def test_who_may_remove_whom(make_clinic, make_staff, make_user, logged_in):
    clinic, other = make_clinic(), make_clinic()
    manager_user = make_staff(clinic, StaffRole.CLINIC_ADMIN)
    manager = logged_in(manager_user)
    colleague = make_staff(clinic, StaffRole.CLINIC_ADMIN)
    elsewhere = make_staff(other)
    base = f"/api/admin/clinics/{clinic.id}/staff"
    assert manager.delete(f"{base}/{colleague.id}").status_code == 403
    assert manager.delete(f"{base}/{manager_user.id}").status_code == 403
    assert manager.delete(f"{base}/{elsewhere.id}").status_code == 404
    assert manager.delete(f"/api/admin/clinics/{other.id}/staff/{elsewhere.id}").status_code == 404
    assert logged_in(make_staff(clinic)).delete(f"{base}/{colleague.id}").status_code == 403
    admin = logged_in(make_user(Role.ADMIN))
    assert admin.delete(f"{base}/{colleague.id}").status_code == 204
    assert admin.delete(f"{base}/{make_user().id}").status_code == 404
