"""Course evaluations' public routes, part of the sign-up function (signup/app.py includes this router): the form
behind a participant's one-time link, and its answer. No sign-in: the link is the key. A GET never changes anything,
so a mail scanner that opens the link answers nothing.

JSON in, JSON out; a browser's form post gets the thanks (200), or the form again with a message at each field (422).
A link that is unknown answers 404, used 409 (a kind page: "Du har allerede svart – takk!"), past its deadline 410.
Nothing is logged that names the link, the person or what they wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.errors import DomainError, InvalidInput
from common.form_guard import check_form
from common.http import PRIVATE_PAGE, html_response, json_response, link_form_refusal, read_form, wants_json
from common.i18n import gettext

logger = Logger(child=True)
router = APIGatewayHttpRouter()

if TYPE_CHECKING:  # imported where used, so that the sign-up's cold start stays as it was
    from evaluations.service import Evaluations


def now() -> datetime:
    return datetime.now(UTC)


def evaluations() -> Evaluations:
    from courses.live import shared_repository
    from evaluations import live

    return live.evaluations(shared_repository())


@router.get("/api/evaluering/<token>")
def show_form(token: str) -> Response[str]:
    router.append_context(refusal=refusal)
    course, _link = evaluations().open(token, now())
    if wants_json(router.current_event):
        from evaluations.models import closes_at

        return json_response(
            200, {"status": "open", "course": course.title, "closes_at": closes_at(course).isoformat()}
        )
    from evaluations.pages import form_page

    return html_response(200, form_page(course, token, {}, {}), PRIVATE_PAGE)


@router.post("/api/evaluering/<token>")
def answer(token: str) -> Response[str]:
    router.append_context(refusal=refusal)
    fields = read_form(router.current_event)
    router.append_context(fields=fields)
    from evaluations.forms import validate_evaluation

    service = evaluations()
    course, _link = service.open(token, now())  # a dead link says so before the form is read
    answers = validate_evaluation(fields)
    check_form(fields)
    service.answer(token, answers, now())
    logger.info("evaluation answered", extra={"course_id": course.id})
    if wants_json(router.current_event):
        return json_response(201, {"status": "answered"})
    from evaluations.pages import thanks_page

    return html_response(200, thanks_page(), PRIVATE_PAGE)


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page (the sign-up function answers JSON itself): the form again with its errors, or a page that
    says what happened."""
    from evaluations.pages import form_page, message_page

    def form_again(invalid: InvalidInput) -> str:
        token = (router.current_event.path_parameters or {}).get("token", "")
        course, _link = evaluations().open(token, now())
        fields = router.context.get("fields", {})
        return form_page(course, token, fields, invalid.field_errors, gettext(invalid.message))

    return link_form_refusal(exc, form_again, message_page)
