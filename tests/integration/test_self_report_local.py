"""The yearly self-report on the real local stack (DynamoDB Local, the mail worker on the stream, the local server):
the network leader opens the round over HTTP and every resource nurse on the roster and every unit leader of theirs
gets exactly one email with one link (recounted from the raw items, with no code of the functions); a run at the same
time as another asks nobody twice; the answers by form and JSON are counted in the annual report's CSV; the reminder
goes once, a week before the close, to those who have not answered."""

from __future__ import annotations

import csv
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from email.utils import getaddresses
from typing import Any

from common.formatting import OSLO
from tests.integration.test_roster_local import approve, report, unique
from tests.support.guard import guarded
from tests.support.hospitation import emails_to, http, leader_call, outbox, post_form, read_email, sign_in, text_of
from tests.support.mail import settled_outbox
from tests.support.stack import TABLE, Site

NETWORK_LEADER = "nettverksleder@example.no"
UNIT = "asnes-helsehus"
AREA, AREA_NAME = "kongsvingerregionen", "Kongsvingerregionen"
SUBJECT = "Årlig egenrapport"
LINK = re.compile(r"https?://[^/\s]+(/api/egenrapport/[A-Za-z0-9_-]+)")


def scan(client: Any) -> list[dict[str, Any]]:
    pages = client.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True)
    return [item for page in pages for item in page["Items"]]


def text(item: dict[str, Any], name: str) -> str:
    return str(item.get(name, {}).get("S", ""))


def on_roster_today(items: list[dict[str, Any]], today: date) -> tuple[dict[str, str], set[str]]:
    """From the raw items: the resource nurses in the role today at open units (nurse id -> address), and the
    addresses of those units' leaders."""
    closed = {text(i, "id") for i in items if text(i, "entity") == "unit" and text(i, "closed_on")}
    state = next((i for i in items if (text(i, "PK"), text(i, "SK")) == ("ROSTER", "IMPORT")), {})
    complete = text(state, "import_id") if text(state, "status") == "complete" else None  # a whole import shows
    nurses: dict[str, str] = {}
    units: set[str] = set()
    for item in items:
        if text(item, "entity") != "roster_entry" or not text(item, "email") or text(item, "unit") in closed:
            continue
        start, end = date.fromisoformat(text(item, "start")), text(item, "end")
        if (
            start <= today
            and (not end or today < date.fromisoformat(end))
            and text(item, "import_id") in ("", complete)
        ):
            nurses.setdefault(text(item, "nurse_id"), text(item, "email").lower())
            units.add(text(item, "unit"))
    leaders = {
        text(item, "email").lower()
        for item in items
        if text(item, "SK") == "LEADER" and text(item, "PK").removeprefix("UNIT#") in units and text(item, "email")
    }
    return nurses, leaders


def self_report_links() -> dict[str, list[str]]:
    """Every self-report email's link in the outbox, by recipient, read once (once the mail worker has sent all)."""
    settled_outbox()
    found: dict[str, list[str]] = {}
    for path in sorted(outbox().glob("*.eml")):
        message = read_email(path)
        if str(message["Subject"]).startswith(SUBJECT):
            for _name, address in getaddresses([str(message["To"])]):
                found.setdefault(address.lower(), []).extend(LINK.findall(text_of(message)))
    return found


def links_to(address: str) -> list[str]:
    return self_report_links().get(address.lower(), [])


def report_csv(site: Site, cookie: str, year: int) -> dict[tuple[str, str, str], str]:
    answer = leader_call(site, "GET", f"/api/leder/arsrapport.csv?ar={year}&format=komma", cookie=cookie)
    assert answer.status == 200, answer.text[:300]
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    return {(row[0], row[1], row[2]): row[3] for row in rows[1:]}


def test_the_round_sends_one_link_per_nurse_and_unit_leader_and_the_report_counts_the_answers(
    site: Site, client: Any
) -> None:
    from selfreport.live import self_reports
    from selfreport.schedule import run

    cookie = sign_in(site, NETWORK_LEADER)
    started = (datetime.now(OSLO).date() - timedelta(days=20)).isoformat()
    nurses = [unique("egen.a"), unique("egen.b")]
    for number, address in enumerate(nurses):
        reporter = unique("enhetsleder.asnes")  # each report's sender; the last one is the unit's leader
        made = report(site, unit=UNIT, reporter_email=reporter, new_name=f"Egen {number}", new_email=address,
                      effective_date=started)  # fmt: skip
        assert approve(site, cookie, made).status == 200

    now = datetime.now(UTC)
    today = now.astimezone(OSLO).date()
    closes = today + timedelta(days=30)
    opened = leader_call(site, "POST", "/api/leder/egenrapport", {"year": today.year, "closes_on": closes.isoformat()},
                         cookie)  # fmt: skip
    assert opened.status == 201, opened.text
    answer = opened.json()
    expected_nurses, expected_leaders = on_roster_today(scan(client), today)
    assert (answer["nurses_asked"], answer["leaders_asked"]) == (len(expected_nurses), len(expected_leaders))
    assert reporter in expected_leaders and set(nurses) <= set(expected_nurses.values())

    sent_links = self_report_links()
    for address in [*expected_nurses.values(), *expected_leaders]:
        assert len(sent_links.get(address, [])) == 1, address
    assert set(sent_links) == {*expected_nurses.values(), *expected_leaders}, "nobody else"
    everyone = [link for links in sent_links.values() for link in links]
    assert len(set(everyone)) == len(everyone), "a link of her own"

    # Two runs at once, with a nurse added meanwhile (her report's sender now the unit's leader): both are asked
    # once, nobody else again
    late = unique("egen.sen")
    new_leader = reporter.replace("asnes", "asnes.sen")
    made = report(site, unit=UNIT, reporter_email=new_leader, new_name="Egen Sen", new_email=late,
                  effective_date=started)  # fmt: skip
    assert approve(site, cookie, made).status == 200
    found = self_reports().repo.round(today.year)
    assert found is not None
    with ThreadPoolExecutor(max_workers=2) as pool:
        sent = list(pool.map(lambda _: self_reports().send(found, datetime.now(UTC)).total, range(2)))
    assert sorted(sent) == [0, 2]
    sent_links = self_report_links()
    assert len(sent_links[late]) == 1 and len(sent_links[new_leader]) == 1
    assert all(len(sent_links[address]) == 1 for address in [*nurses, reporter])

    # Her answer by the form, her leader's by JSON; a second answer through the same link is refused
    (first,) = links_to(nurses[0])
    fields = {"did": "Undervisning om smertepumpe.", "next_year": "Fagdag.", "planned": "ja"}
    assert post_form(site, first, fields).status == 200
    assert post_form(site, first, fields).status == 409
    (leader_link,) = links_to(reporter)
    body = json.dumps(guarded({"time_given": "ja", "planned": "ja", "comment": "Hun har en dag i måneden."}))
    assert http(site, "POST", leader_link, body.encode(), {"Content-Type": "application/json"}).status == 201

    figures = report_csv(site, cookie, today.year)
    invitations = [i for i in scan(client) if text(i, "entity") == "self_report" and text(i, "area") == AREA]
    asked_here = sum(1 for i in invitations if text(i, "SK").startswith("NURSE#"))
    answered_here = sum(1 for i in invitations if text(i, "SK").startswith("NURSE#") and "answered_at" in i)
    section = next(key[0] for key in figures if key[0].startswith("Årlig egenrapport"))
    assert figures[(section, AREA_NAME, "Ressurssykepleiere spurt")] == str(asked_here)
    assert figures[(section, AREA_NAME, "Ressurssykepleiere som svarte")] == str(answered_here) == "1"
    assert figures[(section, AREA_NAME, "Har hatt samtale med leder om arbeidsplanen")] == "1"
    assert figures[(section, AREA_NAME, "Rollen får tid: ja")] == "1"

    # The reminder on its day: once, to those who have not answered
    reminder_day = datetime.combine(closes - timedelta(days=7), time(7, 15), OSLO)
    done = run(reminder_day)
    all_invitations = [i for i in scan(client) if text(i, "entity") == "self_report" and text(i, "PK").endswith(
        str(today.year))]  # fmt: skip
    assert done.get("self_report_reminders") == sum(1 for i in all_invitations if "answered_at" not in i)
    assert run(reminder_day + timedelta(days=1)).get("self_report_reminders") is None, "once"
    settled_outbox()
    assert len(emails_to(nurses[1], "Påminnelse: Årlig egenrapport")) == 1
    assert emails_to(nurses[0], "Påminnelse") == [] and emails_to(reporter, "Påminnelse") == []
