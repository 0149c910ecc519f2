"""The outbox's items in DynamoDB, as the mail worker reads and changes them (common/outbox.py writes them).

Every change of state is conditional on the state before it, so that two workers handed the same email (the stream
and the sweep, or a retried batch) never both send it: the one whose claim lands sends, the other leaves it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from common.errors import LinkNotFound
from common.outbox import (
    BUNDLE,
    CONFIRM_DAYS,
    QUEUE,
    SUPPRESSED,
    Status,
    address_item_key,
    bundle_entries,
    bundle_key,
    confirmation_key,
    email_key,
    queue_entry,
)
from mailing.models import StoredEmail

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

SUPPRESSION_DAYS = 365


def _failed_condition(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] in {"ConditionalCheckFailedException", "TransactionCanceledException"}


class MailRepository(Protocol):
    def get(self, email_id: str) -> StoredEmail | None: ...

    def claim(self, email: StoredEmail, now: datetime) -> bool: ...

    def finish(self, email: StoredEmail, status: Status, now: datetime, message_id: str = "") -> bool: ...

    def after_sending(self, email_id: str, status: Status, now: datetime) -> StoredEmail | None: ...

    def is_suppressed(self, to_key: str) -> bool: ...

    def suppress(self, to_key: str, status: Status, now: datetime) -> None: ...

    def count_to_stranger(self, to_key: str, now: datetime, limit: int) -> bool: ...

    def waiting_since(self, before: datetime) -> list[str]: ...

    def bundles_since(self, before: datetime) -> list[str]: ...

    def unbundle(self, bundle_id: str) -> int: ...

    def defer(self, email: StoredEmail, now: datetime) -> bool: ...

    def release(self, confirm_hash: str, now: datetime) -> list[str]: ...


class DynamoMailRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get(self, email_id: str) -> StoredEmail | None:
        item = self._client.get_item(TableName=self._table, Key=email_key(email_id), ConsistentRead=True).get("Item")
        return StoredEmail.of(item) if item else None

    def claim(self, email: StoredEmail, now: datetime) -> bool:
        """pending -> sending, one attempt more; False if another worker has it (or it is done)."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=email_key(email.id),
                UpdateExpression="SET #status = :sending, claimed_at = :now, attempts = if_not_exists(attempts, :zero) "
                "+ :one",
                ConditionExpression="#status = :pending",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":sending": {"S": "sending"},
                    ":pending": {"S": "pending"},
                    ":now": {"S": now.isoformat()},
                    ":zero": {"N": "0"},
                    ":one": {"N": "1"},
                },
            )
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def finish(self, email: StoredEmail, status: Status, now: datetime, message_id: str = "") -> bool:
        """The email done: sent (the message itself, with its links, is then dropped: only its state is kept),
        failed, suppressed or capped (the message kept, to be sent again). Off the queue index; and the item it is
        about told, if this is its newest email. False if its state had moved on meanwhile."""
        before = "sending" if status in {"sent", "failed"} else "pending"
        names = {"#status": "status"}
        values: dict[str, Any] = {":status": {"S": status}, ":before": {"S": before}, ":now": {"S": now.isoformat()}}
        update = "SET #status = :status, finished_at = :now"
        if message_id:
            update += ", message_id = :message_id"
            values[":message_id"] = {"S": message_id}
        update += " REMOVE GSI1PK, GSI1SK" + (", body, draft" if status == "sent" else "")
        try:
            self._client.update_item(
                TableName=self._table,
                Key=email_key(email.id),
                UpdateExpression=update,
                ConditionExpression="#status = :before",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        self._tell(email.about, email.id, status, now)
        return True

    def after_sending(self, email_id: str, status: Status, now: datetime) -> StoredEmail | None:
        """What SES learned after it took the email: a bounce or a complaint. The email's state, and its item's."""
        try:
            item = self._client.update_item(
                TableName=self._table,
                Key=email_key(email_id),
                UpdateExpression="SET #status = :status, reported_at = :now",
                ConditionExpression="#status IN (:sent, :sending)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":status": {"S": status},
                    ":sent": {"S": "sent"},
                    ":sending": {"S": "sending"},
                    ":now": {"S": now.isoformat()},
                },
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError as exc:
            if _failed_condition(exc):
                return None
            raise
        email = StoredEmail.of(item)
        self._tell(email.about, email.id, status, now)
        return email

    def _tell(self, about: tuple[str, str] | None, email_id: str, status: Status, now: datetime) -> None:
        """The item the email is about (a registration, a request) gets its newest email's state, for the leaders'
        lists; an older email's news never overwrites a newer one's (ids sort by time), and a gone item stays gone."""
        if about is None:
            return
        try:
            self._client.update_item(
                TableName=self._table,
                Key={"PK": {"S": about[0]}, "SK": {"S": about[1]}},
                UpdateExpression="SET mail_status = :status, mail_id = :id, mail_at = :now",
                ConditionExpression="attribute_exists(PK) AND (attribute_not_exists(mail_id) OR mail_id <= :id)",
                ExpressionAttributeValues={
                    ":status": {"S": status},
                    ":id": {"S": email_id},
                    ":now": {"S": now.isoformat()},
                },
            )
        except ClientError as exc:
            if not _failed_condition(exc):
                raise

    # addresses ---------------------------------------------------------------------------------------------------

    def is_suppressed(self, to_key: str) -> bool:
        item = self._client.get_item(
            TableName=self._table, Key=address_item_key(to_key, SUPPRESSED), ConsistentRead=True
        ).get("Item")
        return item is not None

    def suppress(self, to_key: str, status: Status, now: datetime) -> None:
        expires = int((now + timedelta(days=SUPPRESSION_DAYS)).timestamp())
        self._client.put_item(
            TableName=self._table,
            Item=address_item_key(to_key, SUPPRESSED)
            | {
                "entity": {"S": "suppressed_address"},
                "reason": {"S": status},
                "created_at": {"S": now.isoformat()},
                "expires_at": {"N": str(expires)},
            },
        )

    def count_to_stranger(self, to_key: str, now: datetime, limit: int) -> bool:
        """One more automatic email today to an address that did not fill in a form itself; False when it has had
        `limit` already."""
        expires = int((now + timedelta(days=2)).timestamp())
        try:
            self._client.update_item(
                TableName=self._table,
                Key=address_item_key(to_key, f"DAY#{now.date().isoformat()}"),
                UpdateExpression="SET entity = :entity, expires_at = :expires ADD sent :one",
                ConditionExpression="attribute_not_exists(sent) OR sent < :limit",
                ExpressionAttributeValues={
                    ":entity": {"S": "mail_count"},
                    ":expires": {"N": str(expires)},
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                },
            )
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    # the queue ---------------------------------------------------------------------------------------------------

    def _queued(self, before: datetime) -> list[tuple[str, str]]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :queue AND GSI1SK < :before",
            ExpressionAttributeValues={":queue": {"S": QUEUE}, ":before": {"S": before.isoformat()}},
        )
        return [
            (item["PK"]["S"].removeprefix("MAIL#"), item["SK"]["S"]) for page in pages for item in page.get("Items", [])
        ]

    def waiting_since(self, before: datetime) -> list[str]:
        """The emails on the queue index since before `before`: pending, or stuck in sending."""
        return [email_id for email_id, sort in self._queued(before) if sort != BUNDLE]

    def bundles_since(self, before: datetime) -> list[str]:
        """The bundles (common/outbox.py) on the queue index since before `before`: not yet written out."""
        return [bundle_id for bundle_id, sort in self._queued(before) if sort == BUNDLE]

    def unbundle(self, bundle_id: str) -> int:
        """A bundle's emails written, each with the item it is about, and the bundle deleted, in one transaction:
        how many emails. 0 if it is gone (written out already, by the stream's batch or the sweep)."""
        item = self._client.get_item(TableName=self._table, Key=bundle_key(bundle_id), ConsistentRead=True).get("Item")
        if item is None:
            return 0
        entries = bundle_entries(item)
        actions: list[Any] = []
        for entry in entries:
            actions.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": entry["email"],
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                }
            )
            if entry.get("record"):
                actions.append(
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": entry["record"],
                            "ConditionExpression": "attribute_not_exists(PK)",
                        }
                    }
                )
        actions.append(
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": bundle_key(bundle_id),
                    "ConditionExpression": "attribute_exists(PK)",
                }
            }
        )
        try:
            self._client.transact_write_items(TransactItems=actions)
        except ClientError as exc:
            if _failed_condition(exc):
                return 0  # another worker wrote it out at the same moment
            raise
        return len(entries)

    def defer(self, email: StoredEmail, now: datetime) -> bool:
        """sending -> pending again, at the back of the queue index: SES was busy through every try (its rate for
        the account), so the sweep sends it in a few minutes. False if its state had moved on."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=email_key(email.id),
                UpdateExpression="SET #status = :pending, GSI1SK = :queued",
                ConditionExpression="#status = :sending",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":pending": {"S": "pending"},
                    ":sending": {"S": "sending"},
                    ":queued": {"S": f"{now.isoformat()}#{email.id}"},
                },
            )
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    # releasing and sending again ---------------------------------------------------------------------------------

    def release(self, confirm_hash: str, now: datetime) -> list[str]:
        """The emails a confirmation link holds, made pending (a new MAIL item each, which the stream hands to the
        worker), in one transaction with the link marked used. A second use releases nothing more. LinkNotFound for
        an unknown or expired link."""
        link = self._client.get_item(
            TableName=self._table, Key=confirmation_key(confirm_hash), ConsistentRead=True
        ).get("Item")
        if link is None or int(link["expires_at"]["N"]) < now.timestamp():
            raise LinkNotFound()
        if "confirmed_at" in link:
            return []
        held_ids = sorted(link.get("held", {}).get("SS", []))
        items: list[Any] = []
        released = []
        for email_id in held_ids:
            held = self._client.get_item(
                TableName=self._table, Key=email_key(email_id, held=True), ConsistentRead=True
            ).get("Item")
            if held is None:
                continue
            released.append(email_id)
            item = held | email_key(email_id) | {"status": {"S": "pending"}} | queue_entry(email_id, now)
            items += [
                {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}},
                {"Delete": {"TableName": self._table, "Key": email_key(email_id, held=True)}},
            ]
        items.append(
            {
                "Update": {
                    "TableName": self._table,
                    "Key": confirmation_key(confirm_hash),
                    "UpdateExpression": "SET confirmed_at = :now",
                    "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(confirmed_at)",
                    "ExpressionAttributeValues": {":now": {"S": now.isoformat()}},
                }
            }
        )
        try:
            self._client.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if _failed_condition(exc):
                return []  # confirmed at the same moment by another click
            raise
        return released


__all__ = ["CONFIRM_DAYS", "DynamoMailRepository", "MailRepository"]
