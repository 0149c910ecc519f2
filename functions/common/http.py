"""HTTP in one place: reading a form or JSON body, and turning answers and DomainErrors into responses. A typed route
(a pydantic body parameter, `-> Response[Model]`) answers a model, which Powertools validates and serialises with
`json_text`; a body its model refuses is answered here as the route's own reading would have answered it."""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import json
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType, RequestValidationError
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from common.aws import is_transient
from common.errors import (
    BadRequest,
    DomainError,
    InvalidInput,
    LookAgain,
    PayloadTooLarge,
    TryAgain,
    UnsupportedMediaType,
)
from common.form_guard import STAMP, new_stamp
from common.i18n import N_, gettext
from common.settings import settings
from common.validation import reread

Answer = TypeVar("Answer", bound=BaseModel)
Handler = TypeVar("Handler", bound=Callable[..., Any])

MAX_BODY_BYTES = 16 * 1024
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
HTML = "text/html; charset=utf-8"
NO_STORE = {"Cache-Control": "no-store"}
# A page behind a secret link: never cached, never indexed, and its address never sent on as a referrer.
PRIVATE_PAGE = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def media_type(event: APIGatewayProxyEventV2) -> str:
    return (event.headers.get("content-type") or "").split(";")[0].strip().lower()


def wants_json(event: APIGatewayProxyEventV2) -> bool:
    """JSON in, JSON out; a browser's plain form post gets HTML."""
    accept = (event.headers.get("accept") or "").lower()
    return media_type(event) == JSON or (JSON in accept and "text/html" not in accept)


def _body_bytes(event: APIGatewayProxyEventV2) -> bytes:
    body = event.body or ""
    if event.is_base64_encoded:
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BadRequest() from exc
    else:
        raw = body.encode("utf-8", errors="surrogateescape")
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    return raw


def read_form(event: APIGatewayProxyEventV2) -> dict[str, Any]:
    """The submitted fields, from a form-encoded or a JSON body. Anything else is a 4xx, never a 5xx."""
    kind = media_type(event)
    if kind not in (FORM, JSON):
        raise UnsupportedMediaType()
    try:
        text = _body_bytes(event).decode("utf-8")
        if kind == FORM:
            return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict"))
        data = json.loads(text)
        # JSON may escape a lone surrogate ("\ud800"), which is no text: refused here, not a 500 further on.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, RecursionError) as exc:  # RecursionError: JSON nested too deep to read
        raise BadRequest() from exc
    if not isinstance(data, dict):
        raise BadRequest(N_("Skjemaet må sendes som et JSON-objekt med ett felt per spørsmål."))
    return data


def checked_json(event: APIGatewayProxyEventV2) -> None:
    """read_form's checks (16 KB, UTF-8 text, no lone surrogate, one JSON object) on a body that Powertools has read
    into a route's model: the model ignores fields it does not know, and takes the first item of a JSON array."""
    read_form(event)


def json_text(body: Any) -> str:
    """JSON as every answer sends it: non-ASCII letters as they are (æ, ø, å), not escaped."""
    return json.dumps(body, ensure_ascii=False)


def json_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response[str]:
    return Response(
        status_code=status,
        content_type=JSON,
        body=json_text(body),
        headers=NO_STORE | (headers or {}),  # a caller's Cache-Control wins
    )


def answer(status: int, body: Answer, headers: dict[str, str] | None = None) -> Response[Answer]:
    """A typed route's JSON answer: Powertools checks the model against the route's return annotation and sends it
    with the resolver's serializer (json_text)."""
    return Response(status_code=status, content_type=JSON, body=body, headers=NO_STORE | (headers or {}))


def html_response(status: int, html: str, headers: dict[str, str] | None = None) -> Response[str]:
    return Response(status_code=status, content_type=HTML, body=html, headers=NO_STORE | (headers or {}))


def link_form_refusal(
    exc: DomainError, form_again: Callable[[InvalidInput], str], message_page: Callable[[DomainError], str]
) -> Response[str]:
    """A refusal of a form behind a one-time link, as a page: the form again with its errors (`form_again` opens the
    link again, so one answered or closed meanwhile says so instead), or a page that says what happened."""
    if isinstance(exc, InvalidInput):
        try:
            return html_response(exc.status, form_again(exc), PRIVATE_PAGE)
        except DomainError as closed:
            return html_response(closed.status, message_page(closed), PRIVATE_PAGE)
    return html_response(exc.status, message_page(exc), PRIVATE_PAGE)


def see_other(location: str) -> Response[str]:
    """303 See Other: the browser follows with a GET, so a reload never sends the form twice."""
    return Response(status_code=303, content_type=HTML, body="", headers=NO_STORE | {"Location": location})


def error_json(exc: DomainError) -> Response[str]:
    body: dict[str, Any] = {"message": gettext(exc.message), "errors": exc.field_errors}
    if isinstance(exc, LookAgain):  # a fresh start for the script to send the form with (common/form_guard.py)
        body[STAMP] = new_stamp()
    if exc.reason:
        body["reason"] = exc.reason
    return json_response(exc.status, body)


def body_model(app: APIGatewayHttpResolver) -> type[BaseModel] | None:
    """The model of the matched route's body parameter, if it has one."""
    route = app.context.get("_route")
    params = route.dependant.body_params if route is not None else []
    model = params[0].type_ if params else None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def answer_errors(
    app: APIGatewayHttpResolver,
    respond: Callable[[DomainError], Response[str]],
    logger: Logger,
    before_body: Callable[[], None] = lambda: None,
) -> None:
    """Every function's error handlers: a DomainError answered by `respond` (JSON, or the page again); DynamoDB
    or SES saying slow down, or not answering in time, answered as TryAgain (503): nothing was half-written, as every
    write is one transaction. Any other AWS error is a bug, and stays a 500.

    A typed route's body is validated by Powertools before the resolver's middlewares and the route run. A body it
    refuses (or cannot decode) is answered as they would have answered it: their checks first (`before_body`: the
    origin, JSON only, the session), then read_form's (400, 413, 415), then the model's own reader (common/validation
    .reread: one Norwegian message per field, in the route's order, as a 422; a bad version as a 400)."""

    def handle_invalid_body(exc: Exception) -> Response[str]:
        model = body_model(app)
        if model is None:
            raise exc  # not a body's problem: a bug, a 500
        try:
            before_body()
            reread(model, read_form(app.current_event))
        except DomainError as refusal:
            return respond(refusal)
        if not isinstance(exc, (RequestValidationError, RequestUnsupportedContentType)):
            raise exc
        return respond(BadRequest())  # refused by Powertools alone, e.g. "Application/JSON"

    def handle_aws_error(exc: Exception) -> Response[str]:
        if not is_transient(exc):
            raise exc
        logger.warning("AWS busy", extra={"error": type(exc).__name__})
        return respond(TryAgain())

    def handle_domain_error(exc: DomainError) -> Response[str]:
        return respond(exc)

    app.exception_handler([ClientError, BotoCoreError])(handle_aws_error)
    app.exception_handler(DomainError)(handle_domain_error)
    # Powertools' own reading: the model refused the body, a content type it does not read, a base64 body that is
    # not base64 or not UTF-8 (decoded before any check of ours), or JSON nested too deep for Python's parser
    # (RecursionError: read_form answers it as a 400, or a 413 when the body is too big anyway).
    invalid_body: list[type[Exception]] = [RequestValidationError, RequestUnsupportedContentType]
    app.exception_handler([*invalid_body, UnicodeDecodeError, binascii.Error, RecursionError])(handle_invalid_body)


ORIGIN_HEADER = "x-lindra-origin"
NOT_THROUGH_CLOUDFRONT = N_("Forespørselen kom ikke fra nettstedets egne sider.")


def through_cloudfront(handler: Handler) -> Handler:
    """An HTTP function's handler that answers only what came through CloudFront: the x-lindra-origin header that
    CloudFront adds to every request to the API (OriginSecret in infra/template.yaml) must be there, else a 403,
    before any route, any body reading or any table. The header is taken off the event, so that nothing further on
    sees or logs it. Without ORIGIN_SECRET (make run, the tests) every request is taken."""

    @functools.wraps(handler)
    def run(event: dict[str, Any], context: Any) -> Any:
        secret = settings().origin_secret
        headers = event.get("headers") or {}
        sent = str(headers.pop(ORIGIN_HEADER, ""))
        if secret and not hmac.compare_digest(sent.encode("utf-8"), secret.encode("utf-8")):
            body = {"message": gettext(NOT_THROUGH_CLOUDFRONT), "errors": {}}
            return {"statusCode": 403, "headers": {"Content-Type": JSON} | NO_STORE, "body": json_text(body)}
        return handler(event, context)

    return run  # type: ignore[return-value]


def private_cookie(name: str, value: str, path: str, max_age: int) -> Cookie:
    """A session's cookie: for `path` only, over HTTPS, out of the page's scripts' reach, never sent from another
    site; `max_age` 0 clears it."""
    return Cookie(
        name=name,
        value=value,
        path=path,
        secure=True,
        http_only=True,
        max_age=max_age,
        same_site=SameSite.STRICT_MODE,
    )
