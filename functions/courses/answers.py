"""Courses' answers in the leaders' API: a course with its seats and links, a registration, the list of courses in a
period and a course's participants. What courses/leader_routes.py sends; Powertools turns them into the OpenAPI
document."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from common.answers import Choice, NamedChoice
from common.formatting import OSLO, date_nb, time_nb
from common.i18n import gettext
from common.leader_api import COOKIE_PATH, area_names, now
from common.outbox import SENDABLE_AGAIN, UNDELIVERED_LABELS
from courses.editor import CourseDraft
from courses.leader_service import CourseOverview
from courses.models import (
    COURSE_STATUS_LABELS,
    EVALUATED_KINDS,
    REGISTRATION_STATUS_LABELS,
    ROLE_LABELS,
    Course,
    Registration,
)


def dates_text(course: Course) -> str:
    first, last = course.start.astimezone(OSLO).date(), course.end.astimezone(OSLO).date()
    return date_nb(first) if first == last else f"{date_nb(first)} – {date_nb(last)}"


def shown_status(course: Course, ended: bool) -> str:
    """A published course that has ended has been held."""
    return "held" if ended and course.status == "published" else course.status


class CourseAnswer(BaseModel):
    """A course or meeting in a leader's scope: its seats taken, its waiting list, and the links to its lists."""

    id: str
    title: str
    kind_label: str
    start: str
    date_text: str
    area: str
    area_name: str
    capacity: int
    confirmed: int
    waiting: int
    participants_url: str
    csv_url: str
    csv_comma_url: str
    attendance_url: str
    ended: bool
    evaluation_url: str | None  # the evaluation's results, once the course has ended, if it is one that is evaluated
    status: str  # draft, published, cancelled, held
    status_label: str
    editable: bool  # the leader may change it in the editor

    @classmethod
    def of(cls, overview: CourseOverview, editable: bool = False) -> CourseAnswer:
        course, counts = overview.course, overview.counts
        base = f"{COOKIE_PATH}/kurs/{course.id}/pameldinger"
        ended = course.end <= now()
        status = shown_status(course, ended)
        return cls(
            id=course.id,
            title=course.title,
            kind_label=gettext(course.kind_label),
            start=course.start.isoformat(),
            date_text=dates_text(course),
            area=course.area,
            area_name=area_names().get(course.area, course.area),
            capacity=course.capacity,
            confirmed=counts.confirmed,
            waiting=counts.waiting,
            participants_url=base,
            csv_url=f"{base}.csv",
            csv_comma_url=f"{base}.csv?format=komma",
            attendance_url=f"{COOKIE_PATH}/kurs/{course.id}/oppmote",
            ended=ended,
            evaluation_url=f"{COOKIE_PATH}/kurs/{course.id}/evaluering"
            if course.kind in EVALUATED_KINDS and course.end <= now()
            else None,
            status=status,
            status_label=gettext(COURSE_STATUS_LABELS[status]),
            editable=editable,
        )


class CourseList(BaseModel):
    """The courses and meetings in a period (?fra= and ?til=), and the period's registrations as CSV."""

    model_config = ConfigDict(populate_by_name=True)

    first: str = Field(alias="from")
    to: str
    courses: list[CourseAnswer]
    period_csv_url: str
    period_csv_comma_url: str


class RegistrationAnswer(BaseModel):
    """A person signed up for a course, or waiting for a seat; and whether the newest email to them did not arrive
    (`mail_problem`, a sentence), which a leader can send again."""

    id: str
    name: str
    email: str
    phone: str
    workplace: str
    municipality: str
    area_name: str
    role_label: str
    status: str
    status_label: str
    position: int | None
    created_text: str
    mail_problem: str | None
    can_send_again: bool

    @classmethod
    def of(cls, registration: Registration) -> RegistrationAnswer:
        created = registration.created_at.astimezone(OSLO)
        problem = UNDELIVERED_LABELS.get(registration.mail_status or "")
        return cls(
            id=registration.id,
            name=registration.name,
            email=registration.email,
            phone=registration.phone,
            workplace=registration.workplace,
            municipality=registration.municipality,
            area_name=area_names().get(registration.area, registration.area),
            role_label=gettext(ROLE_LABELS[registration.role]),
            status=registration.status,
            status_label=gettext(REGISTRATION_STATUS_LABELS[registration.status]),
            position=registration.position,
            created_text=f"{date_nb(created)} kl. {time_nb(created)}",
            mail_problem=gettext(problem) if problem else None,
            can_send_again=registration.mail_status in SENDABLE_AGAIN,
        )


class SentAgain(BaseModel):
    """An email a leader sent again: the id of the new one (the worker sends it within seconds)."""

    email_id: str


class Participants(BaseModel):
    """A course and the registrations the leader may see."""

    course: CourseAnswer
    registrations: list[RegistrationAnswer]


class DayAnswer(BaseModel):
    """One day of a course, as the form's inputs have it."""

    day: str
    start: str
    end: str


class CourseEditAnswer(BaseModel):
    """A course as the editor's form shows it: every field, its status and version, its seats, and what may be done
    with it now."""

    id: str
    title: str
    kind: str
    area: str
    days: list[DayAnswer]
    place: str
    capacity: int
    registration_deadline: str
    cancellation_deadline: str
    audience: str
    summary: str
    description: str
    questions: list[str]
    leader_can_join: bool
    reminder_days: str  # "7, 1"
    directions: str
    status: str  # draft, published, cancelled, held
    status_label: str
    version: int
    confirmed: int
    waiting: int
    page_url: str  # on the site (a draft's is not there yet)
    can_publish: bool
    can_cancel: bool
    can_delete: bool
    can_change: bool

    @classmethod
    def of(cls, draft: CourseDraft) -> CourseEditAnswer:
        course, counts = draft.course, draft.counts
        held = course.end <= now()
        status = shown_status(course, held)
        cancellation = course.cancellation_deadline
        return cls(
            id=course.id,
            title=course.title,
            kind=course.kind,
            area=course.area,
            days=[
                DayAnswer(day=d.day.isoformat(), start=f"{d.start:%H:%M}", end=f"{d.end:%H:%M}") for d in course.days
            ],
            place=course.place,
            capacity=course.capacity,
            registration_deadline=course.registration_deadline.astimezone(OSLO).date().isoformat(),
            cancellation_deadline=cancellation.astimezone(OSLO).date().isoformat() if cancellation else "",
            audience=course.audience,
            summary=course.summary,
            description=draft.description,
            questions=list(course.questions),
            leader_can_join=course.leader_can_join,
            reminder_days=", ".join(str(day) for day in course.reminder_days),
            directions=course.directions,
            status=status,
            status_label=gettext(COURSE_STATUS_LABELS[status]),
            version=course.version,
            confirmed=counts.confirmed,
            waiting=counts.waiting,
            page_url=f"/{course.url}",
            can_publish=course.status == "draft" and not held,
            can_cancel=course.status != "cancelled" and not held,
            can_delete=course.status == "draft",
            can_change=course.status != "cancelled" and not held,
        )


class CourseSaved(BaseModel):
    """A change's answer: the course as stored, and what the change did besides."""

    course: CourseEditAnswer
    promoted: int  # given a seat from the waiting list, each emailed
    notified: int  # emailed about a new time or place, or the cancellation


class CourseSeriesAnswer(BaseModel):
    courses: list[CourseEditAnswer]


class FormChoices(BaseModel):
    """What the course form offers a leader: the kinds, the areas they may use, the questions."""

    kinds: list[Choice]
    areas: list[NamedChoice]
    questions: list[Choice]
