"""Min side in DynamoDB (the one table).

- A sign-in link is `SIGNIN#<hash of the link's token>` / `META`: the address it opens Min side for, until
  LINK_MINUTES after it was asked for; using it deletes it, in the same transaction as the session it opens.
- A session is `MYSESSION#<hash of the cookie's token>` / `META`: the address, until SESSION_MINUTES after the link.
- Asking for a link writes `ADDRESS#<address key>` / `SIGNIN` (no address), which stops another link to the same
  address for ASK_SECONDS.
- Her items are read through the person index (common/person_index.py), then by their keys, consistently.

Every item has a TTL (`expires_at`), and the code checks the time itself too: DynamoDB's TTL may delete late.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from attendance.models import Attendance
from common.outbox import NO_MAIL, Mailing, address_item_key, address_key
from common.person_index import INDEX, keys_of, person_pk, read_items
from courses.items import registration_from_item
from courses.models import Registration
from hospitation.models import Hospitation
from people.models import ASK_SECONDS, LINK_MINUTES, SESSION_MINUTES
from roster.models import RosterEntry

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def link_key(link_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"SIGNIN#{link_hash}"}, "SK": {"S": "META"}}


def session_key(session_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"MYSESSION#{session_hash}"}, "SK": {"S": "META"}}


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


class PeopleRepository(Protocol):
    def known(self, email: str) -> bool: ...

    def ask(self, email: str, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool: ...

    def open(self, link_hash: str, session_hash: str, now: datetime) -> str | None: ...

    def session(self, session_hash: str, now: datetime) -> str | None: ...

    def end(self, session_hash: str) -> None: ...

    def registrations(self, email: str) -> list[Registration]: ...

    def marks(self, email: str) -> list[Attendance]: ...

    def hospitations(self, email: str) -> list[Hospitation]: ...

    def roster_entries(self, email: str) -> list[RosterEntry]: ...


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeDeserializer

    reader = TypeDeserializer()
    return {name: reader.deserialize(value) for name, value in item.items()}


def _model(model: Any, item: dict[str, Any]) -> Any:
    values = _plain(item)
    return model.model_validate({name: values[name] for name in model.model_fields if name in values})


class DynamoPeopleRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def known(self, email: str) -> bool:
        """Whether the table holds anything about the address (one key from the person index)."""
        found = self._client.query(
            TableName=self._table,
            IndexName=INDEX,
            KeyConditionExpression="GSI4PK = :person",
            ExpressionAttributeValues={":person": {"S": person_pk(email)}},
            Limit=1,
        )
        return bool(found.get("Items"))

    def ask(self, email: str, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool:
        """The link and its email in one transaction, unless the address was sent one in the last ASK_SECONDS:
        then nothing is written (False)."""
        stamp = {"N": str(epoch(now))}
        actions: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": address_item_key(address_key(email), "SIGNIN")
                    | {
                        "entity": {"S": "person_link_asked"},
                        "expires_at": {"N": str(epoch(now + timedelta(seconds=ASK_SECONDS)))},
                    },
                    "ConditionExpression": "attribute_not_exists(PK) OR expires_at <= :now",
                    "ExpressionAttributeValues": {":now": stamp},
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": link_key(link_hash)
                    | {
                        "entity": {"S": "person_link"},
                        "email": {"S": email},
                        "asked_at": {"S": now.isoformat()},
                        "expires_at": {"N": str(epoch(now + timedelta(minutes=LINK_MINUTES)))},
                    },
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            *mailing.items(self._table),
        ]
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise
        return True

    def open(self, link_hash: str, session_hash: str, now: datetime) -> str | None:
        """The address a link opens Min side for, once: the link goes and the session comes in one transaction, so
        a second use (or two at once) finds nothing. None for a link used, expired or never made."""
        item = self._client.get_item(TableName=self._table, Key=link_key(link_hash), ConsistentRead=True).get("Item")
        if not item or int(item["expires_at"]["N"]) <= epoch(now):
            return None
        email = item["email"]["S"]
        session = session_key(session_hash) | {
            "entity": {"S": "person_session"},
            "email": {"S": email},
            "expires_at": {"N": str(epoch(now + timedelta(minutes=SESSION_MINUTES)))},
        }
        try:
            self._client.transact_write_items(
                TransactItems=[
                    {
                        "Delete": {
                            "TableName": self._table,
                            "Key": link_key(link_hash),
                            "ConditionExpression": "attribute_exists(PK) AND expires_at > :now",
                            "ExpressionAttributeValues": {":now": {"N": str(epoch(now))}},
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": session,
                            "ConditionExpression": "attribute_not_exists(PK)",
                        }
                    },
                ]
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return None
            raise
        return email

    def session(self, session_hash: str, now: datetime) -> str | None:
        key = session_key(session_hash)
        item = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        if not item or int(item["expires_at"]["N"]) <= epoch(now):
            return None
        return str(item["email"]["S"])

    def end(self, session_hash: str) -> None:
        self._client.delete_item(TableName=self._table, Key=session_key(session_hash))

    def _items(self, email: str, entity: str) -> list[dict[str, Any]]:
        wanted = email.strip().lower()
        found = read_items(self._client, self._table, keys_of(self._client, self._table, email, entity))
        return [item for item in found if item.get("email", {}).get("S", "").strip().lower() == wanted]

    def registrations(self, email: str) -> list[Registration]:
        return [registration_from_item(item) for item in self._items(email, "registration")]

    def marks(self, email: str) -> list[Attendance]:
        return [_model(Attendance, item) for item in self._items(email, "attendance")]

    def hospitations(self, email: str) -> list[Hospitation]:
        return [_model(Hospitation, item) for item in self._items(email, "hospitation")]

    def roster_entries(self, email: str) -> list[RosterEntry]:
        return [_model(RosterEntry, item) for item in self._items(email, "roster_entry")]
