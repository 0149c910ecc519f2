"""Course sign-up: POST /api/kurs/{course_id}/pameldinger.

The route turns HTTP into a RegistrationForm and calls the service; nothing else. A browser without JavaScript posts
the form and gets a 303 to the receipt, or the course page again with the errors; JavaScript posts JSON and gets JSON.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from common.aws import dynamodb, is_transient
from common.errors import CourseNotFound, DomainError, InvalidInput
from common.http import (
    PRIVATE_PAGE,
    answer_errors,
    error_json,
    html_response,
    json_response,
    read_form,
    see_other,
    wants_json,
)
from common.i18n import N_, gettext
from common.mail import mailer
from common.settings import settings
from common.site import municipality_areas
from courses.forms import validate_registration
from courses.models import RegistrationForm
from courses.repository import DynamoCourseRepository
from courses.service import availability, cancel, find_registration, sign_up
from evaluations import app as evaluation_routes

logger = Logger()
app = APIGatewayHttpResolver()
app.include_router(evaluation_routes.router)  # a course's evaluation behind a participant's link: evaluations/app.py
_repository: DynamoCourseRepository | None = None


def repository() -> DynamoCourseRepository:
    """One per container, made on first use so that a cold start does not pay for it."""
    global _repository
    if _repository is None:
        config = settings()
        _repository = DynamoCourseRepository(dynamodb(), config.table_name, config.course_cache_seconds)
    return _repository


class SignupRequest(BaseModel):
    """One submission of the sign-up form, as the key of its one result: the form token the page's script makes
    (none without JavaScript) and every answer, so that a corrected form is a new submission."""

    course_id: str
    form_token: str
    form: RegistrationForm
    answers: dict[str, str]


class SignupResult(BaseModel):
    """What is kept of a sign-up's answer to give it again: no personal data, the secret link sealed."""

    status: str
    position: int | None
    sealed_token: str


@app.post("/api/kurs/<course_id>/pameldinger")
def create_registration(course_id: str) -> Response[str]:
    fields = read_form(app.current_event)
    app.append_context(fields=fields)
    course = repository().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    areas = municipality_areas()
    form, answers = validate_registration(fields, course.questions, areas)
    from common.idempotency import once, register_lambda_context, seal, unseal  # for sign-ups only: cold start

    register_lambda_context(app.lambda_context)
    token = str(fields.get("form_token", ""))[:64]
    request = SignupRequest(course_id=course_id, form_token=token, form=form, answers=answers)

    def store() -> SignupResult:
        receipt = sign_up(
            course_id,
            form,
            areas[form.municipality],
            repository(),
            mailer(),
            retention_months=settings().retention_months,
            answers=answers,
        )
        stored = receipt.registration
        logger.info("registration stored", extra={"course_id": course_id, "status": stored.status})
        return SignupResult(status=stored.status, position=stored.position, sealed_token=seal(receipt.token, request))

    result = once(request, store, SignupResult)
    url = f"/api/pameldinger/{unseal(result.sealed_token, request)}"
    if wants_json(app.current_event):
        body = {"status": result.status, "position": result.position, "receipt_url": url}
        return json_response(201, body, {"Location": url})
    return see_other(url)


@app.get("/api/pameldinger/<token>")
def show_registration(token: str) -> Response[str]:
    """The person's own page behind the secret link: seat or place in line, and the course."""
    course, registration = find_registration(token, repository())
    if wants_json(app.current_event):
        return json_response(
            200, {"course_id": course.id, "status": registration.status, "position": registration.position}
        )
    from courses.pages import receipt_page

    place = repository().place_in_line(registration)
    return html_response(200, receipt_page(course, registration, place, token), PRIVATE_PAGE)


@app.post("/api/pameldinger/<token>/avmelding")
def cancel_registration(token: str) -> Response[str]:
    """One click cancels; a freed seat goes to the first in line at once."""
    promoted = cancel(token, repository(), mailer())
    logger.info("registration cancelled", extra={"promoted": len(promoted)})
    if wants_json(app.current_event):
        return json_response(200, {"status": "cancelled"})
    return see_other(f"/api/pameldinger/{token}")


@app.post("/api/kurs/<course_id>/fravaer")
def report_absence(course_id: str) -> Response[str]:
    """A resource nurse who cannot come to a local meeting says so, with a reason, before it starts; the area
    leader sees it on the meeting's attendance list (functions/attendance/)."""
    fields = read_form(app.current_event)
    app.append_context(page="absence", fields=fields)
    from attendance.forms import validate_absence  # only for this route: the sign-up's cold start stays as it was
    from attendance.repository import DynamoAttendanceRepository
    from attendance.service import Attendances

    form = validate_absence(fields)
    course = repository().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    attendances = Attendances(DynamoAttendanceRepository(dynamodb(), settings().table_name))
    attendances.report_absence(course, form, datetime.now(UTC))
    logger.info("absence reported", extra={"course_id": course.id})
    if wants_json(app.current_event):
        return json_response(201, {"status": "absence_reported"})
    from courses.pages import absence_page

    return html_response(201, absence_page(course))


SEATS_MAX_AGE = 15  # seconds a browser or CloudFront may reuse the answer


@app.get("/api/kurs/<course_id>/plasser")
def get_availability(course_id: str) -> Response[str]:
    seats = availability(course_id, repository())
    if not seats.open:
        text = gettext(N_("Påmeldingen er stengt."))
    elif seats.available == 0:
        text = gettext(N_("Fullt: nye påmeldinger kommer på venteliste."))
    else:
        text = gettext(N_("%(available)s av %(capacity)s plasser ledige")) % {
            "available": seats.available,
            "capacity": seats.capacity,
        }
    body = {"capacity": seats.capacity, "available": seats.available, "open": seats.open, "text": text}
    return json_response(200, body, {"Cache-Control": f"public, max-age={SEATS_MAX_AGE}"})


def error_response(exc: DomainError) -> Response[str]:
    """The refusal as JSON for scripts, or as a page: the course page with the form as sent for a sign-up or an
    absence with errors at its fields, a message page for anything else."""
    event = app.current_event
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    if wants_json(event):
        return error_json(exc)
    if app.context.get("page") == evaluation_routes.PAGE:
        return evaluation_routes.refusal(exc)
    from courses.pages import absence_form_page, course_page, message_page  # Jinja2 only when a page is rendered

    course_id = (event.path_parameters or {}).get("course_id", "")
    fields: dict[str, Any] = app.context.get("fields", {})
    try:
        course = repository().get_course(course_id) if course_id else None
    except (ClientError, BotoCoreError) as failed:  # DynamoDB busy or away: no page to render the form on
        if not is_transient(failed):
            raise
        course = None
    if course is None or event.request_context.http.method != "POST":
        return html_response(exc.status, message_page(exc))
    if app.context.get("page") == "absence":
        if isinstance(exc, InvalidInput):
            return html_response(exc.status, absence_form_page(course, fields, exc))
        return html_response(exc.status, message_page(exc))
    return html_response(exc.status, course_page(course, fields, exc))


answer_errors(app, error_response, logger)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
