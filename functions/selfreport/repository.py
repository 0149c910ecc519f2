"""The yearly self-report in DynamoDB (the one table), in three kinds of item:

- round `SELFREPORT` / `ROUND#<year>`: the year's round, its closing day, whether the reminder went, its version.
- invitation `SELFREPORT#<year>` / `NURSE#<nurse id>` or `LEADER#<address key>`: whom it asks (name, address, area,
  units), the hashes of the links mailed, when, and her answer once given. On the person index (GSI4), so Min side's
  data and an erasure find it.
- link `SRTOKEN#<sha-256 of the token>` / `META`: which invitation the link in an email opens. No name, no address.

An invitation, its link and its email (common/outbox.py) are written together, never over an invitation already there,
so a run repeated (or two at once) asks nobody twice; a reminder adds a link and its email to an invitation not yet
answered nor reminded, on that condition; an answer is one update on the condition that none was given before.
Everything expires (TTL) from the round's closing day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.errors import RoundChanged, SelfReportAnswered
from common.outbox import OutgoingEmail, email_puts
from common.person_index import person_keys
from selfreport.models import Invitation, Round

if TYPE_CHECKING:
    from datetime import datetime

    from mypy_boto3_dynamodb import DynamoDBClient

ROUNDS = "SELFREPORT"
CHUNK = 30  # invitations to a transaction: each is three items (the invitation, its link, its email), at most 100
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


@dataclass(frozen=True)
class Link:
    """A link's item: the invitation it opens."""

    token_hash: str
    year: int
    invitation: str  # the invitation's id (its sort key)


@dataclass(frozen=True)
class Sending:
    """One email with a new link: for a new invitation, or the reminder of one."""

    invitation: Invitation
    token_hash: str
    link_expires_at: int
    email: OutgoingEmail  # with its id


class SelfReportRepository(Protocol):
    def rounds(self) -> list[Round]: ...

    def round(self, year: int) -> Round | None: ...

    def add_round(self, found: Round) -> bool: ...

    def replace_round(self, found: Round, seen: int) -> None: ...

    def invitations(self, year: int) -> list[Invitation]: ...

    def invitation(self, year: int, invitation_id: str) -> Invitation | None: ...

    def invite(self, sendings: Sequence[Sending], now: datetime) -> int: ...

    def remind(self, sendings: Sequence[Sending], now: datetime) -> int: ...

    def link(self, token_hash: str) -> Link | None: ...

    def answer(self, answered: Invitation) -> None: ...


def round_key(year: int) -> dict[str, Any]:
    return {"PK": {"S": ROUNDS}, "SK": {"S": f"ROUND#{year}"}}


def invitation_pk(year: int) -> str:
    return f"SELFREPORT#{year}"


def invitation_key(year: int, invitation_id: str) -> dict[str, Any]:
    return {"PK": {"S": invitation_pk(year)}, "SK": {"S": invitation_id}}


def link_key(token_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"SRTOKEN#{token_hash}"}, "SK": {"S": "META"}}


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: _serialize(list(value) if isinstance(value, tuple) else value)
        for name, value in values.items()
        if value not in ("", (), [], None)
    }


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserialize(value) for name, value in item.items()}


def round_item(found: Round) -> dict[str, Any]:
    return _typed(found.json_values() | {"PK": ROUNDS, "SK": f"ROUND#{found.year}", "entity": "self_report_round"})


def invitation_item(invitation: Invitation) -> dict[str, Any]:
    values = invitation.json_values() | {
        "PK": invitation_pk(invitation.year),
        "SK": invitation.id,
        "entity": "self_report",
    }
    values.pop("id")
    return _typed(values | person_keys("self_report", values))


def link_item(sending: Sending) -> dict[str, Any]:
    invitation = sending.invitation
    return link_key(sending.token_hash) | {
        "entity": {"S": "self_report_link"},
        "year": {"N": str(invitation.year)},
        "invitation": {"S": invitation.id},
        "about": {"S": f"{invitation_pk(invitation.year)}/{invitation.id}"},  # what an erasure finds it by
        "expires_at": {"N": str(sending.link_expires_at)},
    }


def _round(item: dict[str, Any]) -> Round:
    return Round.model_validate({name: value for name, value in _plain(item).items() if name in Round.model_fields})


def _invitation(item: dict[str, Any]) -> Invitation:
    values = _plain(item)
    values["id"] = values["SK"]
    return Invitation.model_validate({name: value for name, value in values.items() if name in Invitation.model_fields})


def _reasons(exc: ClientError) -> list[str]:
    if exc.response["Error"]["Code"] != "TransactionCanceledException":
        raise exc
    return [str(reason.get("Code", "None")) for reason in exc.response.get("CancellationReasons") or []]


class DynamoSelfReportRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def _query(self, partition: str) -> list[dict[str, Any]]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": partition}},
            ConsistentRead=True,
        )
        return [item for page in pages for item in page.get("Items", [])]

    # rounds --------------------------------------------------------------------------------------------------------

    def rounds(self) -> list[Round]:
        """Every round kept, the newest year first."""
        found = [_round(item) for item in self._query(ROUNDS) if item["SK"]["S"].startswith("ROUND#")]
        return sorted(found, key=lambda one: one.year, reverse=True)

    def round(self, year: int) -> Round | None:
        item = self._client.get_item(TableName=self._table, Key=round_key(year), ConsistentRead=True).get("Item")
        return _round(item) if item else None

    def add_round(self, found: Round) -> bool:
        """False (nothing written) if the year has a round already."""
        try:
            self._client.put_item(
                TableName=self._table, Item=round_item(found), ConditionExpression="attribute_not_exists(PK)"
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def replace_round(self, found: Round, seen: int) -> None:
        """The round as changed, on the version seen: RoundChanged if someone else changed it first."""
        try:
            self._client.put_item(
                TableName=self._table,
                Item=round_item(found),
                ConditionExpression="version = :seen",
                ExpressionAttributeValues={":seen": {"N": str(seen)}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise RoundChanged() from exc
            raise

    # invitations -----------------------------------------------------------------------------------------------

    def invitations(self, year: int) -> list[Invitation]:
        return [_invitation(item) for item in self._query(invitation_pk(year))]

    def invitation(self, year: int, invitation_id: str) -> Invitation | None:
        item = self._client.get_item(
            TableName=self._table, Key=invitation_key(year, invitation_id), ConsistentRead=True
        ).get("Item")
        return _invitation(item) if item else None

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}

    def _written(self, groups: Sequence[list[dict[str, Any]]]) -> int:
        """Each group's items in one transaction with the others of its chunk; a chunk that finds one of its items
        there already (a run at the same time) is written again a group at a time, the group that was first left
        out. The number of groups written."""
        written = 0
        for first in range(0, len(groups), CHUNK):
            chunk = groups[first : first + CHUNK]
            try:
                self._client.transact_write_items(TransactItems=[item for group in chunk for item in group])  # type: ignore[misc]
                written += len(chunk)
                continue
            except ClientError as exc:
                if "ConditionalCheckFailed" not in _reasons(exc):
                    raise
            for group in chunk:
                try:
                    self._client.transact_write_items(TransactItems=group)  # type: ignore[arg-type]
                    written += 1
                except ClientError as exc:
                    if "ConditionalCheckFailed" not in _reasons(exc):
                        raise
        return written

    def invite(self, sendings: Sequence[Sending], now: datetime) -> int:
        """New invitations with their links and emails: those whose invitation is there already are left out."""
        groups = [
            [
                self._put_new(invitation_item(one.invitation)),
                self._put_new(link_item(one)),
                *email_puts(self._table, [one.email], now),
            ]
            for one in sendings
        ]
        return self._written(groups)

    def remind(self, sendings: Sequence[Sending], now: datetime) -> int:
        """A new link and its email for invitations not answered nor reminded: the others are left out."""
        groups = [
            [
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": invitation_key(one.invitation.year, one.invitation.id),
                        "UpdateExpression": "SET reminded_at = :now, links = list_append(links, :link)",
                        "ConditionExpression": (
                            "attribute_exists(PK) AND attribute_not_exists(answered_at) "
                            "AND attribute_not_exists(reminded_at)"
                        ),
                        "ExpressionAttributeValues": {
                            ":now": {"S": now.isoformat()},
                            ":link": {"L": [{"S": one.token_hash}]},
                        },
                    }
                },
                self._put_new(link_item(one)),
                *email_puts(self._table, [one.email], now),
            ]
            for one in sendings
        ]
        return self._written(groups)

    def link(self, token_hash: str) -> Link | None:
        item = self._client.get_item(TableName=self._table, Key=link_key(token_hash), ConsistentRead=True).get("Item")
        if not item:
            return None
        return Link(token_hash, int(item["year"]["N"]), item["invitation"]["S"])

    def answer(self, answered: Invitation) -> None:
        """The answer on the invitation, once: SelfReportAnswered if one was given first (two tabs, a double click)."""
        values = {
            name: value
            for name, value in answered.json_values().items()
            if name in ("answered_at", "did", "next_year", "planned", "time_given", "comment") and value != ""
        }
        names = {f"#{name}": name for name in values}
        try:
            self._client.update_item(
                TableName=self._table,
                Key=invitation_key(answered.year, answered.id),
                UpdateExpression="SET " + ", ".join(f"#{name} = :{name}" for name in values),
                ConditionExpression="attribute_exists(PK) AND attribute_not_exists(answered_at)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={f":{name}": _serialize(value) for name, value in values.items()},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise SelfReportAnswered() from exc
            raise
