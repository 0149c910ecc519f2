"""Attendance's use cases: the list a leader marks on a phone (the event's registrations, plus the resource nurses of
the area who may come without one, each with any absence they reported), saving the marks, a nurse's absence, and
the hours each nurse has toward the yearly goal. Repositories and the time come in as arguments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from attendance.models import GOAL_KINDS, Absence, AbsenceForm, Attendance, Source, event_hours
from attendance.repository import AttendanceRepository
from common.access import Leader
from common.errors import AbsenceClosed, NotALocalMeeting
from common.formatting import OSLO
from courses.models import Course, Registration
from roster.models import RosterEntry, Unit

KEEP_YEARS = 2  # marks are kept through the year after the event: last year's annual report needs them


@dataclass(frozen=True)
class Person:
    """A row on the attendance list."""

    email_key: str
    email: str
    name: str
    area: str
    workplace: str
    workplace_type: str
    source: Source
    registration_id: str = ""
    nurse_id: str = ""
    present: bool | None = None  # not marked yet
    absence: str = ""  # the reason a nurse gave before the event


@dataclass
class Attendances:
    repo: AttendanceRepository

    def people(
        self,
        leader: Leader,
        course: Course,
        registrations: Iterable[Registration],
        roster: Iterable[RosterEntry],
        units: Mapping[str, Unit],
    ) -> list[Person]:
        """Who may be marked: those with a seat, then the area's resource nurses in the role on the day (a
        network-wide event: the leader's area, or every area for the network leader). Forbidden outside scope."""
        scope = leader.registrations_area(course)  # None: everyone; else the people of one area
        day = course.start.astimezone(OSLO).date()
        on_roster = {entry.email_key: entry for entry in roster if entry.active(day)}
        found: dict[str, Person] = {}
        for registration in registrations:
            if registration.status != "confirmed" or (scope is not None and registration.area != scope):
                continue
            entry = on_roster.get(registration.email_key)
            unit = units.get(entry.unit) if entry else None
            found[registration.email_key] = Person(
                email_key=registration.email_key,
                email=registration.email,
                name=registration.name,
                area=registration.area,
                workplace=registration.workplace,
                workplace_type=registration.answers.get("workplace_type") or (unit.kind if unit else ""),
                source="registration",
                registration_id=registration.id,
                nurse_id=entry.nurse_id if entry else "",
            )
        areas = {scope} if scope is not None else ({course.area} if course.area in _areas(units) else _areas(units))
        for key, entry in on_roster.items():
            if key in found or entry.area not in areas:
                continue
            unit = units.get(entry.unit)
            found[key] = Person(
                email_key=key,
                email=entry.email,
                name=entry.name,
                area=entry.area,
                workplace=unit.name if unit else entry.unit,
                workplace_type=unit.kind if unit else "",
                source="walk_in",
                nurse_id=entry.nurse_id,
            )
        marks = {mark.email_key: mark for mark in self.repo.attendance(course.id)}
        absences = {absence.email_key: absence for absence in self.repo.absences(course.id)}
        people = []
        for key, person in found.items():
            mark, absence = marks.get(key), absences.get(key)
            people.append(
                Person(
                    **{
                        **person.__dict__,
                        "present": mark.present if mark else None,
                        "absence": absence.reason if absence else "",
                    }
                )
            )
        return sorted(people, key=lambda person: (person.source != "registration", person.name.casefold()))

    def mark(
        self, leader: Leader, course: Course, people: Sequence[Person], present: set[str], now: datetime
    ) -> list[Attendance]:
        """Save who came, from the list the leader saw: everyone on it is marked, present or not."""
        expires = int((course.end + relativedelta(years=KEEP_YEARS)).timestamp())
        hours = event_hours(course)
        marks = [
            Attendance(
                course_id=course.id,
                email=person.email,
                name=person.name,
                area=person.area,
                workplace=person.workplace,
                workplace_type=person.workplace_type,
                source=person.source,
                registration_id=person.registration_id,
                nurse_id=person.nurse_id,
                present=person.email_key in present,
                hours=hours if person.email_key in present else 0.0,
                marked_by=leader.username,
                marked_at=now,
                expires_at=expires,
            )
            for person in people
        ]
        self.repo.save(marks)
        return marks

    def report_absence(self, course: Course, form: AbsenceForm, now: datetime) -> Absence:
        """Before a local meeting starts; the newest report from one person replaces an earlier one."""
        if course.kind not in GOAL_KINDS:
            raise NotALocalMeeting()
        if now >= course.start:
            raise AbsenceClosed()
        absence = Absence(
            course_id=course.id,
            email=form.email,
            name=form.name,
            reason=form.reason,
            created_at=now,
            expires_at=int((course.end + relativedelta(years=KEEP_YEARS)).timestamp()),
        )
        self.repo.add_absence(absence)
        return absence


def _areas(units: Mapping[str, Unit]) -> set[str]:
    return {unit.area for unit in units.values()}


def hours_toward_goal(marks: Iterable[Attendance], courses: Mapping[str, Course], year: int) -> dict[str, float]:
    """Hours per person (by email) in the year, at the events that count toward the goal (local meetings)."""
    hours: dict[str, float] = {}
    for mark in marks:
        course = courses.get(mark.course_id)
        if course is None or not mark.present or course.kind not in GOAL_KINDS:
            continue
        if course.start.astimezone(OSLO).year != year:
            continue
        hours[mark.email_key] = hours.get(mark.email_key, 0.0) + mark.hours
    return hours


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class NurseHours:
    """One resource nurse's hours at local meetings in a year, against the goal."""

    entry: RosterEntry  # their latest entry in the year (name, unit, area)
    hours: float
    goal: float

    @property
    def behind(self) -> bool:
        return self.hours < self.goal


def hours_per_nurse(
    entries: Iterable[RosterEntry], marks: Iterable[Attendance], courses: Mapping[str, Course], year: int, goal: float
) -> list[NurseHours]:
    """Every resource nurse in the role at some time in the year, with the hours of the local meetings they came to
    that year. A nurse is one person across the entries a change of contact details makes (their nurse id), and a
    mark counts for them by that id or by any email they had."""
    first, last = year_span(year)
    in_year = [e for e in entries if e.start <= last and (e.end is None or e.end > first)]
    latest: dict[str, RosterEntry] = {}
    emails: dict[str, str] = {}  # email -> nurse id
    for entry in sorted(in_year, key=lambda e: (e.start, e.created_at)):
        latest[entry.nurse_id] = entry
        emails[entry.email_key] = entry.nurse_id
    totals = dict.fromkeys(latest, 0.0)
    for email, hours in hours_toward_goal(marks, courses, year).items():
        nurse = emails.get(email)
        if nurse is not None:
            totals[nurse] += hours
    found = [NurseHours(latest[nurse], hours, goal) for nurse, hours in totals.items()]
    return sorted(found, key=lambda row: (row.entry.area, row.hours, row.entry.name.casefold()))
