"""The daily schedule (EventBridge Scheduler, 07:00 Oslo time; locally the local server runs it every hour): the
reminders, the ends and the evaluations that are due. Idempotent: a run that is repeated finds nothing more due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.logs import function_logger, types_only
from hospitation.live import workflow

logger = function_logger()


def run(now: datetime | None = None) -> dict[str, int]:
    done = workflow().run_schedule(now or datetime.now(UTC))
    logger.info("schedule ran", extra={"done": done})
    return done


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {"done": run()}
