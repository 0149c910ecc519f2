"""POST /api/kurs/{course_id}/pameldinger through the real handler, as a browser and as JavaScript would send it."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from courses.repository import DynamoCourseRepository
from local.gateway import LambdaContext, http_event
from tests.support.guard import aged_stamp
from tests.support.leaders_api import SEEDED
from tests.support.samples import course, form

FORM = "application/x-www-form-urlencoded"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def post(
    app: Any, course_id: str, body: bytes | str, content_type: str = FORM, accept: str = BROWSER_ACCEPT
) -> dict[str, Any]:
    path = f"/api/kurs/{course_id}/pameldinger"
    headers = {"Content-Type": content_type, "Accept": accept}
    event = http_event(
        "POST",
        path,
        headers,
        body,
        path_parameters={"course_id": course_id},
        route_key="POST /api/kurs/{course_id}/pameldinger",
    )
    response: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response


def post_json(app: Any, course_id: str, data: Any) -> tuple[int, dict[str, Any]]:
    response = post(app, course_id, json.dumps(data), "application/json", "application/json")
    assert response["headers"]["Content-Type"] == "application/json"
    return response["statusCode"], json.loads(response["body"])


def get(app: Any, path: str) -> dict[str, Any]:
    token = path.rsplit("/", 1)[-1]
    event = http_event(
        "GET",
        path,
        {"Accept": BROWSER_ACCEPT},
        path_parameters={"token": token},
        route_key="GET /api/pameldinger/{token}",
    )
    response: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response


def items(aws: Any) -> list[dict[str, Any]]:
    """What the requests stored: the table without the units seeded from network.json."""
    return [item for item in aws.scan(TableName="LindraTable")["Items"] if item["PK"]["S"] not in SEEDED]


def registrations(aws: Any) -> list[dict[str, Any]]:
    return [item for item in items(aws) if item["SK"]["S"].startswith(("REG#", "EMAIL#"))]


@pytest.fixture
def open_course(aws: Any) -> str:
    repository = DynamoCourseRepository(aws, "LindraTable")
    repository.put_course(course("grunnkurs-test", capacity=2, now=datetime.now(UTC)))
    return "grunnkurs-test"


def test_a_form_post_gets_a_303_to_the_receipt_and_one_registration_is_stored(
    app: Any, aws: Any, open_course: str
) -> None:
    response = post(app, open_course, urlencode(form()))
    assert response["statusCode"] == 303
    assert response["headers"]["Location"].startswith("/api/pameldinger/")
    page = get(app, response["headers"]["Location"])
    assert page["statusCode"] == 200 and "Takk! Du er påmeldt" in page["body"]
    assert page["headers"]["Referrer-Policy"] == "no-referrer"
    stored = registrations(aws)
    assert sorted(item["SK"]["S"].split("#")[0] for item in stored) == ["EMAIL", "REG"]
    registration = next(item for item in stored if item["SK"]["S"].startswith("REG#"))
    assert registration["name"]["S"] == "Kari Nordmann"
    assert registration["area"]["S"] == "nedre-romerike"
    assert int(registration["expires_at"]["N"]) > datetime.now(UTC).timestamp()
    meta = aws.get_item(TableName="LindraTable", Key={"PK": {"S": "COURSE#grunnkurs-test"}, "SK": {"S": "META"}})
    assert meta["Item"]["confirmed"]["N"] == "1"


def test_json_gets_201_with_the_receipt_address(app: Any, open_course: str) -> None:
    status, body = post_json(app, open_course, form())
    assert (status, body["status"], body["position"]) == (201, "confirmed", None)
    assert body["receipt_url"].startswith("/api/pameldinger/")


def test_errors_come_back_on_the_course_page_with_values_kept_a_summary_and_a_message_at_each_field(
    app: Any, aws: Any, open_course: str
) -> None:
    response = post(app, open_course, urlencode(form(email="kari@", name="Kari <b>", phone="")))
    assert response["statusCode"] == 422
    assert response["headers"]["Content-Type"].startswith("text/html")
    page = response["body"]
    assert "<title>Feil: Grunnkurs i palliasjon" in page
    assert 'class="error-summary"' in page and "Skjemaet har 3 feil som må rettes" in page
    for field in ("name", "email", "phone"):
        assert f'href="#felt-{field}"' in page
        assert f'id="felt-{field}-feil"' in page
    assert 'value="kari@"' in page
    assert 'value="Kari &lt;b&gt;"' in page
    assert 'value="Fjellhamar sykehjem"' in page
    assert '<option value="Lørenskog" selected>' in page
    assert "Skriv inn en gyldig e-postadresse" in page
    assert registrations(aws) == []


def test_json_errors_name_each_field(app: Any, aws: Any, open_course: str) -> None:
    status, body = post_json(app, open_course, form(email="ikke-en-adresse"))
    assert status == 422
    assert body["errors"] == {"email": "Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."}
    assert registrations(aws) == []


def test_the_same_email_again_gets_a_clear_message(app: Any, aws: Any, open_course: str) -> None:
    assert post(app, open_course, urlencode(form()))["statusCode"] == 303
    again = post(app, open_course, urlencode(form(email="KARI.NORDMANN@example.no", name="Kari N.")))
    assert again["statusCode"] == 409
    assert "Denne e-postadressen er allerede påmeldt kurset" in again["body"]
    assert 'value="Kari N."' in again["body"]
    assert len(registrations(aws)) == 2


def test_a_full_course_puts_the_next_ones_on_the_waiting_list_in_order(app: Any, aws: Any, open_course: str) -> None:
    for email in ("a@example.no", "b@example.no"):
        assert post(app, open_course, urlencode(form(email=email)))["statusCode"] == 303
    third = post(app, open_course, urlencode(form(email="c@example.no")))
    assert third["statusCode"] == 303
    page = get(app, third["headers"]["Location"])["body"]
    assert "Du står på venteliste" in page and "Du er nummer 1 på ventelisten" in page
    status, body = post_json(app, open_course, form(email="d@example.no"))
    assert (status, body["status"], body["position"]) == (201, "waitlisted", 2)
    assert len(registrations(aws)) == 8


def test_an_unknown_or_forged_link_gets_a_clear_page(app: Any) -> None:
    for token in ("x" * 32, "", "%00", "a" * 500):
        response = get(app, f"/api/pameldinger/{token}")
        assert response["statusCode"] in (404, 405) or "Vi finner ikke påmeldingen" in response["body"]
    response = get(app, "/api/pameldinger/" + "x" * 32)
    assert response["statusCode"] == 404 and "Vi finner ikke påmeldingen" in response["body"]


def test_a_closed_course_says_so(app: Any, aws: Any) -> None:
    closed = course("fagdag-i-fjor", now=datetime.now(UTC) - timedelta(days=400))
    DynamoCourseRepository(aws, "LindraTable").put_course(closed)
    response = post(app, "fagdag-i-fjor", urlencode(form()))
    assert response["statusCode"] == 409
    assert "Påmeldingen til dette kurset er stengt" in response["body"]
    assert registrations(aws) == []


def test_an_unknown_course_gets_404_in_html_and_json(app: Any, aws: Any) -> None:
    response = post(app, "finnes-ikke", urlencode(form()))
    assert response["statusCode"] == 404
    assert "Vi finner ikke dette kurset" in response["body"]
    status, body = post_json(app, "finnes-ikke", form())
    assert status == 404 and body["message"].startswith("Vi finner ikke dette kurset")
    assert items(aws) == []


BAD_REQUESTS = [
    pytest.param("", FORM, 422, id="missing fields"),
    pytest.param(urlencode(form(name="x" * 10_000)), FORM, 422, id="10 kB name"),
    pytest.param(urlencode(form(email="kari@@example")), FORM, 422, id="bad email"),
    pytest.param(urlencode(form(name="<script>alert(1)</script>")), FORM, 422, id="script in name"),
    pytest.param(b"name=B\xf8rn&email=x", FORM, 400, id="not utf-8"),
    pytest.param("name=B%F8rn", FORM, 400, id="percent-encoded latin-1"),
    pytest.param(urlencode(form()), "text/plain", 415, id="wrong content type"),
    pytest.param(json.dumps([form()]), "application/json", 400, id="json array"),
    pytest.param("null", "application/json", 400, id="json null"),
    pytest.param("{", "application/json", 400, id="broken json"),
    pytest.param(json.dumps(form() | {"name": {"first": "Kari"}}), "application/json", 422, id="json object name"),
    pytest.param("a=" + "x" * 40_000, FORM, 413, id="body too large"),
]


@pytest.mark.parametrize(("body", "content_type", "status"), BAD_REQUESTS)
def test_bad_input_gets_a_4xx_with_a_message_and_nothing_is_stored(
    app: Any, aws: Any, open_course: str, body: bytes | str, content_type: str, status: int
) -> None:
    response = post(app, open_course, body, content_type)
    assert response["statusCode"] == status
    if response["headers"]["Content-Type"] == "application/json":
        answer = json.loads(response["body"])
        assert answer["message"] and isinstance(answer["errors"], dict)
    else:
        assert 'class="error-summary"' in response["body"] and 'role="alert"' in response["body"]
        assert any(word in response["body"].lower() for word in ("skjemaet", "skriv inn"))
    assert registrations(aws) == []


def test_a_base64_encoded_form_as_http_api_may_send_it_is_accepted(app: Any, aws: Any, open_course: str) -> None:
    event = http_event(
        "POST",
        "/api/kurs/grunnkurs-test/pameldinger",
        {"Content-Type": FORM},
        b"",
        path_parameters={"course_id": open_course},
    )
    event |= {"body": base64.b64encode(urlencode(form()).encode()).decode(), "isBase64Encoded": True}
    assert app.lambda_handler(event, LambdaContext("SignupFunction"))["statusCode"] == 303
    assert len(registrations(aws)) == 2


def test_personal_data_is_not_logged(app: Any, open_course: str, capsys: pytest.CaptureFixture[str]) -> None:
    post(app, open_course, urlencode(form()))
    post(app, open_course, urlencode(form(email="feil")))
    logged = capsys.readouterr()
    for secret in ("Kari", "kari.nordmann", "912 34 567", "Lise", "Fjellhamar"):
        assert secret not in logged.out + logged.err


def get_seats(app: Any, course_id: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    event = http_event(
        "GET",
        f"/api/kurs/{course_id}/plasser",
        {"Accept": "application/json"},
        path_parameters={"course_id": course_id},
        route_key="GET /api/kurs/{course_id}/plasser",
    )
    response = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response["statusCode"], json.loads(response["body"]), response["headers"]


def test_seats_left_are_counted_and_cacheable_for_a_short_while(app: Any, open_course: str) -> None:
    status, body, headers = get_seats(app, open_course)
    assert (status, body) == (200, {"capacity": 2, "available": 2, "open": True, "text": "2 av 2 plasser ledige"})
    assert headers["Cache-Control"] == "public, max-age=15"
    post(app, open_course, urlencode(form()))
    assert get_seats(app, open_course)[1]["text"] == "1 av 2 plasser ledige"
    post(app, open_course, urlencode(form(email="ola@example.no")))
    assert get_seats(app, open_course)[1] == {
        "capacity": 2,
        "available": 0,
        "open": True,
        "text": "Fullt: nye påmeldinger kommer på venteliste.",
    }


def test_seats_of_a_closed_or_unknown_course(app: Any, aws: Any) -> None:
    DynamoCourseRepository(aws, "LindraTable").put_course(course("i-fjor", now=datetime.now(UTC) - timedelta(days=400)))
    assert get_seats(app, "i-fjor")[1]["text"] == "Påmeldingen er stengt."
    status, body, _ = get_seats(app, "finnes-ikke")
    assert status == 404 and body["message"].startswith("Vi finner ikke dette kurset")


def test_a_courses_own_questions_are_asked_validated_and_stored(app: Any, aws: Any) -> None:
    DynamoCourseRepository(aws, "LindraTable").put_course(
        course("fagdag-test", now=datetime.now(UTC), questions="workplace_type, diet")
    )
    missing = post(app, "fagdag-test", urlencode(form(diet="Vegetar")))
    assert missing["statusCode"] == 422
    assert "Velg hva slags arbeidssted du har." in missing["body"]
    assert 'value="Vegetar"' in missing["body"]
    assert registrations(aws) == []
    assert (
        post(app, "fagdag-test", urlencode(form(workplace_type="hjemmetjeneste", diet="Vegetar")))["statusCode"] == 303
    )
    stored = next(item for item in registrations(aws) if item["SK"]["S"].startswith("REG#"))
    assert stored["answers"]["M"] == {"workplace_type": {"S": "hjemmetjeneste"}, "diet": {"S": "Vegetar"}}


def test_one_click_cancels_and_the_page_says_so(app: Any, aws: Any, open_course: str) -> None:
    location = post(app, open_course, urlencode(form()))["headers"]["Location"]
    token = location.rsplit("/", 1)[-1]
    page = get(app, location)["body"]
    assert f'action="/api/pameldinger/{token}/avmelding"' in page
    answer = cancel_by(app, location)
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, location)
    assert "Du er meldt av" in get(app, location)["body"]
    assert get_seats(app, open_course)[1]["available"] == 2


def cancel_by(app: Any, location: str) -> dict[str, Any]:
    """The receipt page's button, as a browser sends it: with the start the page was rendered with."""
    token = location.rsplit("/", 1)[-1]
    started = re.search(r'name="form_started" value="([^"]+)"', get(app, location)["body"])
    event = http_event(
        "POST",
        f"{location}/avmelding",
        {"Content-Type": FORM, "Accept": BROWSER_ACCEPT},
        # No button on the page any more (cancelled already): a stamp as the page had it
        urlencode({"form_started": started.group(1) if started else aged_stamp(), "website": ""}),
        path_parameters={"token": token},
        route_key="POST /api/pameldinger/{token}/avmelding",
    )
    response: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response


def test_the_same_submission_replayed_three_times_stores_one_registration_and_gets_the_same_receipt(
    app: Any, aws: Any, open_course: str, outbox: Any
) -> None:
    # Given a form the page's script gave a token
    body = urlencode(form(form_token=str(uuid.uuid4())))
    # When it is sent four times (a double click, a retry, a replay)
    answers = [post(app, open_course, body) for _ in range(4)]
    # Then every answer is the same receipt, one registration is stored, and one email sent
    assert {(a["statusCode"], a["headers"]["Location"]) for a in answers} == {(303, answers[0]["headers"]["Location"])}
    assert len([i for i in registrations(aws) if i["SK"]["S"].startswith("REG#")]) == 1
    assert len(outbox()) == 1
    # and JSON replays answer alike
    data = form(email="ola@example.no", form_token="b" * 36)
    first, again = post_json(app, open_course, data), post_json(app, open_course, data)
    assert first == again and first[0] == 201


def test_a_sign_up_is_one_write_whose_submission_item_holds_neither_the_secret_link_nor_personal_data(
    app: Any, aws: Any, open_course: str
) -> None:
    from common.aws import dynamodb

    calls: list[str] = []
    hook = dynamodb().meta.events
    hook.register("before-call.dynamodb", lambda model, **_: calls.append(model.name), unique_id="count-calls")
    try:
        location = post(app, open_course, urlencode(form(form_token="t" * 36)))["headers"]["Location"]
    finally:
        hook.unregister("before-call.dynamodb", unique_id="count-calls")
    writes = [name for name in calls if name in {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"}]
    assert writes == ["TransactWriteItems"], "the registration, its link, its email and its answer: one write"
    token = location.rsplit("/", 1)[-1]
    assert aws.scan(TableName="IdempotencyTable")["Items"] == []
    (record,) = [i for i in aws.scan(TableName="LindraTable")["Items"] if i["PK"]["S"].startswith("SUBMISSION#")]
    stored = json.dumps(record)
    assert token not in stored
    assert "kari" not in stored.lower() and "91234567" not in stored


def test_a_form_sent_again_without_the_pages_token_is_told_to_look_in_the_email_never_given_the_link(
    app: Any, aws: Any, open_course: str, outbox: Any
) -> None:
    body = urlencode(form())  # no form_token: a browser without JavaScript, or someone replaying what was sent
    first = post(app, open_course, body)
    assert first["statusCode"] == 303
    again = post(app, open_course, body)
    assert again["statusCode"] == 200 and "Location" not in again["headers"]
    assert "/api/pameldinger/" not in again["body"] and "Lenken til påmeldingen din står i e-posten" in again["body"]
    assert len(outbox()) == 1, "one registration, one email"


def test_a_changed_form_is_a_new_submission(app: Any, aws: Any, open_course: str) -> None:
    token = "c" * 36
    assert post(app, open_course, urlencode(form(form_token=token)))["statusCode"] == 303
    assert post(app, open_course, urlencode(form(form_token=token, email="ola@example.no")))["statusCode"] == 303
    assert post(app, open_course, urlencode(form(form_token="d" * 36)))["statusCode"] == 409, "Kari is on already"


def test_a_confirmation_email_carries_the_link_the_course_and_an_ics_and_cancelling_emails_the_next_in_line(
    app: Any, aws: Any, open_course: str, outbox: Any
) -> None:
    # Given a full 2-seat course with one waiting
    kari = post(app, open_course, urlencode(form()))["headers"]["Location"]
    post(app, open_course, urlencode(form(email="ola@example.no")))
    post(app, open_course, urlencode(form(email="per@example.no")))
    confirmation, _, waiting = outbox()
    assert confirmation["To"] == "Kari Nordmann <kari.nordmann@example.no>"
    assert confirmation["Reply-To"] == "palliasjonsnettverket@example.no"
    assert f"http://127.0.0.1:8000{kari}" in confirmation.get_body(("plain",)).get_content()
    assert [part.get_filename() for part in confirmation.iter_attachments()] == ["grunnkurs-test.ics"]
    assert str(waiting["Subject"]).startswith("Du står på venteliste")
    # When Kari cancels
    assert cancel_by(app, kari)["statusCode"] == 303
    # Then she gets a receipt, and Per, first in line, gets the seat and an email with a link to his page
    # (the emails of one change are sent at once, in no set order)
    receipt, promotion = sorted(outbox()[3:], key=lambda message: str(message["Subject"]))
    assert str(receipt["Subject"]).startswith("Du er meldt av") and not list(receipt.iter_attachments())
    assert promotion["To"] == "Kari Nordmann <per@example.no>"
    token = promotion.get_body(("plain",)).get_content().split("/api/pameldinger/")[1].split()[0]
    assert "Takk! Du er påmeldt" in get(app, f"/api/pameldinger/{token}")["body"]
    assert cancel_by(app, kari)["statusCode"] == 303 and len(outbox()) == 5, "cancelling again emails nobody"


def test_throttled_dynamodb_gets_a_503_page_that_says_to_try_again_and_nothing_is_stored(
    app: Any, aws: Any, open_course: str
) -> None:
    from botocore.exceptions import ClientError

    from common.aws import dynamodb

    client = dynamodb()

    def throttle(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "TransactWriteItems")

    client.meta.events.register("before-call.dynamodb.TransactWriteItems", throttle)
    try:
        answer = post(app, open_course, urlencode(form()))
    finally:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", throttle)
    assert answer["statusCode"] == 503
    assert "Prøv igjen" in answer["body"] or "send skjemaet på nytt" in answer["body"]
    assert 'value="Kari Nordmann"' in answer["body"], "the form comes back as it was filled in"
    assert registrations(aws) == []
    assert post(app, open_course, urlencode(form()))["statusCode"] == 303, "and trying again works"


def test_a_form_post_while_dynamodb_is_away_gets_a_503_page_not_a_500(app: Any, aws: Any, open_course: str) -> None:
    """Every call fails, even reading the course to show the form again (not cached yet): the error page itself
    must not fail. Found by `make soak` during its DynamoDB Local restart."""
    from botocore.exceptions import EndpointConnectionError

    from common.aws import dynamodb

    client = dynamodb()

    def away(**_: Any) -> None:
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:8001")

    client.meta.events.register("before-call.dynamodb", away)
    try:
        answer = post(app, open_course, urlencode(form()))
    finally:
        client.meta.events.unregister("before-call.dynamodb", away)
    assert answer["statusCode"] == 503 and answer["headers"]["Content-Type"].startswith("text/html")
    assert "Prøv igjen" in answer["body"] or "prøv igjen" in answer["body"]
    assert registrations(aws) == []
