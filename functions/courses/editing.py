"""Making and changing courses in DynamoDB: the part of DynamoCourseRepository (courses/repository.py) that the
leaders' course editor (courses/editor.py) writes with.

A course is its META item (the fields, the seat counters, `status` and `version`) and its DESCRIPTION item (the page's
Markdown, kept apart so that a sign-up, which updates the counters, never rewrites a long text). Every change is one
TransactWriteItems with a publish request (common/publishing.py), on the condition that the course is at the version
the leader saw; the seat counters are never written here, so a sign-up at the same moment is neither lost nor
overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from common.errors import CourseChanged, CourseNotDraft, CourseNotFound, InvalidInput
from common.i18n import N_, gettext
from common.outbox import NO_MAIL, Mailing
from common.publishing import publish_request
from courses.items import (
    Counts,
    area_pk,
    course_by_area_sk,
    course_key,
    course_pk,
    from_item,
    new_course_item,
    to_item,
)
from courses.models import Course

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

CAPACITY_UNDER_SEATS = N_(
    "Kurset har allerede %(confirmed)s påmeldte med plass. Antall plasser kan ikke være lavere enn det."
)


class CourseIdTaken(Exception):
    """A new course's id is in use: the editor tries the next one."""


def description_key(course_id: str) -> dict[str, Any]:
    return {"PK": {"S": course_pk(course_id)}, "SK": {"S": "DESCRIPTION"}}


class CourseEditing:
    """Creating, changing, publishing, cancelling and deleting courses on the table DynamoCourseRepository was made
    with."""

    _client: DynamoDBClient
    _table: str
    _cache: dict[str, tuple[float, Course | None]]
    _monotonic: Callable[[], float]

    def description(self, course_id: str) -> str:
        item = self._client.get_item(TableName=self._table, Key=description_key(course_id), ConsistentRead=True).get(
            "Item"
        )
        return item["text"]["S"] if item else ""

    def descriptions(self, course_ids: list[str]) -> dict[str, str]:
        """The descriptions of many courses (the site build), 100 keys to a read."""
        from common.aws import items_by_key

        keys = [description_key(course_id) for course_id in course_ids]
        found = items_by_key(self._client, self._table, keys)
        return {item["PK"]["S"].removeprefix("COURSE#"): item["text"]["S"] for item in found.values() if "text" in item}

    def create_course(self, course: Course, description: str, now: datetime) -> Course:
        """Store a new course with its counters at 0, at version 1. CourseIdTaken when its id is used."""
        stored = course.model_copy(update={"version": 1})
        if not self._put_new(stored, description, [publish_request(self._table, f"COURSE#{course.id}", now)]):
            raise CourseIdTaken(course.id)
        return stored

    def import_course(self, course: Course, description: str) -> bool:
        """Put a course from content/kurs/*.md into the table once: never over a course that is there (one made or
        edited in the leaders' area keeps every change). True when it was put."""
        return self._put_new(course, description, [])

    def _put_new(self, course: Course, description: str, more: list[Any]) -> bool:
        """The course and its description, in one transaction with more, unless its id is in use (then False)."""
        put: Any = {
            "TableName": self._table,
            "Item": new_course_item(course),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
        try:
            self._client.transact_write_items(
                TransactItems=[{"Put": put}, self._description_put(course.id, description), *more]
            )
        except ClientError as exc:
            if _failed_first(exc):
                return False
            raise
        self._cache.pop(course.id, None)
        return True

    def change_course(
        self,
        course: Course,
        description: str | None,
        seen_version: int,
        now: datetime,
        mailing: Mailing = NO_MAIL,
    ) -> Course:
        """Write a course's fields (and its description, unless None) over the stored ones, on the condition that it
        is at seen_version and that its seats are not fewer than those given; the counters stay as they are.
        Returns the course as stored (the next version). CourseChanged when someone else changed it first,
        InvalidInput on the capacity when it is under the seats given, CourseNotFound when it is gone. The emails
        the change sends (at most MAIL_PER_CHANGE) are in the same transaction."""
        stored = course.model_copy(update={"version": seen_version + 1})
        values = stored.model_dump(mode="json")
        names = {f"#{field}": field for field in values}
        expression = ", ".join(f"#{field} = :{field}" for field in values)
        update = {
            "Update": {
                "TableName": self._table,
                "Key": course_key(course.id),
                "UpdateExpression": f"SET {expression}, GSI1PK = :area_pk, GSI1SK = :area_sk",
                "ConditionExpression": "attribute_exists(PK) AND #version = :seen AND confirmed <= :capacity",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": to_item({f":{k}": v for k, v in values.items()})
                | {
                    ":seen": {"N": str(seen_version)},
                    ":area_pk": {"S": area_pk(course.area)},
                    ":area_sk": {"S": course_by_area_sk(course)},
                },
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }
        items: list[Any] = [update]
        if description is not None:
            items.append(self._description_put(course.id, description))
        items.append(publish_request(self._table, f"COURSE#{course.id}", now))
        items += mailing.items(self._table)
        self._write_on_version(items, seen_version)
        self._cache.pop(course.id, None)
        return stored

    def record_mailing(self, mailing: Mailing) -> None:
        """Emails beyond what a change's own transaction holds, a transaction per MAIL_PER_CHANGE."""
        for part in mailing.chunks(MAIL_PER_CHANGE):
            items: list[Any] = part.items(self._table)
            if items:
                self._client.transact_write_items(TransactItems=items)

    def delete_course(self, course_id: str, seen_version: int, now: datetime) -> None:
        """Delete a draft (a draft has no registrations: its form is not on the site) and its description."""
        items: list[Any] = [
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": course_key(course_id),
                    "ConditionExpression": "attribute_exists(PK) AND #version = :seen AND #status = :draft "
                    "AND confirmed = :zero AND waitlisted = :zero",
                    "ExpressionAttributeNames": {"#version": "version", "#status": "status"},
                    "ExpressionAttributeValues": {
                        ":seen": {"N": str(seen_version)},
                        ":draft": {"S": "draft"},
                        ":zero": {"N": "0"},
                    },
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
            {"Delete": {"TableName": self._table, "Key": description_key(course_id)}},
            publish_request(self._table, f"COURSE#{course_id}", now),
        ]
        old = self._write_on_version(items, seen_version, raise_capacity=False)
        if old is not None:
            raise CourseNotDraft()
        self._cache.pop(course_id, None)

    def all_courses(self, areas: list[str]) -> Iterator[tuple[Course, Counts]]:
        """Every course of these areas (and their drafts), whenever they are: what the site is built from."""
        start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
        for area in areas:
            yield from self.courses_in_area(area, start, end)  # type: ignore[attr-defined]

    def _description_put(self, course_id: str, description: str) -> Any:
        return {
            "Put": {
                "TableName": self._table,
                "Item": description_key(course_id)
                | {"entity": {"S": "course_description"}, "text": {"S": description}},
            }
        }

    def _write_on_version(
        self, items: list[Any], seen_version: int, raise_capacity: bool = True
    ) -> dict[str, Any] | None:
        """Write the transaction whose first item is the course's, conditional on its version. Raises CourseNotFound,
        CourseChanged, or InvalidInput (the capacity); returns the old course item when the version was right but
        another of the first item's conditions failed and raise_capacity is False, else None."""
        try:
            self._client.transact_write_items(TransactItems=items)
            return None
        except ClientError as exc:
            if not _failed_first(exc):
                raise
            old = from_item(dict(exc.response["CancellationReasons"][0].get("Item") or {}))
        if not old:
            raise CourseNotFound()
        if int(old.get("version", 0)) != seen_version:
            raise CourseChanged()
        if not raise_capacity:
            return old
        confirmed = int(old.get("confirmed", 0))
        raise InvalidInput(field_errors={"capacity": gettext(CAPACITY_UNDER_SEATS) % {"confirmed": confirmed}})


MAIL_PER_CHANGE = 90  # emails in a change's transaction, beside its own few items (DynamoDB takes 100)


def _failed_first(exc: ClientError) -> bool:
    """A cancelled transaction whose first item's condition failed."""
    if exc.response["Error"]["Code"] != "TransactionCanceledException":
        return False
    reasons = exc.response.get("CancellationReasons") or [{}]
    return reasons[0].get("Code") == "ConditionalCheckFailed"
