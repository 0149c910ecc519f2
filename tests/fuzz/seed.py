"""What each route's stack starts with, made through the real handlers where a person would make it: a course open
for sign-up with one sign-up, a network meeting, a course held two days ago with its participants and the evaluation
links its run sent, a change report waiting and one approved (so a unit has an entry to sign), and a hospitation
request with its consent link. The fuzzer sends half of a route's cases to these (tests/fuzz/test_openapi.py), so that
they get past the lookup and into the code behind it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from local.gateway import Answer, Gateway
from tests.support.guard import guarded
from tests.support.hospitation import Person, request_fields
from tests.support.leaders_api import leader_call
from tests.support.roster import UNIT, report_fields
from tests.support.samples import course, form, registration

TABLE = "LindraTable"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
OPEN = "grunnkurs-apen"
MEETING = "nettverksmote-fuzz"
HELD = "grunnkurs-holdt"


def post_form(gateway: Gateway, path: str, fields: dict[str, str]) -> Any:
    body = urlencode(guarded(fields)).encode()  # filled in a minute ago (tests/support/guard.py)
    answer = gateway.handle("POST", path, "", {"Accept": JSON, "Content-Type": FORM}, body)
    assert answer.status in (200, 201), (path, answer.status, answer.body)
    return json.loads(answer.body)


def ok(answer: Answer) -> Any:
    assert answer.status in (200, 201), answer.body
    return json.loads(answer.body)


def links(outbox: Path, prefix: str) -> list[str]:
    """The secret links of one kind in the emails written so far, as path values: the outbox's pending emails
    handed to the mail worker first, as the table's stream would (this tier runs on moto, without a stream)."""
    from tests.support.mail import deliver_outbox

    deliver_outbox()
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""
        found += [part.split()[0].split("?")[0].rstrip(".") for part in text.split(prefix)[1:]]
    return found


def seed(gateway: Gateway, client: Any, session: str, outbox: Path) -> dict[str, dict[str, str]]:
    """Make the data; per route path, the path values that exist."""
    from common.formatting import OSLO
    from courses.repository import DynamoCourseRepository
    from evaluations.models import send_at
    from evaluations.schedule import run

    now = datetime.now(UTC)
    courses = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    courses.put_course(course(OPEN, now=now))
    courses.put_course(course(MEETING, now=now, kind="nettverksmote", area="nedre-romerike", days_ahead=10))
    end = now - timedelta(days=2)
    start = end - timedelta(hours=6)
    held = course(HELD, area="nedre-romerike", start=start, end=end, registration_deadline=start - timedelta(days=7))
    courses.put_course(held)
    for number in range(4):
        courses.add_registrations([registration(HELD, f"deltaker.{number}@example.no", f"Deltaker {number}")])
    run(send_at(held) + timedelta(hours=1, minutes=15))  # the evaluation links, by email
    evaluation = links(outbox, "/api/evaluering/")[0]

    receipt = post_form(gateway, f"/api/kurs/{OPEN}/pameldinger", form())["receipt_url"]
    sign_up = receipt.rstrip("/").rsplit("/", 1)[1]

    waiting = post_form(gateway, "/api/endringsmeldinger", report_fields("new"))["report_id"]
    started = (now.astimezone(OSLO).date() - timedelta(days=30)).isoformat()  # in the role today: asked below
    new = report_fields("new", new_email="nils.ny@eidsvoll.no", effective_date=started)
    approved = post_form(gateway, "/api/endringsmeldinger", new)
    report_path = f"/api/leder/endringsmeldinger/{approved['report_id']}"
    version = ok(leader_call(gateway, "GET", report_path, session))["version"]
    ok(leader_call(gateway, "POST", f"{report_path}/godkjenning", session, {"version": version}))
    entry = ok(leader_call(gateway, "GET", f"/api/leder/navneliste/enheter/{UNIT}", session))["entries"][0]["id"]
    year = now.astimezone(OSLO).year  # the self-report's round: a link to the nurse approved above
    closes = (now.astimezone(OSLO).date() + timedelta(days=30)).isoformat()
    ok(leader_call(gateway, "POST", "/api/leder/egenrapport", session, {"year": year, "closes_on": closes}))
    self_report = links(outbox, "/api/egenrapport/")[0]

    person = Person.new()
    hospitation = post_form(gateway, "/api/hospitering", request_fields(person))["receipt_url"]
    nurse_token = hospitation.rstrip("/").rsplit("/", 1)[1]
    consent = links(outbox, "/api/samtykke/")[0]
    from common.tokens import token_hash

    key = {"PK": {"S": f"LINK#{token_hash(nurse_token)}"}, "SK": {"S": "META"}}
    request_id = client.get_item(TableName=TABLE, Key=key)["Item"]["request_id"]["S"]

    known: dict[str, dict[str, str]] = {
        "/api/kurs/{course_id}/pameldinger": {"course_id": OPEN},
        "/api/kurs/{course_id}/plasser": {"course_id": OPEN},
        "/api/kurs/{course_id}/fravaer": {"course_id": MEETING},
        "/api/pameldinger/{token}": {"token": sign_up},
        "/api/pameldinger/{token}/avmelding": {"token": sign_up},
        "/api/evaluering/{token}": {"token": evaluation},
        "/api/egenrapport/{token}": {"token": self_report},
        "/api/samtykke/{token}": {"token": consent},
        "/api/leder/endringsmeldinger/{report_id}": {"report_id": waiting},
        "/api/leder/navneliste/enheter/{unit_id}": {"unit_id": UNIT},
        "/api/leder/navneliste/enheter/{unit_id}/{entry_id}/signaturer": {"unit_id": UNIT, "entry_id": entry},
        "/api/leder/hospiteringer/{request_id}": {"request_id": request_id},
    }
    for path in ("/api/hospitering/{token}", "/api/hospitering/{token}/trekk", "/api/hospitering/{token}/sletting"):
        known[path] = {"token": nurse_token}
    known["/api/hospitering/{token}/evaluering"] = {"token": nurse_token}
    for action in ("godkjenning", "avslag"):
        known[f"/api/leder/endringsmeldinger/{{report_id}}/{action}"] = {"report_id": waiting}
    for action in ("bekreft", "avslag", "sletting"):
        known[f"/api/leder/hospiteringer/{{request_id}}/{action}"] = {"request_id": request_id}
    for tail in ("frist", "svar", "svar.csv"):
        known[f"/api/leder/egenrapport/{{year}}/{tail}"] = {"year": str(year)}
    for tail in ("pameldinger", "pameldinger.csv", "oppmote", "evaluering", "evaluering.csv"):
        known[f"/api/leder/kurs/{{course_id}}/{tail}"] = {"course_id": HELD}
    return known
