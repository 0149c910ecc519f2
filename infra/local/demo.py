"""Demo data for `make run`: a roster with resource nurses in about two units of three, some function descriptions
signed and some not, some nurses listed on the public page, and two change reports waiting for a leader. Made once,
through the roster's own use cases, when the roster is empty; the demo leaders see it at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common.access import Leader
from common.audit import AuditEntry
from common.formatting import OSLO
from common.outbox import NO_MAIL, Mailing
from roster.forms import validate_change_report
from roster.models import ChangeReport, RosterEntry, Signatures, area_contacts, configured_units
from roster.repository import NOTHING_ALONG, Along, DynamoRosterRepository, Ending
from roster.service import Roster

FIRST_NAMES = ("Anne", "Berit", "Camilla", "Dag", "Eli", "Frida", "Guro", "Hanne", "Ingrid", "Jonas", "Kari", "Lise")
LAST_NAMES = ("Aas", "Berg", "Dahl", "Eriksen", "Hagen", "Johansen", "Lie", "Moen", "Nilsen", "Strand")
DEMO_LEADER = Leader("demo@example.no", "Demo", "nettverksleder", None, None, "demo", 2_000_000_000)


class _Quiet:
    """The demo makes no audit entries."""

    def record(self, entry: AuditEntry) -> None:
        pass

    def month(self, year: int, month: int) -> Iterator[AuditEntry]:
        return iter(())


def discard_emails(client: Any, table: str) -> int:
    """The demo sends no emails: what its changes put in the outbox (common/outbox.py) is taken out again, before
    the mail worker starts. How many."""
    pages = client.get_paginator("query").paginate(
        TableName=table,
        IndexName="GSI1",
        KeyConditionExpression="GSI1PK = :queue",
        ExpressionAttributeValues={":queue": {"S": "MAILQUEUE"}},
    )
    keys = [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]
    for first in range(0, len(keys), 25):
        requests = [{"DeleteRequest": {"Key": key}} for key in keys[first : first + 25]]
        while requests:
            answer = client.batch_write_item(RequestItems={table: requests})
            requests = answer.get("UnprocessedItems", {}).get(table, [])
    return len(keys)


class Unmailed(DynamoRosterRepository):
    """The roster in the table, without the emails of its changes: nobody is told about made-up people."""

    def add_report(self, report: ChangeReport, mailing: Mailing = NO_MAIL) -> None:
        super().add_report(report)

    def decide(
        self,
        report: ChangeReport,
        endings: Sequence[Ending] = (),
        starts: Sequence[RosterEntry] = (),
        mailing: Mailing = NO_MAIL,
        along: Along = NOTHING_ALONG,
    ) -> None:
        super().decide(report, endings, starts, along=along)


def seed_roster(client: Any, table: str, now: datetime | None = None) -> int:
    """Fill an empty roster; the number of resource nurses put on it (0 if it had any)."""
    moment = now or datetime.now(UTC)
    today = moment.astimezone(OSLO).date()
    roster = Roster(Unmailed(client, table), configured_units(), 36, area_contacts())
    areas = list(area_contacts())
    if roster.in_areas(areas) or any(True for area in areas for _ in roster.repo.reports_in_area(area)):
        return 0
    made = 0
    covered: list[tuple[str, str]] = []  # (unit, nurse's name)
    for number, unit in enumerate(sorted(configured_units().values(), key=lambda u: u.id)):
        if number % 3 == 2:
            continue  # a unit without a resource nurse
        name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number % len(LAST_NAMES)]}"
        email = f"{name.lower().replace(' ', '.')}.{number}@example.no"
        started = today - timedelta(days=30 + 9 * number)  # within the form's year back
        fields = {
            "reporter_name": "Demo Enhetsleder",
            "reporter_email": "enhetsleder@example.no",
            "unit": unit.id,
            "kind": "new",
            "effective_date": started.isoformat(),
            "new_name": name,
            "new_email": email,
            "new_education": ("kreftsykepleier", "palliasjon", "ingen")[(number // 3) % 3],
            "new_listed": "ja" if number % 2 == 0 else "",
            "informed": "ja",
        }
        report = roster.submit(validate_change_report(fields, configured_units(), today), moment)
        decided = roster.approve(DEMO_LEADER, report.id, report.version, "", _Quiet(), moment)
        made += 1
        covered.append((unit.id, name))
        if number % 4 == 0:
            signed = started + timedelta(days=14)
            day: date = min(signed, today)
            dates = Signatures(nurse=day, leader=day, network=day)
            entry = roster.repo.entry(unit.id, decided.started_entries[0])
            assert entry is not None  # noqa: S101 - just made
            roster.sign(DEMO_LEADER, unit.id, entry.id, entry.version, dates, _Quiet(), moment)
    waiting = [
        {"unit": "lorenskog-hjemmetjeneste", "kind": "new", "new_name": "Nina Nyansatt", "new_education": "ingen"},
        {"unit": covered[0][0], "kind": "leaving", "leaving_name": covered[0][1]},
    ]
    for extra in waiting:
        fields = {
            "reporter_name": "Demo Enhetsleder",
            "reporter_email": "enhetsleder@example.no",
            "effective_date": (today + timedelta(days=14)).isoformat(),
            "informed": "ja",
            "new_email": "nina.nyansatt@example.no",
        } | extra
        roster.submit(validate_change_report(fields, configured_units(), today), moment)
    return made
