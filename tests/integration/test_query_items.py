"""common.aws hands a Query's items back as DynamoDB sent them: the same values botocore's parse gives, checked on
DynamoDB Local for every kind of attribute, and botocore's own parse kept for a page with binary values."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from common.aws import items_as_sent
from local.dynamodb_local import DynamoDBLocal

ITEMS = [
    {
        "PK": {"S": "TEST#query-items"},
        "SK": {"S": f"ITEM#{n}"},
        "text": {"S": 'Åse "B": \\ Ødegård\n=1+1'},
        "number": {"N": "-12.50"},
        "yes": {"BOOL": True},
        "nothing": {"NULL": True},
        "map": {"M": {"diet": {"S": "Glutenfri"}, "B": {"S": "a key named B"}, "list": {"L": [{"N": "1"}]}}},
        "strings": {"SS": ["a", "b"]},
        "numbers": {"NS": ["1", "2"]},
    }
    for n in range(3)
]


def query(client: Any, pk: str) -> list[dict[str, Any]]:
    pages = client.get_paginator("query").paginate(
        TableName="LindraTable",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": pk}},
        PaginationConfig={"PageSize": 2},  # more than one page: LastEvaluatedKey still parsed
    )
    return [item for page in pages for item in page["Items"]]


def clients(database: DynamoDBLocal) -> tuple[Any, Any]:
    plain = database.client()
    fast = boto3.client(
        "dynamodb",
        endpoint_url=database.endpoint,
        region_name="eu-north-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"mode": "standard"}),
    )
    fast.meta.events.register("before-parse.dynamodb.Query", items_as_sent)
    return plain, fast


def test_items_as_sent_equal_botocores_parse_for_every_kind_of_value(dynamodb_local: DynamoDBLocal) -> None:
    plain, fast = clients(dynamodb_local)
    for item in ITEMS:
        plain.put_item(TableName="LindraTable", Item=item)
    assert query(fast, "TEST#query-items") == query(plain, "TEST#query-items")
    assert len(query(fast, "TEST#query-items")) == 3


def test_a_page_with_binary_values_keeps_botocores_parse(dynamodb_local: DynamoDBLocal) -> None:
    plain, fast = clients(dynamodb_local)
    plain.put_item(
        TableName="LindraTable", Item={"PK": {"S": "TEST#binary"}, "SK": {"S": "1"}, "b": {"B": b"\x00\xff"}}
    )
    (item,) = query(fast, "TEST#binary")
    assert item["b"] == {"B": b"\x00\xff"}
