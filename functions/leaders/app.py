"""The leaders' API behind /leder/ (LeaderFunction): sign in and out, turning on the code from an authenticator app,
who is signed in, the audit log, and the wiring that includes each capability's leaders' routes (courses,
hospitation, roster, attendance, evaluations, reports).

JSON only (a body must be application/json), from the site's own pages only (the Origin header), and every route but
sign-in needs a session: the ID token, in an HttpOnly, Secure, SameSite=Strict cookie, or as a Bearer token for a
script. The token is verified here (common/auth.py), then the role and area rules (common/access.py) decide. The
network leader signs in with a code from an app as well (TOTP); until they have turned it on, their session reaches
only the two routes that turn it on (/api/leder/kode) and sign-out: every other route answers 403 with the reason
"mfa_enrolment_required", which /leder/ answers by showing how to turn it on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

import jwt
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from attendance import leader_routes as attendance_routes
from certificates import leader_routes as certificate_routes
from common.access import Leader
from common.answers import Outcome
from common.audit import AuditEntry
from common.auth import verifier
from common.aws import client
from common.errors import DomainError, InvalidInput, SessionExpired
from common.formatting import OSLO
from common.http import answer, answer_errors, checked_json, error_json, json_text, through_cloudfront
from common.i18n import N_, gettext
from common.leader_api import ENROLMENT_COOKIE, audit_log, cookie, current_leader, now, session_token, sessions
from common.logs import function_logger, types_only
from common.settings import settings
from common.site import network
from common.validation import reads
from courses import leader_routes as course_routes
from documents import leader_routes as document_routes
from evaluations import leader_routes as evaluation_routes
from governance import leader_routes as governance_routes
from hospitation import leader_routes as hospitation_routes
from leaders.answers import AuditMonth, AuditRecord, Challenge, LeaderAnswer, TotpSecret
from leaders.identity import Challenge as Step
from leaders.identity import UserPool
from leaders.session import check_origin, enrolment_cookie, same_origin, session_cookie
from letters import leader_routes as letter_routes
from news import leader_routes as news_routes
from people import leader_routes as people_routes
from reports import leader_routes as annual_report_routes
from roster import leader_routes as roster_routes
from selfreport import leader_routes as self_report_routes

logger = function_logger()
# Typed routes: a body parameter's model and the return annotation are the OpenAPI document, and Powertools checks
# both (an answer that does not fit its model is a bug, a 500).
app = APIGatewayHttpResolver(enable_validation=True, serializer=json_text, response_validation_error_http_code=500)
app.use(middlewares=[same_origin])
# Each capability's routes under /api/leder/, from its own leader_routes.py:
app.include_router(course_routes.router)  # courses, participants and their CSV files
app.include_router(hospitation_routes.router)  # hospitation requests, the host's answer, erasure
app.include_router(roster_routes.router)  # the roster: reports, coverage, units, signatures, import
app.include_router(attendance_routes.router)  # attendance and hours toward the yearly goal
app.include_router(certificate_routes.router)  # a course's certificates as a zip
app.include_router(people_routes.router)  # a person's access and erasure requests
app.include_router(evaluation_routes.router)  # course evaluations' results
app.include_router(annual_report_routes.router)  # the annual report
app.include_router(letter_routes.router)  # letters to a course's people, the roster and the newsletter
app.include_router(news_routes.router)  # the site's news: write, publish, take down, bring a version back
app.include_router(document_routes.router)  # the network's documents in versions, with their files
app.include_router(governance_routes.router)  # the groups and their members, the areas' leaders, the contact details
app.include_router(self_report_routes.router)  # the yearly self-report: the round, its answers


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


def read_sign_in(fields: dict[str, Any]) -> SignInRequest:
    """The sign-in's fields, or InvalidInput with a message for each field a person can put right."""
    try:
        request = SignInRequest.model_validate(fields)
    except ValidationError as exc:
        names = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        messages = {f: gettext(SIGN_IN_MESSAGES[f]) for f in names if f in SIGN_IN_MESSAGES}
        raise InvalidInput(field_errors=messages) from exc
    return checked_sign_in(request)


def checked_sign_in(request: SignInRequest) -> SignInRequest:
    if not request.session and not request.password:
        missing = SIGN_IN_MESSAGES["password"]
        raise InvalidInput(field_errors={"password": gettext(missing)})
    return request


reads(SignInRequest, read_sign_in)


def user_pool() -> UserPool:
    return UserPool(client("cognito-idp"), settings().user_pool_client_id)


@app.post("/api/leder/innlogging")
def sign_in(body: Annotated[SignInRequest, Body()]) -> Response[Challenge | LeaderAnswer]:
    checked_json(app.current_event)
    request = checked_sign_in(body)
    pool = user_pool()
    if request.session and request.new_password:
        step = pool.new_password(request.username, request.session, request.new_password)
    elif request.session and request.code:
        step = pool.mfa_code(request.username, request.session, request.code)
    else:
        step = pool.sign_in(request.username, request.password)
    if isinstance(step, Step):
        return answer(200, Challenge(challenge=step.name, session=step.session))
    leader = Leader.from_claims(verifier().claims(step.id_token))
    if step.mfa:
        sessions().passed_mfa(leader.session_id, leader.expires_at)
        leader = replace(leader, mfa=True)
    audit_log().record(
        AuditEntry(at=now(), actor=leader.username, actor_sub=leader.sub, action="sign_in", subject=leader.role)
    )
    logger.info("signed in", extra={"role": leader.role, "mfa": step.mfa})
    response: Response[Challenge | LeaderAnswer] = answer(200, LeaderAnswer.of(leader))
    max_age = max(0, leader.expires_at - int(now().timestamp()))
    response.cookies.append(session_cookie(step.id_token, max_age))
    if not step.mfa and step.access_token:  # to turn the code on, now (the network leader) or when they like
        response.cookies.append(enrolment_cookie(step.access_token, max_age))
    return response


@app.post("/api/leder/utlogging")
def sign_out() -> Response[Outcome]:
    """Ends the session for good (not just the cookie), if there is one; the cookies go either way."""
    try:
        leader = current_leader(app.current_event, enrolling=True)
    except DomainError:
        leader = None
    if leader is not None:
        sessions().end(leader.session_id, leader.expires_at)
    response = answer(200, Outcome(status="signed_out"))
    response.cookies.append(session_cookie("", 0))
    response.cookies.append(enrolment_cookie("", 0))
    return response


# The code from an authenticator app (TOTP) -----------------------------------------------------------------------


class CodeRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    code: str = Field(pattern=r"^\d{6}$")


CODE_MESSAGE = N_("Skriv inn den sekssifrede koden fra appen.")


def read_code(fields: dict[str, Any]) -> CodeRequest:
    try:
        return CodeRequest.model_validate(fields)
    except ValidationError as exc:
        raise InvalidInput(field_errors={"code": gettext(CODE_MESSAGE)}) from exc


reads(CodeRequest, read_code)


def access_token(leader: Leader) -> str:
    """The sign-in's access token (the enrolment cookie), if it is the signed-in leader's own; without it (signed in
    with the code already, or before it was given), the leader signs in again to turn the code on. Cognito checks the
    token itself; here only that it names the session's person (no one turns the code on with another's token)."""
    token = cookie(app.current_event, ENROLMENT_COOKIE)
    try:
        claims = jwt.decode(token or "", options={"verify_signature": False})
    except jwt.PyJWTError:
        claims = {}
    if not token or claims.get("sub") != leader.sub or claims.get("token_use") != "access":
        raise SessionExpired(N_("Logg inn på nytt for å slå på innlogging med kode."))
    return token


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@app.post("/api/leder/kode")
def totp_secret() -> Response[TotpSecret]:
    """A new secret for the leader's authenticator app, as text and as an otpauth:// address. Nothing changes at the
    sign-in until the app's first code is confirmed (below)."""
    leader = current_leader(app.current_event, enrolling=True)
    secret = user_pool().totp_secret(access_token(leader))
    issuer = str(network().get("short_name") or network()["name"])
    label = quote(f"{issuer}:{leader.username}", safe="@:")
    uri = f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer, safe='')}&algorithm=SHA1&digits=6&period=30"
    return answer(
        200, TotpSecret(secret=secret, secret_text=grouped(secret), uri=uri, issuer=issuer, account=leader.username)
    )


@app.post("/api/leder/kode/bekreftelse")
def turn_on_totp(body: Annotated[CodeRequest, Body()]) -> Response[LeaderAnswer]:
    """The app's first code: right, and the code is part of every sign-in from now on, and this session has given it
    (the network leader reaches the whole area now); wrong, a 422 at the field."""
    leader = current_leader(app.current_event, enrolling=True)
    checked_json(app.current_event)
    user_pool().turn_on_totp(access_token(leader), body.code, "Lindra")
    sessions().passed_mfa(leader.session_id, leader.expires_at)
    audit_log().record(
        AuditEntry(at=now(), actor=leader.username, actor_sub=leader.sub, action="mfa_enabled", subject=leader.role)
    )
    logger.info("mfa turned on", extra={"role": leader.role})
    response = answer(200, LeaderAnswer.of(replace(leader, mfa=True)))
    response.cookies.append(enrolment_cookie("", 0))  # done with it
    return response


@app.get("/api/leder/meg")
def me() -> Response[LeaderAnswer]:
    return answer(200, LeaderAnswer.of(current_leader(app.current_event)))


# The audit log ---------------------------------------------------------------------------------------------------


@app.get("/api/leder/revisjon")
def audit() -> Response[AuditMonth]:
    leader = current_leader(app.current_event)
    leader.require("nettverksleder")
    text = (app.current_event.query_string_parameters or {}).get("maned") or now().astimezone(OSLO).strftime("%Y-%m")
    try:
        month = datetime.strptime(text, "%Y-%m")
    except ValueError as exc:
        message = gettext(N_("Skriv måneden som ÅÅÅÅ-MM, for eksempel 2026-11."))
        raise InvalidInput(field_errors={"maned": message}) from exc
    entries = [AuditRecord.of(entry) for entry in audit_log().month(month.year, month.month)]
    return answer(200, AuditMonth(month=f"{month:%Y-%m}", entries=entries))


# Errors ----------------------------------------------------------------------------------------------------------


def refusal(exc: DomainError) -> Response[str]:
    logger.info("request refused", extra={"error": type(exc).__name__, "status": exc.status})
    response = error_json(exc)
    if exc.status == 401 and session_token(app.current_event):
        response.cookies.append(session_cookie("", 0))  # a dead session's cookie goes
    return response


def before_body() -> None:
    """What comes before a body is read, for a body its model refused: same_origin's checks, then the session (on every
    route but sign-in), as the route checks it first."""
    check_origin(app.current_event)
    route = app.context["_route"].func
    if route is not sign_in:
        current_leader(app.current_event, enrolling=route in (sign_out, totp_secret, turn_on_totp))


answer_errors(app, refusal, logger, before_body)


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
@through_cloudfront
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    answer: dict[str, Any] = app.resolve(event, context)
    return answer
