"""Leaders' rules with fakes: who sees which courses and whose registrations, periods, exports and their audit."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.access import Leader
from common.errors import CourseNotFound, Forbidden, InvalidInput
from courses import leader_service as service
from courses.leader_service import Period
from exports.csv_render import COMMA, EXCEL
from tests.support.samples import NOW, course, registration
from tests.unit.fakes import FakeAuditLog, FakeCourseRepository

AREAS = ["nedre-romerike", "folloregionen"]
NAMES = {"nedre-romerike": "Nedre Romerike", "folloregionen": "Folloregionen", "alle": "Hele nettverket"}
PERIOD = Period(date(2026, 11, 1), date(2027, 6, 30))


def leader(role: str, area: str | None = None, unit: str | None = None) -> Leader:
    claims: dict[str, Any] = {"sub": "s", "jti": "j", "exp": 2_000_000_000, "email": f"{role}@example.no"}
    claims["cognito:groups"] = [role] if role != "sykepleier" else []
    if area:
        claims["custom:area"] = area
    if unit:
        claims["custom:unit"] = unit
    return Leader.from_claims(claims)


@pytest.fixture
def repo() -> FakeCourseRepository:
    nr = course("mote-nr", area="nedre-romerike", kind="nettverksmote")
    follo = course("mote-follo", area="folloregionen", kind="nettverksmote", days_ahead=20)
    fagdag = course("fagdag", area="alle", kind="fagdag", days_ahead=40)
    later = course("grunnkurs-2028", area="alle", days_ahead=400)
    fake = FakeCourseRepository(nr, follo, fagdag, later)
    fake.add_registrations([registration("mote-nr", "a@example.no", "Åse")])
    fake.add_registrations(
        [registration("mote-follo", "f@example.no", "Frida").model_copy(update={"area": "folloregionen"})]
    )
    fake.add_registrations([registration("fagdag", "n@example.no", "Nora")])
    fake.add_registrations([registration("fagdag", "g@example.no", "Gro").model_copy(update={"area": "folloregionen"})])
    return fake


def test_a_pool_user_in_no_leader_group_or_without_their_area_is_not_a_leader() -> None:
    with pytest.raises(Forbidden):
        leader("sykepleier")
    with pytest.raises(Forbidden):
        leader("omradeleder")  # no custom:area
    with pytest.raises(Forbidden):
        leader("vertsenhet")  # no custom:unit
    assert leader("omradeleder", area="folloregionen").area == "folloregionen"


def test_the_strongest_group_decides_the_role() -> None:
    claims = {"sub": "s", "jti": "j", "exp": 1, "cognito:groups": ["omradeleder", "nettverksleder"], "custom:area": "x"}
    both = Leader.from_claims(claims)
    assert (both.role, both.area) == ("nettverksleder", None)


def test_the_network_leader_sees_every_course_in_the_period_soonest_first(repo: FakeCourseRepository) -> None:
    found = service.courses(leader("nettverksleder"), repo, AREAS, PERIOD)
    # grunnkurs-2028 starts after the period
    assert [o.course.id for o in found] == ["mote-follo", "mote-nr", "fagdag"]
    assert [o.counts.confirmed for o in found] == [1, 1, 2]


def test_an_area_leader_sees_their_area_and_the_network_wide_courses(repo: FakeCourseRepository) -> None:
    found = service.courses(leader("omradeleder", area="nedre-romerike"), repo, AREAS, PERIOD)
    assert {o.course.id for o in found} == {"mote-nr", "fagdag"}


def test_an_area_leader_gets_every_participant_of_their_course_but_only_their_people_of_a_shared_one(
    repo: FakeCourseRepository,
) -> None:
    nr = leader("omradeleder", area="nedre-romerike")
    _, own = service.participants(nr, "mote-nr", repo)
    assert [r.name for r in own] == ["Åse"]
    _, shared = service.participants(nr, "fagdag", repo)
    assert [r.name for r in shared] == ["Nora"]
    with pytest.raises(Forbidden):
        service.participants(nr, "mote-follo", repo)
    with pytest.raises(CourseNotFound):
        service.participants(nr, "finnes-ikke", repo)


def test_a_host_unit_sees_no_courses(repo: FakeCourseRepository) -> None:
    host = leader("vertsenhet", unit="palliativ-enhet")
    with pytest.raises(Forbidden):
        service.courses(host, repo, AREAS, PERIOD)
    with pytest.raises(Forbidden):
        service.participants(host, "fagdag", repo)
    with pytest.raises(Forbidden):
        service.export_course(host, "fagdag", EXCEL, repo, FakeAuditLog(), NAMES, NOW)


def test_a_course_export_holds_the_leaders_rows_and_is_audited(repo: FakeCourseRepository) -> None:
    audit = FakeAuditLog()
    nr = leader("omradeleder", area="nedre-romerike")
    export = service.export_course(nr, "fagdag", COMMA, repo, audit, NAMES, NOW)
    rows = list(csv.reader(io.StringIO(export.file.data.decode(), newline="")))
    assert [row[2] for row in rows[1:]] == ["Nora"]
    assert export.filename == "pameldinger-fagdag-2026-11-23.csv"
    (entry,) = audit.entries
    assert (entry.actor, entry.action, entry.subject, entry.rows) == ("omradeleder@example.no", "export", "fagdag", 1)


def test_a_period_export_reads_every_course_in_scope_course_by_course(repo: FakeCourseRepository) -> None:
    audit = FakeAuditLog()
    export = service.export_period(leader("nettverksleder"), PERIOD, EXCEL, repo, audit, AREAS, NAMES, NOW)
    rows = list(csv.reader(io.StringIO(export.file.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:2] == ["Kurs", "Kursdato"]
    assert sorted(row[4] for row in rows[1:]) == ["Frida", "Gro", "Nora", "Åse"]
    assert export.filename == "pameldinger-2026-11-01-til-2027-06-30-2026-11-23.csv"
    assert (audit.entries[0].subject, audit.entries[0].rows) == ("2026-11-01–2027-06-30", 4)


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2027-02-30", None, "fra"),
        ("i går", None, "fra"),
        ("2027-03-01", "2027-02-01", "til"),
        ("2020-01-01", "2027-01-01", "til"),
    ],
)
def test_a_bad_period_is_a_message_at_its_field(first: str, last: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Period.parse(first, last, date(2026, 11, 23))
    assert set(refused.value.field_errors) == {field}


def test_the_default_period_is_three_months_back_and_a_year_ahead_in_oslo_days() -> None:
    period = Period.parse(None, "", date(2026, 11, 23))
    assert (period.first, period.last) == (date(2026, 8, 25), date(2027, 11, 23))
    assert period.start.utcoffset() is not None and period.start.astimezone(UTC) == datetime(
        2026, 8, 24, 22, 0, tzinfo=UTC
    )
