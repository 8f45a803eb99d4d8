"""Clinic analytics against a small clinic seeded by hand, every figure worked out here.

The clinic is in New York (UTC-5 in November 2026, after the clocks went back on Nov 1); the
range is Monday 2026-11-02 to Sunday 2026-11-08, local dates, i.e. [Nov 2 05:00Z, Nov 9
05:00Z). Doctor A works Mon-Fri 09:00-17:00 New York time with Wednesday Nov 4 off; doctor B
(whose name a spreadsheet would run as a formula) works 10:00-12:00 UTC every day, on Saturday
Nov 7 08:00-09:00 instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from clinic360.blueprints.billing import ledger
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    ChargeStatus,
    Clinic,
    ClinicDoctor,
    ClinicStaff,
    DoctorSchedule,
    LedgerEntry,
    Payment,
    Role,
    ScheduleException,
    ScheduleRule,
    User,
)
from tests.billing_rows import refunded
from tests.conftest import ApiClient

RANGE = "from=2026-11-02&to=2026-11-08"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def new_clinic(app: Flask, name: str = "Harbour Clinic", zone: str = "America/New_York") -> int:
    with app.app_context():
        clinic = Clinic(name=name, city="New York", timezone=zone)
        db.session.add(clinic)
        db.session.commit()
        return clinic.id


def link(app: Flask, clinic_id: int, *doctors: User) -> None:
    with app.app_context():
        for doctor in doctors:
            db.session.add(ClinicDoctor(clinic_id=clinic_id, doctor_id=doctor.id))
        db.session.commit()


def staff(app: Flask, make_user: Callable[..., User], clinic_id: int, role: str) -> User:
    """A clinic admin or receptionist of the clinic (an account made as an admin's, then
    given the clinic role)."""
    user = make_user(Role.ADMIN)
    with app.app_context():
        db.session.get(User, user.id).role = role
        db.session.add(ClinicStaff(user_id=user.id, clinic_id=clinic_id, role=role))
        db.session.commit()
    user.role = role
    return user


def schedule(app: Flask, doctor: User, zone: str, hours: dict[int, tuple[str, str]]) -> None:
    with app.app_context():
        db.session.add(
            DoctorSchedule(
                doctor_id=doctor.id,
                timezone=zone,
                rules=[
                    ScheduleRule(
                        day_of_week=day,
                        start_time=time.fromisoformat(start),
                        end_time=time.fromisoformat(end),
                    )
                    for day, (start, end) in hours.items()
                ],
            )
        )
        db.session.commit()


def exception(app: Flask, doctor: User, day: str, hours: tuple[str, str] | None = None) -> None:
    with app.app_context():
        db.session.add(
            ScheduleException(
                doctor_id=doctor.id,
                date=datetime.fromisoformat(day).date(),
                is_available=hours is not None,
                start_time=time.fromisoformat(hours[0]) if hours else None,
                end_time=time.fromisoformat(hours[1]) if hours else None,
            )
        )
        db.session.commit()


def visit(
    app: Flask,
    clinic_id: int | None,
    doctor: User,
    patient: User,
    start: str,
    status: str,
    minutes: int = 30,
) -> int:
    with app.app_context():
        begins = at(start)
        appointment = Appointment(
            doctor_id=doctor.id,
            patient_id=patient.id,
            clinic_id=clinic_id,
            start_at=begins,
            end_at=begins + timedelta(minutes=minutes),
            status=status,
            consultation_type="in_person" if clinic_id else "video",
        )
        db.session.add(appointment)
        db.session.commit()
        return appointment.id


def pay(app: Flask, appointment_id: int, amount: int, currency: str = "USD", fee: int = 0) -> int:
    """A settled cash payment of the visit, entered in the ledger (with a fee when given)."""
    with app.app_context():
        appointment = db.session.get(Appointment, appointment_id)
        now = datetime.now(UTC)
        payment = Payment(
            appointment_id=appointment_id,
            doctor_id=appointment.doctor_id,
            patient_id=appointment.patient_id,
            provider="cash",
            method="cash",
            status=ChargeStatus.PAID,
            amount=amount,
            currency=currency,
            paid_at=now,
        )
        db.session.add(payment)
        db.session.flush()
        ledger.record_charge(payment, now)
        if fee:
            db.session.add(
                LedgerEntry(
                    at=now,
                    kind="fee",
                    amount=-fee,
                    currency=currency,
                    appointment_id=appointment_id,
                    doctor_id=appointment.doctor_id,
                    payment_id=payment.id,
                    provider="cash",
                )
            )
        db.session.commit()
        return payment.id


@dataclass
class Seeded:
    clinic: int
    other_clinic: int
    a: User
    b: User
    patients: list[User]
    clinic_admin: User


@pytest.fixture
def seeded(app: Flask, make_user, make_doctor) -> Seeded:
    return seed(app, make_user, make_doctor)


def seed(app: Flask, make_user: Callable[..., User], make_doctor: Callable[..., User]) -> Seeded:
    """The clinic of the module docstring, its visits and payments (figures in the tests)."""
    clinic = new_clinic(app)
    other = new_clinic(app, "Elsewhere", "Europe/Berlin")
    a = make_doctor(full_name="Ada Able")
    b = make_doctor(full_name="=HYPERLINK(1) Bea")
    link(app, clinic, a, b)
    link(app, other, a)
    schedule(app, a, "America/New_York", {d: ("09:00", "17:00") for d in range(5)})
    exception(app, a, "2026-11-04")  # Wednesday off
    schedule(app, b, "UTC", {d: ("10:00", "12:00") for d in range(7)})
    exception(app, b, "2026-11-07", ("08:00", "09:00"))  # other hours on Saturday
    p1, p2, p3, p4, p5 = (make_user() for _ in range(5))

    # In the range (clinic local dates Nov 2-8):
    v1 = visit(app, clinic, a, p1, "2026-11-02T14:00", "completed")  # Mon 09:00 local
    visit(app, clinic, a, p2, "2026-11-03T15:00", "no_show")
    visit(app, clinic, a, p2, "2026-11-05T04:30", "completed")  # Wed Nov 4 23:30 local
    v4 = visit(app, clinic, a, p3, "2026-11-05T16:00", "cancelled")
    v5 = visit(app, clinic, b, p1, "2026-11-06T10:00", "completed", minutes=60)
    v6 = visit(app, clinic, b, p4, "2026-11-07T08:00", "confirmed")
    visit(app, clinic, b, p5, "2026-11-08T10:00", "no_show")
    # Just outside it: Nov 9 00:00 local, and Nov 1 23:30 local (already Nov 2 in UTC).
    v8 = visit(app, clinic, a, p2, "2026-11-09T05:00", "completed")
    visit(app, clinic, a, p1, "2026-11-02T04:30", "completed")
    # Before it: p1 came before (returning); p4 only cancelled (still new); p5 at another
    # clinic only (new here). Another clinic's visit in the range counts nowhere here.
    visit(app, clinic, a, p1, "2026-10-20T14:00", "completed")
    visit(app, clinic, b, p4, "2026-10-10T14:00", "cancelled")
    visit(app, other, a, p5, "2026-10-12T14:00", "completed")
    visit(app, other, a, p2, "2026-11-03T18:00", "completed")

    pay(app, v1, 8000, fee=800)  # the fee is not taken off the revenue
    refunded(app, pay(app, v4, 8000), 6000)  # a cancelled visit partly refunded: 2000 kept
    refunded(app, pay(app, v5, 12000), 2000)  # partial refund: 10000
    pay(app, v6, 3000, currency="EUR")  # one payment in another currency
    pay(app, v8, 5000)  # outside the range
    admin = staff(app, make_user, clinic, Role.CLINIC_ADMIN)
    return Seeded(clinic, other, a, b, [p1, p2, p3, p4, p5], admin)


def _get(client: ApiClient, path: str, **kwargs: Any):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.get_json()
    return response


def test_clinic_figures_worked_out_by_hand(seeded: Seeded, logged_in) -> None:
    check_clinic_figures(
        _get(logged_in(seeded.clinic_admin), f"/api/clinic/analytics?{RANGE}").get_json(), seeded
    )


def check_clinic_figures(body: dict[str, Any], seeded: Seeded) -> None:
    """The clinic's answer for RANGE, every figure worked out by hand."""
    assert body["clinicId"] == seeded.clinic
    assert (body["from"], body["to"], body["timezone"]) == (
        "2026-11-02",
        "2026-11-08",
        "America/New_York",
    )
    assert body["currency"] == "USD"
    assert body["revenueByCurrency"] == [
        {"amount": 3000, "currency": "EUR"},
        {"amount": 20000, "currency": "USD"},
    ]
    # Offered: A 4 weekdays x 480 (Wednesday off) = 1920; B 6 x 120 + 60 on Saturday = 780.
    assert body["totals"] == {
        "appointments": 6,
        "completed": 3,
        "noShows": 2,
        "cancelled": 1,
        "noShowRate": 0.4,
        "newPatients": 3,  # p2, p4 (only a cancelled visit before), p5 (another clinic before)
        "returningPatients": 1,  # p1
        "offeredMinutes": 2700,
        "bookedMinutes": 210,
        "utilisation": 0.0778,
        "revenue": {"amount": 20000, "currency": "USD"},
    }
    assert body["byDay"] == [
        {"date": "2026-11-02", "appointments": 1, "completed": 1, "noShows": 0, "cancelled": 0},
        {"date": "2026-11-03", "appointments": 1, "completed": 0, "noShows": 1, "cancelled": 0},
        {"date": "2026-11-04", "appointments": 1, "completed": 1, "noShows": 0, "cancelled": 0},
        {"date": "2026-11-05", "appointments": 0, "completed": 0, "noShows": 0, "cancelled": 1},
        {"date": "2026-11-06", "appointments": 1, "completed": 1, "noShows": 0, "cancelled": 0},
        {"date": "2026-11-07", "appointments": 1, "completed": 0, "noShows": 0, "cancelled": 0},
        {"date": "2026-11-08", "appointments": 1, "completed": 0, "noShows": 1, "cancelled": 0},
    ]
    doctors = {row["doctorId"]: row for row in body["byDoctor"]}
    assert [row["fullName"] for row in body["byDoctor"]] == ["=HYPERLINK(1) Bea", "Ada Able"]
    a, b = doctors[seeded.a.id], doctors[seeded.b.id]
    assert {k: v for k, v in a.items() if k not in ("rating", "ratingCount")} == {
        "doctorId": seeded.a.id,
        "fullName": "Ada Able",
        "appointments": 3,
        "completed": 2,
        "noShows": 1,
        "cancelled": 1,
        "noShowRate": 0.3333,
        "newPatients": 1,  # p2
        "returningPatients": 1,  # p1
        "offeredMinutes": 1920,
        "bookedMinutes": 90,
        "utilisation": 0.0469,
        "revenue": {"amount": 10000, "currency": "USD"},  # 8000 + (8000 - 6000)
    }
    assert (a["rating"], a["ratingCount"]) == (None, 0)
    assert {k: v for k, v in b.items() if k not in ("rating", "ratingCount", "fullName")} == {
        "doctorId": seeded.b.id,
        "appointments": 3,
        "completed": 1,
        "noShows": 1,
        "cancelled": 0,
        "noShowRate": 0.5,
        "newPatients": 3,  # p1 (new to B, though not to the clinic), p4, p5
        "returningPatients": 0,
        "offeredMinutes": 780,
        "bookedMinutes": 120,
        "utilisation": 0.1538,
        "revenue": {"amount": 10000, "currency": "USD"},  # 12000 - 2000; EUR left out
    }


def test_admin_names_the_clinic(seeded: Seeded, logged_in, make_user) -> None:
    admin = logged_in(make_user(Role.ADMIN))
    missing = admin.get(f"/api/clinic/analytics?{RANGE}")
    assert missing.status_code == 422
    assert "clinicId" in missing.get_json()["error"]["fields"]
    assert admin.get(f"/api/clinic/analytics?{RANGE}&clinicId=999999").status_code == 404
    body = _get(admin, f"/api/clinic/analytics?{RANGE}&clinicId={seeded.clinic}").get_json()
    assert body["totals"]["appointments"] == 6
    other = _get(admin, f"/api/clinic/analytics?{RANGE}&clinicId={seeded.other_clinic}")
    body = other.get_json()
    # Berlin dates: the other clinic's one visit in the range, Ada's only.
    assert body["timezone"] == "Europe/Berlin"
    assert body["totals"]["appointments"] == 1 and body["totals"]["newPatients"] == 1
    assert [row["doctorId"] for row in body["byDoctor"]] == [seeded.a.id]


def test_roles_and_isolation(seeded: Seeded, app: Flask, logged_in, make_user) -> None:
    receptionist = staff(app, make_user, seeded.clinic, Role.RECEPTIONIST)
    for user in (receptionist, seeded.a, seeded.patients[0]):
        answer = logged_in(user).get(f"/api/clinic/analytics?{RANGE}")
        assert answer.status_code == 403, user.role
    # Another clinic's admin sees their own clinic, and a 404 for this one's id.
    foreign = logged_in(staff(app, make_user, seeded.other_clinic, Role.CLINIC_ADMIN))
    own = _get(foreign, f"/api/clinic/analytics?{RANGE}").get_json()
    assert own["clinicId"] == seeded.other_clinic
    assert own["totals"]["appointments"] == 1
    named = foreign.get(f"/api/clinic/analytics?{RANGE}&clinicId={seeded.clinic}")
    assert named.status_code == 404
    same = _get(foreign, f"/api/clinic/analytics?{RANGE}&clinicId={seeded.other_clinic}")
    assert same.get_json()["clinicId"] == seeded.other_clinic
    # A clinic_admin account without a clinic is refused.
    loner = make_user(Role.ADMIN)
    with app.app_context():
        db.session.get(User, loner.id).role = Role.CLINIC_ADMIN
        db.session.commit()
    assert logged_in(loner).get("/api/clinic/analytics").status_code == 403


def test_anonymous_is_401(client: ApiClient) -> None:
    for path in ("/api/clinic/analytics", "/api/doctor/analytics", "/api/admin/analytics"):
        assert client.get(path).status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-11-08&to=2026-11-02",  # from after to
        "from=2025-01-01&to=2026-01-02",  # 367 days
        "from=2026-13-01",
        "from=1900-01-01&to=1900-01-02",
        "format=xml",
        "clinicId=0",
    ],
)
def test_bad_ranges_are_422(seeded: Seeded, logged_in, query: str) -> None:
    answer = logged_in(seeded.clinic_admin).get(f"/api/clinic/analytics?{query}")
    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["error"]["code"] == "validation_error"


def test_a_full_year_and_the_default_range(seeded: Seeded, logged_in) -> None:
    client = logged_in(seeded.clinic_admin)
    year = _get(client, "/api/clinic/analytics?from=2026-01-01&to=2026-12-31").get_json()
    assert len(year["byDay"]) == 365
    # Every visit of the clinic in 2026 local dates: 7 in the range, Nov 9 00:00, Nov 1
    # 23:30, Oct 20 and Oct 10 (cancelled).
    assert year["totals"]["appointments"] + year["totals"]["cancelled"] == 11
    assert year["totals"]["newPatients"] == 4 and year["totals"]["returningPatients"] == 0
    default = _get(client, "/api/clinic/analytics").get_json()
    assert len(default["byDay"]) == 30
    assert (
        default["to"]
        == datetime.now(UTC).astimezone(ZoneInfo("America/New_York")).date().isoformat()
    )
