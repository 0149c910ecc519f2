"""The rules of signing up, and the emails they send (written with the change: common/outbox.py). The repository and
the clock come in as arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from common.errors import CancellationClosed, CourseNotFound, RegistrationClosed, RegistrationNotFound
from common.ids import new_ulid
from common.outbox import Mailing, OutgoingEmail, outside_employers
from common.settings import settings
from common.tokens import new_token, token_hash
from courses.items import registration_about
from courses.models import Availability, Course, Registration, RegistrationForm
from courses.repository import CourseRepository, Resubmitted

if TYPE_CHECKING:
    from courses.emails import EmailKind

Clock = Callable[[], datetime]
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


@dataclass(frozen=True)
class Submission:
    """One submission of the sign-up form as its key (a hash of everything sent) and the secret link sealed for that
    submission alone: stored in the sign-up's own transaction, so that the same form sent again gets the same answer
    instead of a second registration. `with_token`: the page's script sent a form token, so the repeat comes from
    the same page and may get the link back; a form sent without one (no JavaScript, or a replay) gets "check your
    email"."""

    key: str
    seal: Callable[[str], str]
    with_token: bool


@dataclass(frozen=True)
class Repeat:
    """The answer to a submission that was stored before: how it went, and the sealed link if it may be given."""

    status: str
    position: int | None
    sealed_token: str | None


def sign_up(
    course_id: str,
    form: RegistrationForm,
    area: str,
    repo: CourseRepository,
    clock: Clock = utc_now,
    retention_months: int = 12,
    answers: dict[str, str] | None = None,
    submission: Submission | None = None,
) -> Receipt | Repeat:
    """A seat on the course, or the next place on its waiting list; with the nearest leader too where the course
    lets leaders join (both get seats, or both wait). Each person gets a confirmation email with their own link,
    written in the sign-up's one transaction; the leader's waits for the nurse to confirm her own address (the link
    in her receipt), unless it is at one of the network's employer domains. A submission stored before gets its
    first answer (`Repeat`). Raises why not: unknown course, closed, already registered."""
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
    confirm = new_token() if len(group) == 2 and outside_employers(group[1].email) else None

    made: dict[tuple[str, str, int | None], OutgoingEmail] = {}  # rendered once per seat or place in line tried

    def mailing(stored: list[Registration]) -> Mailing:
        names = [member.name for member in stored]
        emails = []
        for index, (registration, token) in enumerate(zip(stored, tokens, strict=True)):
            key = (registration.id, registration.status, registration.position)
            if key not in made:
                together_with = names[1 - index] if len(stored) == 2 else None
                kind: EmailKind = "confirmed" if registration.confirmed else "waitlisted"
                waits_for = names[1] if index == 0 and confirm else None
                made[key] = registration_mail(
                    kind,
                    course,
                    registration,
                    token,
                    now,
                    together_with,
                    stranger=index == 1,
                    confirm=(confirm, waits_for) if confirm and waits_for else None,
                )
            emails.append(made[key])
        return Mailing.of(emails, now, token_hash(confirm) if confirm else None)

    sealed = submission.seal(tokens[0]) if submission else ""
    try:
        stored = repo.add_registrations(group, mailing, (submission.key, sealed) if submission else None)
    except Resubmitted as repeat:
        keep_link = submission is not None and submission.with_token
        return Repeat(repeat.status, repeat.position, repeat.sealed_token if keep_link else None)
    return Receipt(stored[0], tokens[0])


def find_registration(token: str, repo: CourseRepository) -> tuple[Course, Registration]:
    """The registration behind a secret link, with its course; RegistrationNotFound for any other token."""
    registration = repo.registration_by_token(token_hash(token)) if 0 < len(token) <= 64 else None
    course = repo.get_course(registration.course_id) if registration else None
    if registration is None or course is None:
        raise RegistrationNotFound()
    return course, registration


def cancel(token: str, repo: CourseRepository, clock: Clock = utc_now) -> list[Registration]:
    """Cancel the registration behind a secret link, before the course's cancellation deadline. Those who get the
    freed seat from the waiting list are emailed a new link to their page, in the same transaction. Returns them."""
    course, registration = find_registration(token, repo)
    return cancel_registration(course, registration, repo, clock)


def cancel_registration(
    course: Course, registration: Registration, repo: CourseRepository, clock: Clock = utc_now
) -> list[Registration]:
    """Cancel a registration whose person has shown it is hers (its secret link, or Min side), as `cancel` does."""
    if registration.status == "cancelled":
        return []
    now = clock()
    if not course.can_cancel(now):
        raise CancellationClosed()
    tokens = [new_token() for _ in range(PROMOTIONS_AT_MOST)]
    by_hash = {token_hash(one): one for one in tokens}

    cancelled = registration.model_copy(update={"status": "cancelled"})
    receipt = registration_mail("cancelled", course, cancelled, None, now)
    made: dict[tuple[str, str], OutgoingEmail] = {}  # rendered once, however often the transaction is tried

    def promotion(one: Registration) -> OutgoingEmail:
        key = (one.id, one.token_hash)
        if key not in made:
            made[key] = registration_mail("promoted", course, one, by_hash[one.token_hash], now)
        return made[key]

    def mailing(promoted: list[Registration]) -> Mailing:
        return Mailing.of([receipt, *(promotion(one) for one in promoted)], now)

    return repo.cancel(registration, list(by_hash), mailing)


def availability(course_id: str, repo: CourseRepository, clock: Clock = utc_now) -> Availability:
    """Seats taken and left, and whether sign-up is open now."""
    course = repo.get_course(course_id)
    if course is None:
        raise CourseNotFound()
    counts = repo.counts(course_id)
    return Availability(
        capacity=course.capacity, confirmed=counts.confirmed, waiting=counts.waiting, open=course.is_open(clock())
    )


def registration_mail(
    kind: EmailKind,
    course: Course,
    registration: Registration,
    token: str | None,
    now: datetime,
    together_with: str | None = None,
    stranger: bool = False,
    confirm: tuple[str, str] | None = None,
) -> OutgoingEmail:
    """One email to the person behind a registration, about that registration (the leaders' list shows how it
    went): a draft, which the mail worker makes into the message from the course and the registration as stored
    (courses/emails.py `draft_message`). `confirm`: the submitter's confirmation token, and the name of whom the held
    email is for."""
    draft = {
        "renderer": "registration",
        "kind": kind,
        "course_id": course.id,
        "registration_id": registration.id,
        "token": token,
        "together_with": together_with,
        "confirm_url": f"{settings().site_url.rstrip('/')}/api/epost/{confirm[0]}" if confirm else None,
        "confirm_for": confirm[1] if confirm else None,
        "at": now.isoformat(),
    }
    brought = registration.role == "leder" and registration.companion_id is not None and not registration.leader_email
    return OutgoingEmail(
        kind,
        about=registration_about(registration),
        stranger=stranger or brought,  # a leader brought along: the nurse typed the address in
        draft=draft,
        address=registration.email,
    )
