"""The evaluations' daily run (EventBridge Scheduler, 07:15 Oslo time; locally with the other schedules): the morning
after a course's last day, each participant gets one email with their own link to the evaluation. Only courses that
started within LOOK_BACK are read, so a run reads little. Idempotent: a person asked once is never asked again. The
same function runs the yearly self-report's daily part (selfreport/schedule.py): its late invitations and reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from attendance.live import attendance_repository
from common.access import NETWORK_WIDE
from common.logs import function_logger, types_only
from common.site import network
from courses.live import course_repository
from evaluations.live import evaluations
from evaluations.models import SEND_WITHIN
from evaluations.service import due, participants

logger = function_logger()
LOOK_BACK = SEND_WITHIN + timedelta(days=7)  # a course of up to a week that ended within SEND_WITHIN


def run(now: datetime | None = None) -> dict[str, int]:
    moment = now or datetime.now(UTC)
    courses = course_repository()
    marks = attendance_repository()
    asking = evaluations(courses)
    sent = 0
    for area in [*(area["id"] for area in network()["areas"]), NETWORK_WIDE]:
        for course, _counts in courses.courses_in_area(area, moment - LOOK_BACK, moment):
            if not due(course, moment):
                continue
            people = participants(courses.registrations(course.id), marks.attendance(course.id))
            asked = asking.ask(course, people, moment)
            sent += asked.sent
    done = {"evaluations_sent": sent}
    logger.info("evaluation schedule ran", extra=done)
    return {kind: count for kind, count in done.items() if count}


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    from selfreport.schedule import run as run_self_reports

    return {"done": run() | run_self_reports()}
