"""Schemathesis against each function's OpenAPI document (tests/support/openapi.py): FUZZ_CASES generated requests per
route (1,000 by default), positive and negative, through the local gateway to the real handler on moto. No answer may
be a 5xx, and every answer must be one the document gives: its status, its content type, its body's schema."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from local.template import routes
from tests.fuzz.conftest import CASES, SEED
from tests.support.hospitation import Person, request_fields
from tests.support.openapi import document
from tests.support.roster import report_fields
from tests.support.samples import form

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def person(number: int) -> Person:
    name, leader = f"Åse Ødegård {number}", f"Lise Leder {number}"
    return Person(name, f"ase.{number}@example.no", leader, f"lise.{number}@example.no")


# The forms that store something, filled in right (a new person each case): half of their cases send one of these
# with one field from the generated body, so that they get past the form's rules to the code that stores it.
VALID_FORMS: dict[str, Callable[[int], dict[str, Any]]] = {
    "/api/kurs/{course_id}/pameldinger": lambda n: form(email=f"deltaker.{n}@example.no"),
    "/api/hospitering": lambda n: request_fields(person(n)),
    "/api/endringsmeldinger": lambda n: report_fields("new", new_email=f"ny.{n}@example.no", new_name=f"Nora Ny {n}"),
}
ROUTES = [(route.function, route.method, route.path) for route in routes()]


@cache
def loaded(function: str) -> Any:
    return schemathesis.openapi.from_dict(document(function))


@pytest.mark.parametrize(("function", "method", "path"), ROUTES, ids=[f"{m} {p}" for _, m, p in ROUTES])
def test_route(function: str, method: str, path: str, stack: Any, record_property: Any) -> None:
    operation = loaded(function)[path][method]
    app = stack.app
    # Negative cases (a body against its schema) where there is a body: every string is a valid path or query value.
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if operation.body else [])
    # Half the cases with path values that exist (tests/fuzz/seed.py), so that they get past the lookup; the other
    # half with any.
    known = stack.known.get(path, {})
    strategies = [operation.as_strategy(mode) for mode in modes]
    if known:
        strategies += [operation.as_strategy(mode, path_parameters=known) for mode in modes]
    strategy = st.one_of(*strategies)
    statuses: Counter[int] = Counter()

    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=CASES,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink],
    )
    @given(case=strategy, data=st.data())
    def fuzz(case: Any, data: Any) -> None:
        headers, cookies = stack.credentials(function, path, data)
        valid = VALID_FORMS.get(path)
        if valid and isinstance(case.body, dict) and data.draw(st.booleans(), label="a valid form"):
            kept = data.draw(st.sampled_from([None, *sorted(case.body)]), label="one field as generated")
            case.body = valid(data.draw(st.integers(0, 10**9), label="person")) | (
                {kept: case.body[kept]} if kept else {}
            )
        case.headers = {**(case.headers or {}), **headers}  # call(headers=) is lost when the case has headers
        response = case.call(app=app, cookies=cookies)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        fuzz()
    finally:
        record_property("statuses", dict(statuses))  # for the summary at the end (tests/fuzz/conftest.py)
    assert statuses.total() >= CASES, f"{statuses.total()} cases sent, fewer than {CASES}"
