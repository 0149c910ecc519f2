"""Course evaluations' use cases: ask each participant once after a course, take one anonymous answer per link, and
sum up a course's answers for the leaders who may see it. Repositories and the time come in as arguments; each
invitation's email is written with it (common/outbox.py), and the mail worker sends it.

Nothing here writes down who answered: the link's item is marked used and the answer is stored without it, so neither
the table nor the logs tie an answer to a person (evaluations/repository.py).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from aws_lambda_powertools import Logger

from attendance.models import Attendance
from common.access import Leader
from common.errors import CourseNotFound, EvaluationAnswered, EvaluationClosed, EvaluationNotFound, Forbidden
from common.outbox import Mailing, OutgoingEmail
from common.person import RECOMMEND_LABELS
from common.tokens import new_token, token_hash
from courses.models import EVALUATED_KINDS, Course, Registration
from evaluations.models import (
    MIN_SHOWN,
    SCALE,
    SEND_WITHIN,
    Evaluation,
    EvaluationForm,
    Participant,
    answer_expires_at,
    closes_at,
    link_expires_at,
    send_at,
)
from evaluations.repository import EvaluationRepository, Link

logger = Logger(child=True)


class CourseLookup(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...


def person_hash(participant: Participant) -> str:
    return hashlib.sha256(participant.email_key.encode("utf-8")).hexdigest()


def due(course: Course, now: datetime) -> bool:
    """A course is asked about from the morning after its last day, for SEND_WITHIN (to catch up a missed run); a
    cancelled one never."""
    window = send_at(course) <= now <= send_at(course) + SEND_WITHIN
    return course.takes_place and course.kind in EVALUATED_KINDS and window


def participants(registrations: Iterable[Registration], marks: Iterable[Attendance]) -> list[Participant]:
    """Those with a seat, unless the leader marked them absent, and anyone else the leader marked present (a walk-in);
    each email once."""
    marks = list(marks)
    marked = {mark.email_key: mark for mark in marks}
    found: dict[str, Participant] = {}
    for registration in registrations:
        mark = marked.get(registration.email_key)
        if registration.confirmed and (mark is None or mark.present):
            found.setdefault(registration.email_key, Participant(registration.email, registration.name))
    for mark in marks:
        if mark.present and mark.email.strip():
            found.setdefault(mark.email_key, Participant(mark.email, mark.name))
    return list(found.values())


@dataclass(frozen=True)
class Asked:
    sent: int = 0  # invitations written, each with its email


@dataclass(frozen=True)
class Summary:
    """A course's answers as a leader sees them: the counts always, the answers only from MIN_SHOWN on."""

    course: Course
    invited: int
    answered: int
    answers: tuple[Evaluation, ...]  # empty while fewer than MIN_SHOWN have answered

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_SHOWN

    @property
    def rate(self) -> int | None:
        """Answered, in percent of those asked."""
        return round(100 * self.answered / self.invited) if self.invited else None

    def counts(self, question: str) -> list[int]:
        """How many chose 1, 2, 3, 4 and 5."""
        return [sum(1 for answer in self.answers if answer.rating(question) == value) for value in SCALE]

    def average(self, question: str) -> float | None:
        ratings = [answer.rating(question) for answer in self.answers]
        return round(sum(ratings) / len(ratings), 1) if ratings else None

    def recommend(self) -> dict[str, int]:
        return {choice: sum(1 for a in self.answers if a.recommend == choice) for choice in RECOMMEND_LABELS}

    def texts(self, field: str) -> list[str]:
        """The free texts given, in the answers' (random) order."""
        return [text for answer in self.answers if (text := str(getattr(answer, field)))]


@dataclass
class Evaluations:
    repo: EvaluationRepository
    courses: CourseLookup

    # asking ----------------------------------------------------------------------------------------------------

    def ask(self, course: Course, people: Sequence[Participant], now: datetime) -> Asked:
        """Email each participant not asked before a link of their own. The marker, the link and the email are
        written in one transaction, so a run repeated (or two at once) never asks anyone twice, and whoever is marked
        as asked has an email in the outbox. The email is about nothing: no item tells a leader whose invitation
        arrived."""
        from evaluations.emails import invitation_email  # Jinja2 only when an email is made

        asked = self.repo.sent_to(course.id)
        sent = 0
        for person in people:
            key = person_hash(person)
            if key in asked:
                continue
            asked.add(key)
            token = new_token()
            email = OutgoingEmail("evaluation", invitation_email(course, person, token, now))
            mailing = Mailing.of([email], now)
            if self.repo.add_invitation(course.id, key, token_hash(token), link_expires_at(course), mailing):
                sent += 1
        return Asked(sent)

    # answering -------------------------------------------------------------------------------------------------

    def open(self, token: str, now: datetime) -> tuple[Course, Link]:
        """The course a link evaluates, if it may be answered now: EvaluationNotFound (forged, or deleted),
        EvaluationAnswered (used), EvaluationClosed (past the deadline)."""
        link = self.repo.link(token_hash(token)) if 0 < len(token) <= 64 else None
        course = self.courses.get_course(link.course_id) if link is not None else None
        if link is None or course is None:
            raise EvaluationNotFound()
        if link.used:
            raise EvaluationAnswered()
        if now > closes_at(course):
            raise EvaluationClosed()
        return course, link

    def answer(self, token: str, form: EvaluationForm, now: datetime) -> Evaluation:
        """Store the answer, once per link, without anything about the person or the time."""
        course, link = self.open(token, now)
        evaluation = Evaluation(
            id=uuid.uuid4().hex,
            course_id=course.id,
            **form.model_dump(),
            expires_at=answer_expires_at(course),
        )
        self.repo.add_answer(link, evaluation)
        return evaluation

    # the leaders -----------------------------------------------------------------------------------------------

    def summary(self, leader: Leader, course_id: str, every_area: Sequence[str]) -> Summary:
        """A course's results, for the leaders who see the course in their list: the network leader every course,
        an area leader those of their area and the network-wide ones; a host unit none (Forbidden)."""
        leader.require_courses()
        course = self.courses.get_course(course_id)
        if course is None:
            raise CourseNotFound()
        if course.area not in leader.areas(list(every_area)):
            raise Forbidden()
        answers = self.repo.answers(course.id)
        shown = tuple(answers) if len(answers) >= MIN_SHOWN else ()
        return Summary(course, self.repo.invited(course.id), len(answers), shown)
