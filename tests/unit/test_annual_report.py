"""The annual report's figures from hand-made records, each rule on its own: who counts as a resource nurse on the
report's day, new and departed (not a contact change, not the import, not a leaver from next year), signatures
dated after the day, events held by the day with their people in scope, and the documents made from the tables."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from docx import Document

from attendance.models import Attendance
from courses.models import Course
from hospitation.models import Hospitation, WishedPeriod
from reports import documents
from reports.service import AnnualReport, annual_report
from roster.models import RosterEntry, configured_units
from tests.support.samples import NOW
from tests.unit.test_attendance import meeting, nurse, registered

AREAS = {"folloregionen": "Folloregionen", "nedre-romerike": "Nedre Romerike"}
YEAR = 2027
AFTER = date(2028, 3, 1)  # the report is made after the year


def entry(name: str, unit: str, area: str, start: date, **changes: Any) -> RosterEntry:
    return nurse(name, f"{name.lower()}@example.no", unit, area, start).model_copy(update=changes)


def mark(course: Course, email: str, area: str, present: bool = True, kind: str = "langtidshjem") -> Attendance:
    return Attendance(
        course_id=course.id,
        email=email,
        name=email,
        area=area,
        workplace_type=kind,
        source="registration",
        present=present,
        hours=3.0 if present else 0.0,
        marked_by="leder",
        marked_at=NOW,
        expires_at=2_000_000_000,
    )


def request(area: str, status: str, last: date | None) -> Hospitation:
    first = last - timedelta(days=1) if last else date(YEAR, 5, 1)
    return Hospitation(
        id=f"h-{area}-{status}-{last}",
        status=status,  # type: ignore[arg-type]
        name="Nn",
        email="nn@example.no",
        phone="40000000",
        workplace="Sted",
        municipality="Ås",
        area=area,
        leader_name="Leder",
        leader_email="leder@example.no",
        host_unit="x",
        host_area="ahus",
        wishes=(WishedPeriod(first=first, last=last or first),),
        goals="Lære",
        created_at=NOW,
        first_day=first if last else None,
        last_day=last,
        expires_at=2_000_000_000,
    )


def report(**given: Any) -> AnnualReport:
    values: dict[str, Any] = {
        "year": YEAR,
        "today": AFTER,
        "areas": AREAS,
        "units": configured_units(),
        "entries": [],
        "courses": [],
        "registrations": {},
        "marks": {},
        "hospitations": [],
        "whole_network": True,
    }
    return annual_report(**(values | given))


def area(found: AnnualReport, area_id: str) -> Any:
    return next(figures for figures in found.areas if figures.area == area_id)


def test_nurses_on_the_last_day_of_the_year_by_area_and_kind_of_unit() -> None:
    entries = [
        entry("Ada", "as-sykehjem", "folloregionen", date(2026, 5, 1)),
        entry("Bo", "as-sykehjem", "folloregionen", date(2027, 3, 1), start_reason="new"),
        entry("Cai", "lillestrom-helsehus", "nedre-romerike", date(2026, 1, 1), end=date(2027, 12, 31)),
        entry("Dag", "lillestrom-helsehus", "nedre-romerike", date(2028, 1, 2), start_reason="new"),
        entry("Eli", "lillestrom-helsehus", "nedre-romerike", date(2026, 1, 1), end=date(2028, 1, 1)),
    ]
    found = report(entries=entries)
    assert area(found, "folloregionen").nurses_by_kind == {"langtidshjem": 2}
    assert area(found, "nedre-romerike").nurses_by_kind == {"helsehus": 1}, "Eli's last day is 31 December"
    assert found.as_of == date(YEAR, 12, 31) and found.complete


def test_while_the_year_runs_the_figures_are_of_today() -> None:
    entries = [entry("Ada", "as-sykehjem", "folloregionen", date(2027, 9, 1), start_reason="new")]
    found = report(entries=entries, today=date(2027, 8, 1))
    assert found.as_of == date(2027, 8, 1) and not found.complete
    assert area(found, "folloregionen").nurses == 0 and area(found, "folloregionen").new == 0


def test_new_and_departed_count_new_nurses_and_replacements_not_contact_changes_or_the_import() -> None:
    entries = [
        entry("New", "as-sykehjem", "folloregionen", date(2027, 2, 1), start_reason="new"),
        entry("Swap", "as-sykehjem", "folloregionen", date(2027, 4, 1), start_reason="replacement"),
        entry("Renamed", "as-sykehjem", "folloregionen", date(2027, 5, 1), start_reason="contact"),
        entry("Imported", "as-sykehjem", "folloregionen", date(2027, 1, 10), start_reason="import"),
        entry("Left", "as-sykehjem", "folloregionen", date(2026, 1, 1), end=date(2027, 4, 1), end_reason="replacement"),
        entry("Quit", "as-sykehjem", "folloregionen", date(2026, 1, 1), end=date(2027, 6, 1), end_reason="leaving"),
        entry("Old", "as-sykehjem", "folloregionen", date(2026, 1, 1), end=date(2027, 5, 1), end_reason="contact"),
        entry("Later", "as-sykehjem", "folloregionen", date(2026, 1, 1), end=date(2028, 1, 15), end_reason="leaving"),
        entry("Before", "as-sykehjem", "folloregionen", date(2025, 1, 1), end=date(2026, 12, 1), end_reason="leaving"),
    ]
    figures = area(report(entries=entries), "folloregionen")
    assert (figures.new, figures.departed) == (2, 2)


def test_a_function_description_is_signed_when_all_three_dates_are_on_or_before_the_day() -> None:
    signed = {"signed_by_nurse": date(2027, 2, 1), "signed_by_leader": date(2027, 2, 1)}
    entries = [
        entry("All", "as-sykehjem", "folloregionen", date(2026, 1, 1), **signed, signed_by_network=date(2027, 3, 1)),
        entry("Late", "as-sykehjem", "folloregionen", date(2026, 1, 1), **signed, signed_by_network=date(2028, 1, 5)),
        entry("Two", "as-sykehjem", "folloregionen", date(2026, 1, 1), **signed),
    ]
    assert area(report(entries=entries), "folloregionen").signed == 1


def test_events_held_by_the_day_with_registrations_and_who_came() -> None:
    held = meeting("mote-1", start=datetime(2027, 2, 9, 11, 0, tzinfo=UTC))
    unmarked = meeting("mote-2", start=datetime(2027, 11, 9, 11, 0, tzinfo=UTC))
    next_year = meeting("mote-3", start=datetime(2028, 1, 9, 11, 0, tzinfo=UTC))
    fagdag = meeting("fagdag", area="alle", kind="fagdag", start=datetime(2027, 10, 14, 7, 0, tzinfo=UTC))
    registrations = {
        "mote-1": [
            registered("mote-1", "a@x.no", "A", "folloregionen"),
            registered("mote-1", "b@x.no", "B", "folloregionen", status="cancelled"),
        ],
        "fagdag": [
            registered("fagdag", "a@x.no", "A", "folloregionen"),
            registered("fagdag", "c@x.no", "C", "nedre-romerike"),
            registered("fagdag", "d@x.no", "D", "ahus"),
        ],
    }
    marks = {
        "mote-1": [mark(held, "a@x.no", "folloregionen"), mark(held, "w@x.no", "folloregionen", kind="")],
        "fagdag": [
            mark(fagdag, "a@x.no", "folloregionen", kind="hjemmetjeneste"),
            mark(fagdag, "c@x.no", "nedre-romerike", present=False),
            mark(fagdag, "d@x.no", "ahus", kind="sykehus"),
        ],
    }
    given = {"courses": [held, unmarked, next_year, fagdag], "registrations": registrations, "marks": marks}
    whole = report(**given)
    assert [(e.course.id, e.registered, e.came) for e in whole.events] == [
        ("mote-1", 1, 2),
        ("fagdag", 3, 2),
        ("mote-2", 0, None),
    ]
    assert whole.by_workplace_type == {
        "langtidshjem": 1,
        "helsehus": 0,
        "hjemmetjeneste": 1,
        "sykehus": 1,
        "annet": 0,
        "": 1,
    }
    assert area(whole, "folloregionen").meetings == 2
    follo = report(**given, areas={"folloregionen": "Folloregionen"}, whole_network=False)
    assert [(e.course.id, e.registered, e.came) for e in follo.events][1] == ("fagdag", 1, 1)
    assert follo.by_workplace_type["sykehus"] == 0, "Ahus's people at the fagdag are not Follo's"


def test_twelve_hours_counts_a_nurse_once_across_a_change_of_email() -> None:
    meetings = [meeting(f"m{n}", start=datetime(2027, 2 + 2 * n, 9, 11, 0, tzinfo=UTC)) for n in range(4)]
    before = entry("Ada", "as-sykehjem", "folloregionen", date(2026, 1, 1), end=date(2027, 5, 1), end_reason="contact")
    after = before.model_copy(
        update={"id": "e-new", "email": "ada.ny@example.no", "start": date(2027, 5, 1), "end": None, "end_reason": None}
    )
    other = entry("Bo", "as-sykehjem", "folloregionen", date(2026, 1, 1))
    marks = {
        m.id: [mark(m, before.email if n < 2 else after.email, "folloregionen"), mark(m, other.email, "folloregionen")]
        for n, m in enumerate(meetings[:3])
    } | {meetings[3].id: [mark(meetings[3], after.email, "folloregionen")]}
    figures = area(report(entries=[before, after, other], courses=meetings, marks=marks), "folloregionen")
    assert (figures.in_role, figures.at_goal) == (2, 1)


def test_hospitations_done_in_the_year_by_the_nurses_area() -> None:
    requests = [
        request("folloregionen", "completed", date(2027, 3, 3)),
        request("folloregionen", "evaluating", date(2027, 12, 31)),
        request("folloregionen", "confirmed", date(2027, 6, 1)),
        request("folloregionen", "completed", date(2026, 12, 30)),
        request("folloregionen", "declined_by_host", None),
        request("ahus", "completed", date(2027, 3, 3)),
    ]
    assert area(report(hospitations=requests), "folloregionen").hospitations == 3


def test_the_documents_hold_the_same_tables() -> None:
    entries = [entry("Ada", "as-sykehjem", "folloregionen", date(2026, 5, 1))]
    held = meeting("mote-1", start=datetime(2027, 2, 9, 11, 0, tzinfo=UTC))
    found = report(entries=entries, courses=[held], marks={"mote-1": [mark(held, "ada@example.no", "folloregionen")]})
    tables = documents.tables(found)
    rows = list(
        csv.reader(io.StringIO("\n".join(";".join(map(str, row)) for row in documents.csv_rows(found))), delimiter=";")
    )
    assert rows[0] == ["Tabell", "Rad", "Kolonne", "Verdi"]
    assert ["Ressurssykepleiere per område og type enhet, 31. desember 2027", "Folloregionen", "I alt", "1"] in rows
    assert len(rows) - 1 == sum(len(t.body) * (len(t.columns) - 1) for t in tables)
    word = Document(io.BytesIO(documents.word(found, "Årsrapport 2027", "Skriv her.")))
    assert len(word.tables) == len(tables) == 7
    assert word.tables[0].rows[1].cells[0].text == "Folloregionen"
    text = documents.markdown(found, "Årsrapport 2027", "2028-01-10")
    assert text.startswith("Title: Årsrapport 2027\n") and "Date: 2028-01-10" in text
    assert text.count("<table>") == 7 and '<th scope="row">Folloregionen</th>' in text
