"""A stored item a leader changes in versions (a news article, a document version): each save puts the item on the
condition that it is new or still at the version the leader saw, in one transaction with its other items (the
version kept for undo, the audit entry, the publish request). What the condition said comes back as a word, for the
capability to turn into its own domain error."""

from __future__ import annotations

from collections.abc import Sequence
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
