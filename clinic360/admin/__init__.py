"""The Flask-Admin console at /admin: admins only, every form CSRF-protected, every change
recorded in the audit trail through the same services as the admin API.

base.py holds what every page shares (access, forms, the transaction helper, safe list
arguments and the overview); each other module is one area of the console."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from clinic360 import security_headers
from clinic360.admin.base import ConsoleIndexView
from clinic360.admin.billing import (
    FinanceReportView,
    InvoiceAdmin,
    LedgerAdmin,
    PaymentAdmin,
    ReconciliationView,
    RefundAdmin,
)
from clinic360.admin.clinics import ClinicAdmin, ClinicStaffAdmin
from clinic360.admin.deletion_requests import DeletionRequestAdmin
from clinic360.admin.doctors import DoctorAdmin
from clinic360.admin.outbox import OutboxAdmin
from clinic360.admin.reviews import ReviewAdmin, ReviewReportAdmin
from clinic360.admin.specialties import SpecialtyAdmin
from clinic360.admin.synonyms import synonym_view
from clinic360.admin.trails import AuditAdmin, HealthAccessAdmin
from clinic360.admin.users import UserAdmin
from clinic360.extensions import db
from clinic360.models import (
    AuditEvent,
    Clinic,
    ClinicStaff,
    DeletionRequest,
    DoctorProfile,
    HealthAccess,
    Invoice,
    LedgerEntry,
    OutboxMessage,
    Payment,
    Refund,
    Review,
    ReviewReport,
    Specialty,
    User,
)
from clinic360.security_headers import csp_nonce


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Clinic360 admin",
        url="/admin",
        theme=Bootstrap4Theme(swatch="default"),
        index_view=ConsoleIndexView(name="Overview", url="/admin"),
        csp_nonce_generator=csp_nonce,
    )
    admin.add_view(UserAdmin(User, db, name="Users", endpoint="users"))
    admin.add_view(DoctorAdmin(DoctorProfile, db, name="Doctors", endpoint="doctors"))
    admin.add_view(SpecialtyAdmin(Specialty, db, name="Specialties", endpoint="specialties"))
    clinics = "Clinics"
    admin.add_view(
        ClinicAdmin(
            Clinic, db, name="Clinics", endpoint="clinic_console", url="clinics", category=clinics
        )
    )
    admin.add_view(
        ClinicStaffAdmin(
            ClinicStaff,
            db,
            name="Clinic staff",
            endpoint="clinic_staff",
            url="clinic-staff",
            category=clinics,
        )
    )
    admin.add_view(synonym_view())
    admin.add_view(
        ReviewAdmin(Review, db, name="Reviews", endpoint="review_console", url="reviews")
    )
    admin.add_view(
        ReviewReportAdmin(
            ReviewReport, db, name="Review reports", endpoint="review_reports", url="review-reports"
        )
    )
    admin.add_view(AuditAdmin(AuditEvent, db, name="Audit trail", endpoint="audit"))
    admin.add_view(OutboxAdmin(OutboxMessage, db, name="Outbox", endpoint="outbox"))
    admin.add_view(
        DeletionRequestAdmin(
            DeletionRequest, db, name="Deletion requests", endpoint="deletion_requests"
        )
    )
    admin.add_view(
        HealthAccessAdmin(HealthAccess, db, name="Health access log", endpoint="health_access")
    )
    money = "Billing"
    admin.add_view(PaymentAdmin(Payment, db, name="Payments", endpoint="payments", category=money))
    admin.add_view(RefundAdmin(Refund, db, name="Refunds", endpoint="refunds", category=money))
    admin.add_view(InvoiceAdmin(Invoice, db, name="Invoices", endpoint="invoices", category=money))
    admin.add_view(LedgerAdmin(LedgerEntry, db, name="Ledger", endpoint="ledger", category=money))
    admin.add_view(
        FinanceReportView(name="Finance report", endpoint="finance", url="finance", category=money)
    )
    admin.add_view(
        ReconciliationView(
            name="Reconciliation", endpoint="reconciliation", url="reconciliation", category=money
        )
    )
    security_headers.allow_handlers(app, _inline_handlers(admin))
    return admin


def _inline_handlers(admin: Admin) -> list[str]:
    """The inline handlers the console's pages render: Flask-Admin's own and one per action."""
    handlers = list(security_headers.CONSOLE_HANDLERS)
    for view in admin._views:
        for name, _text in getattr(view, "_actions", None) or ():
            handlers.append(f"return modelActions.execute('{name}');")
    return handlers
