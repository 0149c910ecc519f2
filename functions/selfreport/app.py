"""The self-report's public routes, part of the sign-up function (signup/app.py includes this router): the form
behind a nurse's or a unit leader's one-time link, and its answer. No sign-in: the link is the key. A GET never
changes anything, so a mail scanner that opens the link answers nothing.

JSON in, JSON out; a browser's form post gets the thanks (200), or the form again with a message at each field (422).
A link that is unknown answers 404, used 409 (a kind page: "Du har allerede svart – takk!"), past the closing day
410. Nothing is logged that names the link, the person or what she wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.errors import DomainError, InvalidInput
from common.form_guard import check_form
from common.formatting import OSLO
from common.http import PRIVATE_PAGE, html_response, json_response, link_form_refusal, read_form, wants_json
from common.i18n import gettext

logger = Logger(child=True)
router = APIGatewayHttpRouter()

if TYPE_CHECKING:  # imported where used, so that the sign-up's cold start stays as it was
    from selfreport.models import Invitation, Round
    from selfreport.service import SelfReports


def now() -> datetime:
    return datetime.now(UTC)


def self_reports() -> SelfReports:
    from selfreport import live

    return live.self_reports()


def form_page(
    found: Round, invitation: Invitation, token: str, fields: dict[str, Any], errors: dict[str, str], message: str = ""
) -> str:
    """Her form; a leader's names her units' resource nurses as the roster has them today."""
    from selfreport import pages
    from selfreport.live import nurses_at, unit_names

    nurses = nurses_at(invitation.units, now().astimezone(OSLO).date()) if invitation.role == "leader" else []
    return pages.form_page(found, invitation, token, unit_names(fresh=False), fields, errors, message, nurses)


@router.get("/api/egenrapport/<token>")
def show_form(token: str) -> Response[str]:
    router.append_context(refusal=refusal)
    found, invitation = self_reports().open(token, now())
    if wants_json(router.current_event):
        return json_response(
            200,
            {"status": "open", "year": found.year, "role": invitation.role, "closes_on": found.closes_on.isoformat()},
        )
    return html_response(200, form_page(found, invitation, token, {}, {}), PRIVATE_PAGE)


@router.post("/api/egenrapport/<token>")
def answer(token: str) -> Response[str]:
    router.append_context(refusal=refusal)
    fields = read_form(router.current_event)
    router.append_context(fields=fields)
    from selfreport.forms import validate_answer

    service = self_reports()
    found, invitation = service.open(token, now())  # a dead link says so before the form is read
    answers = validate_answer(invitation.role, fields)
    check_form(fields)
    service.answer(token, answers, now())
    logger.info("self-report answered", extra={"year": found.year, "role": invitation.role})
    if wants_json(router.current_event):
        return json_response(201, {"status": "answered"})
    from selfreport.pages import thanks_page

    return html_response(200, thanks_page(), PRIVATE_PAGE)


def refusal(exc: DomainError) -> Response[str]:
    """A refusal as a page (the sign-up function answers JSON itself): the form again with its errors, or a page that
    says what happened."""
    from selfreport.pages import message_page

    def form_again(invalid: InvalidInput) -> str:
        token = (router.current_event.path_parameters or {}).get("token", "")
        found, invitation = self_reports().open(token, now())
        fields = router.context.get("fields", {})
        return form_page(found, invitation, token, fields, invalid.field_errors, gettext(invalid.message))

    return link_form_refusal(exc, form_again, message_page)
