"""The daily schedule (EventBridge Scheduler, 07:00 Oslo time; locally the local server runs it every hour): the
reminders, the ends and the evaluations that are due. Idempotent: a run that is repeated finds nothing more due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from common.aws import dynamodb
from common.mail import mailer
from common.settings import settings
from hospitation.models import host_units
from hospitation.repository import DynamoHospitationRepository
from hospitation.service import Workflow

logger = Logger()


def run(now: datetime | None = None) -> dict[str, int]:
    config = settings()
    flow = Workflow(
        DynamoHospitationRepository(dynamodb(), config.table_name), mailer(), host_units(), config.retention_months
    )
    done = flow.run_schedule(now or datetime.now(UTC))
    logger.info("schedule ran", extra={"done": done})
    return done


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {"done": run()}
