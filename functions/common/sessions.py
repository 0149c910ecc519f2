"""The leaders' sessions that were ended before their time (signed out): every leaders' route refuses them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class SignOuts:
    """The sessions ended before their time: the token id, kept until the token expires (then DynamoDB's TTL
    removes the item, and the token is refused for its age anyway). No personal data."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def end(self, session_id: str, expires_at: int) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "PK": {"S": f"SIGNOUT#{session_id}"},
                "SK": {"S": "META"},
                "entity": {"S": "sign_out"},
                "expires_at": {"N": str(expires_at)},
            },
        )

    def ended(self, session_id: str) -> bool:
        item = self._client.get_item(
            TableName=self._table, Key={"PK": {"S": f"SIGNOUT#{session_id}"}, "SK": {"S": "META"}}, ConsistentRead=True
        ).get("Item")
        return item is not None
