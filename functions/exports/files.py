"""A leader's CSV file as an answer: rendered, written to the audit log with its row count, and sent as an
attachment, or, too big for a Lambda answer, put in S3 behind a link that works for five minutes."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from common.access import Leader
from common.audit import AuditEntry
from common.aws import client
from common.errors import InvalidInput
from common.formatting import OSLO
from common.http import JSON
from common.i18n import N_, gettext
from common.leader_api import audit_log, now
from common.settings import settings
from exports.columns import export_filename
from exports.csv_render import CsvFormat, Rendered, csv_format, render

logger = Logger(child=True)

# What a Lambda function may answer; a bigger export goes to S3 behind a short-lived link. The margin is for the
# status, the headers and the JSON around the body.
RESPONSE_LIMIT = 6 * 1024 * 1024 - 64 * 1024
LINK_SECONDS = 300


@dataclass(frozen=True)
class Export:
    filename: str
    file: Rendered
    fmt: CsvFormat


def requested_format(event: APIGatewayProxyEventV2) -> CsvFormat:
    """?format=komma for a comma-separated file; Excel's semicolons and BOM otherwise."""
    name = (event.query_string_parameters or {}).get("format")
    try:
        return csv_format(name)
    except ValueError as exc:
        raise InvalidInput(field_errors={"format": gettext(N_("Velg Excel eller komma."))}) from exc


def audited_export(leader: Leader, stem: str, rows: Iterable[list[object]], fmt: CsvFormat) -> Export:
    """The rows as a file named for its content and today, written to the audit log with its row count."""
    file = render(rows, fmt)
    moment = now()
    audit_log().record(
        AuditEntry(
            at=moment, actor=leader.username, actor_sub=leader.sub, action="export", subject=stem, rows=file.rows
        )
    )
    logger.info("exported", extra={"rows": file.rows, "bytes": len(file.data)})
    return Export(export_filename(stem, moment.astimezone(OSLO).date()), file, fmt)


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
