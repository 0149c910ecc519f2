"""Letters on the live parts: the table, the courses, the attendance, the roster and the newsletter as the
recipients' sources, the file store (S3, or locally a folder), the site's news feed. One factory for the routes; the
mail worker's renderer for a letter's drafts. Tests build the service from fakes instead."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from functools import lru_cache
from typing import Any

from attendance.live import attendance_repository
from attendance.models import Attendance
from common.aws import client, dynamodb
from common.files import FileStore, file_store
from common.leader_api import audit_log, every_area, now
from common.settings import settings
from common.unsubscribe import opted_out
from courses.live import course_repository
from courses.models import Course, Registration
from letters.articles import feed_bytes, read_feed
from letters.models import Article, Letter, MailingList, Recipient
from letters.repository import DynamoLetterRepository
from letters.service import Letters


def store() -> FileStore:
    return file_store()


def letter_repository() -> DynamoLetterRepository:
    return DynamoLetterRepository(dynamodb(), settings().table_name, audit_log())


_FEED: dict[str, tuple[float, list[Article]]] = {}
FEED_SECONDS = 30.0


def articles() -> list[Article]:
    """The site's news, newest first (a copy of the last half minute)."""
    config = settings()
    copy = _FEED.get("feed")
    if copy is not None and time.monotonic() - copy[0] < FEED_SECONDS:
        return copy[1]
    data = feed_bytes(client("s3") if config.site_bucket else None, config.site_bucket, config.site_output)
    found = read_feed(data, config.site_url.rstrip("/")) if data else []
    _FEED["feed"] = (time.monotonic(), found)
    return found


class LivePeople:
    """The recipients' sources on the table."""

    def course(self, course_id: str) -> Course | None:
        return course_repository().get_course(course_id)

    def registrations(self, course_id: str, area: str | None) -> Iterator[Registration]:
        return course_repository().registrations(course_id, area)

    def attendance(self, course_id: str) -> list[Attendance]:
        return attendance_repository().attendance(course_id)

    def nurses(self, areas: Sequence[str]) -> list[Recipient]:
        from roster.live import current_nurses

        found = current_nurses(areas[0] if len(areas) == 1 else None)
        return [
            Recipient(email=entry.email, name=entry.name, kind="nurse", area=entry.area)
            for entry in found
            if entry.area in areas and entry.email
        ]

    def unit_leaders(self, areas: Sequence[str]) -> list[Recipient]:
        from roster.live import unit_leaders

        found = unit_leaders(areas[0] if len(areas) == 1 else None)
        return [
            Recipient(email=leader.email, name=leader.name, kind="unit_leader", area=leader.area)
            for leader in found
            if leader.area in areas
        ]

    def subscribers(self) -> list[Recipient]:
        from newsletter.live import subscribers

        return [Recipient(email=s.email, name=s.name, kind="subscriber") for s in subscribers()]

    def opted_out(self, mailing_list: MailingList, address_keys: Iterable[str]) -> set[str]:
        return opted_out(dynamodb(), settings().table_name, mailing_list, address_keys)

    def article(self, url: str) -> Article | None:
        wanted = url.strip("/") + "/"  # the feed's paths end in a slash
        return next((article for article in articles() if article.url == wanted), None)


def letters() -> Letters:
    return Letters(letter_repository(), LivePeople(), store(), every_area(), now, settings().retention_months)


@lru_cache(maxsize=8)
def _sent_letter(table: str, letter_id: str) -> Letter | None:
    """A letter never changes once sent: the worker reads it once for all its emails."""
    return DynamoLetterRepository(dynamodb(), table, audit_log()).letter(letter_id)


def forget() -> None:
    """The copies this container keeps (the news feed, letters read for their emails): for tests."""
    _FEED.clear()
    _sent_letter.cache_clear()


def email_from_draft(draft: dict[str, Any]) -> EmailMessage | None:
    """A letter's email made from its draft (the mail worker's renderer "letter": common/outbox.py RENDERERS), or
    None if the letter is gone."""
    from letters.emails import letter_email

    letter = _sent_letter(settings().table_name, str(draft["letter_id"]))
    if letter is None:
        _sent_letter.cache_clear()
        return None
    return letter_email(letter, draft, datetime.now(UTC))
