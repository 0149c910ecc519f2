"""One submission, one result: Powertools idempotency on a DynamoDB table (IDEMPOTENCY_TABLE).

A double click, a browser's retry or a replay of the same request body gets the first answer again, for an hour.
The first answer may carry a secret (the link to a person's own page), and the table must not hold it readable: the
secret is stored sealed, XORed with a pad derived from the request itself, so that only the same request opens it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from common.aws import dynamodb
from common.errors import Busy
from common.sealing import request_key, seal, unseal
from common.settings import settings

Result = TypeVar("Result", bound=BaseModel)
CONFIG = IdempotencyConfig(expires_after_seconds=3600, hash_function="sha256")
WAIT_FOR_FIRST = 5.0  # seconds a second click waits for the first one's answer, inside the function's timeout


def register_lambda_context(context: LambdaContext) -> None:
    """Lets a request that dies half-way free its key when the function's time is up, not after the hour."""
    CONFIG.register_lambda_context(context)


@lru_cache(maxsize=1)
def persistence() -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table, boto3_client=dynamodb())


def once(
    request: BaseModel,
    work: Callable[[], Result],
    result_type: type[Result],
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """work() once per distinct request (all of its fields make the key); the stored result for a repeat. A repeat
    that arrives while the first is still running waits for its result. Raises Busy when the store fails."""

    def work_on(request: BaseModel) -> Result:
        return work()

    run: Callable[..., Result] = idempotent_function(
        work_on,
        data_keyword_argument="request",
        persistence_store=persistence(),
        config=CONFIG,
        output_serializer=PydanticSerializer(result_type),
        key_prefix=type(request).__name__,
    )

    deadline = time.monotonic() + WAIT_FOR_FIRST
    while True:
        try:
            result: Result = run(request=request)
            return result
        except IdempotencyAlreadyInProgressError:
            if time.monotonic() > deadline:
                raise Busy() from None
            sleep(0.1)
        except IdempotencyPersistenceLayerError as exc:
            raise Busy() from exc


__all__ = ["once", "persistence", "register_lambda_context", "request_key", "seal", "unseal"]
