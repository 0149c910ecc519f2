"""Documents in DynamoDB.

- `DOCS` / `VERSION#<id>`: a document version's current state (the network's documents in one partition: a few dozen
  versions over the years, read in one query by the editor and the publisher). Published text, no personal data:
  kept.
- `DOCS` / `SLUG#<kind>#<slug>`: a kind's address of a version, taken once (two versions never share a page).
- `DOC#<id>` / `V#<version>`: every state saved, with the name of the leader who saved it and what they did; kept
  REVISION_DAYS.
- `UPLOAD#<id>` / `META`: a file a leader is putting in the store, for two days (common/files.py).

A save is one TransactWriteItems (common/versions.py): the state on the version the leader saw (or new, with its
address), the state kept, the audit entry and a publish request (common/publishing.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from common.audit import AuditEntry, DynamoAuditLog
from common.errors import DocumentChanged
from common.files import DynamoUploads, Upload
from common.publishing import publish_request
from common.versions import items_under, kept_item, kept_item_at, kept_items, kept_version_put, put_version
from documents.models import DocumentRevision, DocumentVersion
from documents.service import SlugTaken

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

DOCS_PK = "DOCS"
REVISION_DAYS = 3 * 365


def document_key(version_id: str) -> dict[str, Any]:
    return {"PK": {"S": DOCS_PK}, "SK": {"S": f"VERSION#{version_id}"}}


def slug_item(document: DocumentVersion) -> dict[str, Any]:
    return {
        "PK": {"S": DOCS_PK},
        "SK": {"S": f"SLUG#{document.kind}#{document.slug}"},
        "entity": {"S": "document_address"},
        "version_id": {"S": document.id},
    }


def document_item(document: DocumentVersion) -> dict[str, Any]:
    return document_key(document.id) | {
        "entity": {"S": "document_version"},
        "version": {"N": str(document.version)},
        "document": {"S": document.model_dump_json()},
    }


def revision_item(revision: DocumentRevision, now: datetime) -> dict[str, Any]:
    document = revision.document
    payload = ("document", document.model_dump_json())
    pk = f"DOC#{document.id}"
    by, action = revision.changed_by, revision.action
    return kept_item(pk, document.version, "document_revision", payload, by, action, REVISION_DAYS, now)


def _revision(item: dict[str, Any]) -> DocumentRevision:
    return DocumentRevision(
        document=DocumentVersion.model_validate_json(item["document"]["S"]),
        changed_by=item.get("changed_by", {}).get("S", ""),
        action=item.get("action", {}).get("S", ""),
    )


class DynamoDocumentRepository:
    def __init__(self, client: DynamoDBClient, table_name: str, audit: DynamoAuditLog) -> None:
        self._client = client
        self._table = table_name
        self._audit = audit
        self._uploads = DynamoUploads(client, table_name)

    def versions(self) -> list[DocumentVersion]:
        found = items_under(self._client, self._table, DOCS_PK, "VERSION#")
        return [DocumentVersion.model_validate_json(item["document"]["S"]) for item in found]

    def document(self, version_id: str) -> DocumentVersion | None:
        item = self._client.get_item(TableName=self._table, Key=document_key(version_id), ConsistentRead=True).get(
            "Item"
        )
        return DocumentVersion.model_validate_json(item["document"]["S"]) if item else None

    def revisions(self, version_id: str, limit: int = 50) -> list[DocumentRevision]:
        return [_revision(item) for item in kept_items(self._client, self._table, f"DOC#{version_id}", limit)]

    def revision(self, version_id: str, version: int) -> DocumentRevision | None:
        item = kept_item_at(self._client, self._table, f"DOC#{version_id}", version)
        return _revision(item) if item else None

    def save(
        self, document: DocumentVersion, seen_version: int | None, revision: DocumentRevision, entry: AuditEntry
    ) -> DocumentVersion:
        now = document.updated_at
        others = [
            kept_version_put(self._table, revision_item(revision, now)),
            {"Put": {"TableName": self._table, "Item": self._audit.item(entry)}},
            publish_request(self._table, f"DOCUMENT#{document.id}", now),
        ]
        if seen_version is None:
            others.append(kept_version_put(self._table, slug_item(document)))
        outcome = put_version(self._client, self._table, document_item(document), seen_version, others)
        if outcome == "taken":
            raise SlugTaken(document.slug)
        if outcome == "changed":
            raise DocumentChanged()
        return document

    def import_document(self, document: DocumentVersion) -> bool:
        """A seed's version (content/dokumenter/*.md), unless its kind's address is in the table: True if put in."""
        revision = DocumentRevision(document=document, changed_by="", action="document_added")
        try:
            self._client.transact_write_items(
                TransactItems=[
                    kept_version_put(self._table, slug_item(document)),
                    kept_version_put(self._table, document_item(document)),
                    {"Put": {"TableName": self._table, "Item": revision_item(revision, document.updated_at)}},
                ]
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise
        return True

    def add_upload(self, upload: Upload) -> None:
        self._uploads.add_upload(upload)

    def upload(self, upload_id: str) -> Upload | None:
        return self._uploads.upload(upload_id)
