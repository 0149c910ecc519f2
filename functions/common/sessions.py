"""The leaders' sessions, as far as the ID token cannot say: those ended before their time (signed out), which every
leaders' route refuses, and those that passed the second factor (a code from an authenticator app, at sign-in or by
turning it on in the session), without which the network leader reaches no route but turning it on and signing out.

Both are items keyed by the token's id (`jti`), kept until the token expires (then DynamoDB's TTL removes them, and the
token is refused for its age anyway). No personal data. One BatchGetItem reads both for a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from common.errors import TryAgain

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

SIGNED_OUT = "SIGNOUT#"
PASSED_MFA = "MFA#"


@dataclass(frozen=True)
class SessionState:
    ended: bool  # signed out
    mfa: bool  # the second factor was given in this session (or turned on in it)


class Sessions:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def _put(self, prefix: str, entity: str, session_id: str, expires_at: int) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "PK": {"S": f"{prefix}{session_id}"},
                "SK": {"S": "META"},
                "entity": {"S": entity},
                "expires_at": {"N": str(expires_at)},
            },
        )

    def end(self, session_id: str, expires_at: int) -> None:
        self._put(SIGNED_OUT, "sign_out", session_id, expires_at)

    def passed_mfa(self, session_id: str, expires_at: int) -> None:
        self._put(PASSED_MFA, "session_mfa", session_id, expires_at)

    def state(self, session_id: str) -> SessionState:
        keys = [{"PK": {"S": f"{prefix}{session_id}"}, "SK": {"S": "META"}} for prefix in (SIGNED_OUT, PASSED_MFA)]
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True, "ProjectionExpression": "PK"}}
        found: set[str] = set()
        for _ in range(5):  # unprocessed keys (throttling) are asked for again
            answer = self._client.batch_get_item(RequestItems=request)
            found |= {item["PK"]["S"] for item in answer.get("Responses", {}).get(self._table, [])}
            request = dict(answer.get("UnprocessedKeys") or {})
            if not request:
                break
        else:
            raise TryAgain()
        return SessionState(ended=f"{SIGNED_OUT}{session_id}" in found, mfa=f"{PASSED_MFA}{session_id}" in found)

    def ended(self, session_id: str) -> bool:
        return self.state(session_id).ended
