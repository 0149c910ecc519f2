"""The mail worker's handler (MailFunction): the table's stream hands it each new email (filtered to new MAIL
items: common/outbox.py), SES's configuration set its bounces and complaints (through SNS), and a schedule every few
minutes asks it to sweep up what the stream did not hand over."""

from __future__ import annotations

import json
from typing import Any

from common.logs import function_logger, types_only
from common.outbox import BUNDLE
from mailing.live import postman

logger = function_logger()


@types_only(logger)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    records = event.get("Records")
    if not records:
        counted = postman().sweep()
        logger.info("outbox swept", extra=counted)
        return counted
    keys = [record["dynamodb"]["Keys"] for record in records if record.get("eventSource") == "aws:dynamodb"]
    ids = [key["PK"]["S"].removeprefix("MAIL#") for key in keys if key["SK"]["S"] != BUNDLE]
    bundles = [key["PK"]["S"].removeprefix("MAIL#") for key in keys if key["SK"]["S"] == BUNDLE]
    counted = postman().deliver_all(ids, bundles)
    for record in records:
        if record.get("EventSource") == "aws:sns":
            status = postman().record(json.loads(record["Sns"]["Message"]))
            if status:
                counted[status] = counted.get(status, 0) + 1
    logger.info("emails handled", extra={"records": len(records)} | counted)
    return counted
