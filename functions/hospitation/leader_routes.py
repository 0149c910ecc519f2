"""Hospitation in the leaders' API: the requests in a leader's scope, one request in full, the host's dates or no,
erasure, and the requests and the nurses' evaluations as CSV. Part of LeaderFunction (leaders/app.py includes this
router); the rules are common/access.py's: the network leader sees and answers all, an area leader the requests of
their area's nurses and, once consented, those to their area's host units, a host unit (vertsenhet) its own.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.answers import Choice, NamedChoice, Outcome
from common.errors import InvalidInput
from common.formatting import OSLO
from common.http import answer, checked_json
from common.i18n import N_, gettext
from common.leader_api import COOKIE_PATH, area_names, audit_log, current_leader, every_area, now, read_version
from common.person import RECOMMEND_LABELS
from common.validation import reads
from exports.files import audited_export, file_response, requested_format
from hospitation.answers import (
    HOST_UNITS_URL,
    HospitationDetail,
    HospitationList,
    HospitationSummary,
    HostUnitList,
    HostUnitRow,
    unit_names,
)
from hospitation.export import evaluation_export, hospitation_export
from hospitation.forms import checked_host_answer, validate_decline, validate_host_answer
from hospitation.host_unit_service import validate_host_unit
from hospitation.live import forget_host_units, host_unit_catalogue, host_units, workflow
from hospitation.models import (
    HOSPITATION_STATUS_LABELS,
    DeclineChange,
    HostAnswerChange,
    HostUnitChange,
    HostUnitForm,
    HostUnitVersion,
)

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def today() -> date:
    return now().astimezone(OSLO).date()


def read_host_answer(fields: dict[str, Any]) -> None:
    """A refused answer's messages: the fields first, then the version."""
    validate_host_answer(fields, today())
    read_version(fields)


def read_decline(fields: dict[str, Any]) -> None:
    validate_decline(fields)
    read_version(fields)


def read_host_unit(fields: dict[str, Any]) -> None:
    validate_host_unit(fields, area_names())


def read_host_unit_change(fields: dict[str, Any]) -> None:
    """The fields first, then the version."""
    validate_host_unit(fields, area_names())
    read_version(fields)


def read_unit_version(fields: dict[str, Any]) -> None:
    read_version(fields)


reads(HostAnswerChange, read_host_answer)
reads(DeclineChange, read_decline)
reads(HostUnitForm, read_host_unit)
reads(HostUnitChange, read_host_unit_change)
reads(HostUnitVersion, read_unit_version)


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


@router.get("/api/leder/hospiteringer")
def list_hospitations() -> Response[HospitationList]:
    leader = signed_in_leader()
    status, unit = hospitation_filters()
    found = workflow().visible(leader, every_area(), status, unit)
    units = host_units()
    if leader.role == "vertsenhet":
        choices = [units[str(leader.unit)]] if leader.unit in units else []
    else:
        choices = list(units.values())
    return answer(
        200,
        HospitationList(
            requests=[HospitationSummary.of(request, leader) for request in found],
            statuses=[Choice(id=k, label=gettext(v)) for k, v in HOSPITATION_STATUS_LABELS.items()],
            units=[NamedChoice(id=u.id, name=u.name) for u in choices],
            csv_url=f"{COOKIE_PATH}/hospiteringer.csv",
            evaluations_csv_url=f"{COOKIE_PATH}/hospitering-evalueringer.csv",
        ),
    )


@router.get("/api/leder/hospiteringer/<request_id>")
def show_hospitation(request_id: str) -> Response[HospitationDetail]:
    leader = signed_in_leader()
    return answer(200, HospitationDetail.of(workflow().one(leader, request_id), leader))


@router.post("/api/leder/hospiteringer/<request_id>/bekreft")
def confirm_hospitation(request_id: str, body: Annotated[HostAnswerChange, Body()]) -> Response[HospitationDetail]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    host_answer = checked_host_answer(body, today())
    stored = workflow().confirm(leader, request_id, body.version, host_answer, audit_log(), now())
    logger.info("hospitation confirmed", extra={"request_id": request_id})
    return answer(200, HospitationDetail.of(stored, leader))


@router.post("/api/leder/hospiteringer/<request_id>/avslag")
def decline_hospitation(request_id: str, body: Annotated[DeclineChange, Body()]) -> Response[HospitationDetail]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    stored = workflow().decline(leader, request_id, body.version, body.reason, audit_log(), now())
    logger.info("hospitation declined by host", extra={"request_id": request_id})
    return answer(200, HospitationDetail.of(stored, leader))


@router.post("/api/leder/hospiteringer/<request_id>/sletting")
def erase_hospitation(request_id: str) -> Response[Outcome]:
    leader = signed_in_leader()
    workflow().erase(leader, request_id, audit_log(), now())
    logger.info("hospitation erased", extra={"request_id": request_id})
    return answer(200, Outcome(status="erased"))


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


# Host units (/leder/enheter/): the network leader adds and changes them; an area leader reads their area's ---------


@router.get("/api/leder/vertsenheter")
def list_host_units() -> Response[HostUnitList]:
    leader = signed_in_leader()
    found = host_unit_catalogue().visible(leader)
    return answer(
        200,
        HostUnitList(
            host_units=[HostUnitRow.of(unit) for unit in found],
            can_change=leader.role == "nettverksleder",
            add_url=HOST_UNITS_URL,
        ),
    )


@router.post("/api/leder/vertsenheter")
def add_host_unit(body: Annotated[HostUnitForm, Body()]) -> Response[HostUnitRow]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    made = host_unit_catalogue().add(leader, body, audit_log(), now())
    forget_host_units()
    logger.info("host unit added", extra={"host_unit": made.id})
    return answer(201, HostUnitRow.of(made))


@router.put("/api/leder/vertsenheter/<unit_id>")
def change_host_unit(unit_id: str, body: Annotated[HostUnitChange, Body()]) -> Response[HostUnitRow]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    form = HostUnitForm.model_validate(body.model_dump(exclude={"version"}))
    changed = host_unit_catalogue().change(leader, unit_id, body.version, form, audit_log(), now())
    forget_host_units()
    logger.info("host unit changed", extra={"host_unit": unit_id})
    return answer(200, HostUnitRow.of(changed))


@router.post("/api/leder/vertsenheter/<unit_id>/stenging")
def close_host_unit(unit_id: str, body: Annotated[HostUnitVersion, Body()]) -> Response[HostUnitRow]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    closed = host_unit_catalogue().close(leader, unit_id, body.version, today(), audit_log(), now())
    forget_host_units()
    logger.info("host unit closed", extra={"host_unit": unit_id})
    return answer(200, HostUnitRow.of(closed))


@router.post("/api/leder/vertsenheter/<unit_id>/gjenapning")
def reopen_host_unit(unit_id: str, body: Annotated[HostUnitVersion, Body()]) -> Response[HostUnitRow]:
    leader = signed_in_leader()
    checked_json(router.current_event)
    opened = host_unit_catalogue().reopen(leader, unit_id, body.version, audit_log(), now())
    forget_host_units()
    logger.info("host unit reopened", extra={"host_unit": unit_id})
    return answer(200, HostUnitRow.of(opened))
