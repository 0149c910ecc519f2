"""Hospitation through the real handlers with API Gateway events, on moto's DynamoDB (and Cognito for the leaders):
the request form (303/201, errors re-rendered, junk refused with nothing stored, one request per submission), the
nurse's own page, the nearest leader's one-time consent link, the evaluation, withdrawal and erasure; then the
leaders' hospitation routes: the authorization matrix, the CSV exports, a stale version.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlencode

import pytest

from common.formatting import OSLO
from common.tokens import token_hash
from local.gateway import Answer, Gateway, LambdaContext, http_event
from local.template import routes
from tests.support.guard import guarded
from tests.support.leaders_api import SEEDED, leader_call, token_for
from tests.support.leaders_api import SITE as LEADERS_SITE
from tests.unit.test_hospitation_forms import request_fields

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TABLE = "LindraTable"
NURSE = "kari.nordmann@example.no"
LEADER = "lise.leder@lorenskog.kommune.no"  # an employer domain: the consent request goes at once
HOST_UNIT = "ahus-palliativt-senter"  # in the area "ahus"
ROUTES = [route for route in routes() if route.handler == "hospitation.app.lambda_handler"]


def today() -> date:
    return datetime.now(OSLO).date()


def fields(**overrides: str) -> dict[str, str]:
    """A nurse in Lørenskog (Nedre Romerike) asks for Ahus's palliative centre, in two periods from three weeks on."""
    start = today()
    periods = {
        "period1_first": (start + timedelta(days=20)).isoformat(),
        "period1_last": (start + timedelta(days=34)).isoformat(),
        "period2_first": (start + timedelta(days=41)).isoformat(),
        "period2_last": (start + timedelta(days=55)).isoformat(),
    }
    return request_fields(**periods) | overrides


# Calling the function -------------------------------------------------------------------------------------------------


def call(
    method: str, path: str, body: bytes | str = b"", content_type: str | None = FORM, accept: str = BROWSER_ACCEPT
) -> dict[str, Any]:
    """The hospitation function's answer to one request, routed as the template routes it."""
    from hospitation import app

    route = next(route for route in ROUTES if route.match(method, path) is not None)
    headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
    event = http_event(
        method, path, headers, body, path_parameters=route.match(method, path), route_key=f"{method} {route.path}"
    )
    context: Any = LambdaContext("HospitationFunction")
    response: dict[str, Any] = app.lambda_handler(event, context)
    return response


def post_form(path: str, data: dict[str, str]) -> dict[str, Any]:
    """A browser's post of a form its person took a minute to fill in (tests/support/guard.py)."""
    return call("POST", path, urlencode(guarded(data)))


def post_json(path: str, data: Any) -> tuple[int, dict[str, Any]]:
    response = call("POST", path, json.dumps(guarded(data) if isinstance(data, dict) else data), JSON, JSON)
    assert response["headers"]["Content-Type"] == JSON
    return response["statusCode"], json.loads(response["body"])


def get(path: str, accept: str = BROWSER_ACCEPT) -> dict[str, Any]:
    return call("GET", path, content_type=None, accept=accept)


def submit(**overrides: str) -> str:
    """The nurse's page (its path) that a browser's form post is sent on to."""
    answer = post_form("/api/hospitering", fields(**overrides))
    assert answer["statusCode"] == 303, answer.get("body")
    location: str = answer["headers"]["Location"]
    return location


# The table and the outbox ---------------------------------------------------------------------------------------------


def items(aws: Any, table: str = TABLE) -> list[dict[str, Any]]:
    """What the requests stored: the table without the units seeded from network.json."""
    found: list[dict[str, Any]] = aws.scan(TableName=table, ConsistentRead=True)["Items"]
    return [item for item in found if item.get("PK", {}).get("S") not in SEEDED]


def of_kind(aws: Any, entity: str) -> list[dict[str, Any]]:
    return [item for item in items(aws) if item.get("entity", {}).get("S") == entity]


def link_key(path: str) -> dict[str, Any]:
    return {"PK": {"S": f"LINK#{token_hash(token_of(path))}"}, "SK": {"S": "META"}}


def token_of(path: str) -> str:
    return path.split("#")[0].rstrip("/").split("/")[3]


def stored(aws: Any, path: str) -> dict[str, Any]:
    """The request a link opens, and the link, as DynamoDB holds them."""
    link = aws.get_item(TableName=TABLE, Key=link_key(path), ConsistentRead=True)["Item"]
    key = {"PK": {"S": f"HOSP#{link['request_id']['S']}"}, "SK": {"S": "META"}}
    request = aws.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")
    return {"request": request, "link": link}


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def link_in(message: EmailMessage, prefix: str) -> str:
    (path,) = set(re.findall(re.escape(prefix) + r"[A-Za-z0-9_-]+", text_of(message)))
    return str(path)


def to(outbox: Any, address: str, subject: str = "") -> list[EmailMessage]:
    return [m for m in outbox() if parseaddr(str(m["To"]))[1] == address and str(m["Subject"]).startswith(subject)]


def consent_link(outbox: Any, leader_email: str = LEADER) -> str:
    return link_in(to(outbox, leader_email, "Kari Nordmann ber om samtykke")[-1], "/api/samtykke/")


# The request form -----------------------------------------------------------------------------------------------------


def test_a_form_post_gets_a_303_to_the_nurses_own_page_and_one_request_is_stored(
    app: Any, aws: Any, outbox: Any
) -> None:
    answer = post_form("/api/hospitering", fields())
    assert answer["statusCode"] == 303
    location = answer["headers"]["Location"]
    assert re.fullmatch(r"/api/hospitering/[A-Za-z0-9_-]{32}", location)
    page = get(location)
    assert page["statusCode"] == 200
    assert "Søknaden din om hospitering" in page["body"] and "Venter på leders samtykke" in page["body"]
    assert '<meta name="robots" content="noindex">' in page["body"]
    assert page["headers"]["Referrer-Policy"] == "no-referrer"
    assert page["headers"]["X-Robots-Tag"] == "noindex"
    assert page["headers"]["Cache-Control"] == "no-store"
    (request,) = of_kind(aws, "hospitation")
    assert (request["name"]["S"], request["status"]["S"], request["area"]["S"]) == (
        "Kari Nordmann",
        "awaiting_consent",
        "nedre-romerike",
    )
    assert sorted(link["purpose"]["S"] for link in of_kind(aws, "hospitation_link")) == ["consent", "status"]
    kept = [item for item in items(aws) if item.get("entity", {}).get("S") != "email"]
    assert token_of(location) not in json.dumps(kept), "only the link's hash is stored (the outbox: until it is sent)"
    assert [parseaddr(str(m["To"]))[1] for m in outbox()] == [NURSE, LEADER]
    assert all("body" not in item for item in of_kind(aws, "email")), "a sent email's message is not kept"
    assert f"http://127.0.0.1:8000{location}" in text_of(outbox()[0])


def confirm_address(app: Any, url: str) -> dict[str, Any]:
    """The nurse's click on the button behind her receipt's confirmation link (the sign-up function's route)."""
    path = url.removeprefix("http://127.0.0.1:8000")
    event = http_event(
        "POST",
        path,
        {"Content-Type": FORM, "Accept": BROWSER_ACCEPT},
        b"",
        path_parameters={"token": path.rsplit("/", 1)[-1]},
        route_key="POST /api/epost/{token}",
    )
    response: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response


def test_a_consent_request_to_an_address_outside_the_employers_waits_for_the_nurses_confirmation(
    app: Any, aws: Any, outbox: Any
) -> None:
    stranger = "lise.leder@gmail.com"
    submit(leader_email=stranger)
    (receipt,) = outbox()
    assert parseaddr(str(receipt["To"]))[1] == NURSE
    url = link_in(receipt, "http://127.0.0.1:8000/api/epost/")
    assert "Vi sender e-posten til Lise Leder når du har bekreftet" in text_of(receipt)
    assert to(outbox, stranger) == [], "nothing to the leader before the nurse confirms"
    (request,) = of_kind(aws, "hospitation")
    assert request["consent_held_id"]["S"]
    confirmed = confirm_address(app, url)
    assert confirmed["statusCode"] == 200
    (consent,) = to(outbox, stranger, "Kari Nordmann ber om samtykke")
    assert post_form(link_in(consent, "/api/samtykke/"), {"decision": "ja"})["statusCode"] == 200
    assert confirm_address(app, url)["statusCode"] == 200 and len(to(outbox, stranger)) == 1, "released once"


def test_a_consent_request_to_an_employers_address_goes_at_once(app: Any, aws: Any, outbox: Any) -> None:
    submit()
    receipt, consent = outbox()
    assert parseaddr(str(consent["To"]))[1] == LEADER and "/api/epost/" not in text_of(receipt)
    (request,) = of_kind(aws, "hospitation")
    assert "consent_held_id" not in request


def test_the_schedule_sends_no_reminder_for_a_consent_request_never_confirmed(app: Any, aws: Any, outbox: Any) -> None:
    from hospitation import schedule

    stranger = "lise.leder@gmail.com"
    submit(leader_email=stranger)
    assert len(outbox()) == 1
    in_a_week = datetime.now(UTC) + timedelta(days=7, minutes=1)
    assert schedule.run(now=in_a_week) == {"unconfirmed": 1}
    assert len(outbox()) == 1 and to(outbox, stranger) == []
    (request,) = of_kind(aws, "hospitation")
    assert request["status"]["S"] == "expired"
    assert schedule.run(now=in_a_week + timedelta(days=14)) == {}


def test_the_schedule_reminds_a_leader_whose_consent_request_the_nurse_released(
    app: Any, aws: Any, outbox: Any
) -> None:
    from hospitation import schedule

    stranger = "lise.leder@gmail.com"
    submit(leader_email=stranger)
    (receipt,) = outbox()
    assert confirm_address(app, link_in(receipt, "http://127.0.0.1:8000/api/epost/"))["statusCode"] == 200
    in_a_week = datetime.now(UTC) + timedelta(days=7, minutes=1)
    assert schedule.run(now=in_a_week) == {"consent_reminder": 1}
    assert [str(m["Subject"]) for m in to(outbox, stranger)] == [
        "Kari Nordmann ber om samtykke til å hospitere",
        "Påminnelse: Kari Nordmann venter på svar om hospitering",
    ]


def test_json_gets_201_with_the_address_of_the_nurses_page(app: Any, aws: Any) -> None:
    status, body = post_json("/api/hospitering", fields())
    assert (status, body["status"]) == (201, "awaiting_consent")
    assert body["receipt_url"].startswith("/api/hospitering/")
    shown = get(body["receipt_url"], accept=JSON)
    assert (shown["statusCode"], json.loads(shown["body"])) == (200, {"status": "awaiting_consent", "version": 1})
    assert len(of_kind(aws, "hospitation")) == 1


def test_the_same_submission_twice_stores_one_request_and_gets_the_same_link(app: Any, aws: Any, outbox: Any) -> None:
    data = fields(form_token="f" * 36)
    first, again = post_form("/api/hospitering", data), post_form("/api/hospitering", data)
    assert first["statusCode"] == again["statusCode"] == 303
    assert first["headers"]["Location"] == again["headers"]["Location"]
    assert len(of_kind(aws, "hospitation")) == 1 and len(outbox()) == 2
    as_json = fields(form_token="j" * 36, email="ola@example.no")
    assert post_json("/api/hospitering", as_json) == post_json("/api/hospitering", as_json)
    assert len(of_kind(aws, "hospitation")) == 2
    token = token_of(first["headers"]["Location"])
    assert token not in json.dumps(items(aws, "IdempotencyTable")), "the link is kept sealed"


def later(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


JUNK = [
    pytest.param(urlencode(fields()), "text/plain", 415, None, "vanlig nettskjema eller som JSON", id="wrong type"),
    pytest.param("{", JSON, 400, None, "Vi klarte ikke å lese skjemaet", id="broken json"),
    pytest.param(json.dumps([fields()]), JSON, 400, None, "et JSON-objekt", id="json array"),
    pytest.param("a=" + "x" * 40_000, FORM, 413, None, "Skjemaet er for stort", id="huge body"),
    pytest.param(b"name=B\xf8rn", FORM, 400, None, "Vi klarte ikke å lese skjemaet", id="not utf-8"),
    pytest.param("", FORM, 422, "name", "Skriv inn navnet ditt.", id="empty form"),
    pytest.param(
        urlencode(fields(period1_first="31.02.2027")), FORM, 422, "period1_first", "Skriv datoen", id="no such date"
    ),
    pytest.param(urlencode(fields(period1_first=later(0))), FORM, 422, "period1_first", "fra i morgen", id="today"),
    pytest.param(urlencode(fields(period1_last=later(10))), FORM, 422, "period1_last", "Til-datoen", id="before"),
    pytest.param(urlencode(fields(period2_last="")), FORM, 422, "period2_last", "begge datoene", id="half period"),
    pytest.param(urlencode(fields(period1_last=later(150))), FORM, 422, "period1_last", "tre måneder", id="long"),
    pytest.param(
        urlencode(fields(period2_first=later(300), period2_last=later(380))),
        FORM,
        422,
        "period2_last",
        "innen ett år",
        id="too far",
    ),
    pytest.param(
        urlencode(fields(period1_first="01.01.99999999999999999999")),
        FORM,
        422,
        "period1_first",
        "Skriv datoen",
        id="huge year",
    ),
    pytest.param(urlencode(fields(host_unit="x")), FORM, 422, "host_unit", "Velg et av stedene", id="unknown unit"),
    pytest.param(
        urlencode(fields(municipality="Bergen")),
        FORM,
        422,
        "municipality",
        "Velg en kommune",
        id="unknown municipality",
    ),
    pytest.param(
        urlencode(fields(goals="<script>alert(1)</script>")), FORM, 422, "goals", "uten tegnene", id="markup in goals"
    ),
    pytest.param(urlencode(fields(name="Kari <b>")), FORM, 422, "name", "uten tegnene", id="markup in name"),
    pytest.param(urlencode(fields(consent="nei")), FORM, 422, "consent", "Du må samtykke", id="no consent"),
    pytest.param(json.dumps(fields(host_unit="x")), JSON, 422, "host_unit", "Velg et av stedene", id="json unit"),
    pytest.param(
        json.dumps(fields() | {"period1_first": [2027]}), JSON, 422, "period1_first", "Skriv datoen", id="json list"
    ),
    pytest.param(json.dumps(fields() | {"goals": {"a": 1}}), JSON, 422, "goals", "uten tegnene", id="json object"),
]


@pytest.mark.parametrize(("body", "content_type", "status", "field", "says"), JUNK)
def test_junk_gets_a_4xx_with_a_norwegian_message_and_nothing_is_stored(
    app: Any, aws: Any, outbox: Any, body: bytes | str, content_type: str, status: int, field: str | None, says: str
) -> None:
    answer = call("POST", "/api/hospitering", body, content_type)
    assert answer["statusCode"] == status
    if answer["headers"]["Content-Type"] == JSON:
        refused = json.loads(answer["body"])
        message = refused["errors"][field] if field else refused["message"]
    else:
        page = answer["body"]
        assert answer["headers"]["Content-Type"].startswith("text/html") and "<h1>" in page
        message = page
        if field:
            found = re.search(rf'id="felt-{field.replace("_", "-")}-feil"[^>]*>(.*?)</p>', page, re.DOTALL)
            assert found, f"no message at {field}"
            message = found.group(1)
    assert says in message
    assert items(aws) == [] and items(aws, "IdempotencyTable") == []
    assert outbox() == []


def test_a_browser_gets_the_form_again_with_its_values_a_summary_and_a_message_at_each_field(
    app: Any, aws: Any
) -> None:
    answer = post_form(
        "/api/hospitering",
        fields(name="Kari <b>", host_unit="finnes-ikke", period1_first="31.02.2027", goals="Linje 1\r\nLinje 2"),
    )
    assert answer["statusCode"] == 422
    assert answer["headers"]["Content-Type"].startswith("text/html")
    page = answer["body"]
    assert "<title>Feil: Søk om hospitering" in page
    assert 'class="error-summary"' in page and "Skjemaet har 3 feil som må rettes" in page
    for field in ("name", "host-unit", "period1-first"):
        assert f'href="#felt-{field}"' in page and f'id="felt-{field}-feil"' in page
    assert page.index('href="#felt-name"') < page.index('href="#felt-host-unit"') < page.index('href="#felt-period1')
    assert 'value="Kari &lt;b&gt;"' in page
    assert '<option value="Lørenskog" selected>' in page
    assert "Velg et av stedene i listen." in page
    assert "Skriv datoen som dd.mm.åååå" in page
    assert "Linje 1\nLinje 2" in page or "Linje 1\r\nLinje 2" in page, "the goals are kept as written"
    assert items(aws) == []


# The nearest leader's consent -----------------------------------------------------------------------------------------


def test_opening_the_consent_link_changes_nothing_as_a_mail_scanner_would(app: Any, aws: Any, outbox: Any) -> None:
    submit()
    link = consent_link(outbox)
    before = stored(aws, link)
    for _ in range(2):
        page = get(link)
        assert page["statusCode"] == 200
        assert "Samtykker du til at Kari Nordmann hospiterer?" in page["body"]
        assert page["headers"]["Referrer-Policy"] == "no-referrer" and page["headers"]["X-Robots-Tag"] == "noindex"
        assert f'action="{link}"' in page["body"]
    assert stored(aws, link) == before
    assert len(outbox()) == 2


def test_the_leader_says_yes_once_and_the_host_is_asked(app: Any, aws: Any, outbox: Any) -> None:
    page = submit()
    link = consent_link(outbox)
    answer = post_form(link, {"decision": "ja"})
    assert answer["statusCode"] == 200
    assert "Du har sagt ja" in answer["body"]
    now = stored(aws, link)
    assert now["request"]["status"]["S"] == "awaiting_host" and "used_at" in now["link"]
    assert sorted(str(m["Subject"]) for m in outbox()[2:]) == [  # one change's emails go at once, in no set order
        "Lederen din har sagt ja til hospiteringen",
        "Ny søknad om hospitering hos Palliativt senter, Ahus",
    ]
    assert "Venter på vertsenheten" in get(page)["body"]


def test_a_no_needs_a_reason_and_then_ends_the_request(app: Any, aws: Any, outbox: Any) -> None:
    page = submit()
    link = consent_link(outbox)
    before = stored(aws, link)
    missing = post_form(link, {"decision": "nei", "reason": ""})
    assert missing["statusCode"] == 422
    assert 'id="felt-reason-feil"' in missing["body"] and "Skriv en kort begrunnelse" in missing["body"]
    assert "Samtykker du til at Kari Nordmann hospiterer?" in missing["body"], "the consent page again"
    assert stored(aws, link) == before
    answer = post_form(link, {"decision": "nei", "reason": "Turnusen er full i mars."})
    assert answer["statusCode"] == 200 and "Du har sagt nei" in answer["body"]
    assert stored(aws, link)["request"]["status"]["S"] == "declined_by_leader"
    assert "Turnusen er full i mars." in get(page)["body"]


def expire_link(aws: Any, link: str) -> None:
    aws.update_item(
        TableName=TABLE,
        Key=link_key(link),
        UpdateExpression="SET valid_until = :past",
        ExpressionAttributeValues={":past": {"S": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()}},
    )


def test_forged_expired_and_replayed_consent_links_each_get_a_clear_page_and_change_nothing(
    app: Any, aws: Any, outbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hospitation import app as hospitation_app

    submit()
    link = consent_link(outbox)
    untouched = stored(aws, link)
    everything = items(aws)

    # forged: 404, whatever was sent
    for forged in (
        "/api/samtykke/" + "x" * 32,
        "/api/samtykke/" + "a" * 200,
        link[:-1] + ("A" if link[-1] != "A" else "B"),
    ):
        for answer in (get(forged), post_form(forged, {"decision": "ja"})):
            assert answer["statusCode"] == 404 and "Vi finner ikke lenken" in answer["body"]
    assert items(aws) == everything

    # expired by the clock: 410
    with monkeypatch.context() as clock:
        clock.setattr(hospitation_app, "now", lambda: datetime.now(UTC) + timedelta(days=15))
        for answer in (get(link), post_form(link, {"decision": "ja"})):
            assert answer["statusCode"] == 410 and "Lenken er utløpt" in answer["body"]
    assert stored(aws, link) == untouched

    # expired in the table: 410, and a JSON answer says so too
    expire_link(aws, link)
    expired = stored(aws, link)
    assert post_form(link, {"decision": "ja"})["statusCode"] == 410
    status, body = post_json(link, {"decision": "ja"})
    assert status == 410 and body["message"].startswith("Lenken virker ikke lenger")
    assert stored(aws, link) == expired


def test_a_used_consent_link_says_so_and_a_second_answer_changes_nothing(app: Any, aws: Any, outbox: Any) -> None:
    submit()
    link = consent_link(outbox)
    assert post_form(link, {"decision": "ja"})["statusCode"] == 200
    emails = len(outbox())  # delivered: the worker has written how they went on the request
    answered = stored(aws, link)
    for answer in (get(link), post_form(link, {"decision": "nei", "reason": "Likevel ikke."})):
        assert answer["statusCode"] == 409 and "Lenken er allerede brukt" in answer["body"]
    assert stored(aws, link) == answered and len(outbox()) == emails


# The nurse's own page -------------------------------------------------------------------------------------------------


def test_withdrawing_ends_the_request_and_its_consent_link(app: Any, aws: Any, outbox: Any) -> None:
    page = submit()
    link = consent_link(outbox)
    assert 'action="' + page + '/trekk"' in get(page)["body"]
    answer = post_form(page + "/trekk", {})
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, page)
    assert "Du har trukket søknaden" in get(page)["body"]
    assert str(outbox()[-1]["Subject"]) == "Du har trukket søknaden om hospitering"
    refused = get(link)
    assert refused["statusCode"] == 409 and "allerede besvart eller trukket" in refused["body"]
    assert post_form(page + "/trekk", {})["statusCode"] == 303, "twice is harmless"
    assert len(outbox()) == 3


def stored_email(aws: Any, kind: str, request_id: str) -> EmailMessage:
    """The newest email of one kind about one request in the table's outbox, as it will be sent."""
    from common.outbox import unpacked

    found = sorted(
        (
            item
            for item in of_kind(aws, "email")
            if item["kind"]["S"] == kind and item["about_pk"]["S"] == f"HOSP#{request_id}"
        ),
        key=lambda item: item["PK"]["S"],
    )
    return unpacked(found[-1]["body"]["B"])


def walk_to_evaluation(aws: Any, outbox: Any) -> str:
    """Sent, consented, dates set by the host unit, and the schedule run the morning after: the evaluation link."""
    from common.access import Leader
    from hospitation.forms import validate_host_answer
    from hospitation.models import configured_host_units
    from hospitation.repository import DynamoHospitationRepository
    from hospitation.schedule import run
    from hospitation.service import Workflow
    from tests.unit.fakes import FakeAuditLog

    page = submit()
    assert post_form(consent_link(outbox), {"decision": "ja"})["statusCode"] == 200
    request_id = stored(aws, page)["link"]["request_id"]["S"]
    flow = Workflow(DynamoHospitationRepository(aws, TABLE), configured_host_units())
    host = Leader("vert@example.no", "Vera Vert", "vertsenhet", None, HOST_UNIT, "jti", 2_000_000_000)
    request = flow.one(host, request_id)
    first = today() + timedelta(days=1)
    answer = validate_host_answer(
        {"first_day": first.isoformat(), "last_day": first.isoformat(), "meeting_time": "08:00"}, today()
    )
    flow.confirm(host, request_id, request.version, answer, FakeAuditLog(), datetime.now(UTC))
    assert run(now=datetime.combine(first + timedelta(days=1), time(7), OSLO)) == {"evaluation": 1}
    return link_in(to(outbox, NURSE, "Hvordan var hospiteringen?")[-1], "/api/hospitering/")


def test_the_evaluation_is_taken_once(app: Any, aws: Any, outbox: Any) -> None:
    page = walk_to_evaluation(aws, outbox)
    form = get(page)["body"]
    assert f'action="{page}/evaluering"' in form and "Vil du anbefale andre å hospitere her?" in form
    incomplete = post_form(page + "/evaluering", {"learned": "", "recommend": "ja"})
    assert incomplete["statusCode"] == 422 and 'id="felt-learned-feil"' in incomplete["body"]
    assert re.search(r'value="ja"[^>]* checked', incomplete["body"]), "the answer given is kept"
    answer = post_form(page + "/evaluering", {"learned": "Mye om smertelindring.", "recommend": "ja"})
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, page)
    assert "Takk for evalueringen! Hospiteringen er fullført." in get(page)["body"]
    done = stored(aws, page)["request"]
    assert (done["status"]["S"], done["learned"]["S"], done["recommend"]["S"]) == (
        "completed",
        "Mye om smertelindring.",
        "ja",
    )
    for again in (
        post_form(page + "/evaluering", {"learned": "Igjen.", "recommend": "nei"}),
        post_form(page + "/evaluering", {}),
    ):
        assert again["statusCode"] == 409 and "allerede sendt evalueringen" in again["body"]
    assert stored(aws, page)["request"] == done


def test_the_nurse_erases_her_request_and_the_link_then_leads_nowhere(app: Any, aws: Any, outbox: Any) -> None:
    page = submit()
    link = consent_link(outbox)
    answer = post_form(page + "/sletting", {})
    assert answer["statusCode"] == 200 and "Opplysningene er slettet" in answer["body"]
    assert answer["headers"]["Referrer-Policy"] == "no-referrer"
    assert of_kind(aws, "hospitation") == []
    for gone in (get(page), get(link), post_form(page + "/sletting", {})):
        assert gone["statusCode"] == 404 and "Vi finner ikke lenken" in gone["body"]


def test_the_daily_schedules_handler_runs_and_a_second_run_finds_nothing_more(app: Any, aws: Any, outbox: Any) -> None:
    from hospitation import schedule

    submit()
    context: Any = LambdaContext("HospitationScheduleFunction")
    assert schedule.lambda_handler({}, context) == {"done": {}}, "nothing is due on the day of the request"
    in_a_week = datetime.now(UTC) + timedelta(days=7, minutes=1)
    assert schedule.run(now=in_a_week) == {"consent_reminder": 1}
    assert schedule.run(now=in_a_week) == {}
    subjects = [str(m["Subject"]) for m in outbox()]  # the outbox's emails are sent at once, in no set order
    assert subjects.count("Påminnelse: Kari Nordmann venter på svar om hospitering") == 1


def test_the_nurses_page_says_where_the_request_is_at_every_step(app: Any, aws: Any, outbox: Any) -> None:
    from hospitation.models import configured_host_units
    from hospitation.repository import DynamoHospitationRepository
    from hospitation.service import Workflow

    flow = Workflow(DynamoHospitationRepository(aws, TABLE), configured_host_units())
    page = submit()
    request = flow.by_status_link(token_of(page))
    first, last = today() + timedelta(days=21), today() + timedelta(days=22)
    steps: list[tuple[dict[str, Any], str]] = [
        ({}, "Venter på leders samtykke"),
        ({"status": "awaiting_host", "answered_at": datetime.now(UTC)}, "Nå venter vi på at Palliativt senter, Ahus"),
        (
            {"status": "confirmed", "first_day": first, "last_day": last, "meeting_time": "08:30"},
            "Møt opp klokken 08.30 første dag",
        ),
        ({"host_message": "Ta med navneskilt.", "dates_as_wished": False}, "Ta med navneskilt."),
        ({"status": "evaluating"}, "Send evalueringen"),
        ({"status": "completed", "learned": "Mye.", "recommend": "ja"}, "Hospiteringen er fullført"),
        ({"status": "declined_by_host", "decline_reason": "Fullt."}, "Fullt."),
        ({"status": "expired"}, "svarte ikke innen fristen"),
        ({"status": "withdrawn"}, "Du har trukket søknaden"),
    ]
    for changes, says in steps:
        request = flow.repo.save(request.model_copy(update=changes))
        shown = get(page)
        assert shown["statusCode"] == 200 and says in shown["body"], changes


def test_the_table_refuses_a_write_over_a_changed_request_and_a_second_use_of_a_link(app: Any, aws: Any) -> None:
    from common.errors import ChangedMeanwhile, LinkUsed
    from hospitation.repository import DynamoHospitationRepository

    submit()
    repository = DynamoHospitationRepository(aws, TABLE)
    (item,) = of_kind(aws, "hospitation")
    request = repository.get(item["id"]["S"])
    assert request is not None
    saved = repository.save(request.model_copy(update={"goals": "Nytt."}))
    with pytest.raises(ChangedMeanwhile):
        repository.save(request.model_copy(update={"goals": "Gammelt."}))
    (consent,) = [i for i in of_kind(aws, "hospitation_link") if i["purpose"]["S"] == "consent"]
    link = repository.link(consent["PK"]["S"].removeprefix("LINK#"))
    assert link is not None
    saved = repository.save(saved, use=link, now=datetime.now(UTC))
    with pytest.raises(LinkUsed):
        repository.save(saved, use=link, now=datetime.now(UTC))
    assert repository.get(request.id) == saved and saved.goals == "Nytt."


def test_personal_data_is_not_logged(app: Any, outbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    page = submit()
    post_form("/api/hospitering", fields(email="feil"))
    post_form(consent_link(outbox), {"decision": "nei", "reason": "Turnusen er full."})
    get(page)
    logged = capsys.readouterr()
    for secret in ("Kari", "kari.nordmann", "912 34 567", "91234567", "Lise", "Fjellhamar", "Turnusen", token_of(page)):
        assert secret not in logged.out + logged.err


# The leaders' hospitation routes --------------------------------------------------------------------------------------

SITE = LEADERS_SITE
NAMES = ("Åse Ødegård", "Bjørn Bakke", "Cecilie Dahl")
EMAILS = {NAMES[0]: "ase@example.no", NAMES[1]: "bjorn@example.no", NAMES[2]: "cecilie@example.no"}


def asked(aws: Any, name: str, municipality: str = "Lørenskog", unit: str = HOST_UNIT, minutes: int = 0) -> Any:
    """A request in the table whose nurse's leader has said yes (so the host unit has been asked)."""
    from common.site import municipality_areas
    from hospitation.forms import validate_consent, validate_request
    from hospitation.models import configured_host_units
    from hospitation.repository import DynamoHospitationRepository
    from hospitation.service import Workflow

    flow = Workflow(DynamoHospitationRepository(aws, TABLE), configured_host_units())
    data = fields(name=name, email=EMAILS[name], municipality=municipality, host_unit=unit)
    form, wishes = validate_request(data, municipality_areas(), configured_host_units(), today())
    at = datetime.now(UTC) + timedelta(minutes=minutes)
    submitted = flow.submit(form, wishes, municipality_areas()[municipality], at)
    consent = token_of(link_in(stored_email(aws, "consent_request", submitted.request.id), "/api/samtykke/"))
    return flow.answer_consent(consent, validate_consent({"decision": "ja"}), at)


def dates(version: int) -> dict[str, Any]:
    first = today() + timedelta(days=21)
    return {
        "version": version,
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=1)).isoformat(),
        "meeting_time": "08:30",
        "message": "Møt i resepsjonen.",
    }


MATRIX = {  # list, one, export, evaluations export, confirm, decline, erase
    "anonymous": [401, 401, 401, 401, 401, 401, 401],
    "nurse": [403, 403, 403, 403, 403, 403, 403],
    "host_unit": [200, 200, 200, 200, 200, 200, 403],
    "other_host_unit": [200, 403, 200, 200, 403, 403, 403],
    "area_leader": [200, 200, 200, 200, 403, 403, 403],  # the nurses' area; the host unit is in another
    "host_area_leader": [200, 200, 200, 200, 200, 200, 403],
    "other_area_leader": [200, 403, 200, 200, 403, 403, 403],
    "network_leader": [200, 200, 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_leaders_hospitation_routes_answer_each_caller_as_the_matrix_says(
    who: str, api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    first, second, third = (asked(aws, name, minutes=n) for n, name in enumerate(NAMES))
    token = token_for(who, api, pool)
    base = "/api/leder/hospiteringer"
    calls = [
        ("GET", base, None),
        ("GET", f"{base}/{first.id}", None),
        ("GET", f"{base}.csv", None),
        ("GET", "/api/leder/hospitering-evalueringer.csv", None),
        ("POST", f"{base}/{first.id}/bekreft", dates(first.version)),
        ("POST", f"{base}/{second.id}/avslag", {"version": second.version, "reason": "Fullt i vår."}),
        ("POST", f"{base}/{third.id}/sletting", {}),
    ]
    answers = [leader_call(api, method, path, token, body) for method, path, body in calls]
    assert [answer.status for answer in answers] == MATRIX[who]
    sees_nobody = who in ("anonymous", "nurse", "other_host_unit", "other_area_leader")
    for answer in answers:
        text = answer.body.decode("utf-8-sig")
        if answer.status != 200:
            refusal = json.loads(answer.body)
            assert set(refusal) == {"message", "errors"}
            assert ("Logg inn" if answer.status == 401 else "ikke tilgang") in refusal["message"]
        if answer.status != 200 or sees_nobody:
            assert not any(part in text for name in NAMES for part in name.split()), text
    if who in ("other_host_unit", "other_area_leader"):
        assert json.loads(answers[0].body)["requests"] == []
    stored_statuses = {item["name"]["S"]: item["status"]["S"] for item in of_kind(aws, "hospitation")}
    expected = {NAMES[0]: "awaiting_host", NAMES[1]: "awaiting_host", NAMES[2]: "awaiting_host"}
    if MATRIX[who][4] == 200:
        expected[NAMES[0]] = "confirmed"
    if MATRIX[who][5] == 200:
        expected[NAMES[1]] = "declined_by_host"
    if MATRIX[who][6] == 200:
        del expected[NAMES[2]]
    assert stored_statuses == expected, "a refused change changes nothing"


def test_an_unknown_request_is_a_404(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    unknown = "/api/leder/hospiteringer/01JZZZZZZZZZZZZZZZZZZZZZZZ"
    network = token_for("network_leader", api, pool)
    assert leader_call(api, "GET", unknown, network).status == 404
    assert leader_call(api, "POST", f"{unknown}/bekreft", network, dates(1)).status == 404
    assert leader_call(api, "POST", f"{unknown}/avslag", network, {"version": 1, "reason": "Nei."}).status == 404
    assert leader_call(api, "POST", f"{unknown}/sletting", network, {}).status == 404
    answer = leader_call(api, "GET", unknown, token_for("area_leader", api, pool))
    assert answer.status == 404 and json.loads(answer.body)["message"] == "Søknaden finnes ikke, eller den er slettet."


def test_a_host_unit_sees_a_request_only_once_the_nurses_leader_has_said_yes(
    api: Gateway, pool: dict[str, str], aws: Any, outbox: Any
) -> None:
    asked(aws, NAMES[0])
    submit()  # Kari's leader has not answered
    host = token_for("host_unit", api, pool)
    listed = json.loads(leader_call(api, "GET", "/api/leder/hospiteringer", host).body)
    assert [r["name"] for r in listed["requests"]] == [NAMES[0]]
    assert [u["id"] for u in listed["units"]] == [HOST_UNIT]
    kari = next(item for item in of_kind(aws, "hospitation") if item["name"]["S"] == "Kari Nordmann")
    answer = leader_call(api, "GET", f"/api/leder/hospiteringer/{kari['id']['S']}", host)
    assert answer.status == 403 and "Kari" not in answer.body.decode()
    area = json.loads(leader_call(api, "GET", "/api/leder/hospiteringer", token_for("area_leader", api, pool)).body)
    assert [r["name"] for r in area["requests"]] == ["Kari Nordmann", NAMES[0]], "newest first"


def test_the_host_confirms_and_declines_and_each_is_audited_and_emailed(
    api: Gateway, pool: dict[str, str], aws: Any, outbox: Any
) -> None:
    first, second = asked(aws, NAMES[0]), asked(aws, NAMES[1], minutes=1)
    host = token_for("host_unit", api, pool)
    base = "/api/leder/hospiteringer"
    shown = json.loads(leader_call(api, "GET", f"{base}/{first.id}", host).body)
    assert (shown["version"], shown["can_answer"], shown["can_decline"], shown["can_erase"]) == (2, True, True, False)
    assert shown["email"] == "ase@example.no" and shown["goals"].startswith("Se hvordan teamet")
    confirmed = leader_call(api, "POST", f"{base}/{first.id}/bekreft", host, dates(shown["version"]))
    assert confirmed.status == 200
    body = json.loads(confirmed.body)
    assert (body["status"], body["version"], body["meeting_time"]) == ("confirmed", 3, "08:30")
    declined = leader_call(api, "POST", f"{base}/{second.id}/avslag", host, {"version": 2, "reason": "Fullt i vår."})
    assert json.loads(declined.body)["status"] == "declined_by_host"
    (confirmation,) = to(outbox, "ase@example.no", "Hospiteringen er bekreftet")
    assert [part.get_filename() for part in confirmation.iter_attachments()] == ["hospitering.ics"]
    (refusal,) = to(outbox, "bjorn@example.no", "Vertsenheten kan ikke ta imot deg")
    assert "Fullt i vår." in text_of(refusal)
    log = json.loads(leader_call(api, "GET", "/api/leder/revisjon", token_for("network_leader", api, pool)).body)
    actions = [(e["actor"], e["action"], e["subject"]) for e in log["entries"] if e["action"] != "sign_in"]
    assert actions == [("vert@example.no", "decline", second.id), ("vert@example.no", "approval", first.id)]


def test_a_stale_version_is_a_409_and_changes_nothing(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    request = asked(aws, NAMES[0])
    host = token_for("host_unit", api, pool)
    path = f"/api/leder/hospiteringer/{request.id}"
    key = {"PK": {"S": f"HOSP#{request.id}"}, "SK": {"S": "META"}}
    before = aws.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    stale = leader_call(api, "POST", f"{path}/bekreft", host, dates(request.version - 1))
    assert stale.status == 409
    assert json.loads(stale.body)["message"].startswith("Noen andre endret søknaden")
    no_version = leader_call(api, "POST", f"{path}/avslag", host, {"reason": "Nei."})
    assert no_version.status == 400 and "Last inn siden på nytt" in json.loads(no_version.body)["message"]
    bad = leader_call(api, "POST", f"{path}/bekreft", host, dates(request.version) | {"meeting_time": "åtte"})
    assert bad.status == 422 and set(json.loads(bad.body)["errors"]) == {"meeting_time"}
    assert aws.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"] == before
    assert leader_call(api, "POST", f"{path}/bekreft", host, dates(request.version)).status == 200
    again = leader_call(api, "POST", f"{path}/avslag", host, {"version": request.version, "reason": "Nei."})
    assert again.status == 409, "the version the host read is gone"


def csv_rows(answer: Answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_export_has_norwegian_headers_and_an_area_leaders_export_holds_only_their_scope(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    asked(aws, NAMES[0])  # Lørenskog (Nedre Romerike) to Ahus
    asked(aws, NAMES[1], "Ås", "bjorkelia-lindrende-enhet", minutes=1)  # Follo to a host in Nedre Romerike
    asked(aws, NAMES[2], "Ås", "solstua-hospice", minutes=2)  # Follo to Follo
    network = leader_call(api, "GET", "/api/leder/hospiteringer.csv", token_for("network_leader", api, pool))
    assert network.status == 200 and network.body.startswith(b"\xef\xbb\xbf") and b"\r\n" in network.body
    headers = dict(network.headers)
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Content-Disposition"] == f'attachment; filename="hospiteringer-{today().isoformat()}.csv"'
    rows = csv_rows(network)
    assert rows[0] == [
        "Status",
        "Navn",
        "E-post",
        "Mobil",
        "Arbeidssted",
        "Kommune",
        "Område",
        "Nærmeste leder",
        "Lederens e-post",
        "Vertsenhet",
        "Ønsket periode 1",
        "Ønsket periode 2",
        "Læringsmål",
        "Sendt",
        "Leder svarte",
        "Første dag",
        "Siste dag",
        "Begrunnelse for nei",
    ]
    assert [row[1] for row in rows[1:]] == [NAMES[2], NAMES[1], NAMES[0]]
    assert rows[-1][:3] == ["Venter på vertsenheten", NAMES[0], "ase@example.no"]
    assert (rows[-1][6], rows[-1][9]) == ("Nedre Romerike", "Palliativt senter, Ahus")
    area = csv_rows(leader_call(api, "GET", "/api/leder/hospiteringer.csv", token_for("area_leader", api, pool)))
    assert [row[1] for row in area[1:]] == [NAMES[1], NAMES[0]]
    follo_token = token_for("other_area_leader", api, pool)
    follo = leader_call(api, "GET", "/api/leder/hospiteringer.csv", follo_token, query="enhet=solstua-hospice")
    assert [row[1] for row in csv_rows(follo)[1:]] == [NAMES[2]]
    bad = leader_call(api, "GET", "/api/leder/hospiteringer.csv", follo_token, query="status=ukjent")
    assert bad.status == 422 and "status" in json.loads(bad.body)["errors"]
    log = json.loads(leader_call(api, "GET", "/api/leder/revisjon", token_for("network_leader", api, pool)).body)
    exports = [(e["actor"], e["subject"], e["rows"]) for e in log["entries"] if e["action"] == "export"]
    assert exports == [
        ("annen@example.no", "hospiteringer", 1),
        ("omrade@example.no", "hospiteringer", 2),
        ("nettverk@example.no", "hospiteringer", 3),
    ]


def test_the_evaluations_export_holds_the_answers_without_names(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    from common.access import Leader
    from hospitation.forms import validate_evaluation, validate_host_answer
    from hospitation.models import configured_host_units
    from hospitation.repository import DynamoHospitationRepository
    from hospitation.service import Workflow
    from tests.unit.fakes import FakeAuditLog

    request = asked(aws, NAMES[0])
    asked(aws, NAMES[1], minutes=1)  # not evaluated: not in the file
    flow = Workflow(DynamoHospitationRepository(aws, TABLE), configured_host_units())
    network = Leader("nettverk@example.no", "Nina Nettverk", "nettverksleder", None, None, "jti", 2_000_000_000)
    first = today() + timedelta(days=1)
    answer = validate_host_answer({"first_day": str(first), "last_day": str(first), "meeting_time": "08:00"}, today())
    flow.confirm(network, request.id, request.version, answer, FakeAuditLog(), datetime.now(UTC))
    assert flow.run_schedule(datetime.combine(first + timedelta(days=1), time(7), OSLO)) == {"evaluation": 1}
    token = token_of(link_in(stored_email(aws, "evaluation", request.id), "/api/hospitering/"))
    evaluation = {"learned": "Mye om; smertelindring.", "recommend": "ja", "change": "=SUM(A1)"}
    flow.evaluate(token, validate_evaluation(evaluation), datetime.now(UTC))
    export = leader_call(
        api, "GET", "/api/leder/hospitering-evalueringer.csv", token_for("host_area_leader", api, pool)
    )
    rows = csv_rows(export)
    assert rows[0] == [
        "Vertsenhet",
        "Første dag",
        "Siste dag",
        "Område",
        "Hva lærte du?",
        "Vil du anbefale andre å hospitere her?",
        "Hva bør vi gjøre annerledes?",
        "Evaluert",
    ]
    assert len(rows) == 2
    assert rows[1][:7] == [
        "Palliativt senter, Ahus",
        first.strftime("%d.%m.%Y"),
        first.strftime("%d.%m.%Y"),
        "Nedre Romerike",
        "Mye om; smertelindring.",
        "Ja",
        "'=SUM(A1)",
    ]
    text = export.body.decode("utf-8-sig")
    assert not any(part in text for name in NAMES for part in name.split())
    assert "ase@example.no" not in text
