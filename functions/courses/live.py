"""The courses' repository on the live table: one factory for every route, schedule and capability that reads
courses. Tests build the service from fakes instead (tests/unit/fakes.py)."""

from __future__ import annotations

from email.message import EmailMessage
from functools import lru_cache
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from common.aws import dynamodb, is_transient
from common.settings import settings
from courses.editor import CourseEditor
from courses.models import Course
from courses.repository import DynamoCourseRepository


def course_repository() -> DynamoCourseRepository:
    """Fresh reads, for a leader or a schedule: what was just changed is what they see."""
    return DynamoCourseRepository(dynamodb(), settings().table_name, cache_seconds=0)


@lru_cache(maxsize=1)
def shared_repository() -> DynamoCourseRepository:
    """One per container for the public routes, made on first use so that a cold start does not pay for it; it
    keeps a course for a few seconds (settings' course_cache_seconds)."""
    config = settings()
    return DynamoCourseRepository(dynamodb(), config.table_name, config.course_cache_seconds)


def course_for_page(course_id: str) -> Course | None:
    """The course a refusal's page shows the form on, or None: no such course, or DynamoDB busy or away (then a
    message page, not a 500)."""
    if not course_id:
        return None
    try:
        return shared_repository().get_course(course_id)
    except (ClientError, BotoCoreError) as failed:
        if not is_transient(failed):
            raise
        return None


def course_editor() -> CourseEditor:
    """The leaders' course editor on the live table, mailer, audit log and clock."""
    from common.leader_api import audit_log, every_area, now

    return CourseEditor(course_repository(), every_area(), audit_log(), now)


def email_from_draft(draft: dict[str, Any]) -> EmailMessage | None:
    """A registration email's draft made into its message (the mail worker's renderer "registration":
    common/outbox.py RENDERERS), or None if the course or the registration is gone."""
    from courses.emails import draft_message

    repository = course_repository()
    course = repository.get_course(str(draft["course_id"]))
    registration = repository.registration(str(draft["course_id"]), str(draft["registration_id"]))
    if course is None or registration is None:
        return None
    return draft_message(draft, course, registration)
