"""The newsletter in DynamoDB (the one table).

- A subscription is `NEWSLETTER` / `SUB#<address key>`: the address, the name, where it came from (`form`, `roster`),
  when it was confirmed, and a TTL of KEEP_YEARS (the roster renews it when it writes it again).
- A request from the form is two items, both with a TTL of ASK_DAYS: `NEWSLETTER` / `ASKED#<address key>` (no
  address: it only says that this address was sent a confirmation this week) and `NLCONFIRM#<hash of the link's
  token>` / `META` (the address and name, until the link is used).
- Leaving is an opt-out, `ADDRESS#<address key>` / `OPTOUT#newsletter` (common/unsubscribe.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from common.outbox import NO_MAIL, Mailing, address_key
from common.unsubscribe import opt_in_delete, opt_out_put, opted_out
from newsletter.models import ASK_DAYS, KEEP_YEARS, Source, Subscriber, Subscription, SubscriptionForm

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

PARTITION = "NEWSLETTER"
LIST = "newsletter"


def subscription_key(key: str) -> dict[str, Any]:
    return {"PK": {"S": PARTITION}, "SK": {"S": f"SUB#{key}"}}


def asked_key(key: str) -> dict[str, Any]:
    return {"PK": {"S": PARTITION}, "SK": {"S": f"ASKED#{key}"}}


def confirm_key(link_hash: str) -> dict[str, Any]:
    return {"PK": {"S": f"NLCONFIRM#{link_hash}"}, "SK": {"S": "META"}}


def keep_until(now: datetime) -> int:
    return int((now + timedelta(days=365 * KEEP_YEARS)).timestamp())


def subscription_update(table: str, email: str, name: str, source: Source, now: datetime) -> dict[str, Any]:
    """The transaction item that makes (or renews) a subscription, for the roster's own transactions: a subscription
    made from the form keeps its source, name and confirmation; the TTL starts again."""
    return {
        "Update": {
            "TableName": table,
            "Key": subscription_key(address_key(email)),
            "UpdateExpression": (
                "SET entity = :entity, email = :email, #name = if_not_exists(#name, :name), "
                "#source = if_not_exists(#source, :source), confirmed_at = if_not_exists(confirmed_at, :now), "
                "expires_at = :expires"
            ),
            "ExpressionAttributeNames": {"#name": "name", "#source": "source"},
            "ExpressionAttributeValues": {
                ":entity": {"S": "newsletter_subscription"},
                ":email": {"S": email},
                ":name": {"S": name},
                ":source": {"S": source},
                ":now": {"S": now.isoformat()},
                ":expires": {"N": str(keep_until(now))},
            },
        }
    }


class NewsletterRepository(Protocol):
    def ask(self, form: SubscriptionForm, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool: ...

    def confirm(self, link_hash: str, now: datetime) -> bool: ...

    def leave(self, list_name: str, key: str, now: datetime) -> None: ...

    def subscriptions(self, now: datetime) -> list[Subscription]: ...

    def opted_out(self, keys: Iterable[str]) -> set[str]: ...


class DynamoNewsletterRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def ask(self, form: SubscriptionForm, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool:
        """The request and its one confirmation email, in one transaction, unless the address is subscribed or was
        sent a confirmation in the last ASK_DAYS: then nothing is written (False), and nobody is told which. A bounce's
        or complaint's stop on the address is not lifted: anyone may type any address here."""
        key = address_key(form.email)
        expires = int((now + timedelta(days=ASK_DAYS)).timestamp())
        moment = {"S": now.isoformat()}
        actions: list[dict[str, Any]] = [
            {
                "ConditionCheck": {
                    "TableName": self._table,
                    "Key": subscription_key(key),
                    "ConditionExpression": "attribute_not_exists(PK) OR expires_at < :now",
                    "ExpressionAttributeValues": {":now": {"N": str(int(now.timestamp()))}},
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": asked_key(key)
                    | {"entity": {"S": "newsletter_request"}, "asked_at": moment, "expires_at": {"N": str(expires)}},
                    "ConditionExpression": "attribute_not_exists(PK) OR expires_at < :now",
                    "ExpressionAttributeValues": {":now": {"N": str(int(now.timestamp()))}},
                }
            },
            {
                "Put": {
                    "TableName": self._table,
                    "Item": confirm_key(link_hash)
                    | {
                        "entity": {"S": "newsletter_confirmation"},
                        "email": {"S": form.email},
                        "name": {"S": form.name},
                        "address_key": {"S": key},
                        "asked_at": moment,
                        "expires_at": {"N": str(expires)},
                    },
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            *mailing.items(self._table),
        ]
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise
        return True

    def confirm(self, link_hash: str, now: datetime) -> bool:
        """The subscription from a confirmation link, and any earlier opt-out lifted: True once, False for a link
        used, expired or never made."""
        item = self._client.get_item(TableName=self._table, Key=confirm_key(link_hash), ConsistentRead=True).get("Item")
        if not item or int(item["expires_at"]["N"]) < now.timestamp():
            return False
        key = item["address_key"]["S"]
        subscription = subscription_key(key) | {
            "entity": {"S": "newsletter_subscription"},
            "email": item["email"],
            "name": item["name"],
            "source": {"S": "form"},
            "confirmed_at": {"S": now.isoformat()},
            "expires_at": {"N": str(keep_until(now))},
        }
        actions: list[dict[str, Any]] = [
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": confirm_key(link_hash),
                    "ConditionExpression": "attribute_exists(PK)",
                }
            },
            {"Put": {"TableName": self._table, "Item": subscription}},
            {"Delete": {"TableName": self._table, "Key": asked_key(key)}},
            opt_in_delete(self._table, LIST, key),
        ]
        try:
            self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False  # a second click at the same moment
            raise
        return True

    def leave(self, list_name: str, key: str, now: datetime) -> None:
        """The opt-out, and for the newsletter the subscription deleted, in one transaction (idempotent)."""
        actions: list[dict[str, Any]] = [opt_out_put(self._table, list_name, key, now)]
        if list_name == LIST:
            actions.append({"Delete": {"TableName": self._table, "Key": subscription_key(key)}})
        self._client.transact_write_items(TransactItems=actions)  # type: ignore[arg-type]

    def erase(self, key: str) -> None:
        """A person's erasure request: the subscription and this week's request marker go; an opt-out (a hash
        only) stays, so that the roster does not subscribe the address again."""
        for sort in (f"SUB#{key}", f"ASKED#{key}"):
            self._client.delete_item(TableName=self._table, Key={"PK": {"S": PARTITION}, "SK": {"S": sort}})

    def subscriptions(self, now: datetime) -> list[Subscription]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues={":pk": {"S": PARTITION}, ":prefix": {"S": "SUB#"}},
        )
        found: list[Subscription] = []
        for page in pages:
            for item in page.get("Items", []):
                if int(item["expires_at"]["N"]) < now.timestamp():
                    continue  # past its TTL, not yet deleted
                found.append(
                    Subscription(
                        key=item["SK"]["S"].removeprefix("SUB#"),
                        email=item["email"]["S"],
                        name=item.get("name", {}).get("S", ""),
                        source=item.get("source", {}).get("S", "form"),
                        confirmed_at=datetime.fromisoformat(item["confirmed_at"]["S"]),
                        expires_at=int(item["expires_at"]["N"]),
                    )
                )
        return found

    def opted_out(self, keys: Iterable[str]) -> set[str]:
        return opted_out(self._client, self._table, LIST, keys)


def as_subscriber(subscription: Subscription) -> Subscriber:
    return Subscriber(email=subscription.email, name=subscription.name, source=subscription.source)
