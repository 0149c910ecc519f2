"""Min side's rules: a one-time sign-in link to an address the table knows (the same answer for any address), the
session it opens, what the page shows her, and the changes she may make herself (cancel a seat, correct her phone
and workplace on a coming registration). Repositories and the time come in as arguments (tests/unit/fakes.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from attendance.models import GOAL_KINDS, Attendance
from attendance.service import KEEP_YEARS
from certificates.models import Certificate
from certificates.pdf import HoursStatement, StatementRow
from certificates.service import Certificates
from common.errors import MyPageClosed, NotPresent, NotYours, YearNotKept
from common.formatting import OSLO
from common.outbox import Mailing, OutgoingEmail
from common.tokens import new_token, token_hash
from courses.models import Course, CourseLetter, Registration
from courses.repository import CourseRepository
from courses.service import cancel_registration, utc_now
from hospitation.models import Hospitation
from people.models import (
    COUNTED_HOSPITATIONS,
    HOSPITATION_DAY_HOURS,
    Correction,
    CountedEvent,
    Group,
    MyRegistration,
    Overview,
    SignInForm,
    YearHours,
    weekdays,
)
from people.repository import PeopleRepository

SIGN_IN_PATH = "/api/min-side/inn/"
Clock = Callable[[], datetime]


class MyCourses(CourseRepository, Protocol):
    """What Min side needs of the courses beyond the sign-up's repository."""

    def registration(self, course_id: str, registration_id: str) -> Registration | None: ...

    def letters_for(self, registration: Registration) -> list[CourseLetter]: ...

    def description(self, course_id: str) -> str: ...

    def correct(self, registration: Registration, phone: str, workplace: str) -> Registration | None: ...


def group_of(course: Course, registration: Registration, now: datetime) -> Group:
    if registration.status == "cancelled":
        return "cancelled"
    if course.end <= now:
        return "past"
    return "waiting" if registration.status == "waitlisted" else "coming"


def counted_hospitation(
    request: Hospitation, year: int, today: date, host_unit_names: Mapping[str, str]
) -> CountedEvent | None:
    """A hospitation's days in the year, once they are behind her (4 hours a day, Monday to Friday)."""
    if request.status not in COUNTED_HOSPITATIONS or request.first_day is None or request.last_day is None:
        return None
    if request.last_day >= today or request.last_day.year != year:
        return None
    days = weekdays(request.first_day, request.last_day)
    title = host_unit_names.get(request.host_unit, request.host_unit)
    return CountedEvent(title, request.first_day, request.last_day, days * HOSPITATION_DAY_HOURS, "hospitation", days)


def year_hours(
    marks: list[Attendance],
    courses: Mapping[str, Course],
    hospitations: list[Hospitation],
    year: int,
    today: date,
    host_unit_names: Mapping[str, str] | None = None,
) -> YearHours:
    """Her hours of the year, as the leaders' attendance marks and the hospitations say: each event she was marked
    present at, with the hours the mark gives (local meetings toward the goal), and each hospitation's days."""
    events: list[CountedEvent] = []
    for mark in marks:
        course = courses.get(mark.course_id)
        if course is None or not mark.present or course.start.astimezone(OSLO).year != year:
            continue
        first, last = course.start.astimezone(OSLO).date(), course.end.astimezone(OSLO).date()
        if course.kind in GOAL_KINDS:
            events.append(CountedEvent(course.title, first, last, mark.hours, "local_meeting", course_id=course.id))
        else:
            events.append(CountedEvent(course.title, first, last, mark.hours, "course", course_id=course.id))
    for request in hospitations:
        counted = counted_hospitation(request, year, today, host_unit_names or {})
        if counted is not None:
            events.append(counted)
    return YearHours(year, tuple(sorted(events, key=lambda event: (event.first_day, event.title))))


@dataclass
class MyPage:
    repo: PeopleRepository
    courses: MyCourses
    clock: Clock = utc_now

    # signing in --------------------------------------------------------------------------------------------------

    def ask_link(self, form: SignInForm) -> bool:
        """Whether a link was written and mailed (never told to the person asking): only to an address the table
        holds something about, and not twice within a minute."""
        if not self.repo.known(form.email):
            return False
        from people.emails import sign_in_email  # Jinja2 only when an email is made

        now, token = self.clock(), new_token()
        message = sign_in_email(form.email, f"{SIGN_IN_PATH}{token}", now)
        return self.repo.ask(
            form.email, token_hash(token), now, Mailing.of([OutgoingEmail("person_link", message)], now)
        )

    def open_link(self, token: str) -> str | None:
        """The session's token for a link used the first time in its 15 minutes; None for any other."""
        if not 0 < len(token) <= 64:
            return None
        session = new_token()
        email = self.repo.open(token_hash(token), token_hash(session), self.clock())
        return session if email else None

    def person(self, session: str | None) -> str:
        """The address of the person signed in with this session's token, or MyPageClosed."""
        email = self.repo.session(token_hash(session), self.clock()) if session and len(session) <= 64 else None
        if email is None:
            raise MyPageClosed()
        return email

    def sign_out(self, session: str | None) -> None:
        if session and len(session) <= 64:
            self.repo.end(token_hash(session))

    # what she sees -----------------------------------------------------------------------------------------------

    def overview(
        self,
        email: str,
        unit_names: Mapping[str, str] | None = None,
        host_unit_names: Mapping[str, str] | None = None,
        year: int | None = None,
    ) -> Overview:
        """Everything on her page; the hours of `year` (one of years(): this one by default)."""
        now = self.clock()
        today = now.astimezone(OSLO).date()
        shown_year = year if year in self.years() else today.year
        registrations = self.repo.registrations(email)
        marks = self.repo.marks(email)
        courses = self._courses({r.course_id for r in registrations} | {m.course_id for m in marks})
        marked = {mark.course_id: mark for mark in marks}
        grouped: dict[str, list[MyRegistration]] = {"coming": [], "waiting": [], "past": [], "cancelled": []}
        for registration in sorted(registrations, key=lambda r: r.created_at):
            course = courses.get(registration.course_id)
            if course is None:
                continue
            grouped[group_of(course, registration, now)].append(self._shown(course, registration, marked, now))
        for name in ("coming", "waiting"):
            grouped[name].sort(key=lambda one: one.course.start)
        grouped["past"].sort(key=lambda one: one.course.start, reverse=True)
        hospitations = sorted(self.repo.hospitations(email), key=lambda h: h.created_at, reverse=True)
        hours = year_hours(marks, courses, hospitations, shown_year, today, host_unit_names)
        roster = tuple(sorted(self.repo.roster_entries(email), key=lambda e: e.start, reverse=True))
        names = [r.name for r in registrations] + [e.name for e in roster] + [h.name for h in hospitations]
        return Overview(
            email=email,
            name=names[-1] if names else "",
            registrations={name: tuple(found) for name, found in grouped.items()},
            hours=hours,
            hospitations=tuple(hospitations),
            roster=roster,
            units=dict(unit_names or {}),
            host_units=dict(host_unit_names or {}),
        )

    def _courses(self, ids: set[str]) -> dict[str, Course]:
        found = {course_id: self.courses.get_course(course_id) for course_id in ids}
        return {course_id: course for course_id, course in found.items() if course is not None}

    def _shown(
        self, course: Course, registration: Registration, marked: Mapping[str, Attendance], now: datetime
    ) -> MyRegistration:
        group = group_of(course, registration, now)
        mark = marked.get(course.id)
        return MyRegistration(
            course=course,
            registration=registration,
            group=group,
            place=self.courses.place_in_line(registration) if group == "waiting" else None,
            letters=tuple(self.courses.letters_for(registration)) if group != "cancelled" else (),
            can_cancel=group in ("coming", "waiting") and course.can_cancel(now),
            can_correct=group in ("coming", "waiting"),
            attended=mark.present if mark else None,
            hours=mark.hours if mark and mark.present else 0.0,
        )

    # what she changes herself ------------------------------------------------------------------------------------

    def _hers(self, email: str, course_id: str, registration_id: str) -> tuple[Course, Registration]:
        registration = self.courses.registration(course_id, registration_id)
        course = self.courses.get_course(course_id)
        if registration is None or course is None or registration.email_key != email.strip().lower():
            raise NotYours()
        return course, registration

    def cancel(self, email: str, course_id: str, registration_id: str) -> list[Registration]:
        """Her seat or place in line given up; the first in line gets the seat at once (courses.service)."""
        course, registration = self._hers(email, course_id, registration_id)
        return cancel_registration(course, registration, self.courses, self.clock)

    def correct(self, email: str, course_id: str, registration_id: str, correction: Correction) -> Registration:
        course, registration = self._hers(email, course_id, registration_id)
        if group_of(course, registration, self.clock()) not in ("coming", "waiting"):
            raise NotYours()
        corrected = self.courses.correct(registration, correction.phone, correction.workplace)
        if corrected is None:
            raise NotYours()
        return corrected

    # what she takes with her -------------------------------------------------------------------------------------

    def certificate(
        self, email: str, course_id: str, certificates: Certificates, network: str, signer: str
    ) -> Certificate:
        """Her kursbevis of an event she was marked present at (NotPresent otherwise), kept for its check."""
        course = self.courses.get_course(course_id)
        mark = next((m for m in self.repo.marks(email) if m.course_id == course_id), None)
        if course is None or mark is None:
            raise NotPresent()
        return certificates.issue(course, mark, self.courses.description(course_id), network, signer)

    def years(self) -> tuple[int, ...]:
        """The years an hours statement can be had for: this one and those the marks are kept for."""
        this = self.clock().astimezone(OSLO).year
        return tuple(range(this, this - KEEP_YEARS - 1, -1))

    def statement(
        self, email: str, year: int, network: str, host_unit_names: Mapping[str, str] | None = None
    ) -> HoursStatement:
        """Her hours of a year as a statement to print: every event with its hours, the hospitation days."""
        if year not in self.years():
            raise YearNotKept()
        today = self.clock().astimezone(OSLO).date()
        marks = self.repo.marks(email)
        courses = self._courses({mark.course_id for mark in marks})
        hours = year_hours(marks, courses, self.repo.hospitations(email), year, today, host_unit_names)
        names = [m.name for m in marks] + [e.name for e in self.repo.roster_entries(email)]
        rows = tuple(
            StatementRow(
                event.title,
                event.first_day,
                event.last_day,
                event.hours,
                event.days if event.kind == "hospitation" else 0,
            )
            for event in hours.events
        )
        return HoursStatement(
            name=names[-1] if names else email,
            year=year,
            network=network,
            rows=rows,
            local_meetings=hours.local_meetings,
            goal=hours.goal,
            total=hours.total,
            made_on=today,
        )
