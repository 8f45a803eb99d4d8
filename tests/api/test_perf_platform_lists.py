"""Own appointments: a page, its total and what its items show come in one query; only a page
past the end counts again."""

from __future__ import annotations


def test_a_page_and_its_total_are_one_query_and_totals_agree(
    booked, scheduled_doctor, logged_in, count_queries
):
    doctor = scheduled_doctor()
    patients = [booked(doctor, index=index)[0] for index in range(3)]
    doc = logged_in(doctor)
    doc.get("/api/appointments")  # warm the session's own reads

    answers, counts = {}, {}
    for query in ("pageSize=20", "pageSize=2&page=2", "pageSize=3", "pageSize=2", "page=2"):
        with count_queries() as counter:
            answer = doc.get(f"/api/appointments?{query}")
        assert answer.status_code == 200
        answers[query], counts[query] = answer.get_json(), counter.count

    assert [answers[q]["total"] for q in answers] == [3, 3, 3, 3, 3]
    assert [len(answers[q]["items"]) for q in answers] == [3, 1, 3, 2, 0]
    # The session's query and the page's, whatever the page; an empty page past the end says
    # nothing of the total and counts.
    assert counts["pageSize=20"] == 2
    assert counts["pageSize=2&page=2"] == counts["pageSize=3"] == counts["pageSize=2"] == 2
    assert counts["page=2"] == 3

    # A patient's list costs what a doctor's does.
    patient = patients[0]
    patient.get("/api/appointments")
    with count_queries() as counter:
        mine = patient.get("/api/appointments").get_json()
    assert counter.count == counts["pageSize=20"]
    (item,) = mine["items"]
    me = patient.get("/api/user").get_json()
    assert item["patient"] == {"id": me["id"], "fullName": me["fullName"], "photoUrl": None}
    assert item["doctor"]["id"] == answers["pageSize=20"]["items"][0]["doctor"]["id"]
