"""In-memory stand-ins with the same rules the real ones enforce: the DynamoDB repositories' conditions and area
filter, the mailer's delivery, the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from attendance.models import Absence, Attendance
from common.audit import AuditEntry
from common.errors import (
    AlreadyOnRoster,
    AlreadyRegistered,
    ArticleChanged,
    ChangedMeanwhile,
    CompanionAlreadyRegistered,
    CourseChanged,
    CourseNotDraft,
    CourseNotFound,
    DocumentChanged,
    EvaluationAnswered,
    ImportInterrupted,
    InvalidInput,
    LinkUsed,
    RosterChanged,
    RoundChanged,
    SelfReportAnswered,
)
from common.files import Upload, UploadForm
from common.outbox import NO_MAIL, Mailing, OutgoingEmail, must_wait
from common.places import NameTaken, PlaceChanged, PlaceExists, name_key
from courses.editing import CourseIdTaken
from courses.items import Counts
from courses.models import Course, CourseLetter, Registration
from courses.repository import Resubmitted
from documents.models import DocumentRevision, DocumentVersion
from documents.service import SlugTaken
from evaluations.models import Evaluation
from evaluations.repository import Link as EvaluationLink
from hospitation.models import Hospitation
from hospitation.repository import Link, utc_key
from mailing.models import StoredEmail
from news.models import Article, Revision
from news.service import ArticleIdTaken
from roster.models import ChangeReport, RosterEntry, UnitLeaderRecord
from roster.repository import NOTHING_ALONG, Along, Ending, ImportState
from selfreport.models import Invitation
from selfreport.models import Round as SelfReportRound
from selfreport.repository import Link as SelfReportLink
from selfreport.repository import Sending


class FakeMailer:
    """What was sent: a mailer's messages, or the emails a fake repository stored with its changes (as the outbox
    does: common/outbox.py), each delivered at once unless it waits for the submitter's confirmation."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.emails: list[OutgoingEmail] = []
        self.held: list[OutgoingEmail] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    def record(self, mailing: Mailing, render: Callable[[dict[str, Any]], EmailMessage | None] | None = None) -> None:
        """Each email as the worker would send it: a draft made into its message by `render`."""
        for email in mailing.emails:
            if mailing.confirm_hash and must_wait(email):
                self.held.append(email)
                continue
            message = email.message if email.message is not None else render(email.draft or {}) if render else None
            assert message is not None, "a draft needs its renderer"
            self.emails.append(email)
            self.sent.append(message)

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.sent if address in str(message["To"])]


class FakeCourseRepository:
    def __init__(self, *courses: Course, mailer: FakeMailer | None = None) -> None:
        self.mailer = mailer or FakeMailer()
        self.submissions: dict[str, tuple[str, int | None, str]] = {}
        self.courses = {course.id: course for course in courses}
        self.stored: list[Registration] = []
        self.links: dict[str, str] = {}  # token hash -> registration id
        self.last_position: dict[str, int] = {}
        self.letters: dict[str, list[CourseLetter]] = {}  # course id -> the letters its leaders sent

    def get_course(self, course_id: str) -> Course | None:
        return self.courses.get(course_id)

    def _of(self, course_id: str, status: str) -> list[Registration]:
        return [r for r in self.stored if r.course_id == course_id and r.status == status]

    def counts(self, course_id: str) -> Counts:
        return Counts(
            len(self._of(course_id, "confirmed")),
            len(self._of(course_id, "waitlisted")),
            self.last_position.get(course_id, 0),
        )

    def add_registrations(
        self,
        group: Sequence[Registration],
        mailing: Callable[[list[Registration]], Mailing] | None = None,
        submission: tuple[str, str] | None = None,
    ) -> list[Registration]:
        course = self.courses.get(group[0].course_id)
        if course is None:
            raise CourseNotFound()
        if submission and submission[0] in self.submissions:
            raise Resubmitted(*self.submissions[submission[0]])
        taken = [r.email_key for r in self.stored if r.course_id == course.id and r.status != "cancelled"]
        for index, member in enumerate(group):
            if member.email_key in taken:
                raise AlreadyRegistered() if index == 0 else CompanionAlreadyRegistered()
        counts = self.counts(course.id)
        if counts.waiting == 0 and counts.confirmed + len(group) <= course.capacity:
            stored = [member.model_copy(update={"status": "confirmed", "position": None}) for member in group]
        else:
            stored = [
                member.model_copy(update={"status": "waitlisted", "position": counts.last_position + n})
                for n, member in enumerate(group, start=1)
            ]
            self.last_position[course.id] = counts.last_position + len(group)  # positions are never reused
        self.stored += stored
        self.links |= {member.token_hash: member.id for member in stored}
        if submission:
            self.submissions[submission[0]] = (stored[0].status, stored[0].position, submission[1])
        if mailing:
            self._mail(mailing(stored))
        return stored

    def _mail(self, mailing: Mailing) -> None:
        """The emails as the worker makes them: a draft from the course and registration as stored now."""
        from courses.emails import draft_message

        def render(draft: dict[str, Any]) -> EmailMessage | None:
            course = self.courses.get(draft["course_id"])
            found = next((r for r in self.stored if r.id == draft["registration_id"]), None)
            return draft_message(draft, course, found) if course and found else None

        self.mailer.record(mailing, render)

    def cancel(
        self,
        registration: Registration,
        link_hashes: Sequence[str] = (),
        mailing: Callable[[list[Registration]], Mailing] | None = None,
    ) -> list[Registration]:
        index = next(i for i, r in enumerate(self.stored) if r.id == registration.id)
        if self.stored[index].status == "cancelled":
            return []
        self.stored[index] = registration.model_copy(update={"status": "cancelled", "position": None})
        course = self.courses[registration.course_id]
        free = course.capacity - len(self._of(course.id, "confirmed"))
        line = sorted(self._of(course.id, "waitlisted"), key=lambda r: r.position or 0)
        promoted: list[Registration] = []
        while line and len(promoted) < len(link_hashes):
            together = [line[0]] + [r for r in line[1:2] if r.id == line[0].companion_id]
            if len(promoted) + len(together) > min(free, len(link_hashes)):
                break
            promoted += together
            line = line[len(together) :]
        result = []
        for one, link_hash in zip(promoted, link_hashes, strict=False):
            now_confirmed = one.model_copy(update={"status": "confirmed", "position": None, "token_hash": link_hash})
            self.stored[self.stored.index(one)] = now_confirmed
            self.links[link_hash] = one.id
            result.append(now_confirmed)
        if mailing:
            self._mail(mailing(result))
        return result

    def place_in_line(self, registration: Registration) -> int | None:
        if registration.status != "waitlisted" or registration.position is None:
            return None
        same = self._of(registration.course_id, "waitlisted")
        return 1 + sum(1 for r in same if (r.position or 0) < registration.position)

    def registration_by_token(self, token_hash: str) -> Registration | None:
        registration_id = self.links.get(token_hash)
        return next((r for r in self.stored if r.id == registration_id), None)

    def registration(self, course_id: str, registration_id: str) -> Registration | None:
        return next((r for r in self.stored if r.course_id == course_id and r.id == registration_id), None)

    def letters_for(self, registration: Registration) -> list[CourseLetter]:
        letters = self.letters.get(registration.course_id, [])
        return [letter for letter in letters if registration.id in letter.registrations]

    def correct(self, registration: Registration, phone: str, workplace: str) -> Registration | None:
        stored = self.registration(registration.course_id, registration.id)
        if stored is None or stored.status == "cancelled":
            return None
        corrected = stored.model_copy(update={"phone": phone, "workplace": workplace})
        self.stored[self.stored.index(stored)] = corrected
        return corrected

    # what leaders read ---------------------------------------------------------------------------------------------

    def courses_in_area(self, area: str, start: datetime, end: datetime) -> Iterator[tuple[Course, Counts]]:
        found = [c for c in self.courses.values() if c.area == area and start <= c.start <= end]
        for course in sorted(found, key=lambda c: (c.start, c.id)):
            yield course, self.counts(course.id)

    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]:
        for registration in self.stored:
            if registration.course_id == course_id and (area is None or registration.area == area):
                yield registration

    # the course editor's writes (courses/editing.py), each with its publish request --------------------------------

    def description(self, course_id: str) -> str:
        return self.texts.get(course_id, "")

    @property
    def texts(self) -> dict[str, str]:
        return self.__dict__.setdefault("_texts", {})

    @property
    def publish_requests(self) -> list[str]:
        return self.__dict__.setdefault("_requests", [])

    def create_course(self, course: Course, description: str, now: datetime) -> Course:
        if course.id in self.courses:
            raise CourseIdTaken(course.id)
        stored = course.model_copy(update={"version": 1})
        self.courses[course.id] = stored
        self.texts[course.id] = description
        self.publish_requests.append(f"COURSE#{course.id}")
        return stored

    def change_course(
        self, course: Course, description: str | None, seen_version: int, now: datetime, mailing: Mailing = NO_MAIL
    ) -> Course:
        old = self.courses.get(course.id)
        if old is None:
            raise CourseNotFound()
        if old.version != seen_version:
            raise CourseChanged()
        if course.capacity < self.counts(course.id).confirmed:
            raise InvalidInput(field_errors={"capacity": "under the seats given"})
        stored = course.model_copy(update={"version": seen_version + 1})
        self.courses[course.id] = stored
        if description is not None:
            self.texts[course.id] = description
        self.publish_requests.append(f"COURSE#{course.id}")
        self._mail(mailing)
        return stored

    def record_mailing(self, mailing: Mailing) -> None:
        self._mail(mailing)

    def delete_course(self, course_id: str, seen_version: int, now: datetime) -> None:
        old = self.courses.get(course_id)
        if old is None:
            raise CourseNotFound()
        if old.version != seen_version:
            raise CourseChanged()
        if old.status != "draft" or any(r.course_id == course_id for r in self.stored):
            raise CourseNotDraft()
        del self.courses[course_id]
        self.texts.pop(course_id, None)
        self.publish_requests.append(f"COURSE#{course_id}")

    def fill_seats(
        self,
        course_id: str,
        link_hashes: Sequence[str],
        mailing: Callable[[list[Registration]], Mailing] | None = None,
    ) -> list[Registration]:
        course = self.courses[course_id]
        free = course.capacity - len(self._of(course_id, "confirmed"))
        line = sorted(self._of(course_id, "waitlisted"), key=lambda r: r.position or 0)
        promoted: list[Registration] = []
        for one, link_hash in zip(line[: max(0, min(free, len(link_hashes)))], link_hashes, strict=False):
            now_confirmed = one.model_copy(update={"status": "confirmed", "position": None, "token_hash": link_hash})
            self.stored[self.stored.index(one)] = now_confirmed
            self.links[link_hash] = one.id
            promoted.append(now_confirmed)
        if mailing:
            self._mail(mailing(promoted))
        return promoted


class FakeAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)

    def month(self, year: int, month: int) -> Iterator[AuditEntry]:
        found = [e for e in self.entries if (e.at.year, e.at.month) == (year, month)]
        yield from sorted(found, key=lambda e: e.at, reverse=True)


class FakeHospitationRepository:
    """DynamoHospitationRepository's contract in a dict: a new request or link never overwrites one; a change is
    written only over the version it read (ChangedMeanwhile), with its new links and the one-time link it uses
    (LinkUsed if that was used or ran out), all or nothing; due() by Hospitation.due_at, to the second as the index
    holds it. The emails of each change go to `mailer` with it (held ones to `mailer.held`)."""

    def __init__(self, mailer: FakeMailer | None = None) -> None:
        self.mailer = mailer or FakeMailer()
        self.requests: dict[str, Hospitation] = {}
        self.links: dict[str, Link] = {}
        self.writes = 0  # how many changes were stored

    def add(self, request: Hospitation, links: Sequence[Link], mailing: Mailing = NO_MAIL) -> None:
        if request.id in self.requests or any(link.token_hash in self.links for link in links):
            raise ValueError("exists")  # DynamoDB cancels the transaction: nothing is written
        self.requests[request.id] = request
        self.links |= {link.token_hash: link for link in links}
        self.writes += 1
        self.mailer.record(mailing)

    def held(self, email_id: str) -> bool:
        return any(email.id == email_id for email in self.mailer.held)

    def get(self, request_id: str) -> Hospitation | None:
        return self.requests.get(request_id)

    def link(self, token_hash: str) -> Link | None:
        return self.links.get(token_hash)

    def save(
        self,
        request: Hospitation,
        links: Sequence[Link] = (),
        use: Link | None = None,
        now: datetime | None = None,
        mailing: Mailing = NO_MAIL,
    ) -> Hospitation:
        if use is not None:
            used = self.links.get(use.token_hash)
            if used is None or used.used_at is not None or (now is not None and used.expired(now)):
                raise LinkUsed()
        current = self.requests.get(request.id)
        if current is None or current.version != request.version:
            raise ChangedMeanwhile()
        if any(link.token_hash in self.links for link in links):
            raise ValueError("exists")
        stored = request.model_copy(update={"version": request.version + 1})
        self.requests[request.id] = stored
        self.links |= {link.token_hash: link for link in links}
        if use is not None:
            self.links[use.token_hash] = replace(self.links[use.token_hash], used_at=now)
        self.writes += 1
        self.mailer.record(mailing)
        if request.consent_held_id and request.status != "awaiting_consent":
            self._drop_held(request.consent_held_id)
        return stored

    def _drop_held(self, email_id: str) -> None:
        self.mailer.held = [email for email in self.mailer.held if email.id != email_id]

    def _newest_first(self, found: list[Hospitation]) -> Iterator[Hospitation]:
        yield from sorted(found, key=lambda r: (utc_key(r.created_at), r.id), reverse=True)

    def in_area(self, area: str) -> Iterator[Hospitation]:
        return self._newest_first([r for r in self.requests.values() if r.area == area])

    def for_unit(self, unit: str) -> Iterator[Hospitation]:
        return self._newest_first([r for r in self.requests.values() if r.host_unit == unit])

    def due(self, now: datetime) -> Iterator[Hospitation]:
        keys = {r.id: f"{utc_key(r.due_at)}#{r.id}" for r in self.requests.values() if r.due_at is not None}
        for request_id in sorted((i for i, key in keys.items() if key <= f"{utc_key(now)}#~"), key=keys.__getitem__):
            if request_id in self.requests:
                yield self.requests[request_id]

    def erase(self, request: Hospitation) -> None:
        del self.requests[request.id]
        self._drop_held(request.consent_held_id)


class FakeRosterRepository:
    """The roster in memory, with the conditions the DynamoDB one has: a decision is all or nothing, conditioned on
    the versions read, and an address is on a unit's list once while open. The emails of each change go to `mailer`
    with it."""

    def __init__(self, mailer: FakeMailer | None = None) -> None:
        self.mailer = mailer or FakeMailer()
        self.reports: dict[str, ChangeReport] = {}
        self.entries: dict[tuple[str, str], RosterEntry] = {}
        self.markers: dict[tuple[str, str], str] = {}  # (unit, email) -> entry id
        self.state: ImportState | None = None
        self.fail_import_after: int | None = None  # entries written before a simulated crash
        self.leaders: dict[str, UnitLeaderRecord] = {}  # unit -> its leader as last reported
        self.subscriptions: dict[str, tuple[str, str]] = {}  # the newsletter's, by address key: (address, name)
        self.opted_out: set[str] = set()  # address keys that have left the newsletter

    def add_report(self, report: ChangeReport, mailing: Mailing = NO_MAIL) -> None:
        assert report.id not in self.reports
        self.reports[report.id] = report
        self.mailer.record(mailing)

    def report(self, report_id: str) -> ChangeReport | None:
        return self.reports.get(report_id)

    def reports_in_area(self, area: str) -> Iterator[ChangeReport]:
        found = [report for report in self.reports.values() if report.area == area]
        return iter(sorted(found, key=lambda report: report.created_at, reverse=True))

    def decide(
        self,
        report: ChangeReport,
        endings: Sequence[Ending] = (),
        starts: Sequence[RosterEntry] = (),
        mailing: Mailing = NO_MAIL,
        along: Along = NOTHING_ALONG,
    ) -> None:
        stored = self.reports.get(report.id)
        if stored is None or stored.version != report.version - 1:
            raise RosterChanged()
        for ending in endings:
            current = self.entries.get((ending.before.unit, ending.before.id))
            if current is None or current.version != ending.before.version:
                raise RosterChanged()
        markers = dict(self.markers)
        for ending in endings:
            markers.pop((ending.before.unit, ending.before.email_key), None)
        for entry in starts:
            if (entry.unit, entry.email_key) in markers:
                raise AlreadyOnRoster()
            markers[(entry.unit, entry.email_key)] = entry.id
        self.markers = markers
        self.reports[report.id] = report
        for ending in endings:
            self.entries[(ending.after.unit, ending.after.id)] = ending.after
        for entry in starts:
            self.entries[(entry.unit, entry.id)] = entry
        self.mailer.record(mailing)
        self._along(along)

    def _along(self, along: Along) -> None:
        from common.outbox import address_key

        for leader in along.leaders:
            self.leaders[leader.unit_id] = leader
        for email, name in along.subscriptions:
            self.subscriptions[address_key(email)] = (email, name)

    def newsletter_opted_out(self, address_keys: Sequence[str]) -> set[str]:
        return self.opted_out & set(address_keys)

    def unit_leaders(self, unit_ids: Sequence[str]) -> dict[str, UnitLeaderRecord]:
        return {unit: self.leaders[unit] for unit in unit_ids if unit in self.leaders}

    def remove_unit_leader(self, unit_id: str) -> None:
        self.leaders.pop(unit_id, None)

    def entries_for_unit(self, unit: str) -> list[RosterEntry]:
        return sorted((e for (u, _), e in self.entries.items() if u == unit), key=lambda e: e.id)

    def entries_in_area(self, area: str) -> list[RosterEntry]:
        return sorted((e for e in self.entries.values() if e.area == area), key=lambda e: (e.unit, e.id))

    def entry(self, unit: str, entry_id: str) -> RosterEntry | None:
        return self.entries.get((unit, entry_id))

    def save_entry(self, entry: RosterEntry) -> RosterEntry:
        current = self.entries.get((entry.unit, entry.id))
        if current is None or current.version != entry.version:
            raise RosterChanged()
        stored = entry.model_copy(update={"version": entry.version + 1})
        self.entries[(entry.unit, entry.id)] = stored
        return stored

    def import_state(self) -> ImportState | None:
        return self.state

    def import_entries(
        self, import_id: str, entries: Sequence[RosterEntry], now: datetime, along: Along = NOTHING_ALONG
    ) -> None:
        if self.state is not None and (self.state.import_id != import_id or self.state.status != "started"):
            raise ImportInterrupted()
        self.state = ImportState(import_id, "started", len(entries))
        for number, entry in enumerate(entries):
            if self.fail_import_after is not None and number == self.fail_import_after:
                self.fail_import_after = None
                raise ConnectionError("the function stopped here")
            owner = self.markers.get((entry.unit, entry.email_key))
            if owner is not None and owner != entry.id:
                raise AlreadyOnRoster()
            self.entries[(entry.unit, entry.id)] = entry
            self.markers[(entry.unit, entry.email_key)] = entry.id
        self._along(along)
        self.state = ImportState(import_id, "complete", len(entries))


class FakeAttendanceRepository:
    """Marks and absences in memory, one per person and event, the newest winning, as in DynamoDB."""

    def __init__(self) -> None:
        self.marks: dict[tuple[str, str], Attendance] = {}
        self.absent: dict[tuple[str, str], Absence] = {}

    def attendance(self, course_id: str) -> list[Attendance]:
        return [mark for (course, _), mark in self.marks.items() if course == course_id]

    def absences(self, course_id: str) -> list[Absence]:
        return [absence for (course, _), absence in self.absent.items() if course == course_id]

    def save(self, marks: Sequence[Attendance]) -> None:
        for mark in marks:
            self.marks[(mark.course_id, mark.email_key)] = mark

    def add_absence(self, absence: Absence) -> None:
        self.absent[(absence.course_id, absence.email_key)] = absence


class FakeEvaluationRepository:
    """Course evaluations in memory, with DynamoDB's conditions: a person is asked once per course (the marker), a link
    answers once (marked used with its answer, all or nothing), and an answer keeps nothing of the link."""

    def __init__(self, mailer: FakeMailer | None = None) -> None:
        self.mailer = mailer or FakeMailer()
        self.sent: dict[str, set[str]] = {}  # course -> hashed emails
        self.links: dict[str, EvaluationLink] = {}
        self.stored: dict[str, list[Evaluation]] = {}

    def sent_to(self, course_id: str) -> set[str]:
        return set(self.sent.get(course_id, set()))

    def invited(self, course_id: str) -> int:
        return len(self.sent.get(course_id, set()))

    def add_invitation(
        self, course_id: str, person_hash: str, token_hash: str, expires_at: int, mailing: Mailing = NO_MAIL
    ) -> bool:
        if person_hash in self.sent.setdefault(course_id, set()):
            return False
        self.sent[course_id].add(person_hash)
        self.links[token_hash] = EvaluationLink(token_hash, course_id)
        self.mailer.record(mailing)
        return True

    def link(self, token_hash: str) -> EvaluationLink | None:
        return self.links.get(token_hash)

    def add_answer(self, link: EvaluationLink, evaluation: Evaluation) -> None:
        current = self.links.get(link.token_hash)
        if current is None or current.used:
            raise EvaluationAnswered()
        self.links[link.token_hash] = replace(current, used=True)
        self.stored.setdefault(evaluation.course_id, []).append(evaluation)

    def answers(self, course_id: str) -> list[Evaluation]:
        return sorted(self.stored.get(course_id, []), key=lambda answer: answer.id)


class FakePlaces:
    """The units' (or host units') repository with common/places.py's rules: an id once, a name once per scope (a
    municipality, or an area), a change only on the version it was made on."""

    def __init__(self, model: type[Any], scope: str, *places: Any) -> None:
        self.model = model
        self.scope = scope  # the field the names are unique in
        self.places: dict[str, Any] = {place.id: place for place in places}
        self.writes = 0

    def _names(self, but: str | None = None) -> set[str]:
        return {name_key(getattr(p, self.scope), p.name) for p in self.places.values() if p.id != but}

    def all(self) -> dict[str, Any]:
        return dict(self.places)

    def unit(self, unit_id: str) -> Any:
        return self.places.get(unit_id)

    def add(self, unit: Any) -> None:
        if unit.id in self.places:
            raise PlaceExists()
        if name_key(getattr(unit, self.scope), unit.name) in self._names():
            raise NameTaken()
        self.places[unit.id] = unit
        self.writes += 1

    def seed(self, unit: Any) -> bool:
        try:
            self.add(unit)
        except (PlaceExists, NameTaken):
            return False
        return True

    def replace(self, before: Any, after: Any) -> None:
        stored = self.places.get(before.id)
        if stored is None or stored.version != before.version:
            raise PlaceChanged()
        if name_key(getattr(after, self.scope), after.name) in self._names(but=before.id):
            raise NameTaken()
        self.places[after.id] = after
        self.writes += 1


class FakeMailRepository:
    """The outbox's items as the mail worker sees them (mailing/repository.py), with the same conditions."""

    def __init__(self) -> None:
        self.emails: dict[str, StoredEmail] = {}
        self.told: dict[tuple[str, str], tuple[str, str]] = {}  # about -> (email id, status)
        self.suppressed: dict[str, str] = {}
        self.daily: dict[tuple[str, str], int] = {}
        self.bundles: dict[str, list[dict[str, Any]]] = {}  # bundle id -> its entries (common/outbox.py)
        self.records: dict[tuple[str, str], dict[str, Any]] = {}  # the items a bundle's emails are about

    def add(
        self, email: OutgoingEmail, stranger: bool | None = None, created_at: str = "2026-12-01T09:00:00+00:00"
    ) -> str:
        from common.outbox import address_key, packed

        self.emails[email.id] = StoredEmail(
            id=email.id,
            kind=email.kind,
            to_key=address_key(email.to),
            status="pending",
            stranger=email.stranger if stranger is None else stranger,
            body=packed(email.message) if email.message is not None else None,
            draft=email.draft,
            about=email.about,
            created_at=created_at,
        )
        return email.id

    def get(self, email_id: str) -> StoredEmail | None:
        return self.emails.get(email_id)

    def claim(self, email: StoredEmail, now: datetime) -> bool:
        stored = self.emails[email.id]
        if stored.status != "pending":
            return False
        self.emails[email.id] = replace(stored, status="sending", attempts=stored.attempts + 1)
        return True

    def finish(self, email: StoredEmail, status: str, now: datetime, message_id: str = "") -> bool:
        stored = self.emails[email.id]
        before = "sending" if status in {"sent", "failed"} else "pending"
        if stored.status != before:
            return False
        self.emails[email.id] = replace(stored, status=status, body=None if status == "sent" else stored.body)  # type: ignore[arg-type]
        self._tell(stored, status)
        return True

    def after_sending(self, email_id: str, status: str, now: datetime) -> StoredEmail | None:
        stored = self.emails.get(email_id)
        if stored is None or stored.status not in {"sent", "sending"}:
            return None
        self.emails[email_id] = replace(stored, status=status)  # type: ignore[arg-type]
        self._tell(stored, status)
        return self.emails[email_id]

    def _tell(self, email: StoredEmail, status: str) -> None:
        if email.about and self.told.get(email.about, ("", ""))[0] <= email.id:
            self.told[email.about] = (email.id, status)

    def is_suppressed(self, to_key: str) -> bool:
        return to_key in self.suppressed

    def suppress(self, to_key: str, status: str, now: datetime) -> None:
        self.suppressed[to_key] = status

    def count_to_stranger(self, to_key: str, now: datetime, limit: int) -> bool:
        key = (to_key, now.date().isoformat())
        if self.daily.get(key, 0) >= limit:
            return False
        self.daily[key] = self.daily.get(key, 0) + 1
        return True

    def waiting_since(self, before: datetime) -> list[str]:
        return [
            e.id
            for e in self.emails.values()
            if e.status in {"pending", "sending"} and e.created_at < before.isoformat()
        ]

    def bundles_since(self, before: datetime) -> list[str]:
        return list(self.bundles)

    def add_bundle(self, item: dict[str, Any]) -> str:
        from common.outbox import bundle_entries

        bundle_id = item["PK"]["S"].removeprefix("MAIL#")
        self.bundles[bundle_id] = bundle_entries(item)
        return bundle_id

    def unbundle(self, bundle_id: str) -> int:
        entries = self.bundles.pop(bundle_id, None)
        if entries is None:
            return 0
        for entry in entries:
            item = entry["email"]
            about = (item["about_pk"]["S"], item["about_sk"]["S"]) if "about_pk" in item else None
            self.emails[item["PK"]["S"].removeprefix("MAIL#")] = StoredEmail(
                id=item["PK"]["S"].removeprefix("MAIL#"),
                kind=item["kind"]["S"],
                to_key=item["to_key"]["S"],
                status="pending",
                stranger=item["stranger"]["BOOL"],
                body=None,
                draft=json.loads(item["draft"]["S"]),
                about=about,
                created_at=item["created_at"]["S"],
            )
            if entry.get("record"):
                record = entry["record"]
                self.records[(record["PK"]["S"], record["SK"]["S"])] = record
        return len(entries)

    def defer(self, email: StoredEmail, now: datetime) -> bool:
        stored = self.emails[email.id]
        if stored.status != "sending":
            return False
        self.emails[email.id] = replace(stored, status="pending")
        return True

    def release(self, confirm_hash: str, now: datetime) -> list[str]:
        raise NotImplementedError  # tested on the table (tests/handlers/test_mail.py)

    def send_again(self, email_id: str, now: datetime) -> str:
        raise NotImplementedError  # tested on the table (tests/handlers/test_mail.py)


class FakeSender:
    """SES: takes messages, or fails as told (a list of exceptions raised in turn, then success)."""

    def __init__(self, failures: Sequence[Exception] = ()) -> None:
        self.sent: list[EmailMessage] = []
        self.failures = list(failures)
        self.calls = 0
        self.pending_reports: list[dict[str, Any]] = []

    def send(self, message: EmailMessage, email_id: str) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return f"ses-{email_id}"

    def reports(self) -> list[dict[str, Any]]:
        reports, self.pending_reports = self.pending_reports, []
        return reports


class FakeDeadLetters:
    def __init__(self) -> None:
        self.letters: list[tuple[str, str]] = []

    def put(self, email_id: str, reason: str) -> None:
        self.letters.append((email_id, reason))


class FakeStore:
    """The file store (common/files.py) as a dict of keys to bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def upload_form(self, key: str, content_type: str, max_size: int) -> UploadForm:
        return UploadForm(url="https://bucket.example/", fields={"key": key, "Content-Type": content_type})

    def size(self, key: str) -> int | None:
        return len(self.files[key]) if key in self.files else None

    def first_bytes(self, key: str, count: int = 16) -> bytes:
        return self.files[key][:count]

    def read(self, key: str) -> bytes:
        return self.files[key]

    def download_url(self, key: str, name: str, content_type: str) -> str:
        return f"https://bucket.example/{key}"


class FakeNewsRepository:
    """The news in memory, with the table's conditions: a new article's id unused, a change on the version stored;
    every save's revision, audit entry and publish request recorded."""

    def __init__(self) -> None:
        self.stored: dict[str, Article] = {}
        self.kept: dict[tuple[str, int], Revision] = {}
        self.audit: list[AuditEntry] = []
        self.publish_requests: list[str] = []
        self.uploads: dict[str, Upload] = {}

    def articles(self) -> list[Article]:
        return list(self.stored.values())

    def article(self, article_id: str) -> Article | None:
        return self.stored.get(article_id)

    def revisions(self, article_id: str) -> list[Revision]:
        found = [revision for (one, _), revision in self.kept.items() if one == article_id]
        return sorted(found, key=lambda revision: revision.article.version, reverse=True)

    def revision(self, article_id: str, version: int) -> Revision | None:
        return self.kept.get((article_id, version))

    def save(self, article: Article, seen_version: int | None, revision: Revision, entry: AuditEntry) -> Article:
        current = self.stored.get(article.id)
        if seen_version is None and current is not None:
            raise ArticleIdTaken(article.id)
        if seen_version is not None and (current is None or current.version != seen_version):
            raise ArticleChanged()
        if (article.id, article.version) in self.kept:
            raise ArticleChanged()
        self.stored[article.id] = article
        self.kept[(article.id, article.version)] = revision
        self.audit.append(entry)
        self.publish_requests.append(f"NEWS#{article.id}")
        return article

    def add_upload(self, upload: Upload) -> None:
        self.uploads[upload.id] = upload

    def upload(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)


class FakeDocumentRepository:
    """The document versions in memory, with the table's conditions: a kind's address taken once, a change on the
    version stored; every save's kept state, audit entry and publish request recorded."""

    def __init__(self) -> None:
        self.stored: dict[str, DocumentVersion] = {}
        self.addresses: set[tuple[str, str]] = set()
        self.kept: dict[tuple[str, int], DocumentRevision] = {}
        self.audit: list[AuditEntry] = []
        self.publish_requests: list[str] = []
        self.uploads: dict[str, Upload] = {}

    def versions(self) -> list[DocumentVersion]:
        return list(self.stored.values())

    def document(self, version_id: str) -> DocumentVersion | None:
        return self.stored.get(version_id)

    def revisions(self, version_id: str) -> list[DocumentRevision]:
        found = [revision for (one, _), revision in self.kept.items() if one == version_id]
        return sorted(found, key=lambda revision: revision.document.version, reverse=True)

    def revision(self, version_id: str, version: int) -> DocumentRevision | None:
        return self.kept.get((version_id, version))

    def save(
        self, document: DocumentVersion, seen_version: int | None, revision: DocumentRevision, entry: AuditEntry
    ) -> DocumentVersion:
        current = self.stored.get(document.id)
        if seen_version is None and (current is not None or (document.kind, document.slug) in self.addresses):
            raise SlugTaken(document.slug)
        if seen_version is not None and (current is None or current.version != seen_version):
            raise DocumentChanged()
        self.addresses.add((document.kind, document.slug))
        self.stored[document.id] = document
        self.kept[(document.id, document.version)] = revision
        self.audit.append(entry)
        self.publish_requests.append(f"DOCUMENT#{document.id}")
        return document

    def add_upload(self, upload: Upload) -> None:
        self.uploads[upload.id] = upload

    def upload(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)


class FakePeopleRepository:
    """Min side's repository: the links and sessions with their times and one use, and a person's items, found by
    her address in any case as the person index finds them."""

    def __init__(self, courses: FakeCourseRepository, mailer: FakeMailer | None = None) -> None:
        self.courses = courses
        self.mailer = mailer or courses.mailer
        self.links: dict[str, tuple[str, datetime]] = {}  # link hash -> address, asked at
        self.sessions: dict[str, tuple[str, datetime]] = {}  # session hash -> address, opened at
        self.asked: dict[str, datetime] = {}  # address -> last asked
        self.attendance: list[Attendance] = []
        self.requests: list[Hospitation] = []
        self.entries: list[RosterEntry] = []

    @staticmethod
    def _same(first: str, second: str) -> bool:
        return first.strip().lower() == second.strip().lower()

    def known(self, email: str) -> bool:
        return bool(self.registrations(email) or self.marks(email) or self.hospitations(email))

    def ask(self, email: str, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool:
        from people.models import ASK_SECONDS

        last = self.asked.get(email.lower())
        if last is not None and (now - last).total_seconds() < ASK_SECONDS:
            return False
        self.asked[email.lower()] = now
        self.links[link_hash] = (email, now)
        self.mailer.record(mailing)
        return True

    def open(self, link_hash: str, session_hash: str, now: datetime) -> str | None:
        from people.models import LINK_MINUTES

        found = self.links.pop(link_hash, None)
        if found is None or (now - found[1]).total_seconds() >= LINK_MINUTES * 60:
            return None
        self.sessions[session_hash] = (found[0], now)
        return found[0]

    def session(self, session_hash: str, now: datetime) -> str | None:
        from people.models import SESSION_MINUTES

        found = self.sessions.get(session_hash)
        if found is None or (now - found[1]).total_seconds() >= SESSION_MINUTES * 60:
            return None
        return found[0]

    def end(self, session_hash: str) -> None:
        self.sessions.pop(session_hash, None)

    def registrations(self, email: str) -> list[Registration]:
        return [r for r in self.courses.stored if self._same(r.email, email)]

    def marks(self, email: str) -> list[Attendance]:
        return [m for m in self.attendance if self._same(m.email, email)]

    def hospitations(self, email: str) -> list[Hospitation]:
        return [h for h in self.requests if self._same(h.email, email)]

    def roster_entries(self, email: str) -> list[RosterEntry]:
        return [e for e in self.entries if self._same(e.email, email)]


class FakeSelfReportRepository:
    """The yearly self-report in memory, with DynamoDB's conditions: a year's round once, a change on the version
    seen, an invitation never over one there, a reminder once and not after an answer, an answer once."""

    def __init__(self, mailer: FakeMailer | None = None) -> None:
        self.mailer = mailer or FakeMailer()
        self.stored_rounds: dict[int, SelfReportRound] = {}
        self.stored: dict[tuple[int, str], Invitation] = {}
        self.links: dict[str, SelfReportLink] = {}

    def rounds(self) -> list[SelfReportRound]:
        return sorted(self.stored_rounds.values(), key=lambda one: one.year, reverse=True)

    def round(self, year: int) -> SelfReportRound | None:
        return self.stored_rounds.get(year)

    def add_round(self, found: SelfReportRound) -> bool:
        if found.year in self.stored_rounds:
            return False
        self.stored_rounds[found.year] = found
        return True

    def replace_round(self, found: SelfReportRound, seen: int) -> None:
        current = self.stored_rounds.get(found.year)
        if current is None or current.version != seen:
            raise RoundChanged()
        self.stored_rounds[found.year] = found

    def invitations(self, year: int) -> list[Invitation]:
        return [one for (stored_year, _id), one in self.stored.items() if stored_year == year]

    def invitation(self, year: int, invitation_id: str) -> Invitation | None:
        return self.stored.get((year, invitation_id))

    def invite(self, sendings: Sequence[Sending], now: datetime) -> int:
        written = 0
        for one in sendings:
            key = (one.invitation.year, one.invitation.id)
            if key in self.stored:
                continue
            self.stored[key] = one.invitation
            self.links[one.token_hash] = SelfReportLink(one.token_hash, one.invitation.year, one.invitation.id)
            self.mailer.record(Mailing.of([one.email], now))
            written += 1
        return written

    def remind(self, sendings: Sequence[Sending], now: datetime) -> int:
        written = 0
        for one in sendings:
            key = (one.invitation.year, one.invitation.id)
            current = self.stored.get(key)
            if current is None or current.answered or current.reminded_at is not None:
                continue
            links = (*current.links, one.token_hash)
            self.stored[key] = current.model_copy(update={"reminded_at": now, "links": links})
            self.links[one.token_hash] = SelfReportLink(one.token_hash, one.invitation.year, one.invitation.id)
            self.mailer.record(Mailing.of([one.email], now))
            written += 1
        return written

    def link(self, token_hash: str) -> SelfReportLink | None:
        return self.links.get(token_hash)

    def answer(self, answered: Invitation) -> None:
        key = (answered.year, answered.id)
        current = self.stored.get(key)
        if current is None or current.answered:
            raise SelfReportAnswered()
        self.stored[key] = answered
