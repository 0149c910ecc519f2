"""Emails through the outbox, end to end on moto: held for a stranger until the submitter confirms, the mailbox
simulator's bounces and complaints, SES failing, and a leader sending again what did not arrive."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from courses.repository import DynamoCourseRepository
from local.gateway import Gateway
from tests.support.guard import guarded
from tests.support.leaders_api import LEADERS, leader_call, token_for
from tests.support.mail import deliver_outbox
from tests.support.samples import course

FORM = "application/x-www-form-urlencoded"
COURSE = "introduksjon-test"


@pytest.fixture
def open_course(aws: Any) -> str:
    repository = DynamoCourseRepository(aws, "LindraTable")
    introduction = course(COURSE, capacity=20, kind="introduksjonskurs", now=datetime.now(UTC))
    repository.put_course(introduction.model_copy(update={"leader_can_join": True, "area": "nedre-romerike"}))
    return COURSE


def sign_up(api: Gateway, email: str, leader_email: str = "lise.leder@example.no", bring: bool = False) -> Any:
    fields = {
        "name": "Kari Nordmann",
        "email": email,
        "phone": "91234567",
        "workplace": "Lørenskog sykehjem",
        "municipality": "Lørenskog",
        "role": "ressurssykepleier",
        "leader_name": "Lise Leder",
        "leader_email": leader_email,
        "consent": "ja",
        **({"bring_leader": "ja"} if bring else {}),
    }
    headers = {"Content-Type": FORM, "Accept": "text/html"}
    return api.handle("POST", f"/api/kurs/{COURSE}/pameldinger", "", headers, urlencode(guarded(fields)).encode())


def to(outbox: Any, address: str) -> list[Any]:
    return [message for message in outbox() if address in str(message["To"])]


def confirm_link(message: Any) -> str:
    text = message.get_body(("plain",)).get_content()
    return text.split("Bekreft e-postadressen din: http://127.0.0.1:8000")[1].split()[0]


def test_the_leader_a_nurse_brings_is_mailed_only_after_she_confirms_her_own_address(
    api: Gateway, open_course: str, outbox: Any
) -> None:
    assert sign_up(api, "kari@example.no", bring=True).status == 303
    (receipt,) = to(outbox, "kari@example.no")
    assert to(outbox, "lise.leder@example.no") == [], "held: anyone could have typed her address"
    link = confirm_link(receipt)
    page = api.handle("GET", link, "", {"Accept": "text/html"}, b"")
    assert (
        page.status == 200
        and 'method="post"' in page.body.decode()
        and "Bekreft e-postadressen min" in page.body.decode()
    )
    assert to(outbox, "lise.leder@example.no") == [], "opening the link (a mail scanner does) changes nothing"
    confirmed = api.handle("POST", link, "", {"Accept": "text/html", "Content-Type": FORM}, b"")
    assert confirmed.status == 200 and "E-postadressen din er bekreftet" in confirmed.body.decode()
    (leaders,) = to(outbox, "lise.leder@example.no")
    assert str(leaders["Subject"]).startswith("Du er påmeldt")
    again = api.handle("POST", link, "", {"Accept": "text/html", "Content-Type": FORM}, b"")
    assert again.status == 200 and "allerede bekreftet" in again.body.decode()
    assert len(to(outbox, "lise.leder@example.no")) == 1, "one email, however often she clicks"
    unknown = api.handle("POST", "/api/epost/finnes-ikke", "", {"Accept": "text/html", "Content-Type": FORM}, b"")
    assert unknown.status == 404


def test_a_leader_at_an_employer_domain_is_mailed_at_once(api: Gateway, open_course: str, outbox: Any) -> None:
    sign_up(api, "kari@example.no", leader_email="lise.leder@lorenskog.kommune.no", bring=True)
    assert len(to(outbox, "lise.leder@lorenskog.kommune.no")) == 1
    assert "/api/epost/" not in to(outbox, "kari@example.no")[0].get_body(("plain",)).get_content()


def participants(api: Gateway, token: str | None) -> list[dict[str, Any]]:
    answer = leader_call(api, "GET", f"/api/leder/kurs/{COURSE}/pameldinger", token)
    assert answer.status == 200, answer.body
    registrations: list[dict[str, Any]] = json.loads(answer.body)["registrations"]
    return registrations


def test_a_bounce_shows_in_the_leaders_list_and_stops_mail_until_the_address_is_used_in_a_form_again(
    api: Gateway, open_course: str, outbox: Any, pool: dict[str, str], aws: Any
) -> None:
    address = "bounce@simulator.amazonses.com"
    sign_up(api, address)
    assert len(to(outbox, address)) == 1, "SES's simulator takes it, then reports the bounce"
    leader = token_for("area_leader", api, pool)
    (person,) = participants(api, leader)
    assert person["mail_problem"].startswith("E-posten kommer ikke fram: adressen tar ikke imot e-post.")
    assert person["can_send_again"] is False, "the address does not work: the leader phones"
    path = f"/api/leder/kurs/{COURSE}/pameldinger/{person['id']}/epost"
    assert leader_call(api, "POST", path, leader, body={}).status == 409
    stops = [i for i in aws.scan(TableName="LindraTable")["Items"] if i["SK"]["S"] == "SUPPRESSED"]
    assert len(stops) == 1 and address not in json.dumps(stops), "the stop is kept by the address's hash"
    # the person uses the address in a form again: the stop is lifted, and the new receipt goes
    other = course("fagdag-test", capacity=20, now=datetime.now(UTC))
    DynamoCourseRepository(aws, "LindraTable").put_course(other)
    headers = {"Content-Type": FORM, "Accept": "text/html"}
    fields = {
        "name": "Kari Nordmann",
        "email": address,
        "phone": "91234567",
        "workplace": "Lørenskog sykehjem",
        "municipality": "Lørenskog",
        "role": "ressurssykepleier",
        "leader_name": "Lise Leder",
        "leader_email": "lise.leder@example.no",
        "consent": "ja",
    }
    assert (
        api.handle("POST", "/api/kurs/fagdag-test/pameldinger", "", headers, urlencode(guarded(fields)).encode()).status
        == 303
    )
    assert len(to(outbox, address)) == 2


def test_a_complaint_is_not_sent_again_and_another_area_leader_cannot_send_it(
    api: Gateway, open_course: str, outbox: Any, pool: dict[str, str]
) -> None:
    sign_up(api, "complaint@simulator.amazonses.com")
    outbox()
    (person,) = participants(api, token_for("area_leader", api, pool))
    assert person["mail_problem"].endswith("har meldt den som søppelpost.") and person["can_send_again"] is False
    path = f"/api/leder/kurs/{COURSE}/pameldinger/{person['id']}/epost"
    assert leader_call(api, "POST", path, token_for("area_leader", api, pool), body={}).status == 409
    assert leader_call(api, "POST", path, token_for("other_area_leader", api, pool), body={}).status == 403


def test_an_email_ses_keeps_failing_is_in_the_dead_letter_queue_and_a_leader_sends_it_again(
    api: Gateway, open_course: str, outbox: Any, pool: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ClientError

    from mailing.live import postman

    sign_up(api, "kari@example.no")
    worker = postman()
    real_send = worker.sender.send

    def refuse(message: Any, email_id: str) -> str:
        # a refusal that waiting cannot cure (SES too busy would put it back in the queue: mailing/service.py)
        raise ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail")

    monkeypatch.setattr(worker.sender, "send", refuse)
    monkeypatch.setattr(worker, "sleep", lambda seconds: None)
    assert deliver_outbox() == {"failed": 1}
    dead = sorted((Path(os.environ["MAIL_OUTBOX"]) / "dead-letters").glob("*.json"))
    assert len(dead) == 1 and "@" not in dead[0].read_text()
    leader = token_for("area_leader", api, pool)
    (person,) = participants(api, leader)
    assert person["mail_problem"] == "E-posten kommer ikke fram: den kunne ikke sendes."
    monkeypatch.setattr(worker.sender, "send", real_send)
    path = f"/api/leder/kurs/{COURSE}/pameldinger/{person['id']}/epost"
    assert leader_call(api, "POST", path, leader, body={}).status == 202
    assert len(to(outbox, "kari@example.no")) == 1
    (person,) = participants(api, leader)
    assert person["mail_problem"] is None
    assert leader_call(api, "POST", path, leader, body={}).status == 409, "it arrived: nothing to send again"
    assert LEADERS["area_leader"].area == "nedre-romerike"
