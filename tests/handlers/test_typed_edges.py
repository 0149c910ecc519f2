"""The leaders' typed HTTP edge: the OpenAPI document comes from the routes' body and answer models, and a body its
model refuses is answered as the route always answered it (the origin and the session first, then the body's own
checks, one Norwegian message per field)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from local.gateway import Gateway
from tests.handlers.clock import oslo_now
from tests.support.leaders_api import JSON, SITE, leader_call, token_for

CONFIRM = "/api/leder/hospiteringer/{request_id}/bekreft"
UNKNOWN = "/api/leder/hospiteringer/finnes-ikke"  # refused before any lookup


def document() -> dict[str, Any]:
    from leaders.app import app

    generated: dict[str, Any] = json.loads(app.get_openapi_json_schema(title="LeaderFunction", version="1"))
    return generated


def resolved(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_the_openapi_document_has_the_request_body_of_the_hosts_answer(api: Gateway) -> None:
    doc = document()
    body = doc["paths"][CONFIRM]["post"]["requestBody"]
    schema = resolved(doc, body["content"][JSON]["schema"])
    assert body["required"] is True
    assert schema["title"] == "HostAnswerChange"
    assert set(schema["properties"]) == {"first_day", "last_day", "meeting_time", "message", "version"}
    assert schema["required"] == ["version"]
    assert schema["properties"]["version"]["type"] == "integer"
    assert schema["properties"]["meeting_time"]["pattern"].startswith("^(([01]")


def test_the_openapi_document_has_the_answer_of_the_course_list(api: Gateway) -> None:
    doc = document()
    answer = doc["paths"]["/api/leder/kurs"]["get"]["responses"]["200"]["content"][JSON]["schema"]
    courses = resolved(doc, answer)
    assert courses["title"] == "CourseList"
    assert set(courses["properties"]) == {"from", "to", "courses", "period_csv_url", "period_csv_comma_url"}
    one = resolved(doc, courses["properties"]["courses"]["items"])
    assert {"id", "title", "capacity", "confirmed", "waiting", "evaluation_url", "participants_url"} <= set(
        one["properties"]
    )
    assert one["properties"]["capacity"]["type"] == "integer"


@pytest.mark.parametrize(
    ("method", "path", "model"),
    [
        ("POST", "/api/leder/innlogging", "SignInRequest"),
        ("POST", "/api/leder/hospiteringer/{request_id}/avslag", "DeclineChange"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/godkjenning", "ApprovalChange"),
        ("POST", "/api/leder/endringsmeldinger/{report_id}/avslag", "DeclineChange"),
        ("POST", "/api/leder/navneliste/enheter/{unit_id}/{entry_id}/signaturer", "SignaturesChange"),
        ("POST", "/api/leder/kurs/{course_id}/oppmote", "Presence"),
        ("POST", "/api/leder/enheter", "UnitForm"),
        ("PUT", "/api/leder/enheter/{unit_id}", "UnitChange"),
        ("POST", "/api/leder/enheter/{unit_id}/stenging", "UnitVersion"),
        ("POST", "/api/leder/enheter/{unit_id}/gjenapning", "UnitVersion"),
        ("POST", "/api/leder/vertsenheter", "HostUnitForm"),
        ("PUT", "/api/leder/vertsenheter/{unit_id}", "HostUnitChange"),
        ("POST", "/api/leder/vertsenheter/{unit_id}/stenging", "HostUnitVersion"),
        ("POST", "/api/leder/egenrapport", "RoundForm"),
        ("POST", "/api/leder/egenrapport/{year}/frist", "RoundChange"),
    ],
)
def test_every_leaders_body_is_in_the_document(api: Gateway, method: str, path: str, model: str) -> None:
    doc = document()
    schema = resolved(doc, doc["paths"][path][method.lower()]["requestBody"]["content"][JSON]["schema"])
    assert schema["title"] == model


def test_every_leaders_json_answer_is_a_model_in_the_document(api: Gateway) -> None:
    doc = document()
    files = (".csv", ".svg", ".docx", ".md", ".zip", ".pdf", "/evaluering", "/arsrapport", "/svar")
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            schema = operation["responses"]["200"]["content"][JSON]["schema"]
            if path.endswith(files):
                continue
            choices = schema.get("anyOf", [schema])
            assert all("$ref" in choice for choice in choices), path


def host_answer(version: Any, **fields: Any) -> dict[str, Any]:
    first = oslo_now().date() + timedelta(days=21)
    body = {"version": version, "first_day": first.isoformat(), "last_day": first.isoformat(), "meeting_time": "08:30"}
    return body | fields


def refusal(answer: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(answer.body)
    assert set(body) == {"message", "errors"}
    return body


def test_a_body_its_model_refuses_gets_a_norwegian_message_per_field(api: Gateway, pool: dict[str, str]) -> None:
    from common.errors import InvalidInput
    from hospitation.forms import validate_host_answer

    host = token_for("host_unit", api, pool)
    fields = host_answer(3, first_day="i morgen", meeting_time="åtte", message="x" * 1001)
    answer = leader_call(api, "POST", f"{UNKNOWN}/bekreft", host, fields)
    assert answer.status == 422
    with pytest.raises(InvalidInput) as expected:
        validate_host_answer(fields, oslo_now().date())
    body = refusal(answer)
    assert body == {
        "message": "Noen av feltene må rettes før vi kan ta imot skjemaet.",
        "errors": expected.value.field_errors,
    }
    assert list(body["errors"]) == list(expected.value.field_errors) == ["first_day", "meeting_time", "message"]
    assert body["errors"]["message"] == "Beskjed til sykepleieren kan ha høyst 1000 tegn."


def test_a_refused_body_is_answered_after_the_origin_and_the_session(api: Gateway, pool: dict[str, str]) -> None:
    host = token_for("host_unit", api, pool)
    bad = host_answer("ny", meeting_time="åtte")
    assert leader_call(api, "POST", f"{UNKNOWN}/bekreft", None, bad).status == 401
    headers = {"Accept": JSON, "Origin": "https://example.com", "Content-Type": JSON, "Cookie": f"lindra_leder={host}"}
    other_site = api.handle("POST", f"{UNKNOWN}/bekreft", "", headers, json.dumps(bad).encode())
    assert other_site.status == 403
    as_text = api.handle(
        "POST", f"{UNKNOWN}/bekreft", "", headers | {"Origin": SITE, "Content-Type": "text/plain"}, b"{}"
    )
    assert as_text.status == 400 and refusal(as_text)["message"] == "Send forespørselen som JSON."


def test_the_version_is_told_in_the_order_each_route_checks_it(api: Gateway, pool: dict[str, str]) -> None:
    network = token_for("network_leader", api, pool)
    both = leader_call(api, "POST", f"{UNKNOWN}/bekreft", network, host_answer(True, meeting_time="åtte"))
    assert both.status == 422 and set(refusal(both)["errors"]) == {"meeting_time"}, "the fields first"
    version_only = leader_call(api, "POST", f"{UNKNOWN}/bekreft", network, host_answer(-1))
    assert version_only.status == 400 and refusal(version_only)["message"] == "Last inn siden på nytt og prøv igjen."
    approval = {"version": "en", "entry": "x" * 81}
    first = leader_call(api, "POST", "/api/leder/endringsmeldinger/finnes-ikke/godkjenning", network, approval)
    assert first.status == 400 and refusal(first)["message"] == "Last inn siden på nytt og prøv igjen.", "version first"


def test_a_body_that_is_no_json_object_or_too_big_is_refused_as_before(api: Gateway, pool: dict[str, str]) -> None:
    network = token_for("network_leader", api, pool)
    listed = leader_call(api, "POST", f"{UNKNOWN}/avslag", network, [{"version": 1, "reason": "Nei."}])
    assert listed.status == 400
    assert refusal(listed)["message"] == "Skjemaet må sendes som et JSON-objekt med ett felt per spørsmål."
    padded = {"version": 1, "reason": "Nei.", "padding": "x" * 17_000}
    assert leader_call(api, "POST", f"{UNKNOWN}/avslag", network, padded).status == 413
    surrogate = b'{"version": 1, "reason": "Nei.", "other": "\\ud800"}'
    headers = {"Accept": JSON, "Origin": SITE, "Content-Type": JSON, "Cookie": f"lindra_leder={network}"}
    assert api.handle("POST", f"{UNKNOWN}/avslag", "", headers, surrogate).status == 400
    not_utf8 = api.handle("POST", f"{UNKNOWN}/avslag", "", headers, b'{"reason": "\xff"}')
    assert not_utf8.status == 400 and set(refusal(not_utf8)) == {"message", "errors"}


def test_a_sign_in_without_a_user_name_names_the_field(api: Gateway) -> None:
    answer = leader_call(api, "POST", "/api/leder/innlogging", body={"password": "hemmelig"})
    assert answer.status == 422
    assert refusal(answer)["errors"] == {"username": "Skriv inn e-postadressen du logger inn med."}
    present = leader_call(api, "POST", "/api/leder/kurs/finnes-ikke/oppmote", None, {"present": [1]})
    assert present.status == 401


@pytest.mark.parametrize("version", ["²", "١", "1.0", " 1", ""])
def test_a_version_that_is_no_plain_whole_number_asks_to_reload(
    api: Gateway, pool: dict[str, str], version: str
) -> None:
    """A digit int() cannot read ("²" is a digit to str.isdigit) was a 500; any version but 0-9 asks to reload."""
    network = token_for("network_leader", api, pool)
    answer = leader_call(api, "POST", f"{UNKNOWN}/avslag", network, {"version": version, "reason": "Nei."})
    assert answer.status == 400 and refusal(answer)["message"] == "Last inn siden på nytt og prøv igjen."


@pytest.mark.parametrize("depth", [7_000, 100_000])
def test_json_nested_too_deep_for_the_parser_is_a_4xx_not_a_500(api: Gateway, pool: dict[str, str], depth: int) -> None:
    """Powertools parses a typed route's body before any check of ours: a RecursionError there is answered as
    read_form answers it (400, or 413 when the body is too big anyway), after the origin and the session."""
    network = token_for("network_leader", api, pool)
    headers = {"Accept": JSON, "Origin": SITE, "Content-Type": JSON, "Cookie": f"lindra_leder={network}"}
    body = b"[" * depth
    answer = api.handle("POST", f"{UNKNOWN}/avslag", "", headers, body)
    assert answer.status == (400 if depth < 16_000 else 413)
    assert set(refusal(answer)) == {"message", "errors"}
    public = api.handle("POST", "/api/hospitering", "", headers, b'{"name": ' + b"[" * depth)
    assert public.status == (400 if depth < 16_000 else 413)
