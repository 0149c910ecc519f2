"""Hospitation for nurses and their leaders, no sign-in: the request form's POST, the nurse's own page behind a secret
link (status, withdraw, evaluation, erasure), and the nearest leader's consent behind a one-time link.

Forms work without JavaScript: a POST answers 303 to a page, or the page again with a message at each field. A GET
never changes anything, so a mail scanner that opens the links answers nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from common.errors import DomainError, InvalidInput
from common.form_guard import check_form
from common.formatting import OSLO
from common.http import (
    PRIVATE_PAGE,
    answer_errors,
    error_json,
    html_response,
    json_response,
    read_form,
    see_other,
    through_cloudfront,
    wants_json,
)
from common.i18n import gettext
from common.logs import function_logger, types_only
from common.site import municipality_areas
from hospitation import pages
from hospitation.forms import validate_consent, validate_evaluation, validate_request
from hospitation.live import host_units, offered_host_units, workflow
from hospitation.models import HospitationForm, status_path

logger = function_logger()
app = APIGatewayHttpResolver()


def now() -> datetime:
    return datetime.now(UTC)


class SubmissionKey(BaseModel):
    """One submission of the request form, as the key of its one result (see common/idempotency.py)."""

    form_token: str
    form: HospitationForm


class SubmissionResult(BaseModel):
    status: str
    sealed_token: str


@app.post("/api/hospitering")
def submit() -> Response[str]:
    fields = read_form(app.current_event)
    app.append_context(fields=fields, page="request")
    areas = municipality_areas()
    offered = offered_host_units()
    if str(fields.get("host_unit", "")) not in offered:  # perhaps added in the last seconds: read them afresh
        offered = offered_host_units(fresh=True)
    form, wishes = validate_request(fields, areas, offered, now().astimezone(OSLO).date())
    check_form(fields)
    from common.idempotency import once, register_lambda_context, seal, unseal

    register_lambda_context(app.lambda_context)
    key = SubmissionKey(form_token=str(fields.get("form_token", ""))[:64], form=form)

    def store() -> SubmissionResult:
        submitted = workflow(fresh=False).submit(form, wishes, areas[form.municipality], now())
        logger.info("hospitation requested", extra={"request_id": submitted.request.id})
        return SubmissionResult(status=submitted.request.status, sealed_token=seal(submitted.token, key))

    result = once(key, store, SubmissionResult)
    url = status_path(unseal(result.sealed_token, key))
    if wants_json(app.current_event):
        return json_response(201, {"status": result.status, "receipt_url": url}, {"Location": url})
    return see_other(url)


@app.get("/api/hospitering/<token>")
def show(token: str) -> Response[str]:
    request = workflow(fresh=False).by_status_link(token)
    if wants_json(app.current_event):
        return json_response(200, {"status": request.status, "version": request.version})
    return html_response(200, pages.status_page(request, token, now(), host_units(fresh=False)), PRIVATE_PAGE)


@app.post("/api/hospitering/<token>/trekk")
def withdraw(token: str) -> Response[str]:
    check_form(read_form(app.current_event), min_seconds=0)
    request = workflow(fresh=False).withdraw(token, now())
    logger.info("hospitation withdrawn", extra={"request_id": request.id})
    if wants_json(app.current_event):
        return json_response(200, {"status": request.status})
    return see_other(status_path(token))


@app.post("/api/hospitering/<token>/evaluering")
def evaluate(token: str) -> Response[str]:
    fields = read_form(app.current_event)
    app.append_context(fields=fields, page="evaluation")
    flow = workflow(fresh=False)
    flow.evaluation_open(token)  # a bad link, or an evaluation sent already or not asked for yet, before the form
    evaluation = validate_evaluation(fields)
    check_form(fields)
    request = flow.evaluate(token, evaluation, now())
    logger.info("hospitation evaluated", extra={"request_id": request.id})
    if wants_json(app.current_event):
        return json_response(200, {"status": request.status})
    return see_other(status_path(token))


@app.post("/api/hospitering/<token>/sletting")
def erase(token: str) -> Response[str]:
    check_form(read_form(app.current_event), min_seconds=0)
    workflow(fresh=False).erase_own(token)
    logger.info("hospitation erased by the nurse")
    if wants_json(app.current_event):
        return json_response(200, {"status": "erased"})
    return html_response(200, pages.erased_page(), PRIVATE_PAGE)


@app.get("/api/samtykke/<token>")
def consent_form(token: str) -> Response[str]:
    request, _link = workflow(fresh=False).consent_request(token, now())
    if wants_json(app.current_event):
        return json_response(200, {"status": request.status})
    return html_response(200, pages.consent_page(request, token, {}, {}, host_units(fresh=False)), PRIVATE_PAGE)


@app.post("/api/samtykke/<token>")
def consent(token: str) -> Response[str]:
    fields = read_form(app.current_event)
    app.append_context(fields=fields, page="consent")
    flow = workflow(fresh=False)
    flow.consent_request(token, now())  # a dead link says so before the form is read
    decision = validate_consent(fields)
    check_form(fields)
    request = flow.answer_consent(token, decision, now())
    logger.info("hospitation consent answered", extra={"request_id": request.id, "status": request.status})
    if wants_json(app.current_event):
        return json_response(200, {"status": request.status})
    return html_response(200, pages.consent_answered_page(request), PRIVATE_PAGE)


def error_response(exc: DomainError) -> Response[str]:
    """JSON for scripts; for a browser, the form again with the messages at its fields, or a page that says what
    happened and what to do."""
    event = app.current_event
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    if wants_json(event):
        return error_json(exc)
    fields: dict[str, Any] = app.context.get("fields", {})
    page = app.context.get("page")
    token = (event.path_parameters or {}).get("token", "")
    if isinstance(exc, InvalidInput) and page == "request":
        return html_response(exc.status, pages.request_page(fields, exc, offered_host_units()))
    if isinstance(exc, InvalidInput) and page == "consent":
        request, _link = workflow(fresh=False).consent_request(token, now())
        return html_response(
            exc.status,
            pages.consent_page(request, token, fields, exc.field_errors, host_units(fresh=False), gettext(exc.message)),
            PRIVATE_PAGE,
        )
    if isinstance(exc, InvalidInput) and page == "evaluation":
        request = workflow(fresh=False).by_status_link(token)
        page_html = pages.status_page(
            request, token, now(), host_units(fresh=False), fields, exc.field_errors, gettext(exc.message)
        )
        return html_response(exc.status, page_html, PRIVATE_PAGE)
    return html_response(exc.status, pages.message_page(exc), PRIVATE_PAGE)


answer_errors(app, error_response, logger)


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
@through_cloudfront
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    answer: dict[str, Any] = app.resolve(event, context)
    return answer
