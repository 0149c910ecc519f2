"""Documents on the live parts: the table and the file store (S3, or locally a folder). One factory for the routes;
the seed and the publisher's reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.audit import DynamoAuditLog
from common.aws import dynamodb
from common.files import file_store
from common.leader_api import audit_log, now
from common.settings import settings
from documents.content import document_files
from documents.repository import DynamoDocumentRepository
from documents.service import DocumentEditor


def document_repository() -> DynamoDocumentRepository:
    return DynamoDocumentRepository(dynamodb(), settings().table_name, audit_log())


def document_editor() -> DocumentEditor:
    return DocumentEditor(document_repository(), file_store(), now)


def seed_documents(client: Any, table_name: str, folder: Path) -> int:
    """The documents of content/dokumenter/*.md into the table, each unless its kind's address is there: how many."""
    repository = DynamoDocumentRepository(client, table_name, DynamoAuditLog(client, table_name, 1))
    return sum(repository.import_document(document) for document in document_files(folder))
