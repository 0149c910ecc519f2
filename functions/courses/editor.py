"""The leaders' course editor: make a course or meeting (a draft), change it, publish it, cancel it, delete a draft,
copy one to new dates, make a series of meetings. The rules and the emails (written in the change's transaction:
common/outbox.py); the repository and clock come in as arguments (tests use fakes).

- The network leader makes and changes courses for the whole network and meetings in every area; an area leader
  their own area's (common/access.py: Leader.edits_courses_in).
- A change is made on the version the leader saw (CourseChanged otherwise), and never takes the seats under those
  given; more seats go to the waiting list in order, each with an email.
- Changing the time or place of a published course emails everyone registered, when the leader says so; cancelling
  a course emails everyone registered, and its page says "Avlyst". Only a draft can be deleted.
- Every change is in the audit log, and asks for the site to be built again (in the repository's transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger

from common.access import Leader
from common.audit import AuditEntry, AuditLog
from common.errors import CourseNotChangeable, CourseNotFound, InvalidInput
from common.formatting import OSLO
from common.i18n import gettext
from common.outbox import NO_MAIL, Mailing
from common.tokens import new_token, token_hash
from courses.course_form import course_id_for, read_copy, read_course, read_series
from courses.editing import CAPACITY_UNDER_SEATS, MAIL_PER_CHANGE, CourseIdTaken
from courses.items import Counts
from courses.models import Course, Registration

if TYPE_CHECKING:
    from courses.emails import EmailKind

logger = Logger(child=True)
# Seats given to the line in one transaction when a course is made bigger (three items each, 100 at most).
FILL_BATCH = 30
ID_ATTEMPTS = 20


class EditorRepository(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...

    def counts(self, course_id: str) -> Counts: ...

    def description(self, course_id: str) -> str: ...

    def create_course(self, course: Course, description: str, now: datetime) -> Course: ...

    def change_course(
        self, course: Course, description: str | None, seen_version: int, now: datetime, mailing: Mailing = NO_MAIL
    ) -> Course: ...

    def record_mailing(self, mailing: Mailing) -> None: ...

    def delete_course(self, course_id: str, seen_version: int, now: datetime) -> None: ...

    def fill_seats(
        self, course_id: str, link_hashes: Sequence[str], mailing: Callable[[list[Registration]], Mailing] | None = None
    ) -> list[Registration]: ...

    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]: ...


@dataclass(frozen=True)
class CourseDraft:
    """A course as the editor shows it: the course, its description and its seats."""

    course: Course
    description: str
    counts: Counts


@dataclass(frozen=True)
class Outcome:
    """What a change did besides storing the course: seats given from the line, people emailed."""

    course: Course
    promoted: int = 0
    notified: int = 0


class CourseEditor:
    def __init__(
        self,
        repo: EditorRepository,
        every_area: Sequence[str],
        audit: AuditLog,
        clock: Callable[[], datetime],
    ) -> None:
        self._repo = repo
        self._areas = list(every_area)
        self._audit = audit
        self._clock = clock

    # reading -------------------------------------------------------------------------------------------------

    def draft(self, leader: Leader, course_id: str) -> CourseDraft:
        """A course to edit: Forbidden outside the leader's areas."""
        course = self._course(course_id)
        leader.require_course_editing(course)
        return CourseDraft(course, self._repo.description(course_id), self._repo.counts(course_id))

    def draft_of(self, course: Course) -> CourseDraft:
        """A course just stored, with its description and seats as they are now."""
        return CourseDraft(course, self._repo.description(course.id), self._repo.counts(course.id))

    # making ----------------------------------------------------------------------------------------------------

    def create(self, leader: Leader, fields: dict[str, Any]) -> CourseDraft:
        """A new draft from the form."""
        leader.require_courses()
        now = self._clock()
        course, description = read_course(fields, leader, self._areas, self._today(now))
        stored = self._store_new(course, description, now)
        self._record(leader, "course_created", stored.id, now)
        return CourseDraft(stored, description, Counts())

    def copy(self, leader: Leader, course_id: str, fields: dict[str, Any]) -> CourseDraft:
        """A new draft with the fields and description of another course, on new days (fagdag 2026 -> 2027)."""
        source = self._course(course_id)
        leader.require_course_editing(source)
        now = self._clock()
        days, title, registration_day, cancellation_day = read_copy(fields, source, self._today(now))
        description = self._repo.description(course_id)
        values = source.model_dump(mode="json") | {
            "title": title,
            "days": [day.model_dump(mode="json") for day in days],
            "registration_deadline": registration_day.isoformat(),
            "cancellation_deadline": cancellation_day.isoformat() if cancellation_day else None,
            "status": "draft",
            "version": 0,
        }
        copied = Course.model_validate({k: v for k, v in values.items() if k not in ("start", "end")})
        stored = self._store_new(copied, description, now)
        self._record(leader, "course_created", stored.id, now)
        return CourseDraft(stored, description, Counts())

    def series(self, leader: Leader, fields: dict[str, Any]) -> list[CourseDraft]:
        """A meeting on each of several dates, with the same fields and times: drafts, or published if asked."""
        leader.require_courses()
        now = self._clock()
        meetings = read_series(fields, leader, self._areas, self._today(now))
        status = "published" if fields.get("publish") is True else "draft"
        made = []
        for course, description in meetings:
            stored = self._store_new(course.model_copy(update={"status": status}), description, now)
            self._record(leader, "course_created", stored.id, now)
            made.append(CourseDraft(stored, description, Counts()))
        return made

    def _store_new(self, course: Course, description: str, now: datetime) -> Course:
        for attempt in range(ID_ATTEMPTS):
            candidate = course.model_copy(update={"id": course_id_for(course.title, course.days[0].day, attempt)})
            try:
                return self._repo.create_course(candidate, description, now)
            except CourseIdTaken:
                continue
        raise CourseIdTaken(course.title)

    # changing --------------------------------------------------------------------------------------------------

    def change(self, leader: Leader, course_id: str, fields: dict[str, Any], version: int, notify: bool) -> Outcome:
        """The form over the stored course. Raising the capacity gives seats to the line in order; lowering it under
        the seats given is refused. With notify, a new time or place of a published course is emailed to everyone
        registered."""
        stored = self._course(course_id)
        leader.require_course_editing(stored)
        if stored.status == "cancelled" or stored.end <= self._clock():
            raise CourseNotChangeable()
        now = self._clock()
        course, description = read_course(
            fields, leader, self._areas, self._today(now), course_id, stored.status, stored.days
        )
        counts = self._repo.counts(course_id)
        if course.capacity < counts.confirmed:
            raise InvalidInput(
                field_errors={"capacity": gettext(CAPACITY_UNDER_SEATS) % {"confirmed": counts.confirmed}}
            )
        moved = (course.days, course.place) != (stored.days, stored.place)
        mailing = self._notice(course, "changed", now) if notify and moved and course.published else NO_MAIL
        parts = mailing.chunks(MAIL_PER_CHANGE)
        changed = self._repo.change_course(course, description, version, now, parts[0])
        for part in parts[1:]:
            self._repo.record_mailing(part)
        self._record(leader, "course_changed", course_id, now)
        promoted = self._fill(changed, now) if changed.capacity > stored.capacity else 0
        return Outcome(changed, promoted, len(mailing.emails))

    def publish(self, leader: Leader, course_id: str, version: int) -> Outcome:
        """A draft onto the site, open for sign-up."""
        return self._set_status(leader, course_id, version, "published", "course_published")

    def unpublish(self, leader: Leader, course_id: str, version: int) -> Outcome:
        """A published course back to a draft, while nobody has signed up."""
        counts = self._repo.counts(course_id)
        if counts.confirmed or counts.last_position:
            raise CourseNotChangeable()
        return self._set_status(leader, course_id, version, "draft", "course_changed")

    def cancel(self, leader: Leader, course_id: str, version: int) -> Outcome:
        """Cancelled: the page says "Avlyst", nobody can sign up, and everyone registered is emailed, in the same
        transaction (a very big course's last emails in the next few)."""
        return self._set_status(leader, course_id, version, "cancelled", "course_cancelled", notify=True)

    def delete(self, leader: Leader, course_id: str, version: int) -> None:
        """A draft deleted, with its description."""
        course = self._course(course_id)
        leader.require_course_editing(course)
        now = self._clock()
        self._repo.delete_course(course_id, version, now)
        self._record(leader, "course_deleted", course_id, now)

    def _set_status(
        self, leader: Leader, course_id: str, version: int, status: str, action: str, notify: bool = False
    ) -> Outcome:
        course = self._course(course_id)
        leader.require_course_editing(course)
        now = self._clock()
        allowed = {"published": ("draft",), "draft": ("published",), "cancelled": ("draft", "published")}
        if course.status not in allowed[status] or course.end <= now:
            raise CourseNotChangeable()
        new = course.model_copy(update={"status": status})
        mailing = self._notice(new, "course_cancelled", now) if notify else NO_MAIL
        parts = mailing.chunks(MAIL_PER_CHANGE)
        changed = self._repo.change_course(new, None, version, now, parts[0])
        for part in parts[1:]:
            self._repo.record_mailing(part)
        self._record(leader, action, course_id, now)
        if mailing.emails:
            logger.info(
                "course notice sent", extra={"course_id": course_id, "kind": status, "emails": len(mailing.emails)}
            )
        return Outcome(changed, notified=len(mailing.emails))

    # seats and emails ------------------------------------------------------------------------------------------

    def _fill(self, course: Course, now: datetime) -> int:
        """The free seats to the line, a batch at a time, each promoted person emailed a new link in the batch's
        transaction."""
        from courses.service import registration_mail

        promoted = 0
        while True:
            by_hash = {token_hash(token): token for token in (new_token() for _ in range(FILL_BATCH))}

            def mailing(batch: list[Registration], links: dict[str, str] = by_hash) -> Mailing:
                emails = [registration_mail("promoted", course, one, links[one.token_hash], now) for one in batch]
                return Mailing.of(emails, now)

            batch = self._repo.fill_seats(course.id, list(by_hash), mailing)
            promoted += len(batch)
            if len(batch) < FILL_BATCH:
                return promoted

    def _notice(self, course: Course, kind: EmailKind, now: datetime) -> Mailing:
        """The email to everyone registered (a seat or in line) about a new time or place, or the cancellation."""
        from courses.service import registration_mail

        emails = [
            registration_mail(kind, course, registration, None, now)
            for registration in self._repo.registrations(course.id)
            if registration.status != "cancelled"
        ]
        return Mailing.of(emails, now)

    # helpers -------------------------------------------------------------------------------------------------

    def _course(self, course_id: str) -> Course:
        course = self._repo.get_course(course_id)
        if course is None:
            raise CourseNotFound()
        return course

    @staticmethod
    def _today(now: datetime) -> date:
        return now.astimezone(OSLO).date()

    def _record(self, leader: Leader, action: str, subject: str, now: datetime) -> None:
        self._audit.record(
            AuditEntry.model_validate(
                {"at": now, "actor": leader.username, "actor_sub": leader.sub, "action": action, "subject": subject}
            )
        )
