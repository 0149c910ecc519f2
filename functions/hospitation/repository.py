"""Hospitation requests and their secret links in DynamoDB (the one table).

A request is `HOSP#{id}` / `META`, listed through the keys-only indexes: GSI1 by the nurse's area (`AREA#{area}` ->
`HOSP#{created}#{id}`), GSI2 by host unit (`HOSTUNIT#{unit}` -> the same), and GSI3 by when the daily schedule has
something to do with it (`DUE` -> `{due}#{id}`, only while something is due). A link is `LINK#{sha-256 of the token}`
/ `META` -> the request, its purpose, until when it works and when it was used; the token itself is never stored.

Every change writes the whole request on the condition that its version is the one read, in one transaction with
the links it makes or uses and the emails it sends (common/outbox.py), so that two people (or a person and the
schedule) cannot both change it, a one-time link cannot be used twice, and an email goes if and only if its step is
stored. The mail worker writes how the newest email went on the request (`mail_status`, `mail_id`, `mail_at`), which
the request keeps through its changes.

The host units are `HOST_UNITS` / `HOST#{id}`, with a marker per name and area (common/places.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.aws import items_in_key_order
from common.errors import ChangedMeanwhile, LinkUsed
from common.outbox import NO_MAIL, Mailing, email_key, unsuppress
from common.person_index import person_keys
from common.places import PlaceTable
from hospitation.models import Hospitation, HostUnit

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Purpose = Literal["status", "consent"]
DUE_PK = "DUE"
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


@dataclass(frozen=True)
class Link:
    """A secret link's item: which request it opens, for what, until when (None: as long as the request lives)."""

    token_hash: str
    request_id: str
    purpose: Purpose
    expires_at: int  # when DynamoDB deletes the item
    valid_until: datetime | None = None
    used_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.valid_until is not None and now > self.valid_until


class HospitationRepository(Protocol):
    def add(self, request: Hospitation, links: Sequence[Link], mailing: Mailing = NO_MAIL) -> None: ...

    def get(self, request_id: str) -> Hospitation | None: ...

    def link(self, token_hash: str) -> Link | None: ...

    def save(
        self,
        request: Hospitation,
        links: Sequence[Link] = (),
        use: Link | None = None,
        now: datetime | None = None,
        mailing: Mailing = NO_MAIL,
    ) -> Hospitation: ...

    def held(self, email_id: str) -> bool: ...

    def in_area(self, area: str) -> Iterator[Hospitation]: ...

    def for_unit(self, unit: str) -> Iterator[Hospitation]: ...

    def due(self, now: datetime) -> Iterator[Hospitation]: ...

    def erase(self, request: Hospitation) -> None: ...


def utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_key(request_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"HOSP#{request_id}"}, "SK": {"S": "META"}}


def request_about(request: Hospitation) -> tuple[str, str]:
    """The request's key as an email's `about` (common/outbox.py): the worker writes there how the email went."""
    return f"HOSP#{request.id}", "META"


def link_key(token_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"LINK#{token_hash}"}, "SK": {"S": "META"}}


def _item(request: Hospitation) -> dict[str, Any]:
    listed = f"HOSP#{utc_key(request.created_at)}#{request.id}"
    values: dict[str, Any] = request.json_values() | {
        "PK": f"HOSP#{request.id}",
        "SK": "META",
        "entity": "hospitation",
        "GSI1PK": f"AREA#{request.area}",
        "GSI1SK": listed,
        "GSI2PK": f"HOSTUNIT#{request.host_unit}",
        "GSI2SK": listed,
    }
    due = request.due_at
    if due is not None:
        values |= {"GSI3PK": DUE_PK, "GSI3SK": f"{utc_key(due)}#{request.id}"}
    values |= person_keys("hospitation", values)
    return {name: _serialize(value) for name, value in values.items() if value != ""}


def _request(item: dict[str, Any]) -> Hospitation:
    values = {name: _deserialize(value) for name, value in item.items()}
    return Hospitation.model_validate({name: values[name] for name in Hospitation.model_fields if name in values})


def _link_item(link: Link) -> dict[str, Any]:
    item: dict[str, Any] = link_key(link.token_hash) | {
        "entity": {"S": "hospitation_link"},
        "request_id": {"S": link.request_id},
        "purpose": {"S": link.purpose},
        "expires_at": {"N": str(link.expires_at)},
    }
    if link.valid_until is not None:
        item["valid_until"] = {"S": link.valid_until.astimezone(UTC).isoformat()}
    return item


class DynamoHospitationRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def add(self, request: Hospitation, links: Sequence[Link], mailing: Mailing = NO_MAIL) -> None:
        """A new request, its first links and its emails, all or nothing. The nurse's address is used again in a
        form, so a bounce's stop on it is lifted."""
        items: list[Any] = [self._put_new(_item(request))]
        items += [self._put_new(_link_item(link)) for link in links]
        items.append(unsuppress(self._table, request.email))
        items += mailing.items(self._table)
        self._client.transact_write_items(TransactItems=items)

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}

    def get(self, request_id: str) -> Hospitation | None:
        item = self._client.get_item(TableName=self._table, Key=request_key(request_id), ConsistentRead=True).get(
            "Item"
        )
        return _request(item) if item else None

    def link(self, token_hash: str) -> Link | None:
        item = self._client.get_item(TableName=self._table, Key=link_key(token_hash), ConsistentRead=True).get("Item")
        if not item:
            return None
        return Link(
            token_hash=token_hash,
            request_id=item["request_id"]["S"],
            purpose=item["purpose"]["S"],  # type: ignore[arg-type]
            expires_at=int(item["expires_at"]["N"]),
            valid_until=datetime.fromisoformat(item["valid_until"]["S"]) if "valid_until" in item else None,
            used_at=datetime.fromisoformat(item["used_at"]["S"]) if "used_at" in item else None,
        )

    def save(
        self,
        request: Hospitation,
        links: Sequence[Link] = (),
        use: Link | None = None,
        now: datetime | None = None,
        mailing: Mailing = NO_MAIL,
    ) -> Hospitation:
        """Write the request as changed (its version one more than the one read), with the new links and the emails
        of the step, and mark `use` as used: all or nothing. ChangedMeanwhile if someone else changed the request
        first; LinkUsed if the link was used (or ran out) meanwhile."""
        stored = request.model_copy(update={"version": request.version + 1})
        items: list[Any] = [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _item(stored),
                    "ConditionExpression": "version = :seen",
                    "ExpressionAttributeValues": {":seen": {"N": str(request.version)}},
                }
            }
        ]
        items += [self._put_new(_link_item(link)) for link in links]
        items += mailing.items(self._table)
        if request.consent_held_id and request.status != "awaiting_consent":
            # a request withdrawn (or ended) before the nurse confirmed her address: its consent request never goes
            items.append({"Delete": {"TableName": self._table, "Key": email_key(request.consent_held_id, held=True)}})
        if use is not None:  # last: its cancellation reason is the last one
            moment = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
            items.append(
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": link_key(use.token_hash),
                        "UpdateExpression": "SET used_at = :now",
                        "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(used_at) "
                        "AND (attribute_not_exists(valid_until) OR valid_until >= :now)",
                        "ExpressionAttributeValues": {":now": {"S": moment}},
                    }
                }
            )
        try:
            self._client.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons") or [{}]
            if use is not None and reasons[-1].get("Code") == "ConditionalCheckFailed":
                raise LinkUsed() from exc
            if reasons[0].get("Code") == "ConditionalCheckFailed":
                raise ChangedMeanwhile() from exc
            raise
        return stored

    def held(self, email_id: str) -> bool:
        """Whether an email still waits for its submitter's confirmation (its HELD item is there: releasing it
        moves it to the outbox)."""
        item = self._client.get_item(
            TableName=self._table, Key=email_key(email_id, held=True), ConsistentRead=True, ProjectionExpression="PK"
        ).get("Item")
        return item is not None

    def _listed(self, index: str, partition: str, *, before: str | None = None) -> Iterator[Hospitation]:
        """The requests under one key of a keys-only index, newest first (or, with `before`, those due up to
        then, soonest first), read by key in batches of 100 with consistent reads."""
        condition = f"{index}PK = :pk AND begins_with({index}SK, :prefix)"
        values: dict[str, Any] = {":pk": {"S": partition}, ":prefix": {"S": "HOSP#"}}
        if before is not None:
            condition = f"{index}PK = :pk AND {index}SK <= :before"
            values = {":pk": {"S": partition}, ":before": {"S": before}}
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName=index,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ScanIndexForward=before is not None,
        )
        keys = [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]
        for item in items_in_key_order(self._client, self._table, keys):  # one erased meanwhile is left out
            yield _request(item)

    def in_area(self, area: str) -> Iterator[Hospitation]:
        """The requests of nurses from one area, newest first."""
        return self._listed("GSI1", f"AREA#{area}")

    def for_unit(self, unit: str) -> Iterator[Hospitation]:
        """The requests to one host unit, newest first."""
        return self._listed("GSI2", f"HOSTUNIT#{unit}")

    def due(self, now: datetime) -> Iterator[Hospitation]:
        """The requests the schedule has something to do with by now, the longest due first."""
        return self._listed("GSI3", DUE_PK, before=f"{utc_key(now)}#~")

    def erase(self, request: Hospitation) -> None:
        """Delete the request now, and its consent request if it still waits for the nurse's confirmation. Its links
        hold no personal data; they lead nowhere and expire by TTL. A sent email keeps no message (common/outbox.py)."""
        items: list[Any] = [{"Delete": {"TableName": self._table, "Key": request_key(request.id)}}]
        if request.consent_held_id:
            items.append({"Delete": {"TableName": self._table, "Key": email_key(request.consent_held_id, held=True)}})
        self._client.transact_write_items(TransactItems=items)


# host units ------------------------------------------------------------------------------------------------------

HOST_UNITS_PARTITION = "HOST_UNITS"


class HostUnitRepository(Protocol):
    def all(self) -> dict[str, HostUnit]: ...

    def unit(self, unit_id: str) -> HostUnit | None: ...

    def add(self, unit: HostUnit) -> None: ...

    def replace(self, before: HostUnit, after: HostUnit) -> None: ...


class DynamoHostUnitRepository:
    """The host units: `HOST_UNITS` / `HOST#{id}`, their names held per area (common/places.py)."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._places = PlaceTable(client, table_name, HOST_UNITS_PARTITION, "HOST", "host_unit")

    def all(self) -> dict[str, HostUnit]:
        return {unit.id: unit for unit in (HostUnit.model_validate(values) for values in self._places.all())}

    def unit(self, unit_id: str) -> HostUnit | None:
        values = self._places.one(unit_id)
        return HostUnit.model_validate(values) if values else None

    def add(self, unit: HostUnit) -> None:
        """PlaceExists if the id is taken, NameTaken if the area has a host unit of that name."""
        self._places.add(unit.json_values(), unit.area)

    def seed(self, unit: HostUnit) -> bool:
        """Put a configured host unit unless it is in the table: never over one a leader has changed."""
        return self._places.seed(unit.json_values(), unit.area)

    def replace(self, before: HostUnit, after: HostUnit) -> None:
        self._places.replace(before.json_values(), after.json_values(), (before.area, after.area))
