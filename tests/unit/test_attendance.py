"""Attendance on a fake repository: who is on a leader's list, marks saved for everyone on it, absences shown, the
hours an event counts, and the hours toward the yearly goal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from attendance.models import AbsenceForm, event_hours
from attendance.service import Attendances, hours_toward_goal
from common.errors import Forbidden
from courses.models import Course
from roster.models import RosterEntry, configured_units
from tests.support.samples import NOW, course, registration
from tests.unit.fakes import FakeAttendanceRepository
from tests.unit.test_hospitation_service import leader

NETWORK_LEADER = leader("nettverksleder")
FOLLO_LEADER = leader("omradeleder", area="folloregionen")
ROMERIKE_LEADER = leader("omradeleder", area="nedre-romerike")


def meeting(course_id: str = "nettverksmote-follo", area: str = "folloregionen", **overrides: Any) -> Course:
    """A local meeting, three hours from 12:30 Oslo time unless told otherwise."""
    start: datetime = overrides.pop("start", datetime(2027, 2, 9, 11, 30, tzinfo=UTC))
    values: dict[str, Any] = {
        "kind": "nettverksmote",
        "title": "Nettverksmøte",
        "area": area,
        "start": start,
        "end": start + timedelta(hours=3),
        "registration_deadline": start - timedelta(days=7),
    }
    return course(course_id, **(values | overrides))


def nurse(name: str, email: str, unit: str, area: str, start: date = date(2026, 1, 1)) -> RosterEntry:
    return RosterEntry(
        id=f"e-{email}",
        nurse_id=f"n-{email}",
        unit=unit,
        area=area,
        name=name,
        email=email,
        education="ingen",
        start=start,
        start_reason="import",
        started_by="import",
        created_at=NOW,
        expires_at=2_000_000_000,
    )


ROSTER = [
    nurse("Ada Ås", "ada@as.kommune.no", "as-sykehjem", "folloregionen"),
    nurse("Frode Frogn", "frode@frogn.kommune.no", "frogn-sykehjem", "folloregionen"),
    nurse("Sen Start", "sen@frogn.kommune.no", "frogn-sykehjem", "folloregionen", start=date(2027, 6, 1)),
    nurse("Lise Lillestrøm", "lise@lillestrom.kommune.no", "lillestrom-helsehus", "nedre-romerike"),
]


def registered(course_id: str, email: str, name: str, area: str, status: str = "confirmed") -> object:
    return registration(course_id, email, name).model_copy(update={"area": area, "status": status})


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (datetime(2027, 2, 9, 11, 30, tzinfo=UTC), datetime(2027, 2, 9, 14, 30, tzinfo=UTC), 3.0),
        (datetime(2027, 3, 10, 8, 0, tzinfo=UTC), datetime(2027, 3, 11, 14, 0, tzinfo=UTC), 12.0),
        (datetime(2027, 10, 14, 7, 0, tzinfo=UTC), datetime(2027, 10, 14, 13, 15, tzinfo=UTC), 6.0),
    ],
)
def test_an_event_counts_its_hours_on_each_of_its_days(start: datetime, end: datetime, hours: float) -> None:
    assert event_hours(meeting(start=start, end=end)) == hours


def test_the_list_has_those_with_a_seat_then_the_areas_nurses_with_any_absence_and_mark() -> None:
    repo = FakeAttendanceRepository()
    service = Attendances(repo)
    event = meeting()
    seats = [
        registered(event.id, "ada@as.kommune.no", "Ada Ås", "folloregionen"),
        registered(event.id, "venter@as.kommune.no", "Vera Venter", "folloregionen", status="waitlisted"),
        registered(event.id, "gjest@vestby.kommune.no", "Gunn Gjest", "folloregionen"),
    ]
    service.report_absence(event, AbsenceForm(name="Frode Frogn", email="Frode@frogn.kommune.no", reason="Syk."), NOW)

    people = service.people(FOLLO_LEADER, event, seats, ROSTER, configured_units())  # type: ignore[arg-type]

    assert [(p.name, p.source) for p in people] == [
        ("Ada Ås", "registration"),
        ("Gunn Gjest", "registration"),
        ("Frode Frogn", "walk_in"),
    ], "no one waiting, no one from another area, no one who starts later"
    assert people[0].nurse_id == "n-ada@as.kommune.no" and people[0].workplace_type == "langtidshjem"
    assert people[2].absence == "Syk." and people[2].present is None

    service.mark(FOLLO_LEADER, event, people, {"ada@as.kommune.no", "gjest@vestby.kommune.no"}, NOW)
    again = service.people(FOLLO_LEADER, event, seats, ROSTER, configured_units())  # type: ignore[arg-type]

    assert [(p.name, p.present) for p in again] == [("Ada Ås", True), ("Gunn Gjest", True), ("Frode Frogn", False)]
    assert {m.email_key: m.hours for m in repo.attendance(event.id)} == {
        "ada@as.kommune.no": 3.0,
        "gjest@vestby.kommune.no": 3.0,
        "frode@frogn.kommune.no": 0.0,
    }


def test_another_areas_leader_cannot_open_the_list_and_a_network_wide_event_shows_each_leader_their_own() -> None:
    service = Attendances(FakeAttendanceRepository())
    fagdag = meeting("fagdag-2027", area="alle", kind="fagdag")
    seats = [
        registered(fagdag.id, "ada@as.kommune.no", "Ada Ås", "folloregionen"),
        registered(fagdag.id, "lise@lillestrom.kommune.no", "Lise Lillestrøm", "nedre-romerike"),
    ]

    with pytest.raises(Forbidden):
        service.people(ROMERIKE_LEADER, meeting(), [], ROSTER, configured_units())
    romerike = service.people(ROMERIKE_LEADER, fagdag, seats, ROSTER, configured_units())  # type: ignore[arg-type]
    everyone = service.people(NETWORK_LEADER, fagdag, seats, ROSTER, configured_units())  # type: ignore[arg-type]

    assert [p.name for p in romerike] == ["Lise Lillestrøm"]
    assert [p.name for p in everyone] == ["Ada Ås", "Lise Lillestrøm", "Frode Frogn"]


def test_hours_toward_the_goal_count_local_meetings_of_the_year_where_the_nurse_came() -> None:
    repo = FakeAttendanceRepository()
    service = Attendances(repo)
    february = meeting()
    march_start = datetime(2027, 3, 9, 11, 30, tzinfo=UTC)
    march = meeting("nettverksmote-follo-03", start=march_start, end=march_start + timedelta(hours=4))
    last_year = meeting("nettverksmote-follo-2026", start=datetime(2026, 11, 3, 11, 30, tzinfo=UTC))
    fagdag = meeting("fagdag-2027", area="alle", kind="fagdag")
    for event in (february, march, last_year, fagdag):
        people = service.people(NETWORK_LEADER, event, [], ROSTER, configured_units())
        came = {"ada@as.kommune.no"} | ({"frode@frogn.kommune.no"} if event is march else set())
        service.mark(NETWORK_LEADER, event, people, came, NOW)
    courses = {event.id: event for event in (february, march, last_year, fagdag)}

    hours = hours_toward_goal(repo.marks.values(), courses, 2027)

    assert hours == {"ada@as.kommune.no": 7.0, "frode@frogn.kommune.no": 4.0}


def test_a_nurse_whose_email_changed_is_one_person_with_the_hours_of_both_addresses() -> None:
    from attendance.service import hours_per_nurse

    repo = FakeAttendanceRepository()
    service = Attendances(repo)
    old = nurse("Ada Ås", "ada@as.kommune.no", "as-sykehjem", "folloregionen")
    old = old.model_copy(update={"end": date(2027, 3, 1), "end_reason": "contact"})
    new = old.model_copy(
        update={
            "id": "e-new",
            "email": "ada.aas@as.kommune.no",
            "start": date(2027, 3, 1),
            "end": None,
            "end_reason": None,
        }
    )
    gone = nurse("Gammel Gunn", "gunn@as.kommune.no", "as-sykehjem", "folloregionen").model_copy(
        update={"end": date(2026, 6, 1), "end_reason": "leaving"}
    )
    february = meeting()
    march_start = datetime(2027, 3, 9, 11, 30, tzinfo=UTC)
    march = meeting("nettverksmote-follo-03", start=march_start)
    service.mark(
        NETWORK_LEADER,
        february,
        service.people(NETWORK_LEADER, february, [], [old], configured_units()),
        {old.email_key},
        NOW,
    )
    service.mark(
        NETWORK_LEADER,
        march,
        service.people(NETWORK_LEADER, march, [], [new], configured_units()),
        {new.email_key},
        NOW,
    )

    rows = hours_per_nurse([old, new, gone], repo.marks.values(), {c.id: c for c in (february, march)}, 2027, 12.0)

    assert [(row.entry.email, row.hours, row.behind) for row in rows] == [("ada.aas@as.kommune.no", 6.0, True)]
