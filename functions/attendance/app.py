"""Attendance's public route, part of the sign-up function (signup/app.py includes this router): a resource nurse who
cannot come to a local meeting says so, with a reason, before it starts; the area leader sees it on the meeting's
attendance list (attendance/leader_routes.py). JSON in, JSON out; a browser's form post gets the receipt, or the
meeting's page again with a message at each field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.errors import CourseNotFound, DomainError, InvalidInput
from common.form_guard import check_form
from common.http import html_response, json_response, read_form, wants_json
from courses.live import course_for_page, shared_repository

logger = Logger(child=True)
router = APIGatewayHttpRouter()


@router.post("/api/kurs/<course_id>/fravaer")
def report_absence(course_id: str) -> Response[str]:
    fields = read_form(router.current_event)
    router.append_context(refusal=refusal, fields=fields)
    from attendance.forms import validate_absence  # only for this route: the sign-up's cold start stays as it was
    from attendance.live import attendances

    form = validate_absence(fields)
    course = shared_repository().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    check_form(fields)
    attendances().report_absence(course, form, datetime.now(UTC))
    logger.info("absence reported", extra={"course_id": course.id})
    if wants_json(router.current_event):
        return json_response(201, {"status": "absence_reported"})
    from attendance.pages import absence_page

    return html_response(201, absence_page(course))


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page (the sign-up function answers JSON itself): the meeting's page with the form as sent and
    a message at each field, or a page that says what happened."""
    from attendance.pages import absence_form_page
    from courses.pages import message_page

    course_id = (router.current_event.path_parameters or {}).get("course_id", "")
    fields: dict[str, Any] = router.context.get("fields", {})
    course = course_for_page(course_id)
    if course is not None and isinstance(exc, InvalidInput):
        return html_response(exc.status, absence_form_page(course, fields, exc))
    return html_response(exc.status, message_page(exc))
