"""The patient's export runs a fixed number of queries, however many visits (with several
doctors), messages, records, prescriptions and documents the patient has."""

from __future__ import annotations

from tests.health_data import pdf_bytes, upload, write


def _add_care(booked, doctor, doc, patient_user, patient, index: int) -> None:
    _, visit = booked(doctor, patient=patient_user, days_ahead=4 + index, index=index)
    doc.put(f"/api/appointments/{visit['id']}", {"status": "confirmed"})
    thread = f"/api/appointments/{visit['id']}/messages"
    assert patient.post(thread, {"body": f"Question {index}"}).status_code == 201
    assert doc.post(thread, {"body": f"Answer {index}"}).status_code == 201
    assert write(doc, patient_user, visit).status_code == 201
    assert upload(patient, patient_user.id, pdf_bytes()).status_code == 201


def _export_queries(patient, count_queries) -> int:
    with count_queries() as counter:
        response = patient.get("/api/export")
    assert response.status_code == 200, response.get_json()
    return counter.count


def test_the_export_query_count_does_not_grow_with_the_data(
    care, booked, scheduled_doctor, logged_in, count_queries
):
    doctor, patient_user, doc, patient, _ = care
    _add_care(booked, doctor, doc, patient_user, patient, 0)
    few = _export_queries(patient, count_queries)
    for index in range(1, 4):
        other = scheduled_doctor()
        _add_care(booked, other, logged_in(other), patient_user, patient, index)
    many = _export_queries(patient, count_queries)
    assert many == few
