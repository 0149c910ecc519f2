"""What leaders may do: list the courses in their scope, see a course's participants, export registrations.
Every function takes the leader first and asks common/access.py before it reads; repositories come in as arguments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from common.access import Leader
from common.audit import AuditEntry, AuditLog
from common.errors import CourseNotFound, InvalidInput, NothingToSendAgain, RegistrationNotFound
from common.formatting import OSLO
from common.i18n import N_, gettext
from common.outbox import SENDABLE_AGAIN
from courses.export import registration_export
from courses.items import Counts
from courses.models import Course, Registration
from exports.columns import export_filename
from exports.csv_render import CsvFormat, render
from exports.files import Export

# A period export reads every course in the period: two years at most keeps it inside the function's time.
LONGEST_PERIOD = timedelta(days=2 * 366)
PERIOD_BEFORE_TODAY = timedelta(days=90)
PERIOD_AFTER_TODAY = timedelta(days=365)


class LeaderCourseRepository(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...

    def counts(self, course_id: str) -> Counts: ...

    def courses_in_area(self, area: str, start: datetime, end: datetime) -> Iterator[tuple[Course, Counts]]: ...

    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]: ...

    def send_email_again(self, email_id: str, now: datetime) -> str | None: ...


@dataclass(frozen=True)
class CourseOverview:
    course: Course
    counts: Counts


@dataclass(frozen=True)
class Period:
    """Whole days in Oslo, first and last included."""

    first: date
    last: date

    @classmethod
    def around(cls, today: date) -> Period:
        """The default: the last three months and the coming year."""
        return cls(today - PERIOD_BEFORE_TODAY, today + PERIOD_AFTER_TODAY)

    @classmethod
    def parse(cls, first: str | None, last: str | None, today: date) -> Period:
        """From the query's fra/til (YYYY-MM-DD, either may be left out), or InvalidInput with a message per field."""
        default = cls.around(today)
        errors: dict[str, str] = {}
        days: list[date] = []
        for name, text, fallback in (("fra", first, default.first), ("til", last, default.last)):
            try:
                days.append(date.fromisoformat(text) if text else fallback)
            except ValueError:
                errors[name] = gettext(N_("Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-01-31."))
                days.append(fallback)
        if not errors and days[0] > days[1]:
            errors["til"] = gettext(N_("Til-datoen må være samme dag som eller etter fra-datoen."))
        if not errors and days[1] - days[0] > LONGEST_PERIOD:
            errors["til"] = gettext(N_("Velg en periode på høyst to år."))
        if errors:
            raise InvalidInput(field_errors=errors)
        return cls(days[0], days[1])

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, OSLO)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last, time.max, OSLO)


def courses(
    leader: Leader, repo: LeaderCourseRepository, every_area: Sequence[str], period: Period
) -> list[CourseOverview]:
    """The courses in the leader's scope that start in the period, soonest first."""
    found = [
        CourseOverview(course, counts)
        for area in leader.areas(list(every_area))
        for course, counts in repo.courses_in_area(area, period.start, period.end)
    ]
    return sorted(found, key=lambda overview: (overview.course.start, overview.course.id))


def _course(repo: LeaderCourseRepository, course_id: str) -> Course:
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    return course


def participants(
    leader: Leader, course_id: str, repo: LeaderCourseRepository
) -> tuple[CourseOverview, list[Registration]]:
    """A course and the registrations the leader may see, in the order they came."""
    leader.require_courses()
    course = _course(repo, course_id)
    area = leader.registrations_area(course)
    return CourseOverview(course, repo.counts(course_id)), list(repo.registrations(course_id, area))


def send_email_again(
    leader: Leader, course_id: str, registration_id: str, repo: LeaderCourseRepository, audit: AuditLog, now: datetime
) -> str:
    """The newest email to a participant, which did not arrive, sent again (the id of the new one): for a leader who
    sees the person (their area's people only, for an area leader); in the audit log. Only what SES never took
    (after a bounce the address does not work; after a complaint the person has said no to our emails).
    RegistrationNotFound, or NothingToSendAgain."""
    leader.require_courses()
    course = _course(repo, course_id)
    area = leader.registrations_area(course)
    found = next((r for r in repo.registrations(course_id, area) if r.id == registration_id), None)
    if found is None:
        raise RegistrationNotFound()
    if not found.mail_id or found.mail_status not in SENDABLE_AGAIN:
        raise NothingToSendAgain()
    new_id = repo.send_email_again(found.mail_id, now)
    if new_id is None:
        raise NothingToSendAgain()
    audit.record(
        AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action="email_sent_again", subject=course_id)
    )
    return new_id


def export_course(
    leader: Leader,
    course_id: str,
    fmt: CsvFormat,
    repo: LeaderCourseRepository,
    audit: AuditLog,
    area_names: Mapping[str, str],
    now: datetime,
) -> Export:
    """One course's registrations as a CSV file; the export is written to the audit log with its row count."""
    leader.require_courses()
    course = _course(repo, course_id)
    area = leader.registrations_area(course)
    exporter = registration_export({course.id: course}, area_names, with_course=False)
    file = render(exporter.rows(repo.registrations(course.id, area)), fmt)
    audit.record(
        AuditEntry(
            at=now, actor=leader.username, actor_sub=leader.sub, action="export", subject=course.id, rows=file.rows
        )
    )
    return Export(export_filename(f"pameldinger-{course.id}", now.astimezone(OSLO).date()), file, fmt)


def export_period(
    leader: Leader,
    period: Period,
    fmt: CsvFormat,
    repo: LeaderCourseRepository,
    audit: AuditLog,
    every_area: Sequence[str],
    area_names: Mapping[str, str],
    now: datetime,
) -> Export:
    """Every registration the leader may see, of every course in their scope that starts in the period, course by
    course; every page of every query is read, one page at a time."""
    overviews = courses(leader, repo, every_area, period)
    in_period = {overview.course.id: overview.course for overview in overviews}

    def registrations() -> Iterator[Registration]:
        for overview in overviews:
            yield from repo.registrations(overview.course.id, leader.registrations_area(overview.course))

    exporter = registration_export(in_period, area_names, with_course=True)
    file = render(exporter.rows(registrations()), fmt)
    subject = f"{period.first.isoformat()}–{period.last.isoformat()}"
    audit.record(
        AuditEntry(
            at=now, actor=leader.username, actor_sub=leader.sub, action="export", subject=subject, rows=file.rows
        )
    )
    stem = f"pameldinger-{period.first.isoformat()}-til-{period.last.isoformat()}"
    return Export(export_filename(stem, now.astimezone(OSLO).date()), file, fmt)
