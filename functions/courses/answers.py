"""Courses' answers in the leaders' API: a course with its seats and links, a registration, the list of courses in a
period and a course's participants. What courses/leader_routes.py sends; Powertools turns them into the OpenAPI
document."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from common.formatting import OSLO, date_nb, time_nb
from common.i18n import gettext
from common.leader_api import COOKIE_PATH, area_names, now
from courses.leader_service import CourseOverview
from courses.models import EVALUATED_KINDS, REGISTRATION_STATUS_LABELS, ROLE_LABELS, Course, Registration


def dates_text(course: Course) -> str:
    first, last = course.start.astimezone(OSLO).date(), course.end.astimezone(OSLO).date()
    return date_nb(first) if first == last else f"{date_nb(first)} – {date_nb(last)}"


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

    @classmethod
    def of(cls, overview: CourseOverview) -> CourseAnswer:
        course, counts = overview.course, overview.counts
        base = f"{COOKIE_PATH}/kurs/{course.id}/pameldinger"
        ended = course.end <= now()
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
    """A person signed up for a course, or waiting for a seat."""

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

    @classmethod
    def of(cls, registration: Registration) -> RegistrationAnswer:
        created = registration.created_at.astimezone(OSLO)
        return cls(
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
        )


class Participants(BaseModel):
    """A course and the registrations the leader may see."""

    course: CourseAnswer
    registrations: list[RegistrationAnswer]
