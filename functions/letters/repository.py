"""Letters in DynamoDB.

- `LETTER#<id>` / `META`: the letter as sent (listed by GSI1: `LETTERS#<scope>` -> `<sent at>#<id>`).
- `LETTER#<id>` / `TO#<n>`: a recipient, written by the mail worker with their email (a bundle's item), and how
  the email went (`mail_status`, as the worker writes on the item an email is about).
- `COURSE#<id>` / `LETTER#<id>`: a course's letter as its participants' own pages list it (courses/items.py).
- `UPLOAD#<id>` / `META`: a file a leader is putting in the store, for two days.
- `MAIL#<id>` / `BUNDLE`: the emails, BUNDLE_SIZE to an item (common/outbox.py), until the worker writes them out.

Sending is one TransactWriteItems: the letter, its course copy, its bundles and the audit entry, so a letter is
either sent to all its recipients or to none, and a retry never sends it twice (every Put is conditional).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from common.audit import AuditEntry, DynamoAuditLog
from common.files import DynamoUploads, Upload
from common.ids import new_ulid
from common.outbox import BUNDLE_SIZE, OutgoingEmail, bundle_put
from common.person_index import typed_person_keys
from courses.items import course_letter_item, from_item, to_item
from courses.models import CourseLetter, LetterFile
from letters.models import Attachment, Delivery, Letter, Recipient
from letters.service import AlreadySent, scope_of

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def letter_key(letter_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"LETTER#{letter_id}"}, "SK": {"S": "META"}}


def send_key_key(send_key: str) -> dict[str, Any]:
    return {"PK": {"S": f"SENDKEY#{send_key}"}, "SK": {"S": "META"}}


def send_key_item(send_key: str, letter: Letter) -> dict[str, Any]:
    """The composer's key of a letter sent, for a day: the same letter sent again finds it."""
    expires = int((letter.sent_at + timedelta(days=1)).timestamp())
    return send_key_key(send_key) | {
        "entity": {"S": "letter_send_key"},
        "letter_id": {"S": letter.id},
        "expires_at": {"N": str(expires)},
    }


def letter_item(letter: Letter) -> dict[str, Any]:
    values = letter.model_dump(mode="json", exclude={"attachments"})
    return (
        to_item(values)
        | letter_key(letter.id)
        | {
            "entity": {"S": "letter"},
            "attachments": {"S": json.dumps([a.model_dump() for a in letter.attachments], ensure_ascii=False)},
            "GSI1PK": {"S": f"LETTERS#{scope_of(letter)}"},
            "GSI1SK": {"S": f"{letter.sent_at.isoformat()}#{letter.id}"},
        }
    )


def letter_from_item(item: dict[str, Any]) -> Letter:
    values = from_item({name: value for name, value in item.items() if name in Letter.model_fields})
    values["attachments"] = [Attachment.model_validate(a) for a in json.loads(values.get("attachments", "[]"))]
    return Letter.model_validate({name: int(v) if isinstance(v, Decimal) else v for name, v in values.items()})


def recipient_item(letter: Letter, number: int, recipient: Recipient) -> dict[str, Any]:
    item: dict[str, Any] = {
        "PK": {"S": f"LETTER#{letter.id}"},
        "SK": {"S": f"TO#{number:05d}"},
        "entity": {"S": "letter_recipient"},
        "email": {"S": recipient.email},
        "name": {"S": recipient.name},
        "kind": {"S": recipient.kind},
        "area": {"S": recipient.area},
        "expires_at": {"N": str(letter.expires_at)},
    }
    if recipient.registration_id:
        item["registration_id"] = {"S": recipient.registration_id}
    return item | typed_person_keys("letter_recipient", item)


class DynamoLetterRepository:
    def __init__(self, client: DynamoDBClient, table_name: str, audit: DynamoAuditLog) -> None:
        self._client = client
        self._table = table_name
        self._audit = audit

    def _put(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(PK)"}}

    def accept(
        self,
        letter: Letter,
        recipients: Sequence[Recipient],
        emails: Sequence[OutgoingEmail],
        audit: AuditEntry,
        send_key: str = "",
    ) -> None:
        now = letter.sent_at
        ids = iter(sorted(new_ulid(now) for _ in emails))
        entries = [
            (email.with_id(now, next(ids)), recipient_item(letter, number, recipient))
            for number, (email, recipient) in enumerate(zip(emails, recipients, strict=True))
        ]
        actions: list[Any] = [self._put(letter_item(letter)), self._put(self._audit.item(audit))]
        if letter.audience == "course":
            copy = CourseLetter(
                id=letter.id,
                subject=letter.subject,
                text=letter.text,
                sent_at=letter.sent_at,
                attachments=tuple(LetterFile(id=a.id, name=a.name, size=a.size) for a in letter.attachments),
                registrations=frozenset(r.registration_id for r in recipients if r.registration_id),
            )
            actions.append(self._put(course_letter_item(letter.course_id, copy, letter.expires_at)))
        bundle_ids = sorted(new_ulid(now) for _ in range(0, len(entries), BUNDLE_SIZE))
        for bundle_id, first in zip(bundle_ids, range(0, len(entries), BUNDLE_SIZE), strict=True):
            actions.append(bundle_put(self._table, bundle_id, entries[first : first + BUNDLE_SIZE], now))
        if send_key:
            actions.insert(0, self._put(send_key_item(send_key, letter)))
        try:
            self._client.transact_write_items(TransactItems=actions)
        except self._client.exceptions.TransactionCanceledException as exc:
            reasons = exc.response.get("CancellationReasons", [])
            if send_key and reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                earlier = self._client.get_item(
                    TableName=self._table, Key=send_key_key(send_key), ConsistentRead=True
                ).get("Item")
                if earlier is not None:
                    raise AlreadySent(earlier["letter_id"]["S"]) from exc
            raise

    def letter(self, letter_id: str) -> Letter | None:
        item = self._client.get_item(TableName=self._table, Key=letter_key(letter_id), ConsistentRead=True).get("Item")
        return letter_from_item(item) if item else None

    def letters(self, scope: str) -> list[Letter]:
        """A scope's letters, newest first."""
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :scope",
            ExpressionAttributeValues={":scope": {"S": f"LETTERS#{scope}"}},
            ScanIndexForward=False,
        )
        keys = [{"PK": item["PK"], "SK": item["SK"]} for page in pages for item in page.get("Items", [])]
        found: dict[str, Letter] = {}
        for first in range(0, len(keys), 100):
            request: Any = {self._table: {"Keys": keys[first : first + 100], "ConsistentRead": True}}
            while request:
                answer = self._client.batch_get_item(RequestItems=request)
                for item in answer["Responses"].get(self._table, []):
                    letter = letter_from_item(item)
                    found[letter.id] = letter
                request = answer.get("UnprocessedKeys") or None
        return sorted(found.values(), key=lambda letter: letter.id, reverse=True)

    def deliveries(self, letter_id: str) -> list[Delivery]:
        pages = self._client.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :to)",
            ExpressionAttributeValues={":pk": {"S": f"LETTER#{letter_id}"}, ":to": {"S": "TO#"}},
            ProjectionExpression="email, #name, kind, area, mail_status",
            ExpressionAttributeNames={"#name": "name"},
        )
        return [
            Delivery(
                email=item["email"]["S"],
                name=item["name"]["S"],
                kind=item["kind"]["S"],
                area=item.get("area", {}).get("S", ""),
                mail_status=item.get("mail_status", {}).get("S", ""),
            )
            for page in pages
            for item in page.get("Items", [])
        ]

    def add_upload(self, upload: Upload) -> None:
        DynamoUploads(self._client, self._table).add_upload(upload)

    def upload(self, upload_id: str) -> Upload | None:
        return DynamoUploads(self._client, self._table).upload(upload_id)
