"""Schemathesis over every operation of the served OpenAPI document, as anonymous, patient,
doctor and admin: valid and invalid inputs generated from the document itself, against real
objects (a confirmed appointment between the patient and the doctor) and random ids.

Every answer must be below 500 and match the schema documented for its status code.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from clinic360 import create_app
from tests.conftest import app_settings
from tests.factories import Actors

ROLES = ("anonymous", "patient", "doctor", "admin")
EXAMPLES_PER_MODE = 2
CHECKS = [not_a_server_error, response_schema_conformance]
# Operations that end the caller's own session or identity: fuzzed, but not as the shared
# logged-in actors (they would log them out for the rest of the run).
SESSION_ENDING = {("POST", "/api/logout")}


def _document() -> dict[str, Any]:
    app = create_app(app_settings("sqlite://"))
    with app.test_client() as client:
        return client.get("/api/openapi.json").get_json()


DOCUMENT = _document()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = sorted(
    (method.upper(), path)
    for path, operations in DOCUMENT["paths"].items()
    for method in operations
    if method in {"get", "post", "put", "patch", "delete"}
)


def _ids(actors: Actors) -> dict[str, int]:
    """Real values for the path parameters of the document's operations."""
    patient_id = actors.appointment["patient"]["id"]
    return {
        "appointment_id": actors.appointment["id"],
        "doctor_id": actors.doctor.id,
        "patient_id": patient_id,
        "user_id": patient_id,
    }


def _real_path_parameters(operation: Any, ids: dict[str, int]) -> dict[str, int]:
    names = {parameter.name for parameter in operation.path_parameters}
    return {name: ids[name] for name in names if name in ids}


CASES = [
    pytest.param(method, path, role, id=f"{method} {path} {role}")
    for method, path in OPERATIONS
    for role in ROLES
    if role == "anonymous" or (method, path) not in SESSION_ENDING
]


@pytest.mark.parametrize(("method", "path", "role"), CASES)
def test_operation_never_fails_and_matches_its_schema(actors, method, path, role):
    clients, ids = actors.clients, _ids(actors)
    client = clients[role]
    operation = SCHEMA[path][method]
    csrf = {"X-CSRFToken": client.csrf_token()}
    real = _real_path_parameters(operation, ids)
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if real:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real))

    @settings(
        max_examples=EXAMPLES_PER_MODE * len(strategies),
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def exercise(case: Any) -> None:
        request = WSGI_TRANSPORT.serialize_case(case, headers=csrf)
        response = client.raw.open(**request)
        case.validate_response(response, checks=CHECKS)

    exercise()
