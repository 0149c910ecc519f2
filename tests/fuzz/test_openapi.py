"""Schemathesis against each function's OpenAPI document (tests/support/openapi.py): FUZZ_CASES generated requests per
route (1,000 by default), positive and negative, through the local gateway to the real handler on moto. No answer may
be a 5xx, and every answer must be one the document gives: its status, its content type, its body's schema."""

from __future__ import annotations

from collections import Counter
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
from tests.support.openapi import document

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
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
    # Half the cases with path values that exist (the seeded course, the sign-up's link), so that they get past the
    # lookup; the other half with any.
    names = {parameter.name for parameter in operation.path_parameters}
    known = {name: value for name, value in stack.known.items() if name in names}
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
        case.headers = {**(case.headers or {}), **headers}  # call(headers=) is lost when the case has headers
        response = case.call(app=app, cookies=cookies)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        fuzz()
    finally:
        record_property("statuses", dict(statuses))  # for the summary at the end (tests/fuzz/conftest.py)
    assert statuses.total() >= CASES, f"{statuses.total()} cases sent, fewer than {CASES}"
