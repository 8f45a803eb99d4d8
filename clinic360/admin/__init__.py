"""The Flask-Admin console at /admin: admins only, every form CSRF-protected, every change
recorded in the audit trail through the same services as the admin API.

base.py holds what every page shares (access, forms, the transaction helper, safe list
arguments and the overview); each other module is one area of the console."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from clinic360.admin.base import ConsoleIndexView
from clinic360.admin.doctors import DoctorAdmin
from clinic360.admin.outbox import OutboxAdmin
from clinic360.admin.specialties import SpecialtyAdmin
from clinic360.admin.trails import AuditAdmin, HealthAccessAdmin
from clinic360.admin.users import UserAdmin
from clinic360.extensions import db
from clinic360.models import AuditEvent, DoctorProfile, HealthAccess, OutboxMessage, Specialty, User


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Clinic360 admin",
        url="/admin",
        theme=Bootstrap4Theme(swatch="default"),
        index_view=ConsoleIndexView(name="Overview", url="/admin"),
    )
    admin.add_view(UserAdmin(User, db, name="Users", endpoint="users"))
    admin.add_view(DoctorAdmin(DoctorProfile, db, name="Doctors", endpoint="doctors"))
    admin.add_view(SpecialtyAdmin(Specialty, db, name="Specialties", endpoint="specialties"))
    admin.add_view(AuditAdmin(AuditEvent, db, name="Audit trail", endpoint="audit"))
    admin.add_view(OutboxAdmin(OutboxMessage, db, name="Outbox", endpoint="outbox"))
    admin.add_view(
        HealthAccessAdmin(HealthAccess, db, name="Health access log", endpoint="health_access")
    )
    return admin
