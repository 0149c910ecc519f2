"""Courses in the leaders' API: the courses and meetings in a leader's scope with their seats and waiting lists,
a course's participants, and the registrations as CSV (one course, or every course in a period). Part of
LeaderFunction (leaders/app.py includes this router); the rules are common/access.py's: the network leader sees every
course, an area leader their area's and the network-wide ones (with their own area's people only), a host unit none.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.formatting import OSLO, date_nb, time_nb
from common.http import json_response
from common.i18n import gettext
from common.leader_api import COOKIE_PATH, area_names, audit_log, current_leader, every_area, now
from courses import leader_service as service
from courses.leader_service import CourseOverview, Period
from courses.live import course_repository
from courses.models import EVALUATED_KINDS, REGISTRATION_STATUS_LABELS, ROLE_LABELS, Course, Registration
from exports.files import file_response, requested_format

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def period_from_query() -> Period:
    query = router.current_event.query_string_parameters or {}
    return Period.parse(query.get("fra"), query.get("til"), now().astimezone(OSLO).date())


@router.get("/api/leder/kurs")
def list_courses() -> Response[str]:
    leader = signed_in_leader()
    period = period_from_query()
    found = service.courses(leader, course_repository(), every_area(), period)
    span = f"fra={period.first.isoformat()}&til={period.last.isoformat()}"
    return json_response(
        200,
        {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "courses": [course_json(overview) for overview in found],
            "period_csv_url": f"{COOKIE_PATH}/pameldinger.csv?{span}",
            "period_csv_comma_url": f"{COOKIE_PATH}/pameldinger.csv?{span}&format=komma",
        },
    )


def dates_text(course: Course) -> str:
    first, last = course.start.astimezone(OSLO).date(), course.end.astimezone(OSLO).date()
    return date_nb(first) if first == last else f"{date_nb(first)} – {date_nb(last)}"


def course_json(overview: CourseOverview) -> dict[str, Any]:
    course, counts = overview.course, overview.counts
    base = f"{COOKIE_PATH}/kurs/{course.id}/pameldinger"
    return {
        "id": course.id,
        "title": course.title,
        "kind_label": gettext(course.kind_label),
        "start": course.start.isoformat(),
        "date_text": dates_text(course),
        "area": course.area,
        "area_name": area_names().get(course.area, course.area),
        "capacity": course.capacity,
        "confirmed": counts.confirmed,
        "waiting": counts.waiting,
        "participants_url": base,
        "csv_url": f"{base}.csv",
        "csv_comma_url": f"{base}.csv?format=komma",
        "attendance_url": f"{COOKIE_PATH}/kurs/{course.id}/oppmote",
        "ended": course.end <= now(),
        # the evaluation's results, once the course has ended and if it is one that is evaluated
        "evaluation_url": f"{COOKIE_PATH}/kurs/{course.id}/evaluering"
        if course.kind in EVALUATED_KINDS and course.end <= now()
        else None,
    }


def registration_json(registration: Registration) -> dict[str, Any]:
    created = registration.created_at.astimezone(OSLO)
    return {
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "workplace": registration.workplace,
        "municipality": registration.municipality,
        "area_name": area_names().get(registration.area, registration.area),
        "role_label": gettext(ROLE_LABELS[registration.role]),
        "status": registration.status,
        "status_label": gettext(REGISTRATION_STATUS_LABELS[registration.status]),
        "position": registration.position,
        "created_text": f"{date_nb(created)} kl. {time_nb(created)}",
    }


@router.get("/api/leder/kurs/<course_id>/pameldinger")
def list_participants(course_id: str) -> Response[str]:
    leader = signed_in_leader()
    overview, registrations = service.participants(leader, course_id, course_repository())
    body = {"course": course_json(overview), "registrations": [registration_json(r) for r in registrations]}
    return json_response(200, body)


@router.get("/api/leder/kurs/<course_id>/pameldinger.csv")
def export_course(course_id: str) -> Response[str]:
    leader = signed_in_leader()
    export = service.export_course(
        leader, course_id, requested_format(router.current_event), course_repository(), audit_log(), area_names(), now()
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)


@router.get("/api/leder/pameldinger.csv")
def export_period() -> Response[str]:
    leader = signed_in_leader()
    export = service.export_period(
        leader,
        period_from_query(),
        requested_format(router.current_event),
        course_repository(),
        audit_log(),
        every_area(),
        area_names(),
        now(),
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)
