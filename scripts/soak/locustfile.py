"""Clinic360 soak traffic for locust: visitors who search, read profiles and slots; patients
who book, read their appointments, notifications and records and message on confirmed
visits; doctors who confirm requests, message and write records.

Read from the environment (scripts/soak.py sets them): SOAK_HOSTS (comma-separated base URLs,
one chosen per simulated user), SOAK_MANIFEST (the seeded accounts), SOAK_OUT (where the
bookings answered 201 and the counts of expected conflicts are written at the end),
SOAK_DOCTOR_USERS (how many simulated doctors). Any 5xx, connection error or status not
expected for the request is a failure; a 409 where a slot may have been taken meanwhile is
counted apart as an expected conflict.
"""

# ruff: noqa: S311 - random choices of simulated users, not secrets
from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from locust import FastHttpUser, between, events, task

HOSTS = [h for h in os.environ.get("SOAK_HOSTS", "").split(",") if h]
with open(os.environ["SOAK_MANIFEST"]) as handle:
    MANIFEST = json.load(handle)
PASSWORD = MANIFEST["password"]
APPROVING = [d for d in MANIFEST["doctors"] if d["approval"]]
DOCTOR_USERS = max(1, int(os.environ.get("SOAK_DOCTOR_USERS", "1")))
# The doctors who are signed in during the run: half the bookings go to them, so that
# requests get confirmed, messages exchanged and records written.
SIGNED_IN_DOCTORS = [d["id"] for d in APPROVING[:DOCTOR_USERS]]
WORDS = ["skin doctor", "chest pain", "rash", "cardiology", "headache", "child fever", "anxiety"]

_next_patient = itertools.count()
_next_doctor = itertools.count()
BOOKED: list[dict] = []
CONFLICTS: Counter[str] = Counter()


HOSTS_CHOSEN: Counter[str] = Counter()
ENVIRONMENT = []


@events.init.add_listener
def _keep_environment(environment, **_kwargs) -> None:
    ENVIRONMENT.append(environment)


def _figures(entry) -> dict:
    return {
        "method": entry.method or "",
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": entry.max_response_time,
    }


@events.quit.add_listener
def _write_results(**_kwargs) -> None:
    """Once every simulated user has stopped: the figures, the bookings answered 201 and the
    expected conflicts, for scripts/soak.py to report and check against the database."""
    out = os.environ.get("SOAK_OUT")
    if not out or not ENVIRONMENT:
        return
    stats = ENVIRONMENT[0].stats
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    errors = [
        {"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in stats.errors.values()
    ]
    results = {
        "endpoints": [_figures(entry) for entry in entries],
        "total": _figures(stats.total),
        "errors": errors,
        "booked": BOOKED,
        "conflicts": dict(CONFLICTS),
        "users_per_host": dict(HOSTS_CHOSEN),
    }
    with open(out, "w") as handle:
        json.dump(results, handle)


def _code(response) -> str:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return ""


class Visitor(FastHttpUser):
    """Anyone: the directory, a profile, a week of slots."""

    abstract = True
    wait_time = between(1, 4)
    host = HOSTS[0] if HOSTS else None

    def on_start(self) -> None:
        self.client.base_url = random.choice(HOSTS)
        HOSTS_CHOSEN[self.client.base_url] += 1

    def call(self, method: str, path: str, name: str, ok=(200,), conflict=(), **kwargs):
        """One request; statuses in `ok` pass, in `conflict` pass and are counted apart,
        anything else fails. Returns the response when it passed, else None."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            if r.status_code in ok:
                r.success()
                return r
            if r.status_code in conflict:
                CONFLICTS[f"{name} {r.status_code} {_code(r)}".strip()] += 1
                r.success()
                return None
            r.failure(f"{r.status_code} {_code(r)}".strip())
            return None

    def search(self) -> list[int]:
        params = random.choice(
            [
                {"q": random.choice(WORDS)},
                {"specialty": random.choice(MANIFEST["specialties"])},
                {"city": random.choice(MANIFEST["cities"])},
                {"q": random.choice(WORDS), "city": random.choice(MANIFEST["cities"])},
                {},
            ]
        )
        r = self.call("GET", "/api/doctors", "/api/doctors", params=params)
        return [item["id"] for item in r.json()["items"]] if r else []

    def profile(self, doctor_id: int) -> None:
        self.call("GET", f"/api/doctors/{doctor_id}", "/api/doctors/[id]")

    def slots(self, doctor_id: int) -> list[dict]:
        today = datetime.now(UTC).date()
        params = {"from": today.isoformat(), "to": (today + timedelta(days=13)).isoformat()}
        r = self.call(
            "GET", f"/api/doctors/{doctor_id}/slots", "/api/doctors/[id]/slots", params=params
        )
        return r.json() if r else []

    def browse(self) -> list[dict]:
        found = self.search()
        if not found:
            return []
        doctor_id = random.choice(found[:10])
        self.profile(doctor_id)
        return [{"doctorId": doctor_id, **slot} for slot in self.slots(doctor_id)]


class Anonymous(Visitor):
    weight = 5

    @task(4)
    def look_around(self) -> None:
        self.browse()

    @task(1)
    def specialties(self) -> None:
        self.call("GET", "/api/specialties", "/api/specialties")


class SignedIn(Visitor):
    abstract = True
    csrf = ""

    def sign_in(self, account: dict, employee_id: str | None = None) -> None:
        super().on_start()
        self.account = account
        r = self.call("GET", "/api/csrf", "/api/csrf")
        body = {"identifier": account["email"], "password": PASSWORD}
        if employee_id:
            body["employeeId"] = employee_id
        headers = {"X-CSRFToken": r.json()["csrfToken"] if r else ""}
        self.call("POST", "/api/login", "/api/login", json=body, headers=headers)
        r = self.call("GET", "/api/csrf", "/api/csrf")  # the session is new after login
        self.csrf = r.json()["csrfToken"] if r else ""

    def write(self, method: str, path: str, name: str, body: dict, **kwargs):
        return self.call(
            method, path, name, json=body, headers={"X-CSRFToken": self.csrf}, **kwargs
        )

    def appointments(self, **params) -> list[dict]:
        r = self.call("GET", "/api/appointments", "/api/appointments", params=params)
        return r.json()["items"] if r else []

    def notifications(self) -> None:
        r = self.call("GET", "/api/notifications", "/api/notifications")
        unread = [n for n in (r.json()["items"] if r else []) if not n["readAt"]]
        if unread:
            note = random.choice(unread)
            self.write(
                "POST", f"/api/notifications/{note['id']}/read", "/api/notifications/[id]/read", {}
            )

    def converse(self, visit: dict) -> None:
        """Read a confirmed visit's thread and write in it (403 if it changed meanwhile)."""
        path = f"/api/appointments/{visit['id']}/messages"
        self.call("GET", path, "/api/appointments/[id]/messages", conflict=(403,))
        body = {"body": random.choice(["See you then.", "Any update?", "Thank you!"])}
        self.write(
            "POST", path, "/api/appointments/[id]/messages", body, ok=(201,), conflict=(403,)
        )


class Patient(SignedIn):
    weight = 4

    def on_start(self) -> None:
        patients = MANIFEST["patients"]
        self.sign_in(patients[next(_next_patient) % len(patients)])

    @task(3)
    def book(self) -> None:
        if random.random() < 0.5 and SIGNED_IN_DOCTORS:
            doctor_id = random.choice(SIGNED_IN_DOCTORS)
            self.profile(doctor_id)
            free = [{"doctorId": doctor_id, **slot} for slot in self.slots(doctor_id)]
        else:
            free = self.browse()
        if not free:
            return
        slot = random.choice(free[:24])
        body = {
            "doctorId": slot["doctorId"],
            "startTime": slot["startTime"],
            "consultationType": "video",
            "reason": "Follow-up",
        }
        r = self.write(
            "POST",
            "/api/appointments",
            "/api/appointments [book]",
            body,
            ok=(201,),
            conflict=(409,),
        )
        if r is not None:
            made = r.json()
            BOOKED.append(
                {"id": made["id"], "doctorId": slot["doctorId"], "startTime": made["startTime"]}
            )

    @task(3)
    def my_appointments(self) -> None:
        self.appointments(scope="upcoming")

    @task(2)
    def my_notifications(self) -> None:
        self.notifications()

    @task(2)
    def message(self) -> None:
        confirmed = self.appointments(scope="upcoming", status="confirmed")
        if confirmed:
            self.converse(random.choice(confirmed))

    @task(1)
    def my_records(self) -> None:
        self.call("GET", f"/api/records/{self.account['id']}", "/api/records/[patientId]")

    @task(1)
    def cancel(self) -> None:
        if random.random() < 0.2:
            mine = self.appointments(scope="upcoming", status="pending,confirmed")
            if mine:
                visit = random.choice(mine)
                body = {"status": "cancelled", "reason": "Plans changed"}
                self.write(
                    "PUT",
                    f"/api/appointments/{visit['id']}",
                    "/api/appointments/[id] [cancel]",
                    body,
                    conflict=(409,),
                )


class Doctor(SignedIn):
    fixed_count = DOCTOR_USERS

    def on_start(self) -> None:
        doctor = APPROVING[next(_next_doctor) % len(APPROVING)]
        self.sign_in(doctor, doctor["employeeId"])

    @task(4)
    def confirm_requests(self) -> None:
        pending = self.appointments(scope="upcoming", status="pending")
        for visit in pending[:3]:
            body = {"status": "confirmed"}
            self.write(
                "PUT",
                f"/api/appointments/{visit['id']}",
                "/api/appointments/[id] [confirm]",
                body,
                conflict=(409,),
            )

    @task(2)
    def message(self) -> None:
        confirmed = self.appointments(scope="upcoming", status="confirmed")
        if confirmed:
            self.converse(random.choice(confirmed))

    @task(2)
    def write_record(self) -> None:
        confirmed = self.appointments(scope="upcoming", status="confirmed")
        if not confirmed:
            return
        visit = random.choice(confirmed)
        body = {
            "patientId": visit["patient"]["id"],
            "appointmentId": visit["id"],
            "diagnosis": "Seasonal allergic rhinitis",
            "notes": "Symptoms for two weeks; no fever.",
            "prescription": [
                {
                    "medication": "Cetirizine",
                    "dose": "10 mg",
                    "frequency": "once daily",
                    "duration": "14 days",
                }
            ],
        }
        # 403 when the patient cancelled the visit meanwhile (counted apart).
        self.write("POST", "/api/records", "/api/records", body, ok=(201,), conflict=(403,))

    @task(2)
    def my_notifications(self) -> None:
        self.notifications()
