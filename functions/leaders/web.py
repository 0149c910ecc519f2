"""What every route of the leaders' API shares: the session (same origin, JSON, a verified token), the audit log,
the area names, and files as answers (a CSV as an attachment, or too big for a Lambda answer, behind a short-lived
link). leaders/app.py and leaders/roster.py both use it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from common.audit import AuditEntry, DynamoAuditLog
from common.auth import verifier
from common.aws import client, dynamodb
from common.errors import BadRequest, CourseNotFound, Forbidden, InvalidInput, NotSignedIn, SessionExpired, WrongOrigin
from common.formatting import OSLO
from common.http import JSON, PRIVATE_PAGE, html_response, media_type, see_other
from common.i18n import N_, gettext
from common.settings import settings
from common.site import network
from common.templates import render
from exports.csv_render import CsvFormat, csv_format
from exports.csv_render import render as render_csv
from exports.rows import export_filename
from leaders.access import Leader
from leaders.identity import SignOuts
from leaders.service import Export

logger = Logger(child=True)

SESSION_COOKIE = "lindra_leder"
COOKIE_PATH = "/api/leder"
# What a Lambda function may answer; a bigger export goes to S3 behind a short-lived link. The margin is for the
# status, the headers and the JSON around the body.
RESPONSE_LIMIT = 6 * 1024 * 1024 - 64 * 1024
LINK_SECONDS = 300
BACK_TO_LEADERS = {"back_url": "/leder/", "back_label": N_("Tilbake til lederområdet")}


def audit_log() -> DynamoAuditLog:
    config = settings()
    return DynamoAuditLog(dynamodb(), config.table_name, config.audit_retention_months)


def sign_outs() -> SignOuts:
    return SignOuts(dynamodb(), settings().table_name)


def now() -> datetime:
    return datetime.now(UTC)


def area_names() -> dict[str, str]:
    return {area["id"]: area["name"] for area in network()["areas"]} | {"alle": gettext(N_("Hele nettverket"))}


def every_area() -> list[str]:
    return [area["id"] for area in network()["areas"]]


def same_origin(router: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """A browser says where a request comes from; anything not from the site itself is refused, and a body must be
    JSON (a cross-site form cannot send that without asking first). With SameSite=Strict, this stops CSRF."""
    event = router.current_event
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
    return next_middleware(router)


def session_token(event: APIGatewayProxyEventV2) -> str | None:
    authorization = event.headers.get("authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    for cookie in event.cookies or []:
        name, _, value = cookie.partition("=")
        if name.strip() == SESSION_COOKIE and value:
            return value.strip()
    return None


def current_leader(event: APIGatewayProxyEventV2) -> Leader:
    """The signed-in leader, or 401 (no session, a bad or expired token, a session signed out) or 403 (not a
    leader)."""
    token = session_token(event)
    if not token:
        raise NotSignedIn()
    leader = Leader.from_claims(verifier().claims(token))
    if sign_outs().ended(leader.session_id):
        raise NotSignedIn()
    return leader


def page(event: APIGatewayProxyEventV2, build: Callable[[Leader], str]) -> Response[str]:
    """A leaders' page in HTML (a summary to read or print, which works without JavaScript): built for the signed-in
    leader; someone not signed in (or whose session ran out) is sent to the sign-in at /leder/ (a 303), and a leader
    without access, or asking for a course that does not exist, gets a short page saying so (403, 404). Other errors
    (a bad ?ar=) answer as JSON, as on every route."""
    try:
        leader = current_leader(event)
    except (NotSignedIn, SessionExpired):
        return see_other("/leder/")
    try:
        return html_response(200, build(leader), PRIVATE_PAGE)
    except (Forbidden, CourseNotFound) as exc:  # a page, not JSON, for a person in a browser
        page = render("message.html", title=gettext(exc.title), message=gettext(exc.message), **BACK_TO_LEADERS)
        return html_response(exc.status, page, PRIVATE_PAGE)


def session_cookie(value: str, max_age: int) -> Cookie:
    return Cookie(
        name=SESSION_COOKIE,
        value=value,
        path=COOKIE_PATH,
        secure=True,
        http_only=True,
        max_age=max_age,
        same_site=SameSite.STRICT_MODE,
    )


def requested_format(event: APIGatewayProxyEventV2) -> CsvFormat:
    name = (event.query_string_parameters or {}).get("format")
    try:
        return csv_format(name)
    except ValueError as exc:
        raise InvalidInput(field_errors={"format": gettext(N_("Velg Excel eller komma."))}) from exc


def file_response(export: Export) -> Response[str]:
    """The file as an attachment; one too big for a Lambda answer goes to S3, and the answer is a 303 to a link
    that works for five minutes."""
    text = export.file.data.decode("utf-8")  # the BOM stays, as U+FEFF
    disposition = f'attachment; filename="{export.filename}"'
    if len(json.dumps(text)) > RESPONSE_LIMIT:
        return see_stored(export, disposition)
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    return Response(status_code=200, content_type=export.fmt.media_type, body=text, headers=headers)


def see_stored(export: Export, disposition: str) -> Response[str]:
    s3 = client("s3")
    bucket = settings().export_bucket
    key = f"exports/{uuid.uuid4()}/{export.filename}"
    s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=export.file.data,
        ContentType=export.fmt.media_type,
        ContentDisposition=disposition,
    )
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=LINK_SECONDS, HttpMethod="GET"
    )
    logger.info("export stored for a link", extra={"bytes": len(export.file.data)})
    return Response(status_code=303, content_type=JSON, body="", headers={"Location": url, "Cache-Control": "no-store"})


def read_version(fields: dict[str, Any]) -> int:
    version = fields.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, str)) or not str(version).isdigit():
        raise BadRequest(N_("Last inn siden på nytt og prøv igjen."))
    return int(version)


def audited_export(leader: Leader, stem: str, rows: Iterable[list[object]], fmt: CsvFormat) -> Export:
    file = render_csv(rows, fmt)
    moment = now()
    audit_log().record(AuditEntry(at=moment, actor=leader.username, action="export", subject=stem, rows=file.rows))
    logger.info("exported", extra={"rows": file.rows, "bytes": len(file.data)})
    return Export(export_filename(stem, moment.astimezone(OSLO).date()), file, fmt)
