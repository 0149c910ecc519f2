"""The person index (the table's GSI4): the items about one person, found by her email address, for Min side.

An item about a person (her registration, an attendance mark, an absence, a hospitation request, a roster entry, a
letter she was sent, a certificate) carries `GSI4PK` = `PERSON#<address key>` (common/outbox.address_key: the
address as a hash, so the index names nobody) and `GSI4SK` = `<kind>#<sort>`. The index is sparse and keys only: a
query gives the keys of one person's items of one kind, read with a BatchGetItem. The person is the one the item is
about (the nurse, not the leader she named); a leader's or a reporter's address in someone else's item is found by
the erasure's full read (people/erasure.py), not here.

`KINDS` says, per entity, where the address is and which attribute sorts it; `backfill` gives the index keys to items
written before the index was there (`make run` on an old var/, and the deploy)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from common.outbox import address_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

INDEX = "GSI4"
PREFIX = "PERSON#"


# entity -> (the index's kind, the attribute with the person's address, the attribute that sorts her items)
KINDS: dict[str, tuple[str, str, str]] = {
    "registration": ("REG", "email", "created_at"),
    "attendance": ("ATTEND", "email", "course_id"),
    "absence": ("ABSENCE", "email", "course_id"),
    "hospitation": ("HOSP", "email", "created_at"),
    "roster_entry": ("NURSE", "email", "start"),
    "letter_recipient": ("TO", "email", "expires_at"),  # a letter's expiry follows its sending
    "certificate": ("CERT", "email", "course_id"),
    "self_report": ("SELFREPORT", "email", "year"),
}


def person_pk(email: str) -> str:
    return f"{PREFIX}{address_key(email)}"


def person_keys(entity: str, values: dict[str, Any]) -> dict[str, str]:
    """The index's two attributes for an item's plain values (empty when the entity is not indexed or has no
    address): `values` holds the attributes KINDS names, and PK and SK, which make the sort key unique."""
    kind = KINDS.get(entity)
    if kind is None:
        return {}
    name, email_attribute, sort_attribute = kind
    email = str(values.get(email_attribute) or "").strip()
    if not email:
        return {}
    sort = f"{name}#{values.get(sort_attribute) or ''}#{values['PK']}#{values['SK']}"
    return {"GSI4PK": person_pk(email), "GSI4SK": sort}


def typed_person_keys(entity: str, item: dict[str, Any]) -> dict[str, dict[str, str]]:
    """person_keys for an item in DynamoDB's typed form ({"S": ...})."""
    plain = {name: next(iter(value.values())) for name, value in item.items() if isinstance(value, dict) and value}
    return {name: {"S": value} for name, value in person_keys(entity, plain).items()}


def kind_prefix(entity: str) -> str:
    """The GSI4SK prefix of one entity's items, for a query of one kind."""
    return f"{KINDS[entity][0]}#"


def keys_of(client: DynamoDBClient, table: str, email: str, entity: str) -> list[dict[str, Any]]:
    """The primary keys of one person's items of one entity, from the index (eventually consistent)."""
    pages = client.get_paginator("query").paginate(
        TableName=table,
        IndexName=INDEX,
        KeyConditionExpression="GSI4PK = :person AND begins_with(GSI4SK, :kind)",
        ExpressionAttributeValues={":person": {"S": person_pk(email)}, ":kind": {"S": kind_prefix(entity)}},
    )
    return [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]


def read_items(client: DynamoDBClient, table: str, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items behind keys, 100 to a BatchGetItem, asking again for what DynamoDB leaves unprocessed; an item gone
    since the index was read (a TTL, an erasure) is left out."""
    found: list[dict[str, Any]] = []
    for first in range(0, len(keys), 100):
        request: Any = {table: {"Keys": keys[first : first + 100], "ConsistentRead": True}}
        while request:
            answer = client.batch_get_item(RequestItems=request)
            found += answer.get("Responses", {}).get(table, [])
            request = answer.get("UnprocessedKeys") or None
    return found


def _unindexed(client: DynamoDBClient, table: str) -> Iterator[dict[str, Any]]:
    names = {f"#a{number}": name for number, name in enumerate(sorted({a for k in KINDS.values() for a in k[1:]}))}
    names |= {"#pk": "PK", "#sk": "SK", "#entity": "entity", "#gsi": "GSI4PK"}
    values = {f":e{number}": {"S": entity} for number, entity in enumerate(KINDS)}
    pages = client.get_paginator("scan").paginate(
        TableName=table,
        FilterExpression=f"attribute_not_exists(#gsi) AND #entity IN ({', '.join(values)})",
        ProjectionExpression=", ".join(names),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )
    for page in pages:
        yield from page.get("Items", [])


def backfill(client: DynamoDBClient, table: str) -> int:
    """Give the index keys to the indexed entities' items that lack them; how many were given them. Run again, it
    finds none. An item deleted meanwhile is not made again (the update's condition)."""
    from botocore.exceptions import ClientError

    done = 0
    for item in _unindexed(client, table):
        keys = typed_person_keys(item["entity"]["S"], item)
        if not keys:
            continue
        try:
            client.update_item(
                TableName=table,
                Key={"PK": item["PK"], "SK": item["SK"]},
                UpdateExpression="SET GSI4PK = :pk, GSI4SK = :sk",
                ConditionExpression="attribute_exists(PK)",
                ExpressionAttributeValues={":pk": keys["GSI4PK"], ":sk": keys["GSI4SK"]},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            continue
        done += 1
    return done
