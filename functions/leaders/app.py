"""The leaders' API behind /leder/: sign in and out, courses and participants, CSV exports, the audit log.

JSON only (a body must be application/json), from the site's own pages only (the Origin header), and every route but
sign-in needs a session: the ID token, in an HttpOnly, Secure, SameSite=Strict cookie, or as a Bearer token for a
script. The token is verified here (common/auth.py), then the role and area rules (leaders/access.py) decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.audit import ACTION_LABELS, AuditEntry
from common.auth import verifier
from common.aws import client, dynamodb
from common.errors import DomainError, InvalidInput
from common.formatting import OSLO, date_nb, time_nb
from common.http import answer_errors, error_json, json_response, read_form
from common.i18n import N_, gettext
from common.mail import mailer
from common.settings import settings
from courses.models import ROLE_LABELS, Course, Registration
from courses.repository import DynamoCourseRepository
from evaluations.models import EVALUATED_KINDS
from exports.csv_render import CsvFormat
from exports.rows import STATUS_LABELS, evaluation_export, hospitation_export
from hospitation.emails import days_text, wishes_text
from hospitation.forms import validate_decline, validate_host_answer
from hospitation.models import RECOMMEND_LABELS, Hospitation, host_units
from hospitation.models import STATUS_LABELS as HOSPITATION_STATUS_LABELS
from hospitation.repository import DynamoHospitationRepository
from hospitation.service import Workflow
from leaders import annual_report as annual_report_routes
from leaders import attendance as attendance_routes
from leaders import evaluations as evaluation_routes
from leaders import roster as roster_routes
from leaders import service, web
from leaders.access import ROLE_LABELS as LEADER_ROLE_LABELS
from leaders.access import Leader
from leaders.identity import Challenge, UserPool
from leaders.service import CourseOverview, Export, Period
from leaders.web import (
    COOKIE_PATH,
    area_names,
    audit_log,
    every_area,
    file_response,
    now,
    read_version,
    same_origin,
    session_cookie,
    sign_outs,
)

logger = Logger()
app = APIGatewayHttpResolver()
app.use(middlewares=[same_origin])
app.include_router(roster_routes.router)  # the roster's routes: leaders/roster.py
app.include_router(attendance_routes.router)  # attendance: leaders/attendance.py
app.include_router(evaluation_routes.router)  # course evaluations: leaders/evaluations.py
app.include_router(annual_report_routes.router)  # the annual report: leaders/annual_report.py


def current_leader() -> Leader:
    return web.current_leader(app.current_event)


def session_token() -> str | None:
    return web.session_token(app.current_event)


def requested_format() -> CsvFormat:
    return web.requested_format(app.current_event)


def audited_export(leader: Leader, stem: str, rows: Iterable[list[object]]) -> Export:
    return web.audited_export(leader, stem, rows, requested_format())


def courses_repository() -> DynamoCourseRepository:
    return DynamoCourseRepository(dynamodb(), settings().table_name, cache_seconds=0)


# Sign in and out -------------------------------------------------------------------------------------------------


class SignInRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    username: str = Field(min_length=1, max_length=254)
    password: str = Field(default="", max_length=256)
    session: str = Field(default="", max_length=4096)
    new_password: str = Field(default="", max_length=256)
    code: str = Field(default="", pattern=r"^(\d{6})?$")


SIGN_IN_MESSAGES = {
    "username": N_("Skriv inn e-postadressen du logger inn med."),
    "password": N_("Skriv inn passordet ditt."),
    "new_password": N_("Skriv inn et nytt passord."),
    "code": N_("Skriv inn den sekssifrede koden fra appen."),
}


def read_sign_in() -> SignInRequest:
    try:
        request = SignInRequest.model_validate(read_form(app.current_event))
    except ValidationError as exc:
        fields = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        messages = {f: gettext(SIGN_IN_MESSAGES[f]) for f in fields if f in SIGN_IN_MESSAGES}
        raise InvalidInput(field_errors=messages) from exc
    if not request.session and not request.password:
        missing = SIGN_IN_MESSAGES["password"]
        raise InvalidInput(field_errors={"password": gettext(missing)})
    return request


@app.post("/api/leder/innlogging")
def sign_in() -> Response[str]:
    request = read_sign_in()
    pool = UserPool(client("cognito-idp"), settings().user_pool_client_id)
    if request.session and request.new_password:
        answer = pool.new_password(request.username, request.session, request.new_password)
    elif request.session and request.code:
        answer = pool.mfa_code(request.username, request.session, request.code)
    else:
        answer = pool.sign_in(request.username, request.password)
    if isinstance(answer, Challenge):
        return json_response(200, {"challenge": answer.name, "session": answer.session})
    leader = Leader.from_claims(verifier().claims(answer.id_token))
    audit_log().record(AuditEntry(at=now(), actor=leader.username, action="sign_in", subject=leader.role))
    logger.info("signed in", extra={"role": leader.role})
    response = json_response(200, leader_json(leader))
    response.cookies.append(session_cookie(answer.id_token, max(0, leader.expires_at - int(now().timestamp()))))
    return response


@app.post("/api/leder/utlogging")
def sign_out() -> Response[str]:
    """Ends the session for good (not just the cookie), if there is one; the cookie goes either way."""
    try:
        leader = current_leader()
    except DomainError:
        leader = None
    if leader is not None:
        sign_outs().end(leader.session_id, leader.expires_at)
    response = json_response(200, {"status": "signed_out"})
    response.cookies.append(session_cookie("", 0))
    return response


@app.get("/api/leder/meg")
def me() -> Response[str]:
    return json_response(200, leader_json(current_leader()))


def leader_json(leader: Leader) -> dict[str, Any]:
    return {
        "username": leader.username,
        "name": leader.name,
        "role": leader.role,
        "role_label": gettext(LEADER_ROLE_LABELS[leader.role]),
        "area": leader.area,
        "area_name": area_names().get(leader.area or "") if leader.area else None,
        "unit": leader.unit,
        "expires_at": datetime.fromtimestamp(leader.expires_at, UTC).isoformat(),
    }


# Courses and participants ----------------------------------------------------------------------------------------


def period_from_query() -> Period:
    query = app.current_event.query_string_parameters or {}
    return Period.parse(query.get("fra"), query.get("til"), now().astimezone(OSLO).date())


@app.get("/api/leder/kurs")
def list_courses() -> Response[str]:
    leader = current_leader()
    period = period_from_query()
    found = service.courses(leader, courses_repository(), every_area(), period)
    span = f"fra={period.first.isoformat()}&til={period.last.isoformat()}"
    return json_response(
        200,
        {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "courses": [course_json(overview) for overview in found],
            "period_csv_url": f"{COOKIE_PATH}/pameldinger.csv?{span}",
            "period_csv_comma_url": f"{COOKIE_PATH}/pameldinger.csv?{span}&format=komma",
        },
    )


def dates_text(course: Course) -> str:
    first, last = course.start.astimezone(OSLO).date(), course.end.astimezone(OSLO).date()
    return date_nb(first) if first == last else f"{date_nb(first)} – {date_nb(last)}"


def course_json(overview: CourseOverview) -> dict[str, Any]:
    course, counts = overview.course, overview.counts
    base = f"{COOKIE_PATH}/kurs/{course.id}/pameldinger"
    return {
        "id": course.id,
        "title": course.title,
        "kind_label": gettext(course.kind_label),
        "start": course.start.isoformat(),
        "date_text": dates_text(course),
        "area": course.area,
        "area_name": area_names().get(course.area, course.area),
        "capacity": course.capacity,
        "confirmed": counts.confirmed,
        "waiting": counts.waiting,
        "participants_url": base,
        "csv_url": f"{base}.csv",
        "csv_comma_url": f"{base}.csv?format=komma",
        "attendance_url": f"{COOKIE_PATH}/kurs/{course.id}/oppmote",
        "ended": course.end <= now(),
        # the evaluation's results, once the course has ended and if it is one that is evaluated
        "evaluation_url": f"{COOKIE_PATH}/kurs/{course.id}/evaluering"
        if course.kind in EVALUATED_KINDS and course.end <= now()
        else None,
    }


def registration_json(registration: Registration) -> dict[str, Any]:
    created = registration.created_at.astimezone(OSLO)
    return {
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "workplace": registration.workplace,
        "municipality": registration.municipality,
        "area_name": area_names().get(registration.area, registration.area),
        "role_label": gettext(ROLE_LABELS[registration.role]),
        "status": registration.status,
        "status_label": gettext(STATUS_LABELS[registration.status]),
        "position": registration.position,
        "created_text": f"{date_nb(created)} kl. {time_nb(created)}",
    }


@app.get("/api/leder/kurs/<course_id>/pameldinger")
def list_participants(course_id: str) -> Response[str]:
    leader = current_leader()
    overview, registrations = service.participants(leader, course_id, courses_repository())
    body = {"course": course_json(overview), "registrations": [registration_json(r) for r in registrations]}
    return json_response(200, body)


# Exports ---------------------------------------------------------------------------------------------------------


@app.get("/api/leder/kurs/<course_id>/pameldinger.csv")
def export_course(course_id: str) -> Response[str]:
    leader = current_leader()
    export = service.export_course(
        leader, course_id, requested_format(), courses_repository(), audit_log(), area_names(), now()
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)


@app.get("/api/leder/pameldinger.csv")
def export_period() -> Response[str]:
    leader = current_leader()
    export = service.export_period(
        leader,
        period_from_query(),
        requested_format(),
        courses_repository(),
        audit_log(),
        every_area(),
        area_names(),
        now(),
    )
    logger.info("exported", extra={"rows": export.file.rows, "bytes": len(export.file.data)})
    return file_response(export)


# The audit log ---------------------------------------------------------------------------------------------------


@app.get("/api/leder/revisjon")
def audit() -> Response[str]:
    leader = current_leader()
    leader.require("nettverksleder")
    text = (app.current_event.query_string_parameters or {}).get("maned") or now().astimezone(OSLO).strftime("%Y-%m")
    try:
        month = datetime.strptime(text, "%Y-%m")
    except ValueError as exc:
        message = gettext(N_("Skriv måneden som ÅÅÅÅ-MM, for eksempel 2026-11."))
        raise InvalidInput(field_errors={"maned": message}) from exc
    entries = [
        {
            "at": entry.at.isoformat(),
            "at_text": f"{date_nb(entry.at)} kl. {time_nb(entry.at)}",
            "actor": entry.actor,
            "action": entry.action,
            "action_label": gettext(ACTION_LABELS[entry.action]),
            "subject": entry.subject,
            "rows": entry.rows,
        }
        for entry in audit_log().month(month.year, month.month)
    ]
    return json_response(200, {"month": f"{month:%Y-%m}", "entries": entries})


# Hospitation requests --------------------------------------------------------------------------------------------


def workflow() -> Workflow:
    config = settings()
    repository = DynamoHospitationRepository(dynamodb(), config.table_name)
    return Workflow(repository, mailer(), host_units(), config.retention_months)


def unit_names() -> dict[str, str]:
    return {unit.id: unit.name for unit in host_units().values()}


def hospitation_filters() -> tuple[str | None, str | None]:
    query = app.current_event.query_string_parameters or {}
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


@app.get("/api/leder/hospiteringer")
def list_hospitations() -> Response[str]:
    leader = current_leader()
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


@app.get("/api/leder/hospiteringer/<request_id>")
def show_hospitation(request_id: str) -> Response[str]:
    leader = current_leader()
    return json_response(200, hospitation_json(workflow().one(leader, request_id), leader, full=True))


@app.post("/api/leder/hospiteringer/<request_id>/bekreft")
def confirm_hospitation(request_id: str) -> Response[str]:
    leader = current_leader()
    fields = read_form(app.current_event)
    answer = validate_host_answer(fields, now().astimezone(OSLO).date())
    stored = workflow().confirm(leader, request_id, read_version(fields), answer, audit_log(), now())
    logger.info("hospitation confirmed", extra={"request_id": request_id})
    return json_response(200, hospitation_json(stored, leader, full=True))


@app.post("/api/leder/hospiteringer/<request_id>/avslag")
def decline_hospitation(request_id: str) -> Response[str]:
    leader = current_leader()
    fields = read_form(app.current_event)
    reason = validate_decline(fields).reason
    stored = workflow().decline(leader, request_id, read_version(fields), reason, audit_log(), now())
    logger.info("hospitation declined by host", extra={"request_id": request_id})
    return json_response(200, hospitation_json(stored, leader, full=True))


@app.post("/api/leder/hospiteringer/<request_id>/sletting")
def erase_hospitation(request_id: str) -> Response[str]:
    leader = current_leader()
    workflow().erase(leader, request_id, audit_log(), now())
    logger.info("hospitation erased", extra={"request_id": request_id})
    return json_response(200, {"status": "erased"})


@app.get("/api/leder/hospiteringer.csv")
def export_hospitations() -> Response[str]:
    leader = current_leader()
    status, unit = hospitation_filters()
    found = workflow().visible(leader, every_area(), status, unit)
    exporter = hospitation_export(unit_names(), area_names(), HOSPITATION_STATUS_LABELS)
    return file_response(audited_export(leader, "hospiteringer", exporter.rows(found)))


@app.get("/api/leder/hospitering-evalueringer.csv")
def export_evaluations() -> Response[str]:
    leader = current_leader()
    found = [r for r in workflow().visible(leader, every_area(), "completed", None) if r.evaluated_at]
    exporter = evaluation_export(unit_names(), area_names(), RECOMMEND_LABELS)
    return file_response(audited_export(leader, "hospitering-evalueringer", exporter.rows(found)))


# Errors ----------------------------------------------------------------------------------------------------------


def refusal(exc: DomainError) -> Response[str]:
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    response = error_json(exc)
    if exc.status == 401 and session_token():
        response.cookies.append(session_cookie("", 0))  # a dead session's cookie goes
    return response


answer_errors(app, refusal, logger)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    answer: dict[str, Any] = app.resolve(event, context)
    return answer
