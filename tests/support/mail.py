"""The mail worker as the table's stream would call it, for tiers without a stream (moto): every email on the queue
index handed to the worker's own handler in one batch, as new MAIL items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any


def stream_records(email_ids: list[str]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventSource": "aws:dynamodb",
                "eventName": "INSERT",
                "dynamodb": {"Keys": {"PK": {"S": f"MAIL#{email_id}"}, "SK": {"S": "MAIL"}}},
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


def settled(timeout: float = 30.0) -> None:
    """Until the mail worker (the stream's, in the tiers on DynamoDB Local) has done every email the outbox holds:
    none pending or being sent. TimeoutError if it has not in `timeout` seconds."""
    import time

    from mailing.live import mail_repository

    deadline = time.monotonic() + timeout
    while mail_repository().waiting_since(datetime.now(UTC) + timedelta(days=400)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"emails still waiting after {timeout:g} s")
        time.sleep(0.05)


def deliver_outbox() -> dict[str, int]:
    """Send what the outbox holds now (pending emails); what became of them."""
    from mailing.app import lambda_handler
    from mailing.live import mail_repository

    ids = mail_repository().waiting_since(datetime.now(UTC) + timedelta(days=400))
    return lambda_handler(stream_records(ids), CONTEXT) if ids else {}
