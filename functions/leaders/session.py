"""The leaders' HTTP edge: requests only from the site's own pages, as JSON, the session cookie, and the access token's
cookie for turning on the code from an app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.shared.cookies import Cookie
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from common.errors import BadRequest, WrongOrigin
from common.http import JSON, media_type, private_cookie
from common.i18n import N_
from common.leader_api import COOKIE_PATH, ENROLMENT_COOKIE, ENROLMENT_PATH, SESSION_COOKIE
from common.settings import settings


def same_origin(router: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """A browser says where a request comes from; anything not from the site itself is refused, and a body must be
    JSON (a cross-site form cannot send that without asking first). With SameSite=Strict, this stops CSRF."""
    check_origin(router.current_event)
    return next_middleware(router)


def check_origin(event: APIGatewayProxyEventV2) -> None:
    """same_origin's checks: WrongOrigin (403), or BadRequest (400) for a change not sent as JSON."""
    origin = event.headers.get("origin")
    site = urlsplit(settings().site_url)
    method = event.request_context.http.method
    if origin is not None and origin != f"{site.scheme}://{site.netloc}":
        raise WrongOrigin()
    if method != "GET":
        if origin is None:
            raise WrongOrigin()
        if media_type(event) != JSON:
            raise BadRequest(N_("Send forespørselen som JSON."))


def session_cookie(value: str, max_age: int) -> Cookie:
    return private_cookie(SESSION_COOKIE, value, COOKIE_PATH, max_age)


def enrolment_cookie(value: str, max_age: int) -> Cookie:
    """The sign-in's access token, for the routes under /api/leder/kode only (turning on the code from an app): the
    ID token is the session everywhere else. Given at a sign-in without the code, gone when the code is on."""
    return private_cookie(ENROLMENT_COOKIE, value, ENROLMENT_PATH, max_age)
