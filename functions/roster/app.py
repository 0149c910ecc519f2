"""The roster's public side, no sign-in: a unit leader's change report (new resource nurse, leaving, replacement,
changed contact details), and the public page with the counts per area.

The form works without JavaScript: a POST answers 303 to the receipt page, or the page again with a message at each
field. The report waits for the area or network leader's approval in the leaders' area (roster/leader_routes.py).
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
    answer_errors,
    error_json,
    html_response,
    json_response,
    read_form,
    see_other,
    through_cloudfront,
    wants_json,
)
from common.logs import function_logger, types_only
from common.site import network
from roster import pages
from roster.coverage import coverage
from roster.forms import validate_change_report
from roster.live import offered_units, roster
from roster.models import ChangeReportForm

logger = function_logger()
app = APIGatewayHttpResolver()
PUBLIC_PAGE_CACHE = {"Cache-Control": "public, max-age=300"}


def now() -> datetime:
    return datetime.now(UTC)


class SubmissionKey(BaseModel):
    """One submission of the change report form, as the key of its one result (see common/idempotency.py)."""

    form_token: str
    form: ChangeReportForm


class SubmissionResult(BaseModel):
    report_id: str


@app.post("/api/endringsmeldinger")
def submit() -> Response[str]:
    fields = read_form(app.current_event)
    app.append_context(fields=fields)
    offered = offered_units()
    if str(fields.get("unit", "")) not in offered:  # perhaps added in the last seconds: read them afresh
        offered = offered_units(fresh=True)
    form = validate_change_report(fields, offered, now().astimezone(OSLO).date())
    check_form(fields)
    from common.idempotency import once, register_lambda_context

    register_lambda_context(app.lambda_context)
    key = SubmissionKey(form_token=str(fields.get("form_token", ""))[:64], form=form)

    def store() -> SubmissionResult:
        report = roster(fresh=False).submit(form, now())
        logger.info("change report received", extra={"report_id": report.id, "kind": report.kind})
        return SubmissionResult(report_id=report.id)

    result = once(key, store, SubmissionResult)
    if wants_json(app.current_event):
        body = {"status": "pending", "report_id": result.report_id, "receipt_url": pages.RECEIPT_PATH}
        return json_response(201, body, {"Location": pages.RECEIPT_PATH})
    return see_other(pages.RECEIPT_PATH)


@app.get("/api/ressurssykepleiere")
def public_roster() -> Response[str]:
    """Counts per area, and the names of those who agreed to be listed. Nothing else about anybody."""
    service = roster(fresh=False)
    areas = {area["id"]: area["name"] for area in network()["areas"]}
    entries = service.in_areas(areas)
    today = now().astimezone(OSLO).date()
    rows = coverage(service.units, entries, areas, today)
    listed = [entry for entry in entries if entry.listed and entry.active(today)]
    if wants_json(app.current_event):
        body = {
            "areas": [
                {"id": r.area, "name": r.name, "units": r.units, "covered": r.covered, "nurses": r.nurses} for r in rows
            ]
        }
        return json_response(200, body, PUBLIC_PAGE_CACHE)
    return html_response(200, pages.public_page(rows, listed, today, service.units), PUBLIC_PAGE_CACHE)


def error_response(exc: DomainError) -> Response[str]:
    """JSON for scripts; for a browser, the form again with the messages at its fields, or a page that says what
    happened and what to do."""
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    if wants_json(app.current_event):
        return error_json(exc)
    if isinstance(exc, InvalidInput) and "fields" in app.context:
        return html_response(exc.status, pages.change_page(app.context["fields"], exc, offered_units()))
    return html_response(exc.status, pages.message_page(exc))


answer_errors(app, error_response, logger)


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
@through_cloudfront
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    answer: dict[str, Any] = app.resolve(event, context)
    return answer
