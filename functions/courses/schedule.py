"""The courses' daily run (EventBridge Scheduler, 07:00 Oslo time; locally with the other schedules): the reminders
due today before each course that has not begun (courses/reminders.py). Only courses that start within the longest
reminder a course may have are read, so a run reads little. Idempotent: a person reminded once is never reminded
again of the same reminder, however often it runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.access import NETWORK_WIDE
from common.logs import function_logger, types_only
from common.site import network
from courses.live import course_repository
from courses.models import MAX_REMINDER_DAYS
from courses.reminders import send_reminders

logger = function_logger()
LOOK_AHEAD = timedelta(days=MAX_REMINDER_DAYS + 1)


def run(now: datetime | None = None) -> dict[str, int]:
    moment = now or datetime.now(UTC)
    courses = course_repository()
    sent = 0
    for area in [*(area["id"] for area in network()["areas"]), NETWORK_WIDE]:
        for course, _counts in courses.courses_in_area(area, moment - timedelta(days=1), moment + LOOK_AHEAD):
            sent += send_reminders(courses, course, moment)
    done = {"reminders_sent": sent}
    logger.info("course schedule ran", extra=done)
    return {kind: count for kind, count in done.items() if count}


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {"done": run()}
