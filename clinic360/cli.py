"""Command-line tools: `flask --app wsgi users create ...`, `flask --app wsgi seed-demo`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from marshmallow import ValidationError
from sqlalchemy import func, select

from clinic360 import money
from clinic360.blueprints.auth.service import NewAccount, create_user
from clinic360.blueprints.reviews import service as reviews
from clinic360.clock import now_utc
from clinic360.demo_clinics import seed_demo_clinics
from clinic360.errors import ApiError, flatten_messages
from clinic360.extensions import db
from clinic360.models import (
    Appointment,
    DoctorSchedule,
    Review,
    Role,
    ScheduleRule,
    User,
)
from clinic360.validation import Email, Password, Phone, SingleLine

users_cli = AppGroup("users", help="Manage user accounts.")

# Published demo logins (see README): seed-demo alone skips the password policy for them.
DEMO_PASSWORD = "clinic360-demo"  # noqa: S105

DEMO_ADMIN = {"name": "Ada Admin", "email": "admin@clinic360.test"}
DEMO_DOCTORS = [
    {
        "name": "Dr. Maya Patel",
        "email": "maya.patel@clinic360.test",
        "phone": "+15550100001",
        "employee_id": "DOC-1001",
        "specialty": "Dermatology",
        "city": "Boston",
        "timezone": "America/New_York",
        "facility": "Back Bay Skin Clinic",
        "fee": "80.00",
        "currency": "USD",
        "years": 12,
        "languages": ["English", "Hindi"],
        "types": ["video", "chat"],
        "bio": "Board-certified dermatologist treating eczema, acne and psoriasis.",
    },
    {
        "name": "Dr. Lucas Moreau",
        "email": "lucas.moreau@clinic360.test",
        "phone": "+15550100002",
        "employee_id": "DOC-1002",
        "specialty": "Cardiology",
        "city": "Montreal",
        "timezone": "America/Toronto",
        "facility": "Clinique Cœur Santé",
        "fee": "120.00",
        "currency": "CAD",
        "years": 18,
        "languages": ["French", "English"],
        "types": ["video", "audio"],
        "bio": "Cardiologist focused on hypertension and heart rhythm problems.",
    },
    {
        "name": "Dr. Amara Okafor",
        "email": "amara.okafor@clinic360.test",
        "phone": "+15550100003",
        "employee_id": "DOC-1003",
        "specialty": "Pediatrics",
        "city": "Lagos",
        "timezone": "Africa/Lagos",
        "facility": "Sunrise Children's Clinic",
        "fee": "15000.00",
        "currency": "NGN",
        "years": 9,
        "languages": ["English", "Yoruba", "Igbo"],
        "types": ["video", "audio", "chat", "in_person"],
        "bio": "Paediatrician caring for newborns to teenagers.",
    },
    {
        "name": "Dr. Kenji Watanabe",
        "email": "kenji.watanabe@clinic360.test",
        "phone": "+15550100004",
        "employee_id": "DOC-1004",
        "specialty": "General Practice",
        "city": "Boston",
        "timezone": "America/New_York",
        "facility": "Harbor Family Practice",
        "fee": "50.00",
        "currency": "USD",
        "years": 22,
        "languages": ["English", "Japanese"],
        "types": ["video", "audio", "chat", "in_person"],
        "bio": "Family doctor for everyday illness and check-ups.",
    },
    {
        "name": "Dr. Sofia Rossi",
        "email": "sofia.rossi@clinic360.test",
        "phone": "+15550100005",
        "employee_id": "DOC-1005",
        "specialty": "Psychiatry",
        "city": "Berlin",
        "timezone": "Europe/Berlin",
        "facility": "Praxis am Park",
        "fee": "90.00",
        "currency": "EUR",
        "years": 7,
        "languages": ["Italian", "German", "English"],
        "types": ["video", "audio"],
        "bio": "Psychiatrist for anxiety, depression and sleep problems.",
    },
    {
        "name": "Dr. Rahul Mehta",
        "email": "rahul.mehta@clinic360.test",
        "phone": "+15550100006",
        "employee_id": "DOC-1006",
        "specialty": "Obstetrics and Gynecology",
        "city": "Mumbai",
        "timezone": "Asia/Kolkata",
        "facility": "Lotus Women's Hospital",
        "fee": "1500.00",
        "currency": "INR",
        "years": 15,
        "languages": ["Hindi", "Marathi", "English"],
        "types": ["video", "chat"],
        "bio": "Obstetrician supporting healthy pregnancies from first scan to birth.",
    },
]
DEMO_PATIENTS = [
    {"name": "Paula Patient", "email": "paula@clinic360.test", "phone": "+15550200001"},
    {"name": "Omar Haddad", "email": "omar@clinic360.test", "phone": "+15550200002"},
    {"name": "Lena Fischer", "email": "lena@clinic360.test", "phone": None},
]

# Completed visits the demo patients reviewed, so that ratings are earned: (doctor's employee
# ID, patient's email, days ago, stars, comment), and the doctors' replies by review.
DEMO_REVIEWS = [
    ("DOC-1001", "paula@clinic360.test", 40, 5, "Clear advice; my eczema is calm at last."),
    ("DOC-1001", "omar@clinic360.test", 21, 4, "Helpful, though the call started late."),
    ("DOC-1001", "lena@clinic360.test", 9, 5, None),
    ("DOC-1002", "omar@clinic360.test", 30, 5, "Explained my blood pressure patiently."),
    ("DOC-1002", "paula@clinic360.test", 12, 4, None),
    ("DOC-1003", "lena@clinic360.test", 18, 5, "Wonderful with my daughter."),
    ("DOC-1004", "paula@clinic360.test", 25, 3, "Quick, but I had to ask twice for a note."),
    ("DOC-1006", "lena@clinic360.test", 15, 5, "Calm and reassuring at my first scan."),
]
DEMO_REPLIES = {1: "Sorry for the wait, and thank you for the kind words."}


def _check(field: object, value: str | None, label: str) -> str | None:
    if value is None:
        return None
    try:
        return field.deserialize(value)  # type: ignore[attr-defined]
    except ValidationError as error:
        raise click.BadParameter(
            " ".join(flatten_messages(error.messages)["_schema"]), param_hint=label
        ) from None


@users_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", default=None)
@click.option("--phone", default=None)
@click.option("--password", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--employee-id", default=None, help="Required for doctors.")
@click.option("--specialty", default=None)
def create_user_command(
    role: str,
    email: str | None,
    phone: str | None,
    password: str,
    full_name: str,
    employee_id: str | None,
    specialty: str | None,
) -> None:
    """Create an active account (doctors: verified) without prompting."""
    email = _check(Email(allow_none=True), email, "--email")
    phone = _check(Phone(allow_none=True), phone, "--phone")
    _check(Password(), password, "--password")
    if not email and not phone:
        raise click.UsageError("Give --email or --phone (or both).")
    if role == Role.DOCTOR and not (employee_id and employee_id.strip()):
        raise click.UsageError("Doctors need --employee-id.")
    full_name = _check(SingleLine(required=True), full_name, "--name")
    if employee_id:
        employee_id = _check(SingleLine(), employee_id, "--employee-id")
    if specialty:
        specialty = _check(SingleLine(), specialty, "--specialty")
    account = NewAccount(
        full_name=full_name,
        password=password,
        role=role,
        email=email,
        phone=phone,
        specialty=specialty,
        employee_id=employee_id if role == Role.DOCTOR else None,
    )
    try:
        user = create_user(account, rounds=current_app.config["BCRYPT_ROUNDS"], now=now_utc())
        db.session.commit()
    except ApiError as error:
        db.session.rollback()
        detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in (error.fields or {}).items())
        raise click.ClickException(f"{error.message} {detail}".strip()) from None
    click.echo(f"Created {role} #{user.id} ({user.email or user.phone}).")


def seed_demo_data() -> bool:
    """Fill an empty database with demo accounts. Returns False if it already has users."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    rounds = current_app.config["BCRYPT_ROUNDS"]
    now = now_utc()
    people: dict[str, User] = {}
    create_user(
        NewAccount(
            full_name=DEMO_ADMIN["name"],
            email=DEMO_ADMIN["email"],
            password=DEMO_PASSWORD,
            role=Role.ADMIN,
        ),
        rounds=rounds,
        now=now,
        check_policy=False,
    )
    for doctor in DEMO_DOCTORS:
        user = create_user(
            NewAccount(
                full_name=doctor["name"],
                email=doctor["email"],
                phone=doctor["phone"],
                password=DEMO_PASSWORD,
                role=Role.DOCTOR,
                employee_id=doctor["employee_id"],
                specialty=doctor["specialty"],
            ),
            rounds=rounds,
            now=now,
            check_policy=False,
        )
        _fill_demo_doctor(user, doctor)
        people[doctor["employee_id"]] = user
    for patient in DEMO_PATIENTS:
        people[patient["email"]] = create_user(
            NewAccount(
                full_name=patient["name"],
                email=patient["email"],
                phone=patient["phone"],
                password=DEMO_PASSWORD,
                role=Role.PATIENT,
            ),
            rounds=rounds,
            now=now,
            check_policy=False,
        )
    _seed_demo_reviews(people, now)
    seed_demo_clinics(people, rounds, now, DEMO_PASSWORD)
    db.session.commit()
    return True


def _seed_demo_reviews(people: dict[str, User], now: datetime) -> None:
    """Completed visits in the past with the demo patients' reviews (one answered), and the
    doctors' ratings worked out from them as reviews always are."""
    db.session.flush()
    for index, (employee_id, email, days_ago, stars, comment) in enumerate(DEMO_REVIEWS):
        reply = DEMO_REPLIES.get(index)
        doctor, patient = people[employee_id], people[email]
        start = (now - timedelta(days=days_ago)).replace(hour=15, minute=0, second=0, microsecond=0)
        visit = Appointment(
            doctor_id=doctor.id,
            patient_id=patient.id,
            start_at=start,
            end_at=start + timedelta(minutes=30),
            status="completed",
            consultation_type="video",
            created_at=start - timedelta(days=3),
            updated_at=start + timedelta(minutes=30),
        )
        db.session.add(visit)
        db.session.flush()
        written = start + timedelta(hours=2)
        db.session.add(
            Review(
                appointment_id=visit.id,
                doctor_id=doctor.id,
                patient_id=patient.id,
                rating=stars,
                comment=comment,
                created_at=written,
                updated_at=written,
                reply_body=reply,
                replied_at=written + timedelta(days=1) if reply else None,
            )
        )
    db.session.flush()
    for employee_id in sorted({row[0] for row in DEMO_REVIEWS}):
        reviews.refresh_rating(people[employee_id].id)


def _fill_demo_doctor(user: User, doctor: dict) -> None:
    profile = user.doctor_profile
    assert profile is not None
    profile.city = doctor["city"]
    profile.facility = doctor["facility"]
    profile.currency = doctor["currency"]
    profile.fee_amount = money.to_minor(doctor["fee"], doctor["currency"])
    profile.experience_years = doctor["years"]
    profile.languages = doctor["languages"]
    profile.consultation_types = doctor["types"]
    profile.bio = doctor["bio"]
    db.session.add(
        DoctorSchedule(
            doctor_id=user.id,
            timezone=doctor["timezone"],
            slot_minutes=30,
            min_notice_minutes=60,
            horizon_days=30,
            requires_approval=doctor["employee_id"] != "DOC-1004",
            rules=[
                ScheduleRule(day_of_week=day, start_time=start, end_time=end)
                for day in range(5)
                for start, end in ((time(9), time(12)), (time(13), time(17)))
            ],
        )
    )


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty database with demo data (the README lists the logins)."""
    if seed_demo_data():
        click.echo(f"Seeded demo accounts; every demo password is {DEMO_PASSWORD!r}.")
    else:
        click.echo("The database already has users; nothing seeded.")


def register_cli(app: Flask) -> None:
    from clinic360.crypto_cli import crypto_cli
    from clinic360.jobs.worker import worker_command

    app.cli.add_command(crypto_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(worker_command)
