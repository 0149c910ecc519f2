"""Attendance in the leaders' API: the list of an event to mark on a phone (those with a seat, the area's resource
nurses who may come without one, and any absence reported), and saving who came. Part of LeaderFunction (included by
leaders/app.py), with its session rules (leaders/web.py): the network leader marks every event; an area leader the
events of their area, and the people of their area at a network-wide event; a host unit none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from attendance.models import SOURCE_LABELS, event_hours
from attendance.repository import DynamoAttendanceRepository
from attendance.service import Attendances, Person
from common.audit import AuditEntry
from common.aws import dynamodb
from common.errors import BadRequest, CourseNotFound, InvalidInput
from common.formatting import OSLO, date_nb, time_nb
from common.http import json_response, read_form
from common.i18n import N_, gettext
from common.settings import settings
from courses.models import Course
from courses.repository import DynamoCourseRepository
from leaders import web
from leaders.access import Leader
from leaders.roster import roster
from roster.models import units
from roster.service import area_contacts

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
GONE = N_("Noen på listen finnes ikke lenger. Last inn siden på nytt.")
NOT_YET = N_("Oppmøtet kan registreres fra dagen møtet eller kurset begynner.")


def attendances() -> Attendances:
    return Attendances(DynamoAttendanceRepository(dynamodb(), settings().table_name))


def courses() -> DynamoCourseRepository:
    return DynamoCourseRepository(dynamodb(), settings().table_name, cache_seconds=0)


def the_course(course_id: str) -> Course:
    course = courses().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    return course


def people(signed_in: Leader, course: Course) -> list[Person]:
    """The list the leader may mark (Forbidden outside their scope)."""
    signed_in.require_courses()
    scope = signed_in.registrations_area(course)
    areas = [scope] if scope else ([course.area] if course.area in area_contacts() else list(area_contacts()))
    entries = roster().in_areas(areas)
    return attendances().people(signed_in, course, courses().registrations(course.id), entries, units())


def person_json(person: Person) -> dict[str, Any]:
    return {
        "id": person.email_key,
        "name": person.name,
        "workplace": person.workplace,
        "area_name": web.area_names().get(person.area, person.area),
        "source": person.source,
        "source_label": gettext(SOURCE_LABELS[person.source]),
        "present": person.present,
        "absence": person.absence,
    }


def list_json(course: Course, found: list[Person], now: datetime) -> dict[str, Any]:
    start = course.start.astimezone(OSLO)
    return {
        "course": {
            "id": course.id,
            "title": course.title,
            "date_text": f"{date_nb(start)} kl. {time_nb(start)}",
            "hours": event_hours(course),
        },
        "people": [person_json(person) for person in found],
        "present": sum(1 for person in found if person.present),
        "can_mark": now.astimezone(OSLO).date() >= start.date(),
        "url": f"{web.COOKIE_PATH}/kurs/{course.id}/oppmote",
    }


@router.get("/api/leder/kurs/<course_id>/oppmote")
def show_attendance(course_id: str) -> Response[str]:
    signed_in = web.current_leader(router.current_event)
    course = the_course(course_id)
    return json_response(200, list_json(course, people(signed_in, course), web.now()))


@router.post("/api/leder/kurs/<course_id>/oppmote")
def mark_attendance(course_id: str) -> Response[str]:
    """Who came: {"present": [person ids]} from the list the leader saw; everyone else on it did not."""
    signed_in = web.current_leader(router.current_event)
    fields = read_form(router.current_event)
    present = fields.get("present")
    if not isinstance(present, list) or not all(isinstance(one, str) for one in present):
        raise BadRequest(N_("Last inn siden på nytt og prøv igjen."))
    course = the_course(course_id)
    found = people(signed_in, course)
    moment = web.now()
    if moment.astimezone(OSLO).date() < course.start.astimezone(OSLO).date():
        raise InvalidInput(field_errors={"present": gettext(NOT_YET)})
    unknown = set(present) - {person.email_key for person in found}
    if unknown:
        raise InvalidInput(field_errors={"present": gettext(GONE)})
    marks = attendances().mark(signed_in, course, found, set(present), moment)
    came = sum(1 for mark in marks if mark.present)
    web.audit_log().record(
        AuditEntry(at=moment, actor=signed_in.username, action="attendance", subject=course.id, rows=came)
    )
    logger.info("attendance marked", extra={"course_id": course.id, "present": came, "listed": len(marks)})
    return json_response(200, list_json(course, people(signed_in, course), moment))
