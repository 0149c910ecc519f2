"""The evaluations' daily run (EventBridge Scheduler, 07:15 Oslo time; locally with the other schedules): the morning
after a course's last day, each participant gets one email with their own link to the evaluation. Only courses that
started within LOOK_BACK are read, so a run reads little. Idempotent: a person asked once is never asked again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from attendance.repository import DynamoAttendanceRepository
from common.aws import dynamodb
from common.mail import mailer
from common.settings import settings
from common.site import network
from courses.repository import DynamoCourseRepository
from evaluations.models import SEND_WITHIN
from evaluations.repository import DynamoEvaluationRepository
from evaluations.service import Evaluations, due, participants
from leaders.access import NETWORK_WIDE

logger = Logger()
LOOK_BACK = SEND_WITHIN + timedelta(days=7)  # a course of up to a week that ended within SEND_WITHIN


def run(now: datetime | None = None) -> dict[str, int]:
    moment = now or datetime.now(UTC)
    table = settings().table_name
    courses = DynamoCourseRepository(dynamodb(), table, cache_seconds=0)
    marks = DynamoAttendanceRepository(dynamodb(), table)
    evaluations = Evaluations(DynamoEvaluationRepository(dynamodb(), table), courses, mailer())
    sent = failed = 0
    for area in [*(area["id"] for area in network()["areas"]), NETWORK_WIDE]:
        for course, _counts in courses.courses_in_area(area, moment - LOOK_BACK, moment):
            if not due(course, moment):
                continue
            people = participants(courses.registrations(course.id), marks.attendance(course.id))
            asked = evaluations.ask(course, people, moment)
            sent, failed = sent + asked.sent, failed + asked.failed
    done = {"evaluations_sent": sent, "evaluations_failed": failed}
    logger.info("evaluation schedule ran", extra=done)
    return {kind: count for kind, count in done.items() if count}


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {"done": run()}
