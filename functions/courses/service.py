"""The rules of signing up. The repository, the mailer and the clock come in as arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from dateutil.relativedelta import relativedelta

from common.errors import CancellationClosed, CourseNotFound, RegistrationClosed, RegistrationNotFound
from common.ids import new_ulid
from common.mail import Mailer
from common.tokens import new_token, token_hash
from courses.models import Availability, Course, Registration, RegistrationForm
from courses.repository import CourseRepository

if TYPE_CHECKING:
    from courses.emails import EmailKind

Clock = Callable[[], datetime]
logger = Logger(child=True)
# How many may move from the line to seats in one cancellation: one seat, or two for a nurse and leader together;
# more only when the course was made bigger while people waited.
PROMOTIONS_AT_MOST = 10


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Receipt:
    """What a person gets back: the registration as stored, and the secret link to their own page."""

    registration: Registration
    token: str

    @property
    def url(self) -> str:
        return f"/api/pameldinger/{self.token}"


def sign_up(
    course_id: str,
    form: RegistrationForm,
    area: str,
    repo: CourseRepository,
    mailer: Mailer,
    clock: Clock = utc_now,
    retention_months: int = 12,
    answers: dict[str, str] | None = None,
) -> Receipt:
    """A seat on the course, or the next place on its waiting list; with the nearest leader too where the course
    lets leaders join (both get seats, or both wait). Each person gets a confirmation email with their own link.
    Raises why not: unknown course, closed, already registered."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    now = clock()
    if not course.is_open(now):
        raise RegistrationClosed()
    expires_at = int((course.end + relativedelta(months=retention_months)).timestamp())
    shared = {
        "course_id": course.id,
        "workplace": form.workplace,
        "municipality": form.municipality,
        "area": area,
        "created_at": now,
        "expires_at": expires_at,
    }
    tokens = [new_token()]
    nurse = Registration(
        id=new_ulid(now),
        token_hash=token_hash(tokens[0]),
        name=form.name,
        email=str(form.email),
        phone=form.phone,
        role=form.role,
        leader_name=form.leader_name,
        leader_email=str(form.leader_email),
        answers=answers or {},
        **shared,
    )
    group = [nurse]
    if course.leader_can_join and form.bring_leader:
        tokens.append(new_token())
        leader = Registration(
            id=new_ulid(now),
            token_hash=token_hash(tokens[1]),
            companion_id=nurse.id,
            name=form.leader_name,
            email=str(form.leader_email),
            role="leder",
            leader_name="",
            leader_email="",
            **shared,
        )
        group = [nurse.model_copy(update={"companion_id": leader.id}), leader]
    stored = repo.add_registrations(group)
    names = [member.name for member in stored]
    for index, (registration, token) in enumerate(zip(stored, tokens, strict=True)):
        together_with = names[1 - index] if len(stored) == 2 else None
        kind: EmailKind = "confirmed" if registration.confirmed else "waitlisted"
        send_registration_email(mailer, kind, course, registration, token, now, together_with)
    return Receipt(stored[0], tokens[0])


def find_registration(token: str, repo: CourseRepository) -> tuple[Course, Registration]:
    """The registration behind a secret link, with its course; RegistrationNotFound for any other token."""
    registration = repo.registration_by_token(token_hash(token)) if 0 < len(token) <= 64 else None
    course = repo.get_course(registration.course_id) if registration else None
    if registration is None or course is None:
        raise RegistrationNotFound()
    return course, registration


def cancel(token: str, repo: CourseRepository, mailer: Mailer, clock: Clock = utc_now) -> list[Registration]:
    """Cancel the registration behind a secret link, before the course's cancellation deadline. Those who get the
    freed seat from the waiting list are emailed a new link to their page. Returns them."""
    course, registration = find_registration(token, repo)
    if registration.status == "cancelled":
        return []
    now = clock()
    if not course.can_cancel(now):
        raise CancellationClosed()
    tokens = [new_token() for _ in range(PROMOTIONS_AT_MOST)]
    promoted = repo.cancel(registration, [token_hash(token) for token in tokens])
    send_registration_email(mailer, "cancelled", course, registration, None, now)
    for one, one_token in zip(promoted, tokens, strict=False):
        send_registration_email(mailer, "promoted", course, one, one_token, now)
    return promoted


def availability(course_id: str, repo: CourseRepository, clock: Clock = utc_now) -> Availability:
    """Seats taken and left, and whether sign-up is open now."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    counts = repo.counts(course_id)
    return Availability(
        capacity=course.capacity, confirmed=counts.confirmed, waiting=counts.waiting, open=course.is_open(clock())
    )


def send_registration_email(
    mailer: Mailer,
    kind: EmailKind,
    course: Course,
    registration: Registration,
    token: str | None,
    now: datetime,
    together_with: str | None = None,
) -> None:
    """Email one person. The registration is stored whatever happens here, and their page shows it: a failed email
    is logged (without who it was for) and does not undo or fail the sign-up."""
    from courses.emails import (
        registration_email,  # Jinja2 and icalendar only when an email is made: a faster cold start
    )

    try:
        mailer.send(registration_email(kind, course, registration, token, now, together_with))
    except Exception:  # any failure to send must leave the stored registration as it is
        logger.exception("email not sent", extra={"kind": kind, "course_id": course.id})
