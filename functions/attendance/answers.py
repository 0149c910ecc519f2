"""Attendance's answers in the leaders' API: an event's list to mark, and the hours toward the yearly goal. What
attendance/leader_routes.py sends; Powertools turns them into the OpenAPI document."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from attendance.models import SOURCE_LABELS, event_hours
from attendance.service import Person
from common import leader_api
from common.answers import NamedChoice
from common.formatting import OSLO, date_nb, time_nb
from common.i18n import N_, gettext
from courses.models import Course

NOT_YET = N_("Oppmøtet kan registreres fra dagen møtet eller kurset begynner.")
ONE_HOUR = N_("%(hours)s time")
HOURS = N_("%(hours)s timer")


def number_nb(value: float) -> str:
    """'7,5', '12': a number as Norwegians write it (a decimal comma, no trailing zeros)."""
    return f"{value:g}".replace(".", ",")


def hours_text(value: float) -> str:
    """'1 time', '7,5 timer'."""
    return gettext(ONE_HOUR if value == 1 else HOURS) % {"hours": number_nb(value)}


# An event's attendance list ---------------------------------------------------------------------------------------


class PersonAnswer(BaseModel):
    """Someone on the list: with a seat, or a resource nurse of the area who may come without one."""

    id: str
    name: str
    workplace: str
    area_name: str
    source: str
    source_label: str
    present: bool | None  # not marked yet
    absence: str

    @classmethod
    def of(cls, person: Person) -> PersonAnswer:
        return cls(
            id=person.email_key,
            name=person.name,
            workplace=person.workplace,
            area_name=leader_api.area_names().get(person.area, person.area),
            source=person.source,
            source_label=gettext(SOURCE_LABELS[person.source]),
            present=person.present,
            absence=person.absence,
        )


class EventInfo(BaseModel):
    id: str
    title: str
    date_text: str
    hours: float
    hours_text: str


class AttendanceList(BaseModel):
    """The list to mark, how many came, and whether it can be marked yet (from the day the event begins)."""

    id: str
    course: EventInfo
    people: list[PersonAnswer]
    present: int
    can_mark: bool
    not_yet: str
    url: str
    certificates_url: str = ""  # the zip of the certificates of those marked present, once someone is

    @classmethod
    def of(cls, course: Course, found: list[Person], now: datetime) -> AttendanceList:
        start = course.start.astimezone(OSLO)
        can_mark = now.astimezone(OSLO).date() >= start.date()
        hours = event_hours(course)
        return cls(
            id=course.id,
            course=EventInfo(
                id=course.id,
                title=course.title,
                date_text=f"{date_nb(start)} kl. {time_nb(start)}",
                hours=hours,
                hours_text=hours_text(hours),
            ),
            people=[PersonAnswer.of(person) for person in found],
            present=sum(1 for person in found if person.present),
            can_mark=can_mark,
            not_yet="" if can_mark else gettext(NOT_YET),
            url=f"{leader_api.COOKIE_PATH}/kurs/{course.id}/oppmote",
            certificates_url=(
                f"{leader_api.COOKIE_PATH}/kurs/{course.id}/kursbevis.zip" if any(p.present for p in found) else ""
            ),
        )


# Hours toward the yearly goal -------------------------------------------------------------------------------------


class NurseHoursAnswer(BaseModel):
    name: str
    unit_name: str
    area_name: str
    hours: float
    hours_text: str
    behind: bool


class AreaHoursAnswer(BaseModel):
    name: str
    nurses: int
    behind: int
    average: float
    average_text: str


class HoursAnswer(BaseModel):
    """The year's hours of the resource nurses a leader sees (one area with ?omrade=), per nurse and per area."""

    year: int
    goal: float
    goal_text: str
    area: str | None
    choices: list[NamedChoice]
    nurses: list[NurseHoursAnswer]
    areas: list[AreaHoursAnswer]
    csv_url: str
    chart_url: str
