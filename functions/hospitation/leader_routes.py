"""Hospitation in the leaders' API: the requests in a leader's scope, one request in full, the host's dates or no,
erasure, and the requests and the nurses' evaluations as CSV. Part of LeaderFunction (leaders/app.py includes this
router); the rules are common/access.py's: the network leader sees and answers all, an area leader the requests of
their area's nurses and, once consented, those to their area's host units, a host unit (vertsenhet) its own.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.errors import InvalidInput
from common.formatting import OSLO, date_nb
from common.http import json_response, read_form
from common.i18n import N_, gettext
from common.leader_api import COOKIE_PATH, area_names, audit_log, current_leader, every_area, now, read_version
from common.person import RECOMMEND_LABELS
from exports.files import audited_export, file_response, requested_format
from hospitation.emails import days_text, wishes_text
from hospitation.export import evaluation_export, hospitation_export
from hospitation.forms import validate_decline, validate_host_answer
from hospitation.live import workflow
from hospitation.models import HOSPITATION_STATUS_LABELS, Hospitation, host_units

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def unit_names() -> dict[str, str]:
    return {unit.id: unit.name for unit in host_units().values()}


def hospitation_filters() -> tuple[str | None, str | None]:
    query = router.current_event.query_string_parameters or {}
    status, unit = query.get("status") or None, query.get("enhet") or None
    errors = {}
    if status is not None and status not in HOSPITATION_STATUS_LABELS:
        errors["status"] = gettext(N_("Velg en status fra listen."))
    if unit is not None and unit not in host_units():
        errors["enhet"] = gettext(N_("Velg en vertsenhet fra listen."))
    if errors:
        raise InvalidInput(field_errors=errors)
    return status, unit


def hospitation_json(request: Hospitation, leader: Leader, full: bool = False) -> dict[str, Any]:
    today = now().astimezone(OSLO).date()
    answerable = request.status == "awaiting_host" or (
        request.status == "confirmed" and request.first_day is not None and today < request.first_day
    )
    body: dict[str, Any] = {
        "id": request.id,
        "version": request.version,
        "status": request.status,
        "status_label": gettext(HOSPITATION_STATUS_LABELS[request.status]),
        "name": request.name,
        "workplace": request.workplace,
        "area_name": area_names().get(request.area, request.area),
        "host_unit": request.host_unit,
        "host_unit_name": unit_names().get(request.host_unit, request.host_unit),
        "created_text": date_nb(request.created_at),
        "wishes": [{"first": w.first.isoformat(), "last": w.last.isoformat()} for w in request.wishes],
        "wishes_text": wishes_text(request),
        "days_text": days_text(request),
        "can_answer": leader.answers_for_host(request) and answerable,
        "can_decline": leader.answers_for_host(request) and request.status == "awaiting_host",
        "can_erase": leader.role == "nettverksleder",
        "url": f"{COOKIE_PATH}/hospiteringer/{request.id}",
    }
    if full:
        body |= {
            "email": request.email,
            "phone": request.phone,
            "municipality": request.municipality,
            "leader_name": request.leader_name,
            "leader_email": request.leader_email,
            "goals": request.goals,
            "first_day": request.first_day.isoformat() if request.first_day else None,
            "last_day": request.last_day.isoformat() if request.last_day else None,
            "meeting_time": request.meeting_time,
            "host_message": request.host_message,
            "decline_reason": request.decline_reason,
            "learned": request.learned,
            "recommend_label": gettext(RECOMMEND_LABELS[request.recommend]) if request.recommend else None,
            "change": request.change,
        }
    return body


@router.get("/api/leder/hospiteringer")
def list_hospitations() -> Response[str]:
    leader = signed_in_leader()
    status, unit = hospitation_filters()
    found = workflow().visible(leader, every_area(), status, unit)
    units = host_units()
    if leader.role == "vertsenhet":
        choices = [units[str(leader.unit)]] if leader.unit in units else []
    else:
        choices = list(units.values())
    return json_response(
        200,
        {
            "requests": [hospitation_json(request, leader) for request in found],
            "statuses": [{"id": k, "label": gettext(v)} for k, v in HOSPITATION_STATUS_LABELS.items()],
            "units": [{"id": u.id, "name": u.name} for u in choices],
            "csv_url": f"{COOKIE_PATH}/hospiteringer.csv",
            "evaluations_csv_url": f"{COOKIE_PATH}/hospitering-evalueringer.csv",
        },
    )


@router.get("/api/leder/hospiteringer/<request_id>")
def show_hospitation(request_id: str) -> Response[str]:
    leader = signed_in_leader()
    return json_response(200, hospitation_json(workflow().one(leader, request_id), leader, full=True))


@router.post("/api/leder/hospiteringer/<request_id>/bekreft")
def confirm_hospitation(request_id: str) -> Response[str]:
    leader = signed_in_leader()
    fields = read_form(router.current_event)
    answer = validate_host_answer(fields, now().astimezone(OSLO).date())
    stored = workflow().confirm(leader, request_id, read_version(fields), answer, audit_log(), now())
    logger.info("hospitation confirmed", extra={"request_id": request_id})
    return json_response(200, hospitation_json(stored, leader, full=True))


@router.post("/api/leder/hospiteringer/<request_id>/avslag")
def decline_hospitation(request_id: str) -> Response[str]:
    leader = signed_in_leader()
    fields = read_form(router.current_event)
    reason = validate_decline(fields).reason
    stored = workflow().decline(leader, request_id, read_version(fields), reason, audit_log(), now())
    logger.info("hospitation declined by host", extra={"request_id": request_id})
    return json_response(200, hospitation_json(stored, leader, full=True))


@router.post("/api/leder/hospiteringer/<request_id>/sletting")
def erase_hospitation(request_id: str) -> Response[str]:
    leader = signed_in_leader()
    workflow().erase(leader, request_id, audit_log(), now())
    logger.info("hospitation erased", extra={"request_id": request_id})
    return json_response(200, {"status": "erased"})


@router.get("/api/leder/hospiteringer.csv")
def export_hospitations() -> Response[str]:
    leader = signed_in_leader()
    status, unit = hospitation_filters()
    found = workflow().visible(leader, every_area(), status, unit)
    exporter = hospitation_export(unit_names(), area_names(), HOSPITATION_STATUS_LABELS)
    return file_response(
        audited_export(leader, "hospiteringer", exporter.rows(found), requested_format(router.current_event))
    )


@router.get("/api/leder/hospitering-evalueringer.csv")
def export_evaluations() -> Response[str]:
    leader = signed_in_leader()
    found = [r for r in workflow().visible(leader, every_area(), "completed", None) if r.evaluated_at]
    exporter = evaluation_export(unit_names(), area_names(), RECOMMEND_LABELS)
    return file_response(
        audited_export(leader, "hospitering-evalueringer", exporter.rows(found), requested_format(router.current_event))
    )
