"""Courses in the leaders' API: the courses and meetings in a leader's scope with their seats and waiting lists,
a course's participants, and the registrations as CSV (one course, or every course in a period). Part of
LeaderFunction (leaders/app.py includes this router); the rules are common/access.py's: the network leader sees every
course, an area leader their area's and the network-wide ones (with their own area's people only), a host unit none.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.formatting import OSLO
from common.http import answer
from common.leader_api import COOKIE_PATH, area_names, audit_log, current_leader, every_area, now
from courses import leader_service as service
from courses.answers import CourseAnswer, CourseList, Participants, RegistrationAnswer
from courses.leader_service import Period
from courses.live import course_repository
from exports.files import file_response, requested_format

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def period_from_query() -> Period:
    query = router.current_event.query_string_parameters or {}
    return Period.parse(query.get("fra"), query.get("til"), now().astimezone(OSLO).date())


@router.get("/api/leder/kurs")
def list_courses() -> Response[CourseList]:
    leader = signed_in_leader()
    period = period_from_query()
    found = service.courses(leader, course_repository(), every_area(), period)
    span = f"fra={period.first.isoformat()}&til={period.last.isoformat()}"
    return answer(
        200,
        CourseList(
            first=period.first.isoformat(),
            to=period.last.isoformat(),
            courses=[CourseAnswer.of(overview) for overview in found],
            period_csv_url=f"{COOKIE_PATH}/pameldinger.csv?{span}",
            period_csv_comma_url=f"{COOKIE_PATH}/pameldinger.csv?{span}&format=komma",
        ),
    )


@router.get("/api/leder/kurs/<course_id>/pameldinger")
def list_participants(course_id: str) -> Response[Participants]:
    leader = signed_in_leader()
    overview, registrations = service.participants(leader, course_id, course_repository())
    body = Participants(
        course=CourseAnswer.of(overview), registrations=[RegistrationAnswer.of(r) for r in registrations]
    )
    return answer(200, body)


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
