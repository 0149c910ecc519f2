"""The waiting list in DynamoDB: a cancellation, and those it moves up from the line into the seats it frees, in
one transaction; a person's place in line. The part of DynamoCourseRepository (courses/repository.py) that moves
people, with the items both it and the sign-up write (a new item, the item behind a secret link)."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from common.errors import Busy
from common.outbox import Mailing
from common.person_index import person_keys
from courses.items import (
    Counts,
    course_key,
    course_pk,
    from_item,
    registration_from_item,
    registration_key,
    to_item,
)
from courses.models import Registration

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def promoted_with_links(promoted: Sequence[Registration], link_hashes: Sequence[str]) -> list[Registration]:
    """Those promoted as they are now stored: a seat, no place in line, the new link."""
    return [
        one.model_copy(update={"status": "confirmed", "position": None, "token_hash": link_hash})
        for one, link_hash in zip(promoted, link_hashes, strict=False)
    ]


class WaitingList:
    """Cancelling and moving up the line, on the table DynamoCourseRepository was made with."""

    _client: DynamoDBClient
    _table: str
    _monotonic: Callable[[], float]
    _patience: float

    def _put(self, key: dict[str, str], entity: str, values: dict[str, Any]) -> dict[str, Any]:
        """A Put of a new item (never over an existing one)."""
        return {
            "Put": {
                "TableName": self._table,
                "Item": to_item(values | key | {"entity": entity} | person_keys(entity, values | key)),
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        }

    def _link(self, registration: Registration, token_hash: str) -> dict[str, Any]:
        """The item behind a secret link: the token's hash -> the registration."""
        return self._put(
            {"PK": f"TOKEN#{token_hash}", "SK": "META"},
            "registration_link",
            {
                "course_id": registration.course_id,
                "registration_id": registration.id,
                "expires_at": registration.expires_at,
            },
        )

    def cancel(
        self,
        registration: Registration,
        link_hashes: Sequence[str] = (),
        mailing: Callable[[list[Registration]], Mailing] | None = None,
    ) -> list[Registration]:
        """Cancel a registration, all or nothing, and free its email to sign up again. Returns those promoted from
        the waiting list in the same transaction, each with a new secret link (the i-th gets link_hashes[i]).

        Seats go to the line in order: the first in line gets a free seat, a nurse and leader who wait together get
        two or wait on (holding the seats that are free, so that nobody behind them goes first). Each try reads the
        course's counters and the head of the line, and writes the new counters on the condition that they are as
        read, so that a sign-up or cancellation in between makes it look again. Cancelling twice is harmless.
        The emails (`mailing(promoted)`: the receipt, and each promoted person's new link) are in the transaction.
        """
        deadline = self._monotonic() + self._patience
        attempt = 0
        while True:
            meta = self._client.get_item(
                TableName=self._table, Key=course_key(registration.course_id), ConsistentRead=True
            )["Item"]
            seen = Counts.of(from_item(meta))
            confirmed = seen.confirmed - (1 if registration.confirmed else 0)
            waiting = seen.waiting - (0 if registration.confirmed else 1)
            promoted = self._next_in_line(
                registration.course_id,
                int(from_item(meta)["capacity"]) - confirmed,
                max_people=len(link_hashes),
                leaving_id=registration.id,
            )
            items: list[Any] = [
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": registration_key(registration),
                        "UpdateExpression": "SET #status = :cancelled REMOVE #position",
                        "ConditionExpression": "#status = :was",
                        "ExpressionAttributeNames": {"#status": "status", "#position": "position"},
                        "ExpressionAttributeValues": {
                            ":cancelled": {"S": "cancelled"},
                            ":was": {"S": registration.status},
                        },
                    }
                },
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": {
                            "PK": {"S": course_pk(registration.course_id)},
                            "SK": {"S": f"EMAIL#{registration.email_key}"},
                        },
                        "ConditionExpression": "registration_id = :id",
                        "ExpressionAttributeValues": {":id": {"S": registration.id}},
                    }
                },
                self._counters(registration.course_id, seen, confirmed + len(promoted), waiting - len(promoted)),
            ]
            if not registration.confirmed:
                items.append(self._delete_queue_entry(registration))
            items += self._promotions(promoted, link_hashes)
            if mailing:
                items += mailing(promoted_with_links(promoted, link_hashes)).items(self._table)
            try:
                # a token of its own for each try: two clicks race with different new links, and must not be taken
                # for one request; boto3's own retries of this call send the same token
                self._client.transact_write_items(TransactItems=items, ClientRequestToken=str(uuid.uuid4()))
                return promoted_with_links(promoted, link_hashes)
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                mine = (exc.response.get("CancellationReasons") or [{}])[0]
                if mine.get("Code") == "ConditionalCheckFailed":
                    return []  # cancelled already (a double click, or a retry)
            attempt += 1
            if self._monotonic() > deadline:
                raise Busy()
            time.sleep(random.uniform(0, 0.002 * min(attempt, 25)))  # noqa: S311 - jitter, not a secret

    def fill_seats(
        self,
        course_id: str,
        link_hashes: Sequence[str],
        mailing: Callable[[list[Registration]], Mailing] | None = None,
    ) -> list[Registration]:
        """Give the free seats of a course to the head of its line, in order, as many as link_hashes (at most 30: one
        transaction); each gets a new secret link (the i-th gets link_hashes[i]). Returns them, [] when no seat is
        free or nobody waits. Used when a course is made bigger; call again while it returns a full batch."""
        deadline = self._monotonic() + self._patience
        attempt = 0
        while True:
            meta = self._client.get_item(TableName=self._table, Key=course_key(course_id), ConsistentRead=True).get(
                "Item"
            )
            if not meta:
                return []
            seen = Counts.of(from_item(meta))
            free = int(from_item(meta)["capacity"]) - seen.confirmed
            if seen.waiting == 0 or free <= 0:
                return []
            promoted = self._next_in_line(course_id, free, max_people=min(len(link_hashes), 30))
            if not promoted:
                return []
            items: list[Any] = [
                self._counters(course_id, seen, seen.confirmed + len(promoted), seen.waiting - len(promoted)),
                *self._promotions(promoted, link_hashes),
            ]
            if mailing:
                items += mailing(promoted_with_links(promoted, link_hashes)).items(self._table)
            try:
                self._client.transact_write_items(TransactItems=items, ClientRequestToken=str(uuid.uuid4()))
                return promoted_with_links(promoted, link_hashes)
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
            attempt += 1
            if self._monotonic() > deadline:
                raise Busy()
            time.sleep(random.uniform(0, 0.002 * min(attempt, 25)))  # noqa: S311 - jitter, not a secret

    def _counters(self, course_id: str, seen: Counts, confirmed: int, waiting: int) -> dict[str, Any]:
        """The course's new seat counters, on the condition that they are as read (else: look again)."""
        return {
            "Update": {
                "TableName": self._table,
                "Key": course_key(course_id),
                "UpdateExpression": "SET confirmed = :confirmed, waiting = :waiting",
                "ConditionExpression": "confirmed = :seen_confirmed AND waiting = :seen_waiting "
                "AND waitlisted = :seen_last",
                "ExpressionAttributeValues": {
                    ":confirmed": {"N": str(confirmed)},
                    ":waiting": {"N": str(waiting)},
                    ":seen_confirmed": {"N": str(seen.confirmed)},
                    ":seen_waiting": {"N": str(seen.waiting)},
                    ":seen_last": {"N": str(seen.last_position)},
                },
            }
        }

    def _promotions(self, promoted: Sequence[Registration], link_hashes: Sequence[str]) -> list[dict[str, Any]]:
        """Each from the line to a seat: the registration, its queue entry gone, a new secret link."""
        items: list[dict[str, Any]] = []
        for waiting_one, link_hash in zip(promoted, link_hashes, strict=False):
            items += [
                self._promotion(waiting_one),
                self._delete_queue_entry(waiting_one),
                self._link(waiting_one, link_hash),
            ]
        return items

    def _next_in_line(
        self, course_id: str, free: int, max_people: int, leaving_id: str | None = None
    ) -> list[Registration]:
        """Those at the head of the line who get the `free` seats, in order: stop at the first who does not fit (a
        pair needs two). The one leaving (cancelling now) is not in the line any more."""
        if free <= 0:
            return []
        head = self._client.query(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :wait)",
            ExpressionAttributeValues={":pk": {"S": course_pk(course_id)}, ":wait": {"S": "WAIT#"}},
            ConsistentRead=True,
            Limit=min(free, max_people) + 3,
        )["Items"]
        line = [self._waiting(course_id, entry) for entry in head]
        line = [one for one in line if one.id != leaving_id]
        chosen: list[Registration] = []
        index = 0
        while index < len(line):
            one = line[index]
            together = [one]
            if one.companion_id and index + 1 < len(line) and line[index + 1].id == one.companion_id:
                together.append(line[index + 1])
            if len(chosen) + len(together) > min(free, max_people):
                break
            chosen += together
            index += len(together)
        return chosen

    def _waiting(self, course_id: str, entry: dict[str, Any]) -> Registration:
        key = {"PK": {"S": course_pk(course_id)}, "SK": {"S": f"REG#{entry['registration_id']['S']}"}}
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True)["Item"]
        # promoted by another cancellation between the two reads: its queue entry is gone, its position too;
        # keep the position read from the entry, so that the transaction's condition on it fails and we look again
        return registration_from_item(item).model_copy(update={"position": int(entry["SK"]["S"].removeprefix("WAIT#"))})

    def _promotion(self, waiting: Registration) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self._table,
                "Key": registration_key(waiting),
                "UpdateExpression": "SET #status = :confirmed REMOVE #position",
                "ConditionExpression": "#status = :waitlisted",
                "ExpressionAttributeNames": {"#status": "status", "#position": "position"},
                "ExpressionAttributeValues": {":confirmed": {"S": "confirmed"}, ":waitlisted": {"S": "waitlisted"}},
            }
        }

    def _delete_queue_entry(self, waiting: Registration) -> dict[str, Any]:
        return {
            "Delete": {
                "TableName": self._table,
                "Key": {"PK": {"S": course_pk(waiting.course_id)}, "SK": {"S": f"WAIT#{waiting.position:06d}"}},
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
                ":pk": {"S": course_pk(registration.course_id)},
                ":first": {"S": "WAIT#000000"},
                ":before": {"S": f"WAIT#{registration.position - 1:06d}"},
            },
            Select="COUNT",
            ConsistentRead=True,
        )["Count"]
        return int(ahead) + 1
