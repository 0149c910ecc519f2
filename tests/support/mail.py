"""The mail worker in the tests. For tiers without a stream (moto): every email on the queue index handed to the
worker's own handler in one batch, as new MAIL items (`deliver_outbox`). For the tiers on DynamoDB Local, where the
worker runs on the table's stream (tests/support/stack.py): waiting until it has sent what was written
(`settled_outbox`)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any


def stream_records(email_ids: list[str], sort: str = "MAIL") -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventSource": "aws:dynamodb",
                "eventName": "INSERT",
                "dynamodb": {"Keys": {"PK": {"S": f"MAIL#{email_id}"}, "SK": {"S": sort}}},
            }
            for email_id in email_ids
        ]
    }


CONTEXT = SimpleNamespace(
    function_name="MailFunction",
    memory_limit_in_mb=512,
    invoked_function_arn="arn:aws:lambda:eu-north-1:000000000000:function:MailFunction",
    aws_request_id="test",
)


def deliver_outbox() -> dict[str, int]:
    """Send what the outbox holds now (pending emails, and those of its bundles); what became of them."""
    from mailing.app import lambda_handler
    from mailing.live import mail_repository

    later = datetime.now(UTC) + timedelta(days=400)
    counted: dict[str, int] = {}
    bundles = mail_repository().bundles_since(later)
    if bundles:
        counted |= lambda_handler(stream_records(bundles, "BUNDLE"), CONTEXT)
    ids = mail_repository().waiting_since(later)
    if ids:
        for status, count in lambda_handler(stream_records(ids), CONTEXT).items():
            counted[status] = counted.get(status, 0) + count
    return counted


MAIL_POLLERS: list[Any] = []  # the mail worker's stream pollers of the running stack (tests/support/stack.py)


def settled_outbox(timeout: float = 30.0) -> float:
    """Until the mail worker on the stream has done every email written so far (none left on the queue index: each
    sent, or given up on) and finished its batch (it writes how each went on the item the email is about), so that
    the outbox folder and the items hold them; the seconds waited. An email held for a submitter's confirmation is
    not on the queue, and is not waited for."""
    from mailing.live import mail_repository

    def waiting() -> bool:
        later = datetime.now(UTC) + timedelta(days=400)
        left = mail_repository().waiting_since(later) or mail_repository().bundles_since(later)
        return bool(left) or any(poller.busy for poller in MAIL_POLLERS)

    started = time.monotonic()
    while waiting():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"emails still waiting after {timeout:g} s: is the mail worker's poller running?")
        time.sleep(0.05)
    return time.monotonic() - started


def delivered_links(address: str, subject: str, link: re.Pattern[str]) -> list[str]:
    """The links (`link`'s matches, its group if it has one) in the emails to `address` whose subject holds
    `subject`, oldest first, once the outbox is delivered (moto's tiers)."""
    import email
    import email.policy
    import os
    from pathlib import Path

    deliver_outbox()
    found: list[str] = []
    for path in sorted(Path(os.environ["MAIL_OUTBOX"]).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]) and subject in str(message["Subject"]):
            found += link.findall(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    return found
