"""Courses and registrations in DynamoDB (single table).

A course's META item carries its counters: `confirmed` (seats taken), `waiting` (people in line now) and `waitlisted`
(the last place in line given; places are never reused). One sign-up, of a person or of a nurse with their leader, is
one TransactWriteItems: the counters, and per person the registration, the item behind their secret link, the queue
entry while waiting, and the marker that lets one email sign up once per course. A cancellation is one too: the
registration, its marker, the counters, and those promoted from the line with a new link each. All or nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from common.aws import items_in_key_order
from common.errors import AlreadyRegistered, Busy, CompanionAlreadyRegistered, CourseNotFound
from common.outbox import NO_MAIL, Mailing, send_again, unsuppress
from courses.editing import CourseEditing
from courses.items import (
    COURSE_FIELDS,
    Counts,
    area_pk,
    course_by_area_sk,
    course_key,
    course_letter_from_item,
    course_pk,
    from_item,
    registration_from_item,
    submission_key,
    to_item,
    utc_key,
)
from courses.models import Course, CourseLetter, Registration, Reminder
from courses.waiting_list import WaitingList

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


SUBMISSION_HOURS = 24  # how long a sign-up's answer is kept to give again to the same form sent again
MailFor = Callable[[list[Registration]], Mailing]


class Resubmitted(Exception):
    """The sign-up form was sent before and stored: its first answer (no personal data; the link sealed)."""

    def __init__(self, status: str, position: int | None, sealed_token: str) -> None:
        super().__init__("resubmitted")
        self.status, self.position, self.sealed_token = status, position, sealed_token


class CourseRepository(Protocol):
    def get_course(self, course_id: str) -> Course | None: ...

    def add_registrations(
        self,
        group: Sequence[Registration],
        mailing: MailFor | None = None,
        submission: tuple[str, str] | None = None,
    ) -> list[Registration]: ...

    def registration_by_token(self, token_hash: str) -> Registration | None: ...

    def cancel(
        self, registration: Registration, link_hashes: Sequence[str] = (), mailing: MailFor | None = None
    ) -> list[Registration]: ...

    def place_in_line(self, registration: Registration) -> int | None: ...

    def counts(self, course_id: str) -> Counts: ...


class DynamoCourseRepository(WaitingList, CourseEditing):
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
            "waitlisted = if_not_exists(waitlisted, :zero), waiting = if_not_exists(waiting, :zero), entity = :entity, "
            "GSI1PK = :area_pk, GSI1SK = :area_sk",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=to_item({f":{k}": v for k, v in values.items()})
            | {
                ":zero": {"N": "0"},
                ":entity": {"S": "course"},
                ":area_pk": {"S": area_pk(course.area)},
                ":area_sk": {"S": course_by_area_sk(course)},
            },
        )
        self._cache.pop(course.id, None)

    def counts(self, course_id: str) -> Counts:
        response = self._client.get_item(
            TableName=self._table,
            Key=course_key(course_id),
            ProjectionExpression="confirmed, waiting, waitlisted",
            ConsistentRead=True,
        )
        return Counts.of(from_item(response.get("Item", {})))

    def courses_in_area(self, area: str, start: datetime, end: datetime) -> Iterator[tuple[Course, Counts]]:
        """The courses of one area (or "alle") that start in [start, end], soonest first, with their counters.

        The area index holds keys only, so that a sign-up's counter update never writes to it; the courses themselves
        are then read by key, consistently, up to 100 at a time."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :pk AND GSI1SK BETWEEN :first AND :last",
            ExpressionAttributeValues={
                ":pk": {"S": area_pk(area)},
                ":first": {"S": f"COURSE#{utc_key(start)}"},
                ":last": {"S": f"COURSE#{utc_key(end)}#~"},
            },
        )
        keys = [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]
        for item in items_in_key_order(self._client, self._table, keys):  # a course taken out meanwhile is left out
            yield self._course_from_item(item), Counts.of(from_item(item))

    @staticmethod
    def _course_from_item(item: dict[str, Any]) -> Course:
        values = from_item(item)
        return Course.model_validate({field: values[field] for field in COURSE_FIELDS if field in values})

    # registrations -----------------------------------------------------------------------------------------

    def add_registrations(
        self,
        group: Sequence[Registration],
        mailing: MailFor | None = None,
        submission: tuple[str, str] | None = None,
    ) -> list[Registration]:
        """Store a sign-up of one person, or of a nurse with their leader, all or nothing, and return it as stored:
        all with seats, or all on the waiting list in consecutive places.

        One TransactWriteItems: the course's counters, the submission's answer (its key and sealed link: the same
        form sent again finds it, and gets `Resubmitted`), then per person the registration, the secret link's item,
        (waiting) the queue entry WAIT#position, the emails (`mailing(stored)`, common/outbox.py), and last the
        one-email-per-course marker. The counters' condition
        takes seats only while they suffice and nobody waits (`confirmed <= capacity - n AND waiting = 0`); otherwise
        the next places in line (`waitlisted = last`, so positions are unique and gap-free). A failed condition
        returns the course as it was, so the next try knows which of the two to make.
        Raises CourseNotFound, AlreadyRegistered (with the index of the person in `group`), or Busy when the course
        is too contended for too long.
        """
        course = self.get_course(group[0].course_id)
        if course is None:
            raise CourseNotFound()
        deadline = self._monotonic() + self._patience
        attempt = 0
        seen: dict[str, Any] = {"capacity": course.capacity}  # the first try hopes for seats, as most do
        while True:
            if "capacity" not in seen:  # the course was taken out meanwhile
                raise CourseNotFound()
            stored = self._placed(group, seen)
            items = self._signup_items(stored, seen, mailing(stored) if mailing else NO_MAIL, submission)
            try:
                self._client.transact_write_items(TransactItems=items, ClientRequestToken=f"{group[0].id}-{attempt}")
                return stored
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = exc.response.get("CancellationReasons") or [{}]
                if submission and len(reasons) > 1 and reasons[1].get("Code") == "ConditionalCheckFailed":
                    raise self._resubmitted(submission[0]) from exc
                for index, marker in enumerate(reasons[-len(group) :]):
                    if marker.get("Code") == "ConditionalCheckFailed":
                        raise (AlreadyRegistered() if index == 0 else CompanionAlreadyRegistered()) from exc
                counter = reasons[0]
                if counter.get("Code") == "ConditionalCheckFailed":
                    seen = from_item(dict(counter.get("Item") or {}))
                # Another sign-up got there first: try again after a random wait that grows with the crowd, so that
                # the waiting ones do not all try again at once.
                time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 25)))  # noqa: S311 - jitter, not a secret
            attempt += 1
            if self._monotonic() > deadline:
                raise Busy()

    @staticmethod
    def _placed(group: Sequence[Registration], course: dict[str, Any]) -> list[Registration]:
        """The group as it would be stored on the course as last seen: seats if they suffice and nobody waits."""
        counts = Counts.of(course)
        if counts.waiting == 0 and counts.confirmed + len(group) <= int(course["capacity"]):
            return [member.model_copy(update={"status": "confirmed", "position": None}) for member in group]
        return [
            member.model_copy(update={"status": "waitlisted", "position": counts.last_position + n})
            for n, member in enumerate(group, start=1)
        ]

    def _resubmitted(self, key: str) -> Exception:
        item = self._client.get_item(TableName=self._table, Key=submission_key(key), ConsistentRead=True).get("Item")
        if not item:
            return Busy()  # gone between the two reads (its hour is over): the page asks to try again
        values = from_item(item)
        position = values.get("position")
        return Resubmitted(str(values["status"]), int(position) if position is not None else None, values["sealed"])

    def _signup_items(
        self,
        group: Sequence[Registration],
        seen: dict[str, Any],
        mailing: Mailing = NO_MAIL,
        submission: tuple[str, str] | None = None,
    ) -> list[Any]:
        size = {":n": {"N": str(len(group))}, ":capacity": {"N": str(seen["capacity"])}, ":zero": {"N": "0"}}
        if group[0].confirmed:
            counter = {
                "UpdateExpression": "SET confirmed = confirmed + :n",
                "ConditionExpression": "#capacity = :capacity AND confirmed <= :last_seat AND waiting = :zero",
                "ExpressionAttributeValues": size | {":last_seat": {"N": str(int(seen["capacity"]) - len(group))}},
            }
        else:
            before = Counts.of(seen).last_position
            counter = {
                "UpdateExpression": "SET waitlisted = :last, waiting = waiting + :n",
                "ConditionExpression": "#capacity = :capacity AND waitlisted = :before "
                "AND (confirmed > :last_seat OR waiting > :zero)",
                "ExpressionAttributeValues": size
                | {
                    ":last": {"N": str(before + len(group))},
                    ":before": {"N": str(before)},
                    ":last_seat": {"N": str(int(seen["capacity"]) - len(group))},
                },
            }
        items: list[Any] = [
            {
                "Update": {
                    "TableName": self._table,
                    "Key": course_key(group[0].course_id),
                    "ExpressionAttributeNames": {"#capacity": "capacity"},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    **counter,
                }
            }
        ]
        if submission:  # second: its cancellation reason is always at index 1
            first = group[0]
            values: dict[str, Any] = {"status": first.status, "sealed": submission[1]}
            if first.position is not None:
                values["position"] = first.position
            values["expires_at"] = int(first.created_at.timestamp()) + SUBMISSION_HOURS * 3600
            items.append(self._put(from_item(submission_key(submission[0])), "submission", values))
        for member in group:
            items += [
                self._put(
                    {"PK": course_pk(member.course_id), "SK": f"REG#{member.id}"},
                    "registration",
                    member.model_dump(mode="json", exclude_none=True),
                )
            ]
            items.append(self._link(member, member.token_hash))
            if member.position is not None:
                items.append(
                    self._put(
                        {"PK": course_pk(member.course_id), "SK": f"WAIT#{member.position:06d}"},
                        "waiting",
                        {"registration_id": member.id, "expires_at": member.expires_at},
                    )
                )
        items.append(unsuppress(self._table, group[0].email))  # the nurse used her address in a form again
        items += mailing.items(self._table)
        for member in group:  # the markers last: their cancellation reasons are always the last len(group)
            items.append(
                self._put(
                    {"PK": course_pk(member.course_id), "SK": f"EMAIL#{member.email_key}"},
                    "email_marker",
                    {"registration_id": member.id, "expires_at": member.expires_at},
                )
            )
        return items

    def registration_by_token(self, token_hash: str) -> Registration | None:
        link = self._client.get_item(
            TableName=self._table, Key={"PK": {"S": f"TOKEN#{token_hash}"}, "SK": {"S": "META"}}, ConsistentRead=True
        ).get("Item")
        if not link:
            return None
        key = {"PK": {"S": course_pk(link["course_id"]["S"])}, "SK": {"S": f"REG#{link['registration_id']['S']}"}}
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        return registration_from_item(item) if item else None

    def registration(self, course_id: str, registration_id: str) -> Registration | None:
        key = {"PK": {"S": course_pk(course_id)}, "SK": {"S": f"REG#{registration_id}"}}
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        return registration_from_item(item) if item else None

    def correct(self, registration: Registration, phone: str, workplace: str) -> Registration | None:
        """A person's own correction of her phone and workplace on a registration not cancelled; None if it was
        cancelled or is gone meanwhile."""
        key = {"PK": {"S": course_pk(registration.course_id)}, "SK": {"S": f"REG#{registration.id}"}}
        try:
            self._client.update_item(
                TableName=self._table,
                Key=key,
                UpdateExpression="SET phone = :phone, workplace = :workplace",
                ConditionExpression="attribute_exists(PK) AND #status <> :cancelled",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":phone": {"S": phone},
                    ":workplace": {"S": workplace},
                    ":cancelled": {"S": "cancelled"},
                },
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return registration.model_copy(update={"phone": phone, "workplace": workplace})

    def send_email_again(self, email_id: str, now: datetime) -> str | None:
        return send_again(self._client, self._table, email_id, now)

    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]:
        """Every registration of a course, in the order they came, all pages read; with an area, only the people from
        that area (the filter is part of the query, so nothing else leaves the table)."""
        paginator = self._client.get_paginator("query")
        values = {":pk": {"S": course_pk(course_id)}, ":reg": {"S": "REG#"}}
        arguments: dict[str, Any] = {}
        if area is not None:
            values[":area"] = {"S": area}
            arguments = {"FilterExpression": "#area = :area", "ExpressionAttributeNames": {"#area": "area"}}
        pages = paginator.paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
            ExpressionAttributeValues=values,
            ConsistentRead=True,
            **arguments,
        )
        for page in pages:
            for item in page.get("Items", []):
                yield registration_from_item(item)

    def letters_for(self, registration: Registration) -> list[CourseLetter]:
        """The letters of the course that went to this registration (functions/letters/), newest first."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :letter)",
            FilterExpression="contains(registrations, :id)",
            ExpressionAttributeValues={
                ":pk": {"S": course_pk(registration.course_id)},
                ":letter": {"S": "LETTER#"},
                ":id": {"S": registration.id},
            },
        )
        found = [course_letter_from_item(item) for page in pages for item in page.get("Items", [])]
        return sorted(found, key=lambda letter: letter.id, reverse=True)

    # reminders (courses/reminders.py) ----------------------------------------------------------------------------

    def reminder_markers(self, course_id: str) -> set[str]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :reminder)",
            ExpressionAttributeValues={":pk": {"S": course_pk(course_id)}, ":reminder": {"S": "REMINDER#"}},
            ProjectionExpression="SK",
            ConsistentRead=True,
        )
        return {item["SK"]["S"].removeprefix("REMINDER#") for page in pages for item in page.get("Items", [])}

    def remind(self, reminder: Reminder) -> bool:
        registration = reminder.registration

        def marker(name: str) -> dict[str, Any]:
            return {"PK": course_pk(registration.course_id), "SK": f"REMINDER#{name}"}

        expires = {"expires_at": registration.expires_at}
        items: list[Any] = [
            self._put(marker(reminder.marker), "reminder_marker", expires),
            {
                "ConditionCheck": {
                    "TableName": self._table,
                    "Key": {"PK": {"S": course_pk(registration.course_id)}, "SK": {"S": f"REG#{registration.id}"}},
                    "ConditionExpression": "#status = :status",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {":status": {"S": registration.status}},
                }
            },
            *(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": to_item(marker(done) | expires | {"entity": "reminder_marker"}),
                    }
                }
                for done in reminder.also_done
            ),
            self._link(registration, reminder.token_hash),
            *reminder.mailing.items(self._table),
        ]
        try:
            self._client.transact_write_items(TransactItems=items)
        except self._client.exceptions.TransactionCanceledException:
            return False  # sent by another run, or the registration was cancelled or given a seat meanwhile
        return True
