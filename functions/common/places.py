"""Named places kept in the table and changed by the network leader: the roster's units (roster/repository.py) and
hospitation's host units (hospitation/repository.py) are stored the same way, here.

- A place is one item in its kind's partition, `{partition}` / `{prefix}#{id}`: every place of a kind is one Query.
- Its name is held by a marker, `{partition}` / `NAME#{scope}#{name}` (the scope is a municipality or an area, the
  name case-folded), written in the same transaction as the place: two places in one scope cannot get one name,
  even when two leaders save at once.
- A change is a put on the condition that the version is the one the leader saw (the stored version + 1 is written);
  moving the marker and whatever else must change with it (a unit's roster entries) go in the same transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.publishing import publish_request

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize
TRANSACTION_LIMIT = 100  # actions in one TransactWriteItems


class PlaceExists(Exception):
    """The id is taken (a new place), or the place is already there (a seed)."""


class NameTaken(Exception):
    """Another place in the same scope has this name."""


class PlaceChanged(Exception):
    """The place's version is not the one the change was made on (or the place is gone)."""


def name_key(scope: str, name: str) -> str:
    return f"NAME#{scope.casefold()}#{' '.join(name.split()).casefold()}"


_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slug(name: str) -> str:
    """An id made from a name: lower case ASCII letters and digits, single hyphens ("Ås sykehjem" -> "as-sykehjem")."""
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "enhet"


def _cancelled(exc: ClientError) -> list[str]:
    if exc.response["Error"]["Code"] != "TransactionCanceledException":
        raise exc
    return [reason.get("Code") or "" for reason in exc.response.get("CancellationReasons") or []]


class PlaceTable:
    """One kind of place in the table: its partition, the prefix of its items' sort keys and its entity name."""

    def __init__(self, client: DynamoDBClient, table_name: str, partition: str, prefix: str, entity: str) -> None:
        self._client = client
        self._table = table_name
        self._partition = partition
        self._prefix = prefix
        self._entity = entity

    def _key(self, place_id: str) -> dict[str, Any]:
        return {"PK": {"S": self._partition}, "SK": {"S": f"{self._prefix}#{place_id}"}}

    def _item(self, values: dict[str, Any]) -> dict[str, Any]:
        kept = {name: value for name, value in values.items() if value is not None}
        return (
            {name: _serialize(value) for name, value in kept.items()}
            | self._key(str(values["id"]))
            | {"entity": {"S": self._entity}}
        )

    def _marker(self, place_id: str, scope: str, name: str) -> dict[str, Any]:
        return {
            "PK": {"S": self._partition},
            "SK": {"S": name_key(scope, name)},
            "entity": {"S": f"{self._entity}_name"},
            "place_id": {"S": place_id},
        }

    @staticmethod
    def _values(item: dict[str, Any]) -> dict[str, Any]:
        skipped = {"PK", "SK", "entity"}
        return {name: _deserialize(value) for name, value in item.items() if name not in skipped}

    def all(self) -> list[dict[str, Any]]:
        """Every place of this kind, in the order of their ids."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": self._partition}, ":prefix": {"S": f"{self._prefix}#"}},
            ConsistentRead=True,
        )
        return [self._values(item) for page in pages for item in page.get("Items", [])]

    def one(self, place_id: str) -> dict[str, Any] | None:
        item = self._client.get_item(TableName=self._table, Key=self._key(place_id), ConsistentRead=True).get("Item")
        return self._values(item) if item else None

    def add(self, values: dict[str, Any], scope: str, publish: bool = True) -> None:
        """A new place and its name: PlaceExists if the id is taken, NameTaken if the name is (nothing written).
        With publish, a publish request in the same transaction (the site's forms then offer it)."""
        actions: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": self._item(values),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": self._marker(str(values["id"]), scope, str(values["name"])),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
        ]
        if publish:
            actions.append(publish_request(self._table, f"{self._prefix}#{values['id']}"))
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            reasons = _cancelled(exc)
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise PlaceExists() from exc
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise NameTaken() from exc
            raise

    def seed(self, values: dict[str, Any], scope: str) -> bool:
        """Put a configured place unless it is there (as it was seeded, or as a leader left it): True if put."""
        try:
            self.add(values, scope, publish=False)  # the seed comes before a whole build (make run, the deploy)
        except (PlaceExists, NameTaken):
            return False
        return True

    def replace(
        self,
        before: dict[str, Any],
        after: dict[str, Any],
        scopes: tuple[str, str],
        along: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Write `after` over `before` (on the condition that the stored version is before's), move the name's marker
        if the name or its scope changed, and write the actions `along` with it: all in one transaction (when they
        are more than one transaction holds, the actions along go first, in transactions of their own, and the place
        last; each of those actions must be one that can be done again). PlaceChanged for a stale version, NameTaken
        for a name another place has."""
        place_id = str(before["id"])
        old_key, new_key = name_key(scopes[0], str(before["name"])), name_key(scopes[1], str(after["name"]))
        own: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": self._item(after),
                    "ConditionExpression": "version = :seen",
                    "ExpressionAttributeValues": {":seen": {"N": str(before["version"])}},
                }
            }
        ]
        if old_key != new_key:
            own.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": self._marker(place_id, scopes[1], str(after["name"])),
                        "ConditionExpression": "attribute_not_exists(PK) OR place_id = :id",
                        "ExpressionAttributeValues": {":id": {"S": place_id}},
                    }
                }
            )
            own.append(
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": {"PK": {"S": self._partition}, "SK": {"S": old_key}},
                        "ConditionExpression": "attribute_not_exists(PK) OR place_id = :id",
                        "ExpressionAttributeValues": {":id": {"S": place_id}},
                    }
                }
            )
        own.append(publish_request(self._table, f"{self._prefix}#{place_id}"))  # the site's forms follow the change
        rest = list(along)
        room = TRANSACTION_LIMIT - len(own)
        while len(rest) > room:
            first, rest = rest[:TRANSACTION_LIMIT], rest[TRANSACTION_LIMIT:]
            self._write(first, [])
        self._write(own + rest, [0] + ([1] if len(own) > 1 else []))

    def _write(self, actions: list[dict[str, Any]], place_actions: list[int]) -> None:
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            reasons = _cancelled(exc)
            failed = [number for number, code in enumerate(reasons) if code == "ConditionalCheckFailed"]
            if 1 in place_actions and 1 in failed and 0 not in failed:
                raise NameTaken() from exc
            if failed:
                raise PlaceChanged() from exc
            raise
