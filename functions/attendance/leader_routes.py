"""Attendance in the leaders' API: the list of an event to mark on a phone (those with a seat, the area's resource
nurses who may come without one, and any absence reported), and saving who came. Part of LeaderFunction (included by
leaders/app.py), with its session rules (common/leader_api.py): the network leader marks every event; an area leader the
events of their area, and the people of their area at a network-wide event; a host unit none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from attendance.answers import (
    NOT_YET,
    AreaHoursAnswer,
    AttendanceList,
    HoursAnswer,
    NurseHoursAnswer,
    hours_text,
    number_nb,
)
from attendance.export import hours_export
from attendance.live import attendance_repository, attendances
from attendance.models import GOAL_KINDS, HOURS_GOAL, Presence
from attendance.service import NurseHours, Person, hours_per_nurse
from common import leader_api
from common.access import NETWORK_WIDE, Leader
from common.answers import NamedChoice
from common.audit import AuditEntry
from common.charts import Bar, Chart, bar_chart
from common.errors import BadRequest, CourseNotFound, InvalidInput
from common.formatting import OSLO
from common.http import answer, checked_json
from common.i18n import N_, gettext
from common.validation import reads
from courses.live import course_repository
from courses.models import Course
from exports import files
from roster.live import roster, units

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
GONE = N_("Noen på listen finnes ikke lenger. Last inn siden på nytt.")


def read_presence(fields: dict[str, Any]) -> None:
    """{"present": [person ids]}, or the list the leader saw is out of date."""
    present = fields.get("present")
    if not isinstance(present, list) or not all(isinstance(one, str) for one in present):
        raise BadRequest(N_("Last inn siden på nytt og prøv igjen."))


reads(Presence, read_presence)


def the_course(course_id: str) -> Course:
    course = course_repository().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    return course


def people(signed_in: Leader, course: Course) -> list[Person]:
    """The list the leader may mark (Forbidden outside their scope)."""
    signed_in.require_courses()
    scope = signed_in.registrations_area(course)
    every = leader_api.every_area()
    areas = [scope] if scope else ([course.area] if course.area in every else every)
    entries = roster().in_areas(areas)
    return attendances().people(signed_in, course, course_repository().registrations(course.id), entries, units())


@router.get("/api/leder/kurs/<course_id>/oppmote")
def show_attendance(course_id: str) -> Response[AttendanceList]:
    signed_in = leader_api.current_leader(router.current_event)
    course = the_course(course_id)
    return answer(200, AttendanceList.of(course, people(signed_in, course), leader_api.now()))


@router.post("/api/leder/kurs/<course_id>/oppmote")
def mark_attendance(course_id: str, body: Annotated[Presence, Body()]) -> Response[AttendanceList]:
    """Who came: {"present": [person ids]} from the list the leader saw; everyone else on it did not."""
    signed_in = leader_api.current_leader(router.current_event)
    checked_json(router.current_event)
    present = set(body.present)
    course = the_course(course_id)
    found = people(signed_in, course)
    moment = leader_api.now()
    if moment.astimezone(OSLO).date() < course.start.astimezone(OSLO).date():
        raise InvalidInput(field_errors={"present": gettext(NOT_YET)})
    unknown = present - {person.email_key for person in found}
    if unknown:
        raise InvalidInput(field_errors={"present": gettext(GONE)})
    marks = attendances().mark(signed_in, course, found, present, moment)
    came = sum(1 for mark in marks if mark.present)
    leader_api.audit_log().record(
        AuditEntry(
            at=moment,
            actor=signed_in.username,
            actor_sub=signed_in.sub,
            action="attendance",
            subject=course.id,
            rows=came,
        )
    )
    logger.info("attendance marked", extra={"course_id": course.id, "present": came, "listed": len(marks)})
    return answer(200, AttendanceList.of(course, people(signed_in, course), moment))


# Hours toward the yearly goal ------------------------------------------------------------------------------------


def hours_rows(signed_in: Leader, year: int) -> list[NurseHours]:
    """The hours of the resource nurses the leader sees (one area with ?omrade=), at the year's local meetings."""
    area = leader_api.chosen_area(router.current_event, signed_in)
    areas = [area] if area else signed_in.roster_areas(leader_api.every_area())
    entries = roster().entries(signed_in, leader_api.every_area(), area)
    first = datetime(year, 1, 1, tzinfo=OSLO)
    last = datetime(year, 12, 31, 23, 59, tzinfo=OSLO)
    repository = course_repository()
    events = {
        course.id: course
        for name in [*areas, NETWORK_WIDE]
        for course, _counts in repository.courses_in_area(name, first, last)
        if course.kind in GOAL_KINDS and course.takes_place
    }
    store = attendance_repository()
    marks = [mark for course_id in events for mark in store.attendance(course_id)]
    return hours_per_nurse(entries, marks, events, year, HOURS_GOAL)


def hours_query(year: int, area: str | None) -> str:
    """The query of the hours' file and chart: the year, and the area if one is chosen."""
    return f"ar={year}" + (f"&omrade={area}" if area else "")


@dataclass(frozen=True)
class AreaHours:
    """An area's resource nurses and their hours toward the goal."""

    area: str
    nurses: int
    behind: int
    average: float


def area_hours(rows: list[NurseHours]) -> list[AreaHours]:
    by_area: dict[str, list[NurseHours]] = {}
    for row in rows:
        by_area.setdefault(row.entry.area, []).append(row)
    return [
        AreaHours(
            area=area,
            nurses=len(found),
            behind=sum(1 for row in found if row.behind),
            average=round(sum(row.hours for row in found) / len(found), 1),
        )
        for area, found in by_area.items()
    ]


@router.get("/api/leder/timer")
def list_hours() -> Response[HoursAnswer]:
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    area = leader_api.chosen_area(router.current_event, signed_in)
    rows = hours_rows(signed_in, year)
    names, known = leader_api.area_names(), units()
    return answer(
        200,
        HoursAnswer(
            year=year,
            goal=HOURS_GOAL,
            goal_text=hours_text(HOURS_GOAL),
            area=area,
            choices=[NamedChoice(id=a, name=names.get(a, a)) for a in signed_in.roster_areas(leader_api.every_area())],
            nurses=[
                NurseHoursAnswer(
                    name=row.entry.name,
                    unit_name=known[row.entry.unit].name if row.entry.unit in known else row.entry.unit,
                    area_name=names.get(row.entry.area, row.entry.area),
                    hours=row.hours,
                    hours_text=number_nb(row.hours),
                    behind=row.behind,
                )
                for row in rows
            ],
            areas=[
                AreaHoursAnswer(
                    name=names.get(summary.area, summary.area),
                    nurses=summary.nurses,
                    behind=summary.behind,
                    average=summary.average,
                    average_text=number_nb(summary.average),
                )
                for summary in area_hours(rows)
            ],
            csv_url=f"{leader_api.COOKIE_PATH}/timer.csv?{hours_query(year, area)}",
            chart_url=f"{leader_api.COOKIE_PATH}/timer.svg?{hours_query(year, area)}",
        ),
    )


@router.get("/api/leder/timer.svg")
def hours_chart() -> Response[str]:
    """The average hours of each area's resource nurses against the goal, as a bar chart; the table in the JSON (and
    on the page) has the same figures."""
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    names = leader_api.area_names()
    bars = [
        Bar(
            label=names.get(summary.area, summary.area),
            value=summary.average,
            text=hours_text(summary.average),
            short=summary.average < HOURS_GOAL,
        )
        for summary in area_hours(hours_rows(signed_in, year))
    ]
    chart = Chart(
        id="timer",
        title=gettext(N_("Gjennomsnittlig antall timer på nettverksmøter per område i %(year)s")) % {"year": year},
        bars=bars,
        goal=HOURS_GOAL,
        goal_text=gettext(N_("Mål: %(hours)s")) % {"hours": hours_text(HOURS_GOAL)},
        short_text=gettext(N_("Under målet")) if any(bar.short for bar in bars) else "",
    )
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    svg = bar_chart(chart)
    return Response(status_code=200, content_type="image/svg+xml; charset=utf-8", body=svg, headers=headers)


@router.get("/api/leder/timer.csv")
def export_hours() -> Response[str]:
    signed_in = leader_api.current_leader(router.current_event)
    year = leader_api.chosen_year(router.current_event)
    rows = hours_rows(signed_in, year)
    fmt = files.requested_format(router.current_event)
    exporter = hours_export(units(), leader_api.area_names())
    return files.file_response(files.audited_export(signed_in, f"timer-{year}", exporter.rows(rows), fmt))
