"""What every capability's leaders' routes share: who is signed in (a verified token whose session was not ended),
the audit log, the clock, the area names, a leader's change's version, and HTML pages for a leader's browser. Each
capability's `leader_routes.py` is a Powertools router the leaders' function (leaders/app.py) includes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from common.access import Leader
from common.audit import DynamoAuditLog
from common.auth import verifier
from common.aws import dynamodb
from common.errors import (
    BadRequest,
    CourseNotFound,
    Forbidden,
    InvalidInput,
    MfaRequired,
    NotSignedIn,
    RoundNotFound,
    SessionExpired,
)
from common.formatting import OSLO
from common.http import PRIVATE_PAGE, html_response, see_other
from common.i18n import N_, gettext
from common.sessions import Sessions
from common.settings import settings
from common.site import network
from common.templates import render
from common.validation import is_version

SESSION_COOKIE = "lindra_leder"
COOKIE_PATH = "/api/leder"
# The access token of a sign-in without the code from an app, for the two routes that turn the code on (only they get
# the cookie: its path is theirs).
ENROLMENT_COOKIE = "lindra_leder_kode"
ENROLMENT_PATH = "/api/leder/kode"
BACK_TO_LEADERS = {"back_url": "/leder/", "back_label": N_("Tilbake til lederområdet")}


def audit_log() -> DynamoAuditLog:
    config = settings()
    return DynamoAuditLog(dynamodb(), config.table_name, config.audit_retention_months)


def sessions() -> Sessions:
    return Sessions(dynamodb(), settings().table_name)


def now() -> datetime:
    return datetime.now(UTC)


def area_names() -> dict[str, str]:
    return {area["id"]: area["name"] for area in network()["areas"]} | {"alle": gettext(N_("Hele nettverket"))}


def every_area() -> list[str]:
    return [area["id"] for area in network()["areas"]]


def cookie(event: APIGatewayProxyEventV2, wanted: str) -> str | None:
    for text in event.cookies or []:
        name, _, value = text.partition("=")
        if name.strip() == wanted and value:
            return value.strip()
    return None


def session_token(event: APIGatewayProxyEventV2) -> str | None:
    authorization = event.headers.get("authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return cookie(event, SESSION_COOKIE)


def current_leader(event: APIGatewayProxyEventV2, enrolling: bool = False) -> Leader:
    """The signed-in leader, or 401 (no session, a bad or expired token, a session signed out) or 403 (not a
    leader). A leader whose role needs the code from an app (the network leader) and whose session has not given it
    gets MfaRequired (403, reason "mfa_enrolment_required") on every route but those that turn it on and sign out
    (`enrolling`)."""
    token = session_token(event)
    if not token:
        raise NotSignedIn()
    leader = Leader.from_claims(verifier().claims(token))
    state = sessions().state(leader.session_id)
    if state.ended:
        raise NotSignedIn()
    if leader.needs_mfa and not state.mfa and not enrolling:
        raise MfaRequired()
    return replace(leader, mfa=state.mfa)


def page(event: APIGatewayProxyEventV2, build: Callable[[Leader], str]) -> Response[str]:
    """A leaders' page in HTML (a summary to read or print, which works without JavaScript): built for the signed-in
    leader; someone not signed in (or whose session ran out) is sent to the sign-in at /leder/ (a 303), and a leader
    without access (the network leader too, before the code from an app is on), or asking for a course that does not
    exist (or a self-report round that does not), gets a short page saying so (403, 404). Other errors
    (a bad ?ar=) answer as JSON, as on every route."""
    try:
        leader = current_leader(event)
    except (NotSignedIn, SessionExpired):
        return see_other("/leder/")
    except MfaRequired as exc:  # the network leader turns the code on at /leder/ first: the page says so
        return refused_page(exc)
    try:
        return html_response(200, build(leader), PRIVATE_PAGE)
    except (Forbidden, CourseNotFound, RoundNotFound) as exc:  # a page, not JSON, for a person in a browser
        return refused_page(exc)


def refused_page(exc: Forbidden | CourseNotFound | RoundNotFound) -> Response[str]:
    page = render("message.html", title=gettext(exc.title), message=gettext(exc.message), **BACK_TO_LEADERS)
    return html_response(exc.status, page, PRIVATE_PAGE)


def query(event: APIGatewayProxyEventV2, name: str) -> str | None:
    return (event.query_string_parameters or {}).get(name) or None


def chosen_area(event: APIGatewayProxyEventV2, leader: Leader) -> str | None:
    """?omrade=, one of the areas whose roster the leader sees; None for all of them."""
    area = query(event, "omrade")
    if area is not None and area not in leader.roster_areas(every_area()):
        raise InvalidInput(field_errors={"omrade": gettext(N_("Velg et område fra listen."))})
    return area


def chosen_year(event: APIGatewayProxyEventV2) -> int:
    """?ar=, a year with four digits; this year in Oslo without it."""
    text = (event.query_string_parameters or {}).get("ar")
    if text is None:
        return now().astimezone(OSLO).year
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100):
        raise InvalidInput(field_errors={"ar": gettext(N_("Skriv året med fire sifre, for eksempel 2027."))})
    return int(text)


def read_version(fields: dict[str, Any]) -> int:
    version = fields.get("version")
    if not is_version(version):
        raise BadRequest(N_("Last inn siden på nytt og prøv igjen."))
    return int(str(version))
