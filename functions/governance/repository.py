"""Governance and contact details in DynamoDB (the keys: common/network_details.py).

- `GOVERNANCE` / `GROUP#<id>`, `AREA#<area>`, `CONTACT`: a record's current state, its JSON in `record`, its
  `version`. The few dozen items of a network in one partition, read in one query. Members' names are there with
  their consent while their period lasts and KEPT_AFTER_PERIOD_DAYS after (governance/service.py drops them at the
  group's next save); no TTL on the current state: it is the site's.
- `GOVERNANCE#<sk>` / `V#<version>`: every state saved, with the leader who saved it and what they did; kept
  REVISION_DAYS (names are in them).

A save is one TransactWriteItems (common/versions.py): the state on the version the leader saw (or new), the state
kept, the audit entry and a publish request (common/publishing.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from common.audit import AuditEntry, DynamoAuditLog
from common.errors import GovernanceChanged
from common.network_details import AREA_PREFIX, CONTACT_SK, GOVERNANCE_PK, GROUP_PREFIX, forget
from common.publishing import publish_request
from common.versions import items_under, kept_item, kept_item_at, kept_version_put, put_version
from governance.models import AreaLeader, Contact, Group, Record, Revision

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

REVISION_DAYS = 365


def record_of(key: str, text: str) -> Record:
    if key.startswith(GROUP_PREFIX):
        return Group.model_validate_json(text)
    if key.startswith(AREA_PREFIX):
        return AreaLeader.model_validate_json(text)
    return Contact.model_validate_json(text)


def record_item(record: Record) -> dict[str, Any]:
    return {
        "PK": {"S": GOVERNANCE_PK},
        "SK": {"S": record.key},
        "entity": {"S": "governance_record"},
        "version": {"N": str(record.version)},
        "record": {"S": record.model_dump_json()},
    }


def revision_item(revision: Revision, now: datetime) -> dict[str, Any]:
    record = revision.record
    payload = ("record", record.model_dump_json())
    pk = f"{GOVERNANCE_PK}#{record.key}"
    by, action = revision.changed_by, revision.action
    return kept_item(pk, record.version, "governance_revision", payload, by, action, REVISION_DAYS, now)


class DynamoGovernanceRepository:
    def __init__(self, client: DynamoDBClient, table_name: str, audit: DynamoAuditLog) -> None:
        self._client = client
        self._table = table_name
        self._audit = audit

    def _records(self, prefix: str) -> list[Record]:
        found = items_under(self._client, self._table, GOVERNANCE_PK, prefix)
        return [record_of(item["SK"]["S"], item["record"]["S"]) for item in found]

    def groups(self) -> list[Group]:
        return [record for record in self._records(GROUP_PREFIX) if isinstance(record, Group)]

    def leaders(self) -> dict[str, AreaLeader]:
        return {record.area: record for record in self._records(AREA_PREFIX) if isinstance(record, AreaLeader)}

    def contact(self) -> Contact | None:
        found = self._records(CONTACT_SK)
        return found[0] if found and isinstance(found[0], Contact) else None

    def revision(self, key: str, version: int) -> Revision | None:
        item = kept_item_at(self._client, self._table, f"{GOVERNANCE_PK}#{key}", version)
        if item is None:
            return None
        return Revision(
            record=record_of(key, item["record"]["S"]),
            changed_by=item.get("changed_by", {}).get("S", ""),
            action=item.get("action", {}).get("S", ""),
        )

    def save(self, record: Record, seen_version: int, revision: Revision, entry: AuditEntry) -> Record:
        now = record.updated_at or datetime.now(UTC)
        others = [
            kept_version_put(self._table, revision_item(revision, now)),
            {"Put": {"TableName": self._table, "Item": self._audit.item(entry)}},
            publish_request(self._table, f"GOVERNANCE#{record.key}", now),
        ]
        outcome = put_version(self._client, self._table, record_item(record), seen_version or None, others)
        if outcome != "saved":
            raise GovernanceChanged()
        forget()  # this container's pages and emails take it at once
        return record

    def erase_person(self, name: str, email: str = "") -> int:
        """An erasure request: every kept version that names the person (a group's member by name, an area's leader
        by name or email) deleted, so that no undo brings them back. Their current place (a group's member, an
        area's leader) the network leader takes out in /leder/styring/ first, as a change of its own. How many
        versions were deleted."""
        wanted = {" ".join(name.split()).casefold(), email.strip().casefold()} - {""}
        deleted = 0
        found = items_under(self._client, self._table, GOVERNANCE_PK, "")
        for key in [item["SK"]["S"] for item in found]:
            for item in items_under(self._client, self._table, f"{GOVERNANCE_PK}#{key}", "V#"):
                kept = record_of(key, item["record"]["S"])
                people = [m.name for m in kept.members] if isinstance(kept, Group) else []
                if isinstance(kept, AreaLeader):
                    people = [kept.name, kept.email]
                if wanted & {" ".join(person.split()).casefold() for person in people}:
                    self._client.delete_item(TableName=self._table, Key={"PK": item["PK"], "SK": item["SK"]})
                    deleted += 1
        return deleted

    def import_record(self, record: Record) -> bool:
        """A seed's record (network.json), unless its key is in the table: True if put in."""
        revision = Revision(record=record, changed_by="", action="seeded")
        try:
            self._client.transact_write_items(
                TransactItems=[
                    kept_version_put(self._table, record_item(record)),
                    {"Put": {"TableName": self._table, "Item": revision_item(revision, record.updated_at or _epoch())}},
                ]
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise
        return True


def _epoch() -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC)
