"""A stored item a leader changes in versions (a news article, a document version): each save puts the item on the
condition that it is new or still at the version the leader saw, in one transaction with its other items (the
version kept for undo, the audit entry, the publish request). What the condition said comes back as a word, for the
capability to turn into its own domain error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Literal

from botocore.exceptions import ClientError

Outcome = Literal["saved", "taken", "changed"]


def put_version(
    client: Any, table: str, item: dict[str, Any], seen_version: int | None, others: Sequence[dict[str, Any]]
) -> Outcome:
    """Put item (its `version` attribute the new one) with the other TransactWriteItems; "taken" when a new item's key,
    or another key put with it on a condition, is used; "changed" when the stored one is not at seen_version (or
    another save of the same version came first)."""
    if seen_version is None:
        condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(PK)"}
    else:
        condition = {
            "ConditionExpression": "version = :seen",
            "ExpressionAttributeValues": {":seen": {"N": str(seen_version)}},
        }
    writes = [{"Put": {"TableName": table, "Item": item, **condition}}, *others]
    try:
        client.transact_write_items(TransactItems=writes)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [reason.get("Code") or "" for reason in exc.response.get("CancellationReasons") or []]
        if "ConditionalCheckFailed" in reasons:  # for a new item: a key of it is used (its own, or an address's)
            return "taken" if seen_version is None else "changed"
        raise
    return "saved"


def kept_version_put(table: str, item: dict[str, Any]) -> Any:
    """The Put of a kept version (its key new: a second save of the same version fails the transaction)."""
    return {"Put": {"TableName": table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}


def kept_item(
    pk: str, version: int, entity: str, payload: tuple[str, str], changed_by: str, action: str, days: int, now: Any
) -> dict[str, Any]:
    """A kept version: `pk` / `V#{version}`, the item as it was (payload: its attribute's name and JSON), who saved
    it and what they did, kept `days` (its TTL: the leader's name is in it)."""
    name, text = payload
    return {
        "PK": {"S": pk},
        "SK": {"S": f"V#{version:06d}"},
        "entity": {"S": entity},
        name: {"S": text},
        "changed_by": {"S": changed_by},
        "action": {"S": action},
        "expires_at": {"N": str(int((now + timedelta(days=days)).timestamp()))},
    }


def items_under(client: Any, table: str, pk: str, prefix: str) -> list[dict[str, Any]]:
    """Every item of a partition whose sort key starts with prefix (every item: ""), all pages read, consistently."""
    condition: dict[str, Any] = {
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)" if prefix else "PK = :pk",
        "ExpressionAttributeValues": {":pk": {"S": pk}} | ({":prefix": {"S": prefix}} if prefix else {}),
    }
    pages = client.get_paginator("query").paginate(TableName=table, ConsistentRead=True, **condition)
    return [item for page in pages for item in page.get("Items", [])]


def kept_items(client: Any, table: str, pk: str, limit: int = 50) -> list[dict[str, Any]]:
    """The kept versions under pk, newest first."""
    answer = client.query(
        TableName=table,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues={":pk": {"S": pk}, ":prefix": {"S": "V#"}},
        ScanIndexForward=False,
        Limit=limit,
    )
    found: list[dict[str, Any]] = answer.get("Items", [])
    return found


def kept_item_at(client: Any, table: str, pk: str, version: int) -> dict[str, Any] | None:
    key = {"PK": {"S": pk}, "SK": {"S": f"V#{version:06d}"}}
    found: dict[str, Any] | None = client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
    return found
