"""Attendance's repository on moto's DynamoDB: marks saved in batches and read back whole, one per person, the newest
winning; an absence reported twice kept once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from attendance.models import Absence, Attendance
from attendance.repository import DynamoAttendanceRepository
from tests.handlers.clock import oslo_now, started_today, this_year
from tests.support.guard import guarded

TABLE = "LindraTable"
NOW = datetime(2027, 2, 9, 15, 0, tzinfo=UTC)


def mark(number: int, present: bool = True) -> Attendance:
    return Attendance(
        course_id="nettverksmote-follo",
        email=f"Person.{number}@Example.no",
        name=f"Person {number}",
        area="folloregionen",
        source="walk_in",
        present=present,
        hours=3.0 if present else 0.0,
        marked_by="omradeleder@example.no",
        marked_at=NOW,
        expires_at=2_000_000_000,
    )


def test_sixty_marks_are_saved_in_batches_and_marking_again_replaces_them(aws: Any) -> None:
    repository = DynamoAttendanceRepository(aws, TABLE)

    repository.save([mark(number) for number in range(60)])
    repository.save([mark(7, present=False)])

    found = {m.email_key: m for m in repository.attendance("nettverksmote-follo")}
    assert len(found) == 60
    assert (found["person.7@example.no"].present, found["person.7@example.no"].hours) == (False, 0.0)
    assert found["person.8@example.no"].present is True
    assert repository.attendance("another-course") == []


def test_an_absence_reported_twice_is_kept_once_with_the_newest_reason(aws: Any) -> None:
    repository = DynamoAttendanceRepository(aws, TABLE)
    first = Absence(
        course_id="nettverksmote-follo",
        email="ada@as.kommune.no",
        name="Ada Ås",
        reason="Vakt.",
        created_at=NOW,
        expires_at=2_000_000_000,
    )

    repository.add_absence(first)
    repository.add_absence(first.model_copy(update={"email": "ADA@as.kommune.no", "reason": "Syk."}))

    (kept,) = repository.absences("nettverksmote-follo")
    assert kept.reason == "Syk."
    item = aws.get_item(
        TableName=TABLE, Key={"PK": {"S": "COURSE#nettverksmote-follo"}, "SK": {"S": "ABSENCE#ada@as.kommune.no"}}
    )
    assert item["Item"]["expires_at"]["N"] == "2000000000"


# The leaders' routes --------------------------------------------------------------------------------------------------


def on_roster(aws: Any, name: str, email: str, unit: str = "lillestrom-helsehus") -> None:
    """A resource nurse on the roster since October, approved as a change report is."""
    from datetime import timedelta

    from common.access import Leader
    from common.formatting import OSLO
    from roster.forms import validate_change_report
    from roster.models import area_contacts, configured_units
    from roster.repository import DynamoRosterRepository
    from roster.service import Roster
    from tests.support.roster import report_fields
    from tests.unit.fakes import FakeAuditLog

    now = datetime.now(UTC)
    today = now.astimezone(OSLO).date()
    roster = Roster(DynamoRosterRepository(aws, TABLE), configured_units(), 36, area_contacts())
    fields = report_fields(
        unit=unit, new_name=name, new_email=email, effective_date=(today - timedelta(days=40)).isoformat()
    )
    report = roster.submit(validate_change_report(fields, configured_units(), today), now)
    network = Leader("n@example.no", "N", "nettverksleder", None, None, "s", 2_000_000_000)
    roster.approve(network, report.id, report.version, "", FakeAuditLog(), now)


def local_meeting(aws: Any, course_id: str, days_ahead: float = 0) -> None:
    from datetime import timedelta

    from courses.repository import DynamoCourseRepository
    from tests.support.samples import course, registration

    repository = DynamoCourseRepository(aws, TABLE, cache_seconds=0)
    start = started_today(timedelta(minutes=30)) + timedelta(days=days_ahead)
    meeting = course(
        course_id, now=start, days_ahead=0, kind="nettverksmote", area="nedre-romerike", end=start + timedelta(hours=3)
    )
    repository.put_course(meeting)
    repository.add_registrations([registration(course_id, "kari@lorenskog.kommune.no", "Kari Nordmann")])
    repository.add_registrations([registration(course_id, "ola@lorenskog.kommune.no", "Ola Nordmann")])


def test_an_area_leader_marks_who_came_including_a_nurse_without_a_seat(api: Any, pool: Any, aws: Any) -> None:
    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-i-dag")
    on_roster(aws, "Lise Lillestrøm", "lise@lillestrom.kommune.no")
    token = token_for("area_leader", api, pool)
    path = "/api/leder/kurs/nettverksmote-nr-i-dag/oppmote"

    listed = leader_call(api, "GET", path, token)
    body = json.loads(listed.body)
    assert listed.status == 200 and body["can_mark"] is True and body["course"]["hours"] == 3.0
    assert [(p["name"], p["source"], p["present"]) for p in body["people"]] == [
        ("Kari Nordmann", "registration", None),
        ("Ola Nordmann", "registration", None),
        ("Lise Lillestrøm", "walk_in", None),
    ]
    came = ["kari@lorenskog.kommune.no", "lise@lillestrom.kommune.no"]
    marked = leader_call(api, "POST", path, token, {"present": came})

    assert marked.status == 200 and json.loads(marked.body)["present"] == 2
    stored = DynamoAttendanceRepository(aws, TABLE).attendance("nettverksmote-nr-i-dag")
    assert sorted((m.email_key, m.present, m.hours) for m in stored) == [
        ("kari@lorenskog.kommune.no", True, 3.0),
        ("lise@lillestrom.kommune.no", True, 3.0),
        ("ola@lorenskog.kommune.no", False, 0.0),
    ]
    assert next(m for m in stored if m.email_key.startswith("lise")).nurse_id, "matched to the roster"
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", token_for("network_leader", api, pool)).body)
    assert any(e["action"] == "attendance" and e["rows"] == 2 for e in audit["entries"])


def test_only_the_events_leaders_mark_it_and_not_before_its_day(api: Any, pool: Any, aws: Any) -> None:
    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-i-dag")
    local_meeting(aws, "nettverksmote-nr-snart", days_ahead=3)
    path = "/api/leder/kurs/nettverksmote-nr-i-dag/oppmote"
    area = token_for("area_leader", api, pool)

    statuses = [
        leader_call(api, "GET", path, token_for(who, api, pool)).status
        for who in ("anonymous", "host_unit", "other_area_leader", "area_leader", "network_leader")
    ]
    early = leader_call(api, "POST", "/api/leder/kurs/nettverksmote-nr-snart/oppmote", area, {"present": []})
    unknown = leader_call(api, "POST", path, area, {"present": ["noen.andre@example.no"]})
    junk = leader_call(api, "POST", path, area, {"present": "alle"})
    missing = leader_call(api, "GET", "/api/leder/kurs/finnes-ikke/oppmote", area)

    assert statuses == [401, 403, 403, 200, 200]
    assert (early.status, unknown.status, junk.status, missing.status) == (422, 422, 400, 404)
    assert DynamoAttendanceRepository(aws, TABLE).attendance("nettverksmote-nr-i-dag") == []


# A nurse's absence ----------------------------------------------------------------------------------------------------


def absence(api: Any, course_id: str, fields: dict[str, str], as_json: bool = True) -> Any:
    fields = guarded(fields)  # filled in a minute ago
    from urllib.parse import urlencode

    if as_json:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        return api.handle("POST", f"/api/kurs/{course_id}/fravaer", "", headers, json.dumps(fields).encode())
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
    return api.handle("POST", f"/api/kurs/{course_id}/fravaer", "", headers, urlencode(fields).encode())


ABSENT = {"name": "Kari Nordmann", "email": "kari@lorenskog.kommune.no", "reason": "Jeg har vakt den dagen."}


def test_a_nurse_reports_absence_before_a_local_meeting_and_the_leader_sees_it(api: Any, pool: Any, aws: Any) -> None:
    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-snart", days_ahead=3)

    page = absence(api, "nettverksmote-nr-snart", ABSENT, as_json=False)
    again = absence(api, "nettverksmote-nr-snart", ABSENT | {"reason": "Syk."})

    assert page.status == 201 and "Fraværet er meldt" in page.body.decode()
    assert again.status == 201
    listed = json.loads(
        leader_call(
            api, "GET", "/api/leder/kurs/nettverksmote-nr-snart/oppmote", token_for("area_leader", api, pool)
        ).body
    )
    kari = next(p for p in listed["people"] if p["name"] == "Kari Nordmann")
    assert kari["absence"] == "Syk." and listed["can_mark"] is False


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "<b>syk</b>"}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"email": "kari@lørenskog.no"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_absence_gets_a_message_at_the_field_and_nothing_is_stored(
    api: Any, aws: Any, fields: dict[str, str], field: str
) -> None:
    local_meeting(aws, "nettverksmote-nr-snart", days_ahead=3)

    answer = absence(api, "nettverksmote-nr-snart", ABSENT | fields)

    assert answer.status == 422 and field in json.loads(answer.body)["errors"]
    assert DynamoAttendanceRepository(aws, TABLE).absences("nettverksmote-nr-snart") == []


def test_a_browser_without_javascript_gets_the_meeting_page_again_with_the_message_at_the_field(
    api: Any, aws: Any
) -> None:
    local_meeting(aws, "nettverksmote-nr-snart", days_ahead=3)

    answer = absence(api, "nettverksmote-nr-snart", ABSENT | {"reason": ""}, as_json=False)

    page = answer.body.decode("utf-8")
    assert answer.status == 422 and dict(answer.headers)["Content-Type"].startswith("text/html")
    assert 'id="fravaer-reason-feil"' in page and "Skriv kort hvorfor du ikke kan komme." in page
    assert 'value="Kari Nordmann"' in page and 'aria-invalid="true"' in page, "the form as sent, the field marked"
    assert DynamoAttendanceRepository(aws, TABLE).absences("nettverksmote-nr-snart") == []


def test_absence_is_for_local_meetings_before_they_start(api: Any, aws: Any) -> None:
    from datetime import timedelta

    from courses.repository import DynamoCourseRepository
    from tests.support.samples import course

    local_meeting(aws, "nettverksmote-nr-i-dag")
    DynamoCourseRepository(aws, TABLE).put_course(
        course("grunnkurs-snart", now=datetime.now(UTC) + timedelta(days=3), days_ahead=0)
    )

    started = absence(api, "nettverksmote-nr-i-dag", ABSENT)
    not_a_meeting = absence(api, "grunnkurs-snart", ABSENT)
    unknown = absence(api, "finnes-ikke", ABSENT)

    assert (started.status, not_a_meeting.status, unknown.status) == (409, 409, 404)


# Hours toward the goal ------------------------------------------------------------------------------------------------


def test_hours_per_nurse_this_year_from_the_marks_in_json_and_csv_within_the_area(
    api: Any, pool: Any, aws: Any
) -> None:
    import csv
    import io

    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-i-dag")
    on_roster(aws, "Lise Lillestrøm", "lise@lillestrom.kommune.no")
    on_roster(aws, "Per Borte", "per@lillestrom.kommune.no")
    on_roster(aws, "Frida Follo", "frida@as.kommune.no", unit="as-sykehjem")
    area = token_for("area_leader", api, pool)
    leader_call(
        api, "POST", "/api/leder/kurs/nettverksmote-nr-i-dag/oppmote", area, {"present": ["lise@lillestrom.kommune.no"]}
    )
    year = this_year()

    listed = json.loads(leader_call(api, "GET", "/api/leder/timer", area).body)
    exported = leader_call(api, "GET", "/api/leder/timer.csv", area)
    bad = leader_call(api, "GET", "/api/leder/timer", area, query="ar=20x7")

    assert listed["year"] == year and listed["goal"] == 12.0
    assert [(n["name"], n["hours"], n["behind"]) for n in listed["nurses"]] == [
        ("Per Borte", 0.0, True),
        ("Lise Lillestrøm", 3.0, True),
    ], "only the area's nurses; Frida is in Folloregionen"
    assert listed["areas"] == [
        {"name": "Nedre Romerike", "nurses": 2, "behind": 2, "average": 1.5, "average_text": "1,5"}
    ]
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Område", "Enhet", "Navn", "Timer", "Mål", "Timer som mangler"]
    assert rows[2][2:] == ["Lise Lillestrøm", "3", "12", "9"]
    assert bad.status == 422


def test_the_hours_chart_has_each_area_average_against_the_goal_and_an_area_leader_sees_only_their_area(
    api: Any, pool: Any, aws: Any
) -> None:
    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-i-dag")
    on_roster(aws, "Lise Lillestrøm", "lise@lillestrom.kommune.no")
    on_roster(aws, "Frida Follo", "frida@as.kommune.no", unit="as-sykehjem")
    area = token_for("area_leader", api, pool)
    network = token_for("network_leader", api, pool)
    leader_call(
        api, "POST", "/api/leder/kurs/nettverksmote-nr-i-dag/oppmote", area, {"present": ["lise@lillestrom.kommune.no"]}
    )
    year = this_year()

    own = leader_call(api, "GET", "/api/leder/timer.svg", area)
    everyone = leader_call(api, "GET", "/api/leder/timer.svg", network, query=f"ar={year}")
    chosen = leader_call(api, "GET", "/api/leder/timer.svg", network, query="omrade=folloregionen")
    outside = leader_call(api, "GET", "/api/leder/timer.svg", area, query="omrade=folloregionen")
    anonymous = leader_call(api, "GET", "/api/leder/timer.svg")
    host = leader_call(api, "GET", "/api/leder/timer.svg", token_for("host_unit", api, pool))
    listed = json.loads(leader_call(api, "GET", "/api/leder/timer", network, query="omrade=nedre-romerike").body)

    assert own.status == 200 and dict(own.headers)["Content-Type"].startswith("image/svg+xml")
    svg = own.body.decode()
    assert svg.startswith("<svg") and "<script" not in svg
    assert "Nedre Romerike: 3 timer." in svg and "Folloregionen" not in svg, "the area leader's own area only"
    assert "Mål: 12 timer" in svg and "Under målet" in svg
    assert "Folloregionen: 0 timer." in everyone.body.decode() and "Nedre Romerike" in everyone.body.decode()
    assert "Folloregionen" in chosen.body.decode() and "Nedre Romerike" not in chosen.body.decode()
    assert (outside.status, anonymous.status, host.status) == (422, 401, 403)
    assert listed["chart_url"] == f"/api/leder/timer.svg?ar={year}&omrade=nedre-romerike"
    assert listed["csv_url"] == f"/api/leder/timer.csv?ar={year}&omrade=nedre-romerike"
    assert [c["id"] for c in listed["choices"]][:2] == ["gardermoregionen", "nedre-romerike"]


def test_the_courses_list_links_attendance_and_says_which_courses_have_ended(api: Any, pool: Any, aws: Any) -> None:
    from datetime import timedelta

    from tests.support.leaders_api import leader_call, token_for

    local_meeting(aws, "nettverksmote-nr-i-dag")
    local_meeting(aws, "nettverksmote-nr-snart", days_ahead=3)
    local_meeting(aws, "nettverksmote-nr-forrige-uke", days_ahead=-7)
    today = oslo_now().date()
    span = f"fra={(today - timedelta(days=10)).isoformat()}&til={(today + timedelta(days=10)).isoformat()}"

    area = token_for("area_leader", api, pool)

    listed = json.loads(leader_call(api, "GET", "/api/leder/kurs", area, query=span).body)

    found = {c["id"]: c for c in listed["courses"]}
    assert found["nettverksmote-nr-snart"]["ended"] is False
    assert found["nettverksmote-nr-snart"]["attendance_url"] == "/api/leder/kurs/nettverksmote-nr-snart/oppmote"
    assert found["nettverksmote-nr-i-dag"]["ended"] is False, "it ends in two and a half hours"
    assert found["nettverksmote-nr-forrige-uke"]["ended"] is True
