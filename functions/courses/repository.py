"""Courses and registrations in DynamoDB (single table).

One sign-up is one TransactWriteItems: the seat counter on the course (with the capacity condition), the
registration, and a marker that lets one email hold one seat per course. Either all three are written or none.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.errors import AlreadyRegistered, Busy, CourseFull, CourseNotFound
from courses.models import Course, Registration

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

COURSE_FIELDS = tuple(Course.model_fields)
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


def course_key(course_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"COURSE#{course_id}"}, "SK": {"S": "META"}}


def _to_item(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serialize(value) for name, value in values.items()}


def _from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserialize(value) for name, value in item.items()}


class CourseRepository(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...

    def add_registration(self, registration: Registration) -> None: ...

    def confirmed_count(self, course_id: str) -> int: ...


class DynamoCourseRepository:
    """The CourseRepository on a DynamoDB table. Course metadata is cached briefly; counters never are."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_name: str,
        cache_seconds: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
        max_attempts: int = 8,
    ) -> None:
        self._client = client
        self._table = table_name
        self._cache_seconds = cache_seconds
        self._monotonic = monotonic
        self._max_attempts = max_attempts
        self._cache: dict[str, tuple[float, Course | None]] = {}

    # courses -----------------------------------------------------------------------------------------------

    def get_course(self, course_id: str) -> Course | None:
        now = self._monotonic()
        cached = self._cache.get(course_id)
        if cached and now - cached[0] < self._cache_seconds:
            return cached[1]
        response = self._client.get_item(TableName=self._table, Key=course_key(course_id))
        item = response.get("Item")
        course = self._course_from_item(item) if item else None
        self._cache[course_id] = (now, course)
        return course

    def put_course(self, course: Course) -> None:
        """Write a course's published fields; its seat counters are kept as they are (0 for a new course)."""
        values = course.model_dump(mode="json")
        names = {f"#{field}": field for field in values}
        expression = ", ".join(f"#{field} = :{field}" for field in values)
        self._client.update_item(
            TableName=self._table,
            Key=course_key(course.id),
            UpdateExpression=f"SET {expression}, confirmed = if_not_exists(confirmed, :zero), entity = :entity",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=_to_item({f":{k}": v for k, v in values.items()})
            | {":zero": {"N": "0"}, ":entity": {"S": "course"}},
        )
        self._cache.pop(course.id, None)

    def confirmed_count(self, course_id: str) -> int:
        response = self._client.get_item(
            TableName=self._table, Key=course_key(course_id), ProjectionExpression="confirmed", ConsistentRead=True
        )
        return int(response.get("Item", {}).get("confirmed", {}).get("N", "0"))

    @staticmethod
    def _course_from_item(item: dict[str, Any]) -> Course:
        values = _from_item(item)
        return Course.model_validate({field: values[field] for field in COURSE_FIELDS if field in values})

    # registrations -----------------------------------------------------------------------------------------

    def add_registration(self, registration: Registration) -> None:
        """Take a seat, store the registration and the email marker, all or nothing.

        Raises CourseNotFound, CourseFull or AlreadyRegistered when a condition fails. A transaction that lost a
        race with another on the same course (TransactionConflict) is tried again with a little random back-off.
        """
        for attempt in range(self._max_attempts):
            try:
                self._client.transact_write_items(
                    TransactItems=self._signup_items(registration),
                    ClientRequestToken=f"{registration.id}-{attempt}",
                )
                return
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = [reason.get("Code", "None") for reason in exc.response.get("CancellationReasons", [])]
                if "ConditionalCheckFailed" in reasons:
                    raise self._condition_error(exc.response["CancellationReasons"]) from exc
                time.sleep(random.uniform(0, 0.01 * 2 ** min(attempt, 6)))  # noqa: S311 - jitter, not a secret
        raise Busy()

    def _signup_items(self, registration: Registration) -> list[Any]:
        course_pk = f"COURSE#{registration.course_id}"
        record = registration.model_dump(mode="json")
        return [
            {
                "Update": {
                    "TableName": self._table,
                    "Key": course_key(registration.course_id),
                    "UpdateExpression": "SET confirmed = confirmed + :one",
                    "ConditionExpression": "attribute_exists(PK) AND confirmed < #capacity",
                    "ExpressionAttributeNames": {"#capacity": "capacity"},
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _to_item(record)
                    | {"PK": {"S": course_pk}, "SK": {"S": f"REG#{registration.id}"}, "entity": {"S": "registration"}},
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": {
                        "PK": {"S": course_pk},
                        "SK": {"S": f"EMAIL#{registration.email_key}"},
                        "entity": {"S": "email_marker"},
                        "registration_id": {"S": registration.id},
                        "expires_at": {"N": str(registration.expires_at)},
                    },
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
        ]

    @staticmethod
    def _condition_error(reasons: list[Any]) -> Exception:
        counter, _registration, marker = reasons
        if marker.get("Code") == "ConditionalCheckFailed":
            return AlreadyRegistered()
        if "Item" not in counter:
            return CourseNotFound()
        return CourseFull()

    def registrations(self, course_id: str) -> Iterator[Registration]:
        """Every registration of a course, all pages read."""
        paginator = self._client.get_paginator("query")
        pages = paginator.paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
            ExpressionAttributeValues={":pk": {"S": f"COURSE#{course_id}"}, ":reg": {"S": "REG#"}},
            ConsistentRead=True,
        )
        for page in pages:
            for item in page.get("Items", []):
                values = _from_item(item)
                yield Registration.model_validate({k: v for k, v in values.items() if k in Registration.model_fields})
