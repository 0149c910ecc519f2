"""The roster's daily run (EventBridge Scheduler, 06:30 Oslo time; locally with the hospitation schedule): the courses
and meetings that ended lately, matched to the open roster entries by their confirmed registrations and recorded on
the entries, so that a nurse's courses (the grunnkurs above all) outlive the registrations, which are deleted
RETENTION_MONTHS after a course. Idempotent: a course already on an entry is not added again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.errors import RosterChanged
from common.formatting import OSLO
from common.leader_api import every_area
from common.logs import function_logger, types_only
from courses.live import course_repository
from roster.live import roster
from roster.models import RosterEntry
from roster.service import Roster
from roster.training import courses_taken

logger = function_logger()
LOOK_BACK = timedelta(days=30)  # courses that started this long ago at most: a missed run or two is caught up


def record_courses(roster: Roster, courses: Any, areas: Iterable[str], now: datetime) -> int:
    """Add each course that has ended (and started within LOOK_BACK) to the open entries of those with a confirmed
    registration for it; the number of courses added. An entry changed meanwhile is left for the next run."""
    areas = list(areas)
    by_email: dict[str, list[RosterEntry]] = {}
    for entry in roster.in_areas(areas):
        if entry.current(now.astimezone(OSLO).date()):
            by_email.setdefault(entry.email_key, []).append(entry)
    added = 0
    for email, taken in courses_taken(courses, areas, now - LOOK_BACK, now, set(by_email)).items():
        for course in taken:
            for number, entry in enumerate(by_email[email]):
                if any(known.course_id == course.course_id for known in entry.courses):
                    continue
                changed = entry.model_copy(update={"courses": (*entry.courses, course)})
                try:
                    by_email[email][number] = roster.repo.save_entry(changed)
                except RosterChanged:
                    continue
                added += 1
    return added


def run(now: datetime | None = None) -> dict[str, int]:
    added = record_courses(roster(), course_repository(), every_area(), now or datetime.now(UTC))
    logger.info("roster schedule ran", extra={"courses_recorded": added})
    return {"courses_recorded": added} if added else {}


@logger.inject_lambda_context(clear_state=True)
@types_only(logger)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {"done": run()}
