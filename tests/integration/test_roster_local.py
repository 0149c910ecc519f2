"""The roster on the real local stack, over HTTP as a unit leader's browser and the leaders' page use it: the local
server with the real handlers, DynamoDB Local, moto's Cognito for the leaders' sign-in, and every email read back
from the outbox. The raw items are read from DynamoDB Local to show what was (and was not) written."""

from __future__ import annotations

import base64
import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from common.formatting import OSLO
from roster.models import area_contacts, configured_units
from roster.repository import DynamoRosterRepository
from roster.service import Roster
from tests.support.hospitation import Answer, emails_to, leader_call, post_form, sign_in, text_of, the_email
from tests.support.mail import settled_outbox
from tests.support.roster import clean_file, day_from_today, messy_file, report_fields
from tests.support.stack import TABLE, Site

pytestmark = pytest.mark.usefixtures("site")

NETWORK_LEADER = "nettverksleder@example.no"
GARDERMO_LEADER = "omradeleder.gardermoregionen@example.no"
FOLLO_LEADER = "omradeleder.folloregionen@example.no"
GARDERMO_CONTACT = "torunn.aasland@example.no"  # network.json's leader of Gardermoregionen, told of new reports


def unique(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@example.no"


def report(site: Site, kind: str = "new", **overrides: Any) -> str:
    """Send the change report form as a browser without JavaScript does; the report's id, read from the table."""
    reporter = overrides.pop("reporter_email", unique("enhetsleder"))
    answer = post_form(site, "/api/endringsmeldinger", report_fields(kind, reporter_email=reporter, **overrides))
    assert answer.status == 303 and answer.location == "/navneliste/endring/mottatt/", answer.text[:500]
    receipt = the_email(reporter, "Vi har fått endringsmeldingen")
    assert "Områdelederen eller nettverkslederen" in text_of(receipt)
    return receipt_report(reporter)


def receipt_report(reporter: str) -> str:
    """The report a reporter sent: the newest one with their address (each test reporter sends one)."""
    from common.aws import dynamodb

    pages = (
        dynamodb()
        .get_paginator("scan")
        .paginate(
            TableName=TABLE,
            FilterExpression="reporter_email = :email",
            ExpressionAttributeValues={":email": {"S": reporter}},
            ConsistentRead=True,
        )
    )
    (item,) = [item for page in pages for item in page["Items"]]
    return str(item["id"]["S"])


def detail(site: Site, cookie: str, report_id: str) -> Answer:
    return leader_call(site, "GET", f"/api/leder/endringsmeldinger/{report_id}", cookie=cookie)


def approve(site: Site, cookie: str, report_id: str, entry: str | None = None) -> Answer:
    shown = detail(site, cookie, report_id).json()
    chosen = entry if entry is not None else (shown.get("suggested") or "")
    body = {"version": shown["version"], "entry": chosen}
    return leader_call(site, "POST", f"/api/leder/endringsmeldinger/{report_id}/godkjenning", body, cookie)


def decline(site: Site, cookie: str, report_id: str, reason: str) -> Answer:
    version = detail(site, cookie, report_id).json()["version"]
    body = {"version": version, "reason": reason}
    return leader_call(site, "POST", f"/api/leder/endringsmeldinger/{report_id}/avslag", body, cookie)


def raw_items(client: Any, partition: str) -> list[dict[str, Any]]:
    return client.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": partition}},
        ConsistentRead=True,
    )["Items"]


def test_a_report_is_approved_and_another_declined_with_every_email_sent(site: Site, client: Any) -> None:
    nurse = unique("nora")
    approved = report(
        site, new_name="Nora Ny", new_email=nurse, unit="nannestad-sykehjem", effective_date=day_from_today(-30)
    )
    declined = report(site, "leaving", leaving_name="Ukjent Person", unit="nannestad-sykehjem")
    assert any("Nannestad sykehjem" in str(m["Subject"]) for m in emails_to(GARDERMO_CONTACT, "Ny endringsmelding"))
    cookie = sign_in(site, GARDERMO_LEADER)

    pending = leader_call(site, "GET", "/api/leder/endringsmeldinger", cookie=cookie, body=None)
    listed = {r["id"]: r for r in pending.json()["reports"]}
    assert listed[approved]["status"] == "pending" and listed[approved]["named"] == "Nora Ny"
    assert detail(site, cookie, declined).json()["candidates"] == [], "nobody at the unit to choose yet"

    assert approve(site, cookie, approved).status == 200
    refused = decline(site, cookie, declined, "Vi finner ikke denne personen i navnelisten. Sjekk navnet.")
    assert refused.status == 200 and refused.json()["status"] == "declined"

    roster = leader_call(site, "GET", "/api/leder/navneliste", cookie=cookie).json()
    (unit,) = [u for u in roster["units"] if u["id"] == "nannestad-sykehjem"]
    (entry,) = unit["entries"]
    assert (entry["name"], entry["email"], entry["active"], entry["signed"]) == ("Nora Ny", nurse, True, False)
    assert entry["id"] in [e["id"] for e in roster["unsigned"]], "the function description waits on the list"
    welcome = the_email(nurse, "Velkommen som ressurssykepleier")
    text = text_of(welcome)
    assert f"{site.url}/kurs/" in text and f"{site.url}/dokumenter/funksjonsbeskrivelse/" in text
    decided = emails_to(str(detail(site, cookie, declined).json()["reporter_email"]), "Endringsmeldingen for")
    assert "Vi finner ikke denne personen" in text_of(decided[-1])
    audit = leader_call(site, "GET", "/api/leder/revisjon", cookie=sign_in(site, NETWORK_LEADER)).json()["entries"]
    subjects = {(e["action"], e["subject"]) for e in audit}
    assert ("approval", f"endringsmelding {approved}") in subjects
    assert ("decline", f"endringsmelding {declined}") in subjects


def test_a_units_history_stays_whole_through_three_replacements(site: Site, client: Any) -> None:
    unit = "hurdal-omsorgssenter"
    network, area = sign_in(site, NETWORK_LEADER), sign_in(site, GARDERMO_LEADER)
    people = [("Anne Først", unique("anne")), ("Berit Andre", unique("berit")), ("Cecilie Tredje", unique("cecilie"))]
    people.append(("Dina Fjerde", unique("dina")))
    days = [day_from_today(offset) for offset in (-300, -200, -100, -10)]
    first = report(site, unit=unit, new_name=people[0][0], new_email=people[0][1], effective_date=days[0])
    assert approve(site, network, first).status == 200
    for number in (1, 2, 3):
        (leaving_name, leaving_email), (name, email) = people[number - 1], people[number]
        replacement = report(
            site,
            "replacement",
            unit=unit,
            leaving_name=leaving_name,
            leaving_email=leaving_email,
            new_name=name,
            new_email=email,
            effective_date=days[number],
        )
        assert approve(site, area if number % 2 else network, replacement).status == 200

    history = leader_call(site, "GET", f"/api/leder/navneliste/enheter/{unit}", cookie=area).json()["entries"]
    assert [(e["name"], e["email"]) for e in history] == people
    assert [(e["start"], e["end"]) for e in history] == [
        (days[0], days[1]),
        (days[1], days[2]),
        (days[2], days[3]),
        (days[3], None),
    ]
    assert [e["end_reason_label"] for e in history[:3]] == ["Bytte: én slutter, en ny begynner"] * 3
    items = raw_items(client, f"UNIT#{unit}")
    entries = [i for i in items if i["SK"]["S"].startswith("NURSE#")]
    markers = [i for i in items if i["SK"]["S"].startswith("ACTIVE#")]
    assert len(entries) == 4 and all(int(i["version"]["N"]) <= 2 for i in entries), "each ended once, never rewritten"
    assert [m["SK"]["S"] for m in markers] == [f"ACTIVE#{people[3][1]}"]
    assert all("expires_at" in i for i in items)


def test_two_leaders_approving_at_once_give_one_approval_and_one_409(site: Site, client: Any) -> None:
    network, area = sign_in(site, NETWORK_LEADER), sign_in(site, GARDERMO_LEADER)
    nurse = unique("samtidig")
    first = report(site, unit="gjerdrum-hjemmetjeneste", new_email=nurse)
    second = report(site, unit="gjerdrum-hjemmetjeneste", new_email=nurse)
    bodies = [(first, network), (first, area), (second, network)]
    versions = {rid: detail(site, network, rid).json()["version"] for rid in (first, second)}

    def go(pair: tuple[str, str]) -> int:
        rid, cookie = pair
        body = {"version": versions[rid], "entry": ""}
        path = f"/api/leder/endringsmeldinger/{rid}/godkjenning"
        return leader_call(site, "POST", path, body, cookie).status

    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(pool.map(go, bodies))

    assert sorted(statuses) == [200, 409, 409], "one report approved once; the same nurse not twice at the unit"
    entries = [i for i in raw_items(client, "UNIT#gjerdrum-hjemmetjeneste") if i["SK"]["S"].startswith("NURSE#")]
    assert [i["email"]["S"] for i in entries] == [nurse]


def test_an_area_leader_sees_and_decides_only_in_their_area(site: Site, client: Any) -> None:
    gardermo = report(
        site, unit="eidsvoll-hjemmetjeneste", new_email=unique("gardermo"), effective_date=day_from_today(-30)
    )
    assert approve(site, sign_in(site, NETWORK_LEADER), gardermo).status == 200
    follo = report(site, unit="frogn-sykehjem", new_email=unique("follo"))
    cookie = sign_in(site, FOLLO_LEADER)

    assert detail(site, cookie, gardermo).status == 403
    assert approve(site, cookie, follo).status == 200
    assert (
        leader_call(site, "GET", "/api/leder/navneliste/enheter/eidsvoll-hjemmetjeneste", cookie=cookie).status == 403
    )
    listed = leader_call(site, "GET", "/api/leder/navneliste", cookie=cookie).json()
    assert {u["area_name"] for u in listed["units"]} == {"Folloregionen"}
    assert [row["area"] for row in listed["coverage"]] == ["folloregionen"]
    reports = leader_call(site, "GET", "/api/leder/endringsmeldinger", cookie=cookie).json()["reports"]
    assert {r["area_name"] for r in reports} == {"Folloregionen"}
    exported = leader_call(site, "GET", "/api/leder/navneliste.csv?historikk=ja", cookie=cookie)
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {"Folloregionen"}
    chart = leader_call(site, "GET", "/api/leder/dekning.svg", cookie=cookie)
    assert b"Folloregionen" in chart.body and b"Gardermoregionen" not in chart.body


def upload(site: Site, cookie: str, data: bytes, confirm: bool, name: str = "navneliste.csv") -> Answer:
    body = {"filename": name, "content": base64.b64encode(data).decode(), "confirm": confirm}
    return leader_call(site, "POST", "/api/leder/navneliste/import", body, cookie)


def big_file() -> bytes:
    """The clean list and 117 more nurses, two per unit in Oslo, Follo and Ahus: three transactions' worth."""
    lines = []
    chosen = [u for u in configured_units().values() if u.area in ("oslo", "folloregionen", "ahus")]
    for number in range(117):
        unit = chosen[number % len(chosen)]
        lines.append(f"Person {number};import.{number}@example.no;;{unit.municipality};{unit.name};;01.01.2025;")
    return clean_file() + b"\r\n" + "\r\n".join(lines).encode("utf-8")


class Interrupted(Exception):
    pass


class StopsAfter:
    """A DynamoDB client that fails (like a function stopped by its timeout) after some transactions."""

    def __init__(self, client: Any, transactions: int) -> None:
        self._client = client
        self._left = transactions

    def transact_write_items(self, **arguments: Any) -> Any:
        if self._left == 0:
            raise Interrupted()
        self._left -= 1
        return self._client.transact_write_items(**arguments)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_a_messy_import_is_refused_row_by_row_and_an_interrupted_one_is_finished_never_doubled(
    site: Site, client: Any
) -> None:
    cookie = sign_in(site, NETWORK_LEADER)
    settled_outbox()  # the mail worker done with what earlier tests wrote: it writes on the table too
    before = scan_all(client)

    checked = upload(site, cookie, messy_file(), confirm=False)
    refused = upload(site, cookie, messy_file(), confirm=True)

    assert checked.status == 200 and [p["line"] for p in checked.json()["problems"]] == [9, 10, 11, 12, 13]
    assert all(p["messages"] for p in checked.json()["problems"])
    assert checked.json()["duplicates"] == [{"line": 8, "same_as": 4}] and checked.json()["blank"] == 2
    assert refused.status == 422
    settled_outbox()
    assert scan_all(client) == before, "nothing at all written"

    # The same list, without its bad rows and with more nurses, stops after the first of three transactions
    data = big_file()
    roster = Roster(DynamoRosterRepository(StopsAfter(client, 1), TABLE), configured_units(), 36, area_contacts())
    from common.access import Leader

    network = Leader("nettverksleder@example.no", "Nina", "nettverksleder", None, None, "s", 2_000_000_000)
    today = date.today()
    report = roster.check_import(network, "navneliste.csv", data, [a for a in area_contacts()], today)
    assert report.ready and len(report.rows) == 120
    with pytest.raises(Interrupted):
        roster.run_import(network, report, _NoAudit(), _now())
    written = imported_entries(client)
    assert len(written) == 50, "one transaction of 50 entries got in"
    shown = leader_call(site, "GET", "/api/leder/navneliste", cookie=cookie).json()
    assert not any(e["name"].startswith("Person ") for u in shown["units"] for e in u["entries"])
    assert upload(site, cookie, clean_file(), confirm=True).status == 409, "another file must not start meanwhile"

    finished = upload(site, cookie, data, confirm=True)

    assert finished.status == 201 and finished.json()["imported"] == 120
    imported = imported_entries(client)
    assert len(imported) == 120 and len({i["SK"]["S"] for i in imported}) == 120, "each row once"
    shown = leader_call(site, "GET", "/api/leder/navneliste", cookie=cookie).json()
    names = [e["name"] for u in shown["units"] for e in u["entries"]]
    assert sum(name.startswith("Person ") for name in names) == 117 and "Åse Ødegård" in names
    assert upload(site, cookie, data, confirm=True).status == 409, "once only"


def scan_all(client: Any) -> list[dict[str, Any]]:
    pages = client.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True)
    return [item for page in pages for item in page["Items"]]


def imported_entries(client: Any) -> list[dict[str, Any]]:
    items = scan_all(client)
    return [i for i in items if i.get("entity", {}).get("S") == "roster_entry" and "import_id" in i]


class _NoAudit:
    def record(self, entry: Any) -> None:
        pass


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC).astimezone(OSLO)
