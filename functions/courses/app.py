"""Course sign-up's public routes, part of the sign-up function (signup/app.py includes this router): the sign-up
(POST /api/kurs/{course_id}/pameldinger), the person's own page behind the secret link, cancelling, and the seats left.

The route turns HTTP into a RegistrationForm and calls the service; nothing else. A browser without JavaScript posts
the form and gets a 303 to the receipt, or the course page again with the errors; JavaScript posts JSON and gets JSON.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel

from common.errors import CourseNotFound, DomainError
from common.form_guard import check_form
from common.http import (
    PRIVATE_PAGE,
    html_response,
    json_response,
    read_form,
    see_other,
    wants_json,
)
from common.i18n import N_, gettext
from common.settings import settings
from common.site import municipality_areas
from courses.forms import validate_registration
from courses.live import course_for_page, shared_repository
from courses.models import RegistrationForm
from courses.service import Repeat, Submission, availability, cancel, find_registration, sign_up

logger = Logger(child=True)
router = APIGatewayHttpRouter()


class SignupRequest(BaseModel):
    """One submission of the sign-up form, as the key of its one result (stored in the sign-up's transaction:
    courses/repository.py): the form token the page's script makes (none without JavaScript) and every answer, so
    that a corrected form is a new submission."""

    course_id: str
    form_token: str
    form: RegistrationForm
    answers: dict[str, str]


@router.post("/api/kurs/<course_id>/pameldinger")
def create_registration(course_id: str) -> Response[str]:
    fields = read_form(router.current_event)
    router.append_context(fields=fields)
    course = shared_repository().get_course(course_id)
    if course is None:
        raise CourseNotFound()
    areas = municipality_areas()
    form, answers = validate_registration(fields, course.questions, areas)
    check_form(fields)
    from common.sealing import request_key, seal, unseal

    token = str(fields.get("form_token", ""))[:64]
    request = SignupRequest(course_id=course_id, form_token=token, form=form, answers=answers)
    submission = Submission(request_key(request), lambda link: seal(link, request), with_token=bool(token))
    answer = sign_up(
        course_id,
        form,
        areas[form.municipality],
        shared_repository(),
        retention_months=settings().retention_months,
        answers=answers,
        submission=submission,
    )
    if isinstance(answer, Repeat):
        status, position = answer.status, answer.position
        url = f"/api/pameldinger/{unseal(answer.sealed_token, request)}" if answer.sealed_token else None
    else:
        status, position = answer.registration.status, answer.registration.position
        url = answer.url
        logger.info("registration stored", extra={"course_id": course_id, "status": status})
    if url is None:  # the same form sent again without the page's token: the link only by email
        return sent_before(status, position)
    if wants_json(router.current_event):
        body = {"status": status, "position": position, "receipt_url": url}
        return json_response(201, body, {"Location": url})
    return see_other(url)


def sent_before(status: str, position: int | None) -> Response[str]:
    """A sign-up stored before, sent again without the page's form token (no JavaScript, or a replay): the answer
    says so, and that the link is in the email; never the link itself."""
    message = gettext(N_("Du er allerede påmeldt. Lenken til påmeldingen din står i e-posten vi sendte deg."))
    if wants_json(router.current_event):
        return json_response(200, {"status": status, "position": position, "receipt_url": None, "message": message})
    from common.templates import render

    page = render("message.html", title=gettext(N_("Påmeldingen er registrert")), message=message, tone="success")
    return html_response(200, page, PRIVATE_PAGE)


@router.get("/api/pameldinger/<token>")
def show_registration(token: str) -> Response[str]:
    """The person's own page behind the secret link: seat or place in line, and the course."""
    course, registration = find_registration(token, shared_repository())
    if wants_json(router.current_event):
        return json_response(
            200, {"course_id": course.id, "status": registration.status, "position": registration.position}
        )
    from courses.pages import receipt_page

    place = shared_repository().place_in_line(registration)
    letters = shared_repository().letters_for(registration)
    return html_response(200, receipt_page(course, registration, place, token, letters), PRIVATE_PAGE)


@router.post("/api/pameldinger/<token>/avmelding")
def cancel_registration(token: str) -> Response[str]:
    """One click cancels; a freed seat goes to the first in line at once."""
    check_form(read_form(router.current_event), min_seconds=0)
    promoted = cancel(token, shared_repository())
    logger.info("registration cancelled", extra={"promoted": len(promoted)})
    if wants_json(router.current_event):
        return json_response(200, {"status": "cancelled"})
    return see_other(f"/api/pameldinger/{token}")


SEATS_MAX_AGE = 15  # seconds a browser or CloudFront may reuse the answer


@router.get("/api/kurs/<course_id>/plasser")
def get_availability(course_id: str) -> Response[str]:
    seats = availability(course_id, shared_repository())
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


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page (the sign-up function answers JSON itself): the course page with the form as sent and a
    message at each field for a sign-up, a message page for anything else."""
    from courses.pages import course_page, message_page  # Jinja2 only when a page is rendered

    event = router.current_event
    course = course_for_page((event.path_parameters or {}).get("course_id", ""))
    if course is None or event.request_context.http.method != "POST":
        return html_response(exc.status, message_page(exc))
    return html_response(exc.status, course_page(course, router.context.get("fields", {}), exc))
