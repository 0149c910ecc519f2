"""Min side on fakes: a sign-in link only to an address the table knows (and never twice a minute), used once within
its 15 minutes, a session of an hour; her registrations by kind, her hours of the year (local meetings toward the 12,
courses, hospitation days at 4 hours), and the changes she makes herself: cancelling (the first in line gets the seat)
and correcting her phone and workplace, never on another person's registration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from attendance.models import Attendance
from common.errors import CancellationClosed, MyPageClosed, NotYours
from courses.models import Course, Registration
from hospitation.models import Hospitation, WishedPeriod
from people.forms import validate_correction, validate_sign_in
from people.models import weekdays
from people.service import SIGN_IN_PATH, MyPage
from tests.support.samples import NOW, course, registration
from tests.unit.fakes import FakeCourseRepository, FakePeopleRepository
from tests.unit.test_hospitation_service import text, token_in

KARI = "kari.nordmann@example.no"


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    clock: Clock = field(default_factory=Clock)
    courses: FakeCourseRepository = field(default_factory=FakeCourseRepository)
    people: FakePeopleRepository = field(init=False)
    page: MyPage = field(init=False)

    def __post_init__(self) -> None:
        self.people = FakePeopleRepository(self.courses)
        self.page = MyPage(self.people, self.courses, self.clock)

    def add(self, one: Course) -> Course:
        self.courses.courses[one.id] = one
        return one

    def sign_up(self, one: Course, email: str = KARI, **changes: Any) -> Registration:
        stored = registration(one.id, email, "Kari Nordmann").model_copy(update=changes)
        self.courses.stored.append(stored)
        return stored

    def mark(self, one: Course, hours: float, present: bool = True, email: str = KARI) -> None:
        values = {"course_id": one.id, "email": email, "name": "Kari Nordmann", "area": "nedre-romerike"}
        values |= {"source": "registration", "present": present, "hours": hours, "marked_by": "leder@example.no"}
        self.people.attendance.append(Attendance.model_validate(values | {"marked_at": NOW, "expires_at": 2**31}))

    def link(self, email: str = KARI) -> str:
        assert self.page.ask_link(validate_sign_in({"email": email}))
        return token_in(self.courses.mailer.sent[-1], SIGN_IN_PATH)


def hospitation(first: date, last: date, status: str = "completed") -> Hospitation:
    values: dict[str, Any] = {
        "id": f"h-{first}",
        "status": status,
        "name": "Kari Nordmann",
        "email": KARI,
        "phone": "91234567",
        "workplace": "Fjellhamar sykehjem",
        "municipality": "Lørenskog",
        "area": "nedre-romerike",
        "leader_name": "Lise Leder",
        "leader_email": "lise.leder@example.no",
        "host_unit": "ahus-palliativt-senter",
        "host_area": "ahus",
        "wishes": (WishedPeriod(first=first, last=last),),
        "goals": "Lære om symptomlindring.",
        "created_at": NOW - timedelta(days=60),
        "first_day": first,
        "last_day": last,
        "expires_at": 2**31,
    }
    return Hospitation.model_validate(values)


def test_a_link_goes_only_to_a_known_address_once_a_minute_and_opens_min_side_once() -> None:
    world = World()
    world.sign_up(world.add(course()))

    assert world.page.ask_link(validate_sign_in({"email": "ukjent@example.no"})) is False
    assert world.courses.mailer.sent == [], "an address the table does not know gets nothing"
    token = world.link("Kari.Nordmann@Example.no")
    message = world.courses.mailer.sent[-1]
    assert message["To"] == "Kari.Nordmann@example.no" and "15 minutter" in text(message)
    assert world.page.ask_link(validate_sign_in({"email": KARI})) is False, "not twice within the minute"
    assert len(world.courses.mailer.sent) == 1

    session = world.page.open_link(token)

    assert session is not None and world.page.person(session) == "Kari.Nordmann@example.no"
    assert world.page.open_link(token) is None, "a link works once"
    world.clock.later(minutes=61)
    with pytest.raises(MyPageClosed):
        world.page.person(session)
    with pytest.raises(MyPageClosed):
        world.page.person(None)


def test_a_link_older_than_15_minutes_opens_nothing_and_signing_out_ends_the_session() -> None:
    world = World()
    world.sign_up(world.add(course()))
    old = world.link()
    world.clock.later(minutes=15)
    assert world.page.open_link(old) is None
    world.clock.later(minutes=1)
    session = world.page.open_link(world.link())
    assert session is not None

    world.page.sign_out(session)

    with pytest.raises(MyPageClosed):
        world.page.person(session)


def test_her_registrations_are_grouped_with_places_in_line_attendance_and_the_courses_letters() -> None:
    world = World()
    coming = world.add(course("grunnkurs-var", days_ahead=40))
    full = world.add(course("fagdag-host", days_ahead=60, capacity=1))
    past = world.add(course("fagdag-fjor", days_ahead=-30, title="Fagdag i fjor"))
    gone = world.add(course("kurs-avlyst", days_ahead=20))
    world.sign_up(coming)
    world.sign_up(full, "annen@example.no")
    world.sign_up(full, status="waitlisted", position=3)
    world.sign_up(past)
    world.sign_up(gone, status="cancelled")
    world.mark(past, 6.0)

    overview = world.page.overview(KARI)

    shown = {name: [(one.course.id, one.place) for one in found] for name, found in overview.registrations.items()}
    assert shown == {
        "coming": [("grunnkurs-var", None)],
        "waiting": [("fagdag-host", 1)],
        "past": [("fagdag-fjor", None)],
        "cancelled": [("kurs-avlyst", None)],
    }
    (attended,) = overview.registrations["past"]
    assert (attended.attended, attended.hours, attended.can_cancel, attended.can_correct) == (True, 6.0, False, False)
    (seat,) = overview.registrations["coming"]
    assert seat.can_cancel and seat.can_correct and overview.name == "Kari Nordmann"


def test_the_hours_of_the_year_count_local_meetings_toward_12_and_hospitation_days_at_4_hours() -> None:
    world = World()
    year = NOW.year
    meeting = world.add(course("nettverksmote-mai", kind="nettverksmote", days_ahead=-180, title="Nettverksmøte"))
    other = world.add(course("nettverksmote-juni", kind="nettverksmote", days_ahead=-150))
    missed = world.add(course("nettverksmote-sept", kind="nettverksmote", days_ahead=-60))
    day = world.add(course("fagdag", kind="fagdag", days_ahead=-40, title="Fagdag"))
    world.mark(meeting, 3.0)
    world.mark(other, 3.5)
    world.mark(missed, 3.0, present=False)
    world.mark(day, 6.0)
    week = date(year, 9, 7)  # a Monday: Monday to Wednesday, three days
    world.people.requests += [
        hospitation(week, week + timedelta(days=2)),
        hospitation(date(year, 10, 9), date(year, 10, 12)),  # Friday to Monday: two weekdays
        hospitation(date(year, 12, 20), date(year, 12, 21), status="confirmed"),  # not yet behind her
        hospitation(date(year, 3, 2), date(year, 3, 3), status="declined_by_host"),
    ]

    hours = world.page.overview(KARI).hours

    assert (hours.year, hours.local_meetings, hours.left, hours.courses) == (year, 6.5, 5.5, 6.0)
    assert (hours.hospitation_days, hours.hospitation, hours.total) == (5, 20.0, 32.5)
    assert [e.kind for e in hours.events] == ["local_meeting", "local_meeting", "hospitation", "hospitation", "course"]
    assert weekdays(date(2026, 11, 20), date(2026, 11, 23)) == 2


def test_she_cancels_her_seat_and_the_first_in_line_gets_it_but_never_anothers() -> None:
    world = World()
    one = world.add(course(capacity=1))
    mine = world.sign_up(one)
    waiting = world.sign_up(one, "neste@example.no", status="waitlisted", position=1)
    other = world.sign_up(world.add(course("annet-kurs")), "annen@example.no")

    with pytest.raises(NotYours):
        world.page.cancel(KARI, other.course_id, other.id)
    promoted = world.page.cancel(KARI.upper(), one.id, mine.id)

    assert [r.id for r in promoted] == [waiting.id]
    assert world.courses.registration(one.id, mine.id).status == "cancelled"  # type: ignore[union-attr]
    assert any("neste@example.no" in str(m["To"]) for m in world.courses.mailer.sent), "she is told of her seat"


def test_she_cannot_cancel_after_the_deadline() -> None:
    world = World()
    soon = world.add(course(days_ahead=2, cancellation_deadline=NOW - timedelta(hours=1)))
    mine = world.sign_up(soon)
    assert not world.page.overview(KARI).registrations["coming"][0].can_cancel
    with pytest.raises(CancellationClosed):
        world.page.cancel(KARI, soon.id, mine.id)


def test_she_corrects_her_phone_and_workplace_on_a_coming_registration_only() -> None:
    world = World()
    mine = world.sign_up(world.add(course()))
    past = world.sign_up(world.add(course("fagdag-fjor", days_ahead=-30)))
    correction = validate_correction({"phone": "+47 480 00 000", "workplace": "Lørenskog sykehjem"})

    corrected = world.page.correct(KARI, mine.course_id, mine.id, correction)

    assert (corrected.phone, corrected.workplace) == ("+4748000000", "Lørenskog sykehjem")
    assert world.courses.registration(mine.course_id, mine.id) == corrected
    with pytest.raises(NotYours):
        world.page.correct(KARI, past.course_id, past.id, correction)
    with pytest.raises(NotYours):
        world.page.correct("annen@example.no", mine.course_id, mine.id, correction)


def test_a_bad_correction_gets_a_message_at_each_field() -> None:
    from common.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        validate_correction({"phone": "123", "workplace": "<b>"})
    assert set(refused.value.field_errors) == {"phone", "workplace"}
    with pytest.raises(InvalidInput) as empty:
        validate_sign_in({"email": "ikke-en-adresse"})
    assert set(empty.value.field_errors) == {"email"}


def test_her_certificate_needs_her_mark_and_her_statement_a_year_the_marks_are_kept_for() -> None:
    from certificates.service import Certificates
    from common.errors import NotPresent, YearNotKept
    from tests.unit.test_certificates import FakeCertificateRepository

    world = World()
    came, missed = world.add(course("grunnkurs-var")), world.add(course("fagdag", days_ahead=-40))
    world.sign_up(came)
    world.mark(came, 12.0)
    world.mark(missed, 6.0, present=False)
    issuer = Certificates(FakeCertificateRepository(), "a-secret-of-sixteen", world.clock)
    made = world.page.certificate(KARI, came.id, issuer, "Nettverket", "Marte Lindqvist")
    assert (made.name, made.title, made.hours, made.signer) == ("Kari Nordmann", came.title, 12.0, "Marte Lindqvist")
    for course_id in (missed.id, "ukjent-kurs"):
        with pytest.raises(NotPresent):
            world.page.certificate(KARI, course_id, issuer, "Nettverket", "")
    with pytest.raises(NotPresent):
        world.page.certificate("ola@example.no", came.id, issuer, "Nettverket", ""), "not another person's"
    this = NOW.year
    assert world.page.years() == (this, this - 1, this - 2)
    statement = world.page.statement(KARI, came.start.year, "Nettverket")
    assert statement.name == "Kari Nordmann" and statement.total == 12.0
    with pytest.raises(YearNotKept):
        world.page.statement(KARI, this - 3, "Nettverket")


def test_the_page_shows_the_hours_of_a_year_she_chooses_among_those_kept() -> None:
    world = World()
    last_year = world.add(course("fagdag-i-fjor", days_ahead=-400))
    world.mark(last_year, 6.0)
    this = NOW.year
    chosen = world.page.overview(KARI, year=last_year.start.year)
    assert chosen.hours.year == last_year.start.year and chosen.hours.total == 6.0
    assert world.page.overview(KARI, year=1999).hours.year == this, "a year not kept: this one"
    assert world.page.overview(KARI).hours.year == this
