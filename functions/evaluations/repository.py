"""Course evaluations in DynamoDB (the one table), in three kinds of item that share no attribute a person could be
found by:

- sent marker `COURSE#{id}` / `EVALSENT#{sha-256 of the email}`: this person was asked (so never twice). No link.
- link `EVALTOKEN#{sha-256 of the token}` / `META`: the course, and `used` once answered. Nobody's name or email,
  no time. Keyed by the token alone, as the link in the email carries nothing else.
- answer `COURSE#{id}` / `EVALUATION#{uuid4}`: the ratings and texts. No link, no person, no time.

A marker, its link and the invitation's email (common/outbox.py) are written together; an answer is one transaction
that marks the link used on the condition that it was not, and puts the answer, so a link answers once. Every item
expires (TTL) at a time computed from the course's last day, the same for everyone on the course.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from common.errors import EvaluationAnswered, TryAgain
from common.outbox import NO_MAIL, Mailing
from evaluations.models import Evaluation

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

SENT, ANSWER = "EVALSENT#", "EVALUATION#"
ATTEMPTS = 5  # two answers through one link at once: DynamoDB cancels one as a conflict, and it looks again
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


@dataclass(frozen=True)
class Link:
    """A one-time link's item: which course it evaluates, and whether it has been used."""

    token_hash: str
    course_id: str
    used: bool = False


class EvaluationRepository(Protocol):
    def sent_to(self, course_id: str) -> set[str]: ...

    def add_invitation(
        self, course_id: str, person_hash: str, token_hash: str, expires_at: int, mailing: Mailing = NO_MAIL
    ) -> bool: ...

    def link(self, token_hash: str) -> Link | None: ...

    def add_answer(self, link: Link, evaluation: Evaluation) -> None: ...

    def answers(self, course_id: str) -> list[Evaluation]: ...

    def invited(self, course_id: str) -> int: ...


def course_pk(course_id: str) -> dict[str, str]:
    return {"S": f"COURSE#{course_id}"}


def sent_key(course_id: str, person_hash: str) -> dict[str, Any]:
    return {"PK": course_pk(course_id), "SK": {"S": f"{SENT}{person_hash}"}}


def link_key(token_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"EVALTOKEN#{token_hash}"}, "SK": {"S": "META"}}


def _answer_item(evaluation: Evaluation) -> dict[str, Any]:
    values = evaluation.json_values()
    answer_id = values.pop("id")
    item = {name: _serialize(value) for name, value in values.items() if value != ""}
    return item | {
        "PK": course_pk(evaluation.course_id),
        "SK": {"S": f"{ANSWER}{answer_id}"},
        "entity": {"S": "evaluation"},
    }


def _evaluation(item: dict[str, Any]) -> Evaluation:
    values = {name: _deserialize(value) for name, value in item.items()}
    values["id"] = str(values["SK"]).removeprefix(ANSWER)
    return Evaluation.model_validate({name: values[name] for name in Evaluation.model_fields if name in values})


def _cancelled(exc: ClientError) -> list[str]:
    """The reason codes of a cancelled transaction, one per item; re-raises any other error."""
    if exc.response["Error"]["Code"] != "TransactionCanceledException":
        raise exc
    return [str(reason.get("Code", "None")) for reason in exc.response.get("CancellationReasons") or []]


class DynamoEvaluationRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def _query(self, course_id: str, prefix: str, **arguments: Any) -> list[dict[str, Any]]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": course_pk(course_id), ":prefix": {"S": prefix}},
            ConsistentRead=True,
            **arguments,
        )
        return [item for page in pages for item in page.get("Items", [])]

    def sent_to(self, course_id: str) -> set[str]:
        """The hashed emails of those asked already."""
        return {item["SK"]["S"].removeprefix(SENT) for item in self._query(course_id, SENT, ProjectionExpression="SK")}

    def invited(self, course_id: str) -> int:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": course_pk(course_id), ":prefix": {"S": SENT}},
            Select="COUNT",
        )
        return sum(int(page["Count"]) for page in pages)

    def add_invitation(
        self, course_id: str, person_hash: str, token_hash: str, expires_at: int, mailing: Mailing = NO_MAIL
    ) -> bool:
        """The marker that this person was asked, a new link and the email with it: False (nothing written) if they
        were asked."""
        expires = {"N": str(expires_at)}
        marker = sent_key(course_id, person_hash) | {"entity": {"S": "evaluation_sent"}, "expires_at": expires}
        link = link_key(token_hash) | {
            "entity": {"S": "evaluation_link"},
            "course_id": {"S": course_id},
            "expires_at": expires,
        }
        items: list[Any] = [self._put_new(marker), self._put_new(link), *mailing.items(self._table)]
        try:
            self._client.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if _cancelled(exc)[:1] == ["ConditionalCheckFailed"]:
                return False
            raise
        return True

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}

    def link(self, token_hash: str) -> Link | None:
        item = self._client.get_item(TableName=self._table, Key=link_key(token_hash), ConsistentRead=True).get("Item")
        if not item:
            return None
        return Link(token_hash, item["course_id"]["S"], bool(item.get("used", {}).get("BOOL", False)))

    def add_answer(self, link: Link, evaluation: Evaluation) -> None:
        """Mark the link used and put the answer, all or nothing: EvaluationAnswered if the link was used first."""
        items: list[Any] = [
            {
                "Update": {
                    "TableName": self._table,
                    "Key": link_key(link.token_hash),
                    "UpdateExpression": "SET used = :yes",
                    "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(used)",
                    "ExpressionAttributeValues": {":yes": {"BOOL": True}},
                }
            },
            self._put_new(_answer_item(evaluation)),
        ]
        for attempt in range(ATTEMPTS):
            try:
                self._client.transact_write_items(TransactItems=items)
                return
            except ClientError as exc:
                reasons = _cancelled(exc)
                if reasons[:1] == ["ConditionalCheckFailed"]:
                    raise EvaluationAnswered() from exc
                if "TransactionConflict" not in reasons:
                    raise
            time.sleep(random.uniform(0, 0.05 * (attempt + 1)))  # noqa: S311 - jitter, not a secret
        raise TryAgain()

    def answers(self, course_id: str) -> list[Evaluation]:
        """A course's answers, in the order of their random ids."""
        return sorted((_evaluation(item) for item in self._query(course_id, ANSWER)), key=lambda answer: answer.id)
