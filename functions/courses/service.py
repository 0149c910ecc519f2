"""The rules of signing up. Pure: the repository and the clock come in as arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta

from common.errors import CancellationClosed, CourseNotFound, RegistrationClosed, RegistrationNotFound
from common.ids import new_ulid
from common.tokens import new_token, token_hash
from courses.models import Availability, Course, Registration, RegistrationForm
from courses.repository import CourseRepository

Clock = Callable[[], datetime]


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
    clock: Clock = utc_now,
    retention_months: int = 12,
    answers: dict[str, str] | None = None,
) -> Receipt:
    """A seat on the course, or the next place on its waiting list; or raise why not (unknown course, closed,
    already registered)."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    now = clock()
    if not course.is_open(now):
        raise RegistrationClosed()
    token = new_token()
    registration = Registration(
        id=new_ulid(now),
        token_hash=token_hash(token),
        course_id=course.id,
        name=form.name,
        email=str(form.email),
        phone=form.phone,
        workplace=form.workplace,
        municipality=form.municipality,
        area=area,
        role=form.role,
        leader_name=form.leader_name,
        leader_email=str(form.leader_email),
        answers=answers or {},
        created_at=now,
        expires_at=int((course.end + relativedelta(months=retention_months)).timestamp()),
    )
    return Receipt(repo.add_registration(registration), token)


def find_registration(token: str, repo: CourseRepository) -> tuple[Course, Registration]:
    """The registration behind a secret link, with its course; RegistrationNotFound for any other token."""
    registration = repo.registration_by_token(token_hash(token)) if 0 < len(token) <= 64 else None
    course = repo.get_course(registration.course_id) if registration else None
    if registration is None or course is None:
        raise RegistrationNotFound()
    return course, registration


def cancel(token: str, repo: CourseRepository, clock: Clock = utc_now) -> Registration | None:
    """Cancel the registration behind a secret link, before the course's cancellation deadline. Returns the one
    promoted from the waiting list to the freed seat, if any."""
    course, registration = find_registration(token, repo)
    if registration.status == "cancelled":
        return None
    if not course.can_cancel(clock()):
        raise CancellationClosed()
    return repo.cancel(registration)


def availability(course_id: str, repo: CourseRepository, clock: Clock = utc_now) -> Availability:
    """Seats taken and left, and whether sign-up is open now."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    return Availability(
        capacity=course.capacity, confirmed=repo.confirmed_count(course_id), open=course.is_open(clock())
    )
