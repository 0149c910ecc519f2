"""The rules of signing up. Pure: the repository and the clock come in as arguments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta

from common.errors import CourseNotFound, RegistrationClosed
from common.ids import new_ulid
from courses.models import Availability, Registration, RegistrationForm
from courses.repository import CourseRepository

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def sign_up(
    course_id: str,
    form: RegistrationForm,
    area: str,
    repo: CourseRepository,
    clock: Clock = utc_now,
    retention_months: int = 12,
    answers: dict[str, str] | None = None,
) -> Registration:
    """Give the person a seat on the course, or raise why not (unknown, closed, full, already registered)."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    now = clock()
    if not course.is_open(now):
        raise RegistrationClosed()
    registration = Registration(
        id=new_ulid(now),
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
    repo.add_registration(registration)
    return registration


def availability(course_id: str, repo: CourseRepository, clock: Clock = utc_now) -> Availability:
    """Seats taken and left, and whether sign-up is open now."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    return Availability(
        capacity=course.capacity, confirmed=repo.confirmed_count(course_id), open=course.is_open(clock())
    )
