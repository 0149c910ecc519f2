"""boto3 clients, made once per container, with retries and timeouts that fit inside the function timeout.

Worst case for one call: 3 attempts x (1 s connect + 2 s read) = 9 s, inside the 10 s function timeout.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=1,
    read_timeout=2,
    tcp_keepalive=True,
)


@lru_cache(maxsize=1)
def dynamodb() -> DynamoDBClient:
    client: Any = boto3.client("dynamodb", config=CLIENT_CONFIG)
    return client  # type: ignore[no-any-return]
