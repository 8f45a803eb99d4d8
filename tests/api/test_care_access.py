"""The access matrix of patient data, generated from clinic360.care_access.POLICY.

Every health-data endpoint is called by every kind of caller (anonymous, the patient, another
patient, the treating doctor, a doctor who does not treat the patient, an admin, and the clinic
admin and receptionist of the clinic where the patient's visit is); the status
each caller should get comes from the policy entry the view is gated on, and the test asserts
the real HTTP status. Every health-data route of the URL map must be gated and in the matrix,
so a new endpoint without an entry fails here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from clinic360.care_access import POLICY, Relation, Subject
from clinic360.extensions import db
from clinic360.models import Appointment, Role
from tests.health_data import pdf_bytes, upload, upload_photo, write

ROLES: dict[str, str | None] = {
    "anonymous": None,
    "patient": Role.PATIENT,
    "other_patient": Role.PATIENT,
    "treating_doctor": Role.DOCTOR,
    "other_doctor": Role.DOCTOR,
    "admin": Role.ADMIN,
    "clinic_admin": Role.CLINIC_ADMIN,
    "receptionist": Role.RECEPTIONIST,
}
_TO_THE_PATIENT = {
    "anonymous": Relation.ANONYMOUS,
    "patient": Relation.SELF,
    "other_patient": Relation.OTHER,
    "treating_doctor": Relation.TREATING,
    "other_doctor": Relation.OTHER,
    "admin": Relation.ADMIN,
    # The front desk of the patient's clinic knows the patient, and is no part of their care.
    "clinic_admin": Relation.OTHER,
    "receptionist": Relation.OTHER,
}
# How each caller of the world below stands to the data an entry guards.
RELATIONS: dict[Subject, dict[str, Relation]] = {
    Subject.PATIENT: _TO_THE_PATIENT,
    Subject.USER: _TO_THE_PATIENT,  # the user whose photo it is: the patient
    Subject.UPLOADER: _TO_THE_PATIENT,  # the documents below are the patient's own uploads
    Subject.APPOINTMENT: {**_TO_THE_PATIENT, "treating_doctor": Relation.ATTENDING},
    Subject.CALLER: {
        caller: Relation.ANONYMOUS if role is None else Relation.SELF
        for caller, role in ROLES.items()
    },
}
# Health-data routes by address, besides every route of the records blueprint.
HEALTH_DATA_RULES = re.compile(
    r"^/api/(records|documents|prescriptions|patients|export)\b"
    r"|^/api/users/<[^>]+>/photo$"
    r"|^/api/appointments/<[^>]+>/messages"
)


@dataclass(frozen=True)
class Call:
    """How to call one endpoint in the world below."""

    method: str
    path: Callable[[dict[str, Any]], str]
    success: int
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    upload: bool = False
    public: bool = False  # the subject is open to anyone (a listed doctor's photo)


CALLS: dict[str, list[Call]] = {
    "records.write_record": [
        Call(
            "post",
            lambda w: "/api/records",
            201,
            body=lambda w: {"patientId": w["patient_id"], "diagnosis": "Seen again"},
        )
    ],
    "records.amend_record": [
        Call(
            "post",
            lambda w: f"/api/records/{w['record_id']}/amendments",
            201,
            body=lambda w: {"notes": "Better", "reason": "Follow-up"},
        )
    ],
    "records.list_records": [Call("get", lambda w: f"/api/records/{w['patient_id']}", 200)],
    "records.list_documents": [
        Call("get", lambda w: f"/api/records/{w['patient_id']}/documents", 200)
    ],
    "records.upload_document": [
        Call("post", lambda w: f"/api/records/{w['patient_id']}/documents", 201, upload=True)
    ],
    "records.download_document": [Call("get", lambda w: f"/api/documents/{w['document_id']}", 200)],
    # Each caller tries to remove a document of its own, newly uploaded by the patient.
    "records.delete_document": [
        Call("delete", lambda w: f"/api/documents/{w['new_document']()}", 204)
    ],
    "records.prescription_pdf": [
        Call("get", lambda w: f"/api/prescriptions/{w['prescription_id']}.pdf", 200)
    ],
    "records.access_log": [
        Call("get", lambda w: f"/api/records/{w['patient_id']}/access-log", 200)
    ],
    "records.chart": [Call("get", lambda w: f"/api/patients/{w['patient_id']}/chart", 200)],
    "records.export": [Call("get", lambda w: "/api/export", 200)],
    "profiles.user_photo": [
        Call("get", lambda w: w["patient_photo"], 200),
        Call("get", lambda w: w["doctor_photo"], 200, public=True),
    ],
    "consultations.list_messages": [
        Call("get", lambda w: f"/api/appointments/{w['appointment_id']}/messages", 200)
    ],
    "consultations.post_message": [
        Call(
            "post",
            lambda w: f"/api/appointments/{w['appointment_id']}/messages",
            201,
            body=lambda w: {"body": "How is the rash?"},
        )
    ],
    "consultations.read_messages": [
        Call(
            "post",
            lambda w: f"/api/appointments/{w['appointment_id']}/messages/read",
            204,
            body=lambda w: {},
        )
    ],
}


@pytest.fixture
def clinic_desk(app, care, make_clinic, make_staff):
    """The confirmed visit of `care` at a clinic of its doctor, and that clinic's admin and
    receptionist: {"clinic_admin": user, "receptionist": user}."""
    doctor, _, _, _, appointment = care
    clinic = make_clinic(doctors=[doctor])
    with app.app_context():
        db.session.get(Appointment, appointment["id"]).clinic_id = clinic.id
        db.session.commit()
    return {role: make_staff(clinic, role) for role in (Role.CLINIC_ADMIN, Role.RECEPTIONIST)}


@pytest.fixture
def world(care, clinic_desk, make_client, make_user, make_doctor):
    """A patient and the doctor treating them (a confirmed appointment at a clinic), a record
    with a prescription, a document, both their photos, and a logged-in client for every
    caller (the clinic's staff among them)."""
    _, patient_user, doc, patient, appointment = care
    record = write(doc, patient_user).get_json()
    document = upload(patient, patient_user.id, pdf_bytes()).get_json()
    clients = {"anonymous": make_client(), "patient": patient, "treating_doctor": doc}
    for caller, user in (
        ("other_patient", make_user()),
        ("other_doctor", make_doctor()),
        ("admin", make_user(Role.ADMIN)),
        ("clinic_admin", clinic_desk[Role.CLINIC_ADMIN]),
        ("receptionist", clinic_desk[Role.RECEPTIONIST]),
    ):
        clients[caller] = make_client()
        clients[caller].login_as(user)
    return {
        "patient_id": patient_user.id,
        "appointment_id": appointment["id"],
        "record_id": record["id"],
        "prescription_id": record["prescriptions"][0]["id"],
        "document_id": document["id"],
        "new_document": lambda: upload(patient, patient_user.id, pdf_bytes()).get_json()["id"],
        "patient_photo": upload_photo(patient),
        "doctor_photo": upload_photo(doc),
        "clients": clients,
    }


def expected(entry: tuple[str, str], caller: str, call: Call) -> int:
    """The status the policy gives this caller, or the call's success status."""
    rule = POLICY[entry]
    refusal = rule.outcome(ROLES[caller], RELATIONS[rule.subject][caller], public=call.public)
    return call.success if refusal is None else refusal


def _send(client, call: Call, world: dict[str, Any]):
    path = call.path(world)
    if call.upload:
        return client.post(
            path,
            data={"file": (io.BytesIO(pdf_bytes()), "lab.pdf", "application/pdf")},
            content_type="multipart/form-data",
        )
    if call.method == "get":
        return client.get(path)
    return getattr(client, call.method)(path, call.body(world) if call.body else None)


@pytest.mark.parametrize("endpoint", sorted(CALLS))
def test_every_caller_gets_what_the_policy_says(app, world, endpoint):
    entry = getattr(app.view_functions[endpoint], "_care_access", None)
    assert entry is not None, f"{endpoint} is not gated by care_access"
    wrong = []
    for call in CALLS[endpoint]:
        for caller, client in world["clients"].items():
            want = expected(entry, caller, call)
            response = _send(client, call, world)
            if response.status_code != want:
                wrong.append((caller, call.path(world), want, response.status_code))
    assert wrong == [], f"{endpoint} {entry}: (caller, path, expected, got)"


def test_every_health_data_route_is_gated_and_in_the_matrix(app):
    problems = []
    seen = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        entry = getattr(view, "_care_access", None)
        is_health_data = (
            rule.endpoint.startswith("records.")
            or HEALTH_DATA_RULES.search(rule.rule)
            or entry is not None
        )
        if not is_health_data:
            continue
        seen.add(rule.endpoint)
        if entry is None:
            problems.append(f"{rule.rule}: no care_access.gate")
        elif entry not in POLICY:
            problems.append(f"{rule.rule}: gated on {entry}, which the policy lacks")
        if rule.endpoint not in CALLS:
            problems.append(f"{rule.rule} ({rule.endpoint}): no row in the access matrix")
    problems += [f"{name}: in the matrix, not in the app" for name in set(CALLS) - seen]
    assert problems == []


@pytest.mark.parametrize("entry", sorted(POLICY))
def test_nobody_outside_the_patients_care_gets_in(entry):
    """Whatever the table says, strangers and the anonymous never reach a patient's data, and
    only the patient and their doctors do (admins only see photos)."""
    rule = POLICY[entry]
    for role in (None, *Role):
        for relation in (Relation.ANONYMOUS, Relation.OTHER):
            assert rule.outcome(role, relation) in {401, 403, 404}, (entry, role, relation)
    outsiders = set(rule.allow) - {Relation.SELF, Relation.TREATING, Relation.ATTENDING}
    assert outsiders <= ({Relation.ADMIN} if entry == ("photo", "read") else set()), entry


STAFF = (Role.CLINIC_ADMIN, Role.RECEPTIONIST)


@pytest.mark.parametrize("entry", sorted(POLICY))
def test_no_entry_lets_clinic_staff_reach_a_patients_data(entry):
    """Staff are refused by role wherever a role is named; where any signed-in user may call,
    the data is the caller's own (a staff member's profile holds no health field)."""
    rule = POLICY[entry]
    for role in STAFF:
        # Staff stand to a patient (and to an appointment) as OTHER: care_access.relation
        # gives TREATING, ATTENDING and ADMIN only to doctors and admins.
        assert rule.outcome(role, Relation.OTHER) in {403, 404}, (entry, role)
        if rule.roles:
            assert role not in rule.roles, entry
        elif rule.roles == ():
            assert rule.subject is Subject.CALLER, entry


HEALTH_FIELDS = {
    "allergies",
    "pregnancyStage",
    "chronicConditions",
    "currentMedications",
    "sex",
    "dateOfBirth",
    "emergencyContact",
}


@pytest.mark.parametrize("role", STAFF)
def test_clinic_staff_get_no_appointment_thread_video_or_health_field(
    care, clinic_desk, make_client, role
):
    """The front desk of the patient's own clinic is refused the appointment itself (its
    history and reason are the patient's and doctor's), its messages and its video room."""
    appointment_id = care[4]["id"]
    client = make_client()
    client.login_as(clinic_desk[role])
    path = f"/api/appointments/{appointment_id}"
    refused = [
        client.get(path),
        client.put(path, {"status": "cancelled"}),
        client.get(f"{path}/messages"),
        client.post(f"{path}/messages", {"body": "Hello"}),
        client.post(f"{path}/messages/read", {}),
        client.get(f"{path}/video"),
        client.get(f"{path}/calendar.ics"),
        client.get("/api/appointments"),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    profile = client.get("/api/profile")
    assert profile.status_code == 200
    assert profile.get_json()["role"] == role
    assert HEALTH_FIELDS.isdisjoint(profile.get_json()), profile.get_json()
    user = client.get("/api/user").get_json()
    assert HEALTH_FIELDS.isdisjoint(user) and user["clinic"] is not None
