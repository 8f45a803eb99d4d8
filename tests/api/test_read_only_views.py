"""Views that only read run their statements outside a transaction block on PostgreSQL (no
BEGIN or COMMIT round trips), writes keep their transactions, an ORM change in a read-only
view is refused, and the lists built without their schema answer what the schema would."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic360 import create_app
from clinic360.blueprints.consultations import presenters
from clinic360.blueprints.consultations import service as thread_service
from clinic360.blueprints.consultations.schemas import MessageThreadSchema
from clinic360.blueprints.consultations.video import Window
from clinic360.blueprints.notifications.schemas import NotificationSchema, notification_json
from clinic360.blueprints.schedule.schemas import SlotSchema, slots_json
from clinic360.blueprints.schedule.slots import Slot
from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.models import Appointment, Message, Notification, Role, User
from clinic360.read_only import READ_ONLY
from tests.conftest import PASSWORD, app_settings
from tests.live import add_schedule


@contextmanager
def autocommit_seen(app: Flask) -> Iterator[list[bool]]:
    """For each SQL statement the app runs inside: whether its connection was in autocommit
    mode."""
    with app.app_context():
        engine = db.engine
    seen: list[bool] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(conn.connection.dbapi_connection.autocommit)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def own_app(live_database: str, live_app: Flask) -> Iterator[Flask]:
    """An app of its own on the committed live database (the test apps' sessions are bound
    to a connection in an outer transaction, so they never reach the engine's autocommit)."""
    app = create_app(app_settings(live_database))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_hot_reads_run_without_a_transaction_and_writes_keep_theirs(own_app, live_app, live_user):
    doctor = live_user(Role.DOCTOR, specialty="Dermatology")
    add_schedule(live_app, doctor)
    patient = live_user()
    with live_app.app_context():
        db.session.add(Notification(user_id=patient["id"], kind="welcome", title="Hi", body=""))
        db.session.commit()
    client = own_app.test_client()
    token = client.get("/api/csrf").get_json()["csrfToken"]
    login = {"identifier": patient["email"], "password": PASSWORD}
    assert client.post("/api/login", json=login, headers={"X-CSRFToken": token}).status_code == 200
    token = client.get("/api/csrf").get_json()["csrfToken"]
    reads = [
        "/api/user",
        "/api/user/state",
        "/api/notifications",
        "/api/appointments",
        f"/api/doctors/{doctor['id']}",  # works the next free times out and stores them
        f"/api/doctors/{doctor['id']}/slots",
        "/api/doctors?q=dermatology",
        "/api/specialties",
        "/api/search/suggest?q=derm",
    ]
    for path in reads:
        with autocommit_seen(own_app) as seen:
            answer = client.get(path)
        assert answer.status_code == 200, (path, answer.get_json())
        assert all(seen), (path, seen)
    assert client.get(f"/api/doctors/{doctor['id']}").get_json()["nextAvailable"] is not None
    with autocommit_seen(own_app) as seen:
        answer = client.post("/api/notifications/read-all", headers={"X-CSRFToken": token})
    assert answer.status_code == 204
    assert seen and not any(seen)
    assert client.get("/api/notifications").get_json()["unreadCount"] == 0  # it was kept
    # A read that is not marked keeps its transaction.
    with autocommit_seen(own_app) as seen:
        assert client.get("/api/notifications/preferences").status_code == 200
    assert seen and not any(seen)


def test_an_orm_change_in_a_read_only_request_is_refused(app, make_user):
    patient = make_user()
    with app.app_context():
        db.session.info[READ_ONLY] = True
        db.session.add(Notification(user_id=patient.id, kind="welcome", title="Lost", body=""))
        with pytest.raises(RuntimeError, match="read_only"):
            db.session.flush()
        db.session.rollback()
        db.session.info.pop(READ_ONLY)
    with app.app_context():
        found = db.session.scalars(sa.select(Notification).filter_by(user_id=patient.id)).all()
        assert found == []


def test_built_lists_equal_what_their_schemas_dump(app, make_user, scheduled_doctor, booked):
    doctor = scheduled_doctor()
    patient = make_user()
    _, appointment = booked(doctor, patient=patient)
    appointment_id = appointment["id"]
    now = now_utc()
    with app.test_request_context():
        items = [
            Notification(user_id=patient.id, kind="welcome", title="Hi", body="", link=None),
            Notification(
                user_id=patient.id,
                kind="appointment_confirmed",
                title="Confirmed",
                body="See you",
                link=f"/appointments/{appointment_id}",
                appointment_id=appointment_id,
                read_at=now,
            ),
        ]
        db.session.add_all(items)
        db.session.add(Message(appointment_id=appointment_id, sender_id=patient.id, body="Hë"))
        db.session.flush()
        for item in items:
            assert list(notification_json(item).items()) == list(
                NotificationSchema().dump(item).items()
            )
        slots = [Slot(now, now + timedelta(minutes=30)), Slot(now.replace(microsecond=0), now)]
        assert slots_json(slots) == SlotSchema(many=True).dump(slots)
        appointment = db.session.get(Appointment, appointment_id)
        messages = db.session.scalars(sa.select(Message)).all()
        window = Window(now, now + timedelta(hours=1))
        for status in ("pending", "confirmed"):
            appointment.status = status
            built = presenters.thread(appointment, messages, True, 1, window)
            expected = MessageThreadSchema().dump(
                {
                    "items": messages,
                    "has_more": True,
                    "unread_count": 1,
                    "can_post": status == "confirmed",
                    "opens_at": window.opens_at,
                    "closes_at": window.closes_at,
                }
            )
            assert built == expected
            # The thread's own read (plain rows, with its appointment) is written the same.
            reader = db.session.get(User, patient.id)
            page = thread_service.read_thread(reader, appointment_id, 0, 9)
            assert page is not None and page.appointment is appointment
            assert presenters.thread(appointment, page.items, True, 1, window) == expected
        db.session.rollback()


def test_appointment_items_are_built_as_their_schema_dumps_them(
    app, make_user, scheduled_doctor, booked
):
    """A listed item (read as plain rows) is written as AppointmentItemSchema dumps the same
    appointment loaded as an ORM object and presented as one appointment is."""
    from clinic360.blueprints.appointments import presenters, service
    from clinic360.blueprints.appointments.schemas import AppointmentItemSchema
    from clinic360.models import TimeProposal, User
    from clinic360.schemas import payments_online

    doctor = scheduled_doctor(specialty="Urology")
    unlisted = scheduled_doctor(specialty=None)
    patient = make_user()
    ids = [booked(doctor, index=n, patient=patient)[1]["id"] for n in range(2)]
    ids.append(booked(unlisted, days_ahead=4, patient=patient)[1]["id"])
    now = now_utc()
    with app.app_context():
        priced, proposed = (db.session.get(Appointment, ids[n]) for n in range(2))
        priced.price_amount, priced.price_currency = 8000, "EUR"
        priced.payment_status, priced.paid_at, priced.payment_due = "paid", now, "before_confirm"
        priced.cancel_reason = "Åsked"
        for status, days in (("withdrawn", 2), ("open", 1), ("declined", 3)):
            db.session.add(
                TimeProposal(
                    appointment_id=proposed.id,
                    start_at=proposed.start_at + timedelta(days=days),
                    end_at=proposed.end_at + timedelta(days=days),
                    note=None if status == "open" else "Earlier",
                    status=status,
                )
            )
        db.session.get(User, doctor.id).photo_key = "abcdef0123456789"
        late = priced.start_at - timedelta(hours=2)  # within the late-change hours of one
        db.session.commit()
    for viewer_id in (patient.id, doctor.id):
        for at in (now, late):
            with app.test_request_context():
                viewer = db.session.get(User, viewer_id)
                items, total = service.list_for(
                    viewer, scope=None, statuses=[], page=1, page_size=20, now=at
                )
                assert len(items) == total == (3 if viewer_id == patient.id else 2)
                built_items = [
                    presenters.item_json(item, viewer, at, payments_online()) for item in items
                ]
                has_proposal = [built["openProposal"] is not None for built in built_items[:2]]
                assert has_proposal == [False, True]
                for built in built_items:
                    loaded = db.session.get(Appointment, built["id"])
                    schedule = service.schedule_of(loaded.doctor_id)
                    expected = AppointmentItemSchema().dump(
                        presenters.present(loaded, viewer, schedule, at)
                    )
                    assert list(built.items()) == list(expected.items())
                allowed = [built["allowedActions"] for built in built_items]
                assert (allowed[0] == []) is (at == late and viewer_id == patient.id)


def test_own_lists_by_scope_and_status_from_statements_built_once(
    app, make_user, scheduled_doctor, booked
):
    from datetime import datetime

    from clinic360.blueprints.appointments import service
    from clinic360.models import User

    doctor = scheduled_doctor()
    made = [booked(doctor, days_ahead=3, index=n)[1] for n in range(2)]
    made.append(booked(doctor, days_ahead=5)[1])
    day = datetime.fromisoformat(made[0]["startTime"])
    with app.test_request_context():
        viewer = db.session.get(User, doctor.id)
        for page_size, statuses in ((1, ["pending"]), (5, ["pending", "confirmed"]), (5, [])):
            found, total = service.list_for(
                viewer, scope="today", statuses=statuses, page=1, page_size=page_size, now=day
            )
            assert total == 2
            assert [item.id for item in found] == [made[0]["id"], made[1]["id"]][:page_size]
        found, total = service.list_for(
            viewer, scope="upcoming", statuses=["confirmed"], page=1, page_size=5, now=day
        )
        assert (found, total) == ([], 0)
        found, total = service.list_for(
            viewer, scope="past", statuses=[], page=2, page_size=1, now=day + timedelta(days=9)
        )
        assert [item.id for item in found] == [made[1]["id"]] and total == 3  # newest first


def test_autocommit_is_told_only_where_statements_run_so(app, own_app):
    from clinic360.read_only import autocommit

    for each, expected in ((own_app, True), (app, False)):  # the tests' app: an outer transaction
        with each.app_context():
            assert autocommit(db.session()) is False
            db.session.info[READ_ONLY] = True
            assert autocommit(db.session()) is expected
            db.session.info.pop(READ_ONLY)


def test_a_doctor_unlisted_between_the_page_and_its_cards_is_left_out(own_app, live_app, live_user):
    """A search reads the page's ids and then their cards, each statement in its own snapshot:
    a doctor deactivated in between is left off the page, not a 500."""
    word = f"vex{secrets.token_hex(3)}"
    kept = live_user(Role.DOCTOR, full_name=f"Amara {word}")
    gone = live_user(Role.DOCTOR, full_name=f"Bola {word}")
    with own_app.app_context():
        engine = db.engine
    fired: list[bool] = []

    def deactivate_before_the_cards(conn, cursor, statement, *_: object) -> None:
        if "doctor_profiles.facility" in statement and not fired:
            fired.append(True)
            with live_app.app_context(), db.engine.begin() as other:  # another connection
                other.execute(sa.update(User).where(User.id == gone["id"]).values(is_active=False))

    sa.event.listen(engine, "before_cursor_execute", deactivate_before_the_cards)
    try:
        answer = own_app.test_client().get(f"/api/doctors?q={word}")
    finally:
        sa.event.remove(engine, "before_cursor_execute", deactivate_before_the_cards)
    assert fired
    assert answer.status_code == 200, answer.get_json()
    assert [item["id"] for item in answer.get_json()["items"]] == [kept["id"]]
