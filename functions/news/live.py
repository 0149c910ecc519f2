"""News on the live parts: the table, the file store (S3, or locally a folder) and the network's areas. One factory
for the routes; the seed and the publisher's reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.audit import DynamoAuditLog
from common.aws import dynamodb
from common.files import file_store
from common.leader_api import audit_log, every_area, now
from common.settings import settings
from news.content import article_files
from news.repository import DynamoNewsRepository
from news.service import Newsroom


def news_repository() -> DynamoNewsRepository:
    return DynamoNewsRepository(dynamodb(), settings().table_name, audit_log())


def newsroom() -> Newsroom:
    return Newsroom(news_repository(), file_store(), every_area(), now)


def seed_news(client: Any, table_name: str, folder: Path) -> int:
    """The news of content/nyheter/*.md into the table, each unless it is there (made, changed or taken down in the
    leaders' area, or imported before): how many were put."""
    repository = DynamoNewsRepository(client, table_name, DynamoAuditLog(client, table_name, 1))
    return sum(repository.import_article(article) for article in article_files(folder))
