"""boto3 clients, made once per container, with retries and timeouts that fit inside the function timeout.

Worst case for one call: 3 attempts x (1 s connect + 2 s read) = 9 s, inside the 10 s function timeout.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore import exceptions as botocore_errors
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=1,
    read_timeout=2,
    tcp_keepalive=True,
)


@cache
def client(service: str) -> Any:
    return boto3.client(service, config=CLIENT_CONFIG)  # type: ignore[call-overload]


def dynamodb() -> DynamoDBClient:
    dynamodb_client: DynamoDBClient = client("dynamodb")
    return dynamodb_client


TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
        "TransactionInProgressException",
        "TooManyRequestsException",
        "SendingPausedException",
    }
)


def is_transient(exc: BaseException) -> bool:
    """An AWS error that trying again later can cure: throttling, a busy service, a network timeout."""
    if isinstance(exc, botocore_errors.ClientError):
        return exc.response.get("Error", {}).get("Code") in TRANSIENT_CODES
    return isinstance(
        exc, (botocore_errors.ConnectionError, botocore_errors.ConnectTimeoutError, botocore_errors.ReadTimeoutError)
    )
