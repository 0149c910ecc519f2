"""Courses and registrations in DynamoDB (single table).

One sign-up is one TransactWriteItems: the course's counter (a seat, or the next place on the waiting list), the
registration, the marker that lets one email sign up once per course, and the item behind the person's secret link.
Either all are written or none.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.errors import AlreadyRegistered, Busy, CourseNotFound
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


def _registration(item: dict[str, Any]) -> Registration:
    values = _from_item(item)
    return Registration.model_validate({k: v for k, v in values.items() if k in Registration.model_fields})


class CourseRepository(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...

    def add_registration(self, registration: Registration) -> Registration: ...

    def registration_by_token(self, token_hash: str) -> Registration | None: ...

    def cancel(self, registration: Registration) -> Registration | None: ...

    def place_in_line(self, registration: Registration) -> int | None: ...

    def confirmed_count(self, course_id: str) -> int: ...


class DynamoCourseRepository:
    """The CourseRepository on a DynamoDB table. Course metadata is cached briefly; counters never are."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_name: str,
        cache_seconds: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
        patience: float = 6.0,
    ) -> None:
        self._client = client
        self._table = table_name
        self._cache_seconds = cache_seconds
        self._monotonic = monotonic
        self._patience = patience  # seconds a contended sign-up keeps trying, inside the function's timeout
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
            UpdateExpression=f"SET {expression}, confirmed = if_not_exists(confirmed, :zero), "
            "waitlisted = if_not_exists(waitlisted, :zero), entity = :entity",
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

    def add_registration(self, registration: Registration) -> Registration:
        """Store a sign-up, all or nothing, and return it as stored: with a seat, or on the waiting list.

        One TransactWriteItems: the course's counter (a seat: `confirmed < capacity`; the waiting list: `confirmed >=
        capacity AND waitlisted = n`, which makes the next position n + 1, unique and gap-free), the registration,
        the one-email-per-course marker and the secret link's item (and, waiting, the queue entry WAIT#position).
        A failed condition returns the course as it was, so the next try knows which of the two to make.
        Raises CourseNotFound or AlreadyRegistered, or Busy when the course is too contended for too long.
        """
        deadline = self._monotonic() + self._patience
        attempt = 0
        position: int | None = None  # None: try for a seat
        while True:
            stored = registration.model_copy(
                update={"status": "confirmed" if position is None else "waitlisted", "position": position}
            )
            try:
                self._client.transact_write_items(
                    TransactItems=self._signup_items(stored), ClientRequestToken=f"{registration.id}-{attempt}"
                )
                return stored
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = exc.response.get("CancellationReasons") or [{}]
                counter, marker = reasons[0], reasons[-1]
                if marker.get("Code") == "ConditionalCheckFailed":
                    raise AlreadyRegistered() from exc
                if counter.get("Code") == "ConditionalCheckFailed":
                    if "Item" not in counter:
                        raise CourseNotFound() from exc
                    course = _from_item(dict(counter["Item"]))
                    full = int(course.get("confirmed", 0)) >= int(course["capacity"])
                    position = int(course.get("waitlisted", 0)) + 1 if full else None
                # Another sign-up got there first: try again after a random wait that grows with the crowd, so that
                # the waiting ones do not all try again at once.
                time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 25)))  # noqa: S311 - jitter, not a secret
            attempt += 1
            if self._monotonic() > deadline:
                raise Busy()

    def _signup_items(self, registration: Registration) -> list[Any]:
        course_pk = f"COURSE#{registration.course_id}"
        record = registration.model_dump(mode="json", exclude_none=True)
        if registration.confirmed:
            counter = {
                "UpdateExpression": "SET confirmed = confirmed + :one",
                "ConditionExpression": "attribute_exists(PK) AND confirmed < #capacity",
                "ExpressionAttributeValues": {":one": {"N": "1"}},
            }
        else:
            assert registration.position is not None  # noqa: S101 - a waiting registration always has one
            counter = {
                "UpdateExpression": "SET waitlisted = :position",
                "ConditionExpression": "attribute_exists(PK) AND confirmed >= #capacity AND waitlisted = :before",
                "ExpressionAttributeValues": {
                    ":position": {"N": str(registration.position)},
                    ":before": {"N": str(registration.position - 1)},
                },
            }
        new_item = "attribute_not_exists(PK)"
        items: list[Any] = [
            {
                "Update": {
                    "TableName": self._table,
                    "Key": course_key(registration.course_id),
                    "ExpressionAttributeNames": {"#capacity": "capacity"},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    **counter,
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _to_item(record)
                    | {"PK": {"S": course_pk}, "SK": {"S": f"REG#{registration.id}"}, "entity": {"S": "registration"}},
                    "ConditionExpression": new_item,
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _to_item(
                        {
                            "PK": f"TOKEN#{registration.token_hash}",
                            "SK": "META",
                            "entity": "registration_link",
                            "course_id": registration.course_id,
                            "registration_id": registration.id,
                            "expires_at": registration.expires_at,
                        }
                    ),
                    "ConditionExpression": new_item,
                }
            },
        ]
        if registration.position is not None:
            items.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": _to_item(
                            {
                                "PK": course_pk,
                                "SK": f"WAIT#{registration.position:06d}",
                                "entity": "waiting",
                                "registration_id": registration.id,
                                "expires_at": registration.expires_at,
                            }
                        ),
                        "ConditionExpression": new_item,
                    }
                }
            )
        items.append(  # the marker last: its cancellation reason is always reasons[-1]
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _to_item(
                        {
                            "PK": course_pk,
                            "SK": f"EMAIL#{registration.email_key}",
                            "entity": "email_marker",
                            "registration_id": registration.id,
                            "expires_at": registration.expires_at,
                        }
                    ),
                    "ConditionExpression": new_item,
                }
            }
        )
        return items

    def cancel(self, registration: Registration) -> Registration | None:
        """Cancel a registration, all or nothing, and free its email to sign up again. A seat given back goes to the
        first in line in the same transaction (returned, promoted); with nobody waiting the course counts one seat
        less. Cancelling twice is harmless.
        """
        deadline = self._monotonic() + self._patience
        course_pk = f"COURSE#{registration.course_id}"
        attempt = 0
        while True:
            promoted: Registration | None = None
            items: list[Any] = [
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": {"PK": {"S": course_pk}, "SK": {"S": f"REG#{registration.id}"}},
                        "UpdateExpression": "SET #status = :cancelled",
                        "ConditionExpression": "#status = :was",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":cancelled": {"S": "cancelled"},
                            ":was": {"S": registration.status},
                        },
                    }
                },
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": {"PK": {"S": course_pk}, "SK": {"S": f"EMAIL#{registration.email_key}"}},
                        "ConditionExpression": "registration_id = :id",
                        "ExpressionAttributeValues": {":id": {"S": registration.id}},
                    }
                },
            ]
            if not registration.confirmed:
                items.append(self._delete_queue_entry(course_pk, registration))
            else:
                # The counter first, then the line: if somebody joins after this read, `waitlisted` has moved and
                # the "nobody waits" branch below fails its condition and looks again.
                meta = self._client.get_item(
                    TableName=self._table, Key=course_key(registration.course_id), ConsistentRead=True
                )["Item"]
                promoted = self._first_in_line(registration.course_id)
                if promoted is not None:
                    items += [self._promotion(course_pk, promoted), self._delete_queue_entry(course_pk, promoted)]
                else:  # nobody waits: a seat is free, unless somebody joined the line meanwhile
                    items.append(
                        {
                            "Update": {
                                "TableName": self._table,
                                "Key": course_key(registration.course_id),
                                "UpdateExpression": "SET confirmed = confirmed - :one",
                                "ConditionExpression": "waitlisted = :seen",
                                "ExpressionAttributeValues": {":one": {"N": "1"}, ":seen": meta["waitlisted"]},
                            }
                        }
                    )
            try:
                self._client.transact_write_items(
                    TransactItems=items, ClientRequestToken=f"{registration.id}-cancel-{attempt}"
                )
                return promoted.model_copy(update={"status": "confirmed", "position": None}) if promoted else None
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                mine = (exc.response.get("CancellationReasons") or [{}])[0]
                if mine.get("Code") == "ConditionalCheckFailed":
                    return None  # cancelled already (a double click, or a retry)
            attempt += 1
            if self._monotonic() > deadline:
                raise Busy()
            time.sleep(random.uniform(0, 0.002 * min(attempt, 25)))  # noqa: S311 - jitter, not a secret

    def _first_in_line(self, course_id: str) -> Registration | None:
        head = self._client.query(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :wait)",
            ExpressionAttributeValues={":pk": {"S": f"COURSE#{course_id}"}, ":wait": {"S": "WAIT#"}},
            ConsistentRead=True,
            Limit=1,
        )["Items"]
        if not head:
            return None
        key = {"PK": {"S": f"COURSE#{course_id}"}, "SK": {"S": f"REG#{head[0]['registration_id']['S']}"}}
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True)["Item"]
        # promoted by another cancellation between the two reads: its queue entry is gone, its position too;
        # keep the position read from the entry, so that the transaction's condition on it fails and we look again
        return _registration(item).model_copy(update={"position": int(head[0]["SK"]["S"].removeprefix("WAIT#"))})

    def _promotion(self, course_pk: str, waiting: Registration) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self._table,
                "Key": {"PK": {"S": course_pk}, "SK": {"S": f"REG#{waiting.id}"}},
                "UpdateExpression": "SET #status = :confirmed REMOVE #position",
                "ConditionExpression": "#status = :waitlisted",
                "ExpressionAttributeNames": {"#status": "status", "#position": "position"},
                "ExpressionAttributeValues": {":confirmed": {"S": "confirmed"}, ":waitlisted": {"S": "waitlisted"}},
            }
        }

    def _delete_queue_entry(self, course_pk: str, waiting: Registration) -> dict[str, Any]:
        return {
            "Delete": {
                "TableName": self._table,
                "Key": {"PK": {"S": course_pk}, "SK": {"S": f"WAIT#{waiting.position:06d}"}},
                "ConditionExpression": "attribute_exists(PK)",
            }
        }

    def place_in_line(self, registration: Registration) -> int | None:
        """Where a waiting registration stands now: 1 is next (positions stay; the line moves)."""
        if registration.status != "waitlisted" or registration.position is None:
            return None
        ahead = self._client.query(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND SK BETWEEN :first AND :before",
            ExpressionAttributeValues={
                ":pk": {"S": f"COURSE#{registration.course_id}"},
                ":first": {"S": "WAIT#000000"},
                ":before": {"S": f"WAIT#{registration.position - 1:06d}"},
            },
            Select="COUNT",
            ConsistentRead=True,
        )["Count"]
        return int(ahead) + 1

    def registration_by_token(self, token_hash: str) -> Registration | None:
        link = self._client.get_item(
            TableName=self._table, Key={"PK": {"S": f"TOKEN#{token_hash}"}, "SK": {"S": "META"}}, ConsistentRead=True
        ).get("Item")
        if not link:
            return None
        key = {"PK": {"S": f"COURSE#{link['course_id']['S']}"}, "SK": {"S": f"REG#{link['registration_id']['S']}"}}
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        return _registration(item) if item else None

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
                yield _registration(item)
