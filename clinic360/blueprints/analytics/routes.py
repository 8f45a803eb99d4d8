"""Analytics: a doctor's, a clinic's and the platform's figures over a date range."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from clinic360.blueprints.analytics import bp, export, service
from clinic360.blueprints.analytics.schemas import (
    ClinicAnalyticsSchema,
    ClinicArgs,
    DoctorAnalyticsSchema,
    PlatformAnalyticsSchema,
    PlatformArgs,
    RangeArgs,
)
from clinic360.clock import now_utc
from clinic360.csv_export import csv_response, wants_csv
from clinic360.http import roles_required
from clinic360.models import Role
from clinic360.read_only import read_only


@bp.get("/clinic/analytics")
@read_only
@bp.arguments(ClinicArgs, location="query")
@bp.response(200, ClinicAnalyticsSchema)
@bp.doc(responses=export.CSV_DOC)
@bp.errors(404)
@roles_required(Role.CLINIC_ADMIN, Role.ADMIN)
def clinic_analytics(args: dict[str, Any]):
    """A clinic's figures: totals, by day and by doctor (a clinic admin: their clinic, 404 for
    another's clinicId; an admin: ?clinicId=, 422 without it, 404 unknown)

    `from`/`to` are dates in the clinic's time zone, both included (default: the 30 days ending
    today; at most 366). A clinic's visits are the appointments with its clinicId, counted by
    their start. appointments: all but cancelled; completed, noShows, cancelled: by status;
    noShowRate = noShows / (completed + noShows), null when both are 0. A patient is new when
    their first non-cancelled visit at the clinic (by doctor: with that doctor at the clinic)
    ever falls in the range, returning when they had one before. offeredMinutes: the doctor's
    weekly schedule in its zone over the range, less days off and with other hours on exception
    dates (schedules are not per clinic); bookedMinutes: durations of the non-cancelled visits;
    utilisation = booked / offered, null with nothing offered. revenue: the ledger's charges of
    the range's visits less their refunds (fees not taken off), in `currency`: the currency of
    most payments (else of the doctors' fees); revenueByCurrency gives every currency.
    byDoctor lists the clinic's doctors and any other doctor with a visit of it in the range.
    `?format=csv` or `Accept: text/csv`: the day, doctor and total rows as CSV."""
    report = service.clinic_report(
        current_user, args["clinic_id"], args["start"], args["end"], now_utc()
    )
    if wants_csv(args["format"]):
        name = f"clinic-{report['clinic_id']}-{report['start']}-{report['end']}.csv"
        return csv_response(export.CLINIC_HEADER, export.clinic_rows(report), name)
    return report


@bp.get("/doctor/analytics")
@read_only
@bp.arguments(RangeArgs, location="query")
@bp.response(200, DoctorAnalyticsSchema)
@bp.doc(responses=export.CSV_DOC)
@roles_required(Role.DOCTOR)
def doctor_analytics(args: dict[str, Any]):
    """Your figures as a doctor: totals, by week (Monday to Sunday; the first and last weeks
    count only their dates in the range) and your rating

    `from`/`to` are dates in your schedule's time zone (UTC without one), both included
    (default: the 30 days ending today; at most 366). Your visits are all your appointments,
    counted by their start; the figures are defined as for a clinic, a patient being new when
    their first non-cancelled visit with you falls in the range (in a week's row: in that
    week). `?format=csv` or `Accept: text/csv`: the weeks as CSV."""
    report = service.doctor_report(current_user, args["start"], args["end"], now_utc())
    if wants_csv(args["format"]):
        name = f"analytics-{report['start']}-{report['end']}.csv"
        return csv_response(export.DOCTOR_HEADER, export.doctor_rows(report), name)
    return report


@bp.get("/admin/analytics")
@read_only
@bp.arguments(PlatformArgs, location="query")
@bp.response(200, PlatformAnalyticsSchema)
@bp.doc(responses=export.CSV_DOC)
@roles_required(Role.ADMIN)
def platform_analytics(args: dict[str, Any]):
    """The platform's figures by week or month (?groupBy=; default month over 92 days; the
    first and last periods count only their dates in the range)

    `from`/`to` are UTC dates, both included (default: the 30 days ending today; at most 366).
    Appointments are counted by their start as for a clinic; newPatients and newDoctors are
    the accounts of that role created in the period (users.created_at); totals.patients and
    totals.doctors the accounts of each role created by the end of `to`. revenue: the ledger's
    charges of the period's visits less their refunds, in `currency` (the currency of most
    payments); revenueByCurrency gives every currency. `?format=csv` or `Accept: text/csv`: the
    periods as CSV."""
    report = service.platform_report(args["start"], args["end"], args["group_by"], now_utc())
    if wants_csv(args["format"]):
        name = f"platform-{report['group_by']}-{report['start']}-{report['end']}.csv"
        return csv_response(export.PLATFORM_HEADER, export.platform_rows(report), name)
    return report
