"""News in DynamoDB.

- `NEWS` / `ARTICLE#<id>`: an article's current version (the whole network's news in one partition: a few dozen a
  year, read in one query by the editor and the publisher). Published text, no personal data: kept.
- `NEWS#<id>` / `V#<version>`: every version saved, with the name of the leader who saved it and what they did; kept
  REVISION_DAYS.
- `UPLOAD#<id>` / `META`: a picture a leader is putting in the store, for two days (common/files.py).

A save is one TransactWriteItems: the article on the condition that it is at the version the leader saw (or new),
its version, the audit entry and a publish request (common/publishing.py), so that the site is built again from it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from common.audit import AuditEntry, DynamoAuditLog
from common.errors import ArticleChanged
from common.files import DynamoUploads, Upload
from common.publishing import publish_request
from common.versions import items_under, kept_item, kept_item_at, kept_items, kept_version_put, put_version
from news.models import Article, Revision
from news.service import ArticleIdTaken

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

NEWS_PK = "NEWS"
REVISION_DAYS = 3 * 365


def article_key(article_id: str) -> dict[str, Any]:
    return {"PK": {"S": NEWS_PK}, "SK": {"S": f"ARTICLE#{article_id}"}}


def article_item(article: Article) -> dict[str, Any]:
    return article_key(article.id) | {
        "entity": {"S": "news_article"},
        "status": {"S": article.status},
        "version": {"N": str(article.version)},
        "article": {"S": article.model_dump_json()},
    }


def revision_item(revision: Revision, now: datetime) -> dict[str, Any]:
    article = revision.article
    payload = ("article", article.model_dump_json())
    pk = f"NEWS#{article.id}"
    return kept_item(
        pk, article.version, "news_revision", payload, revision.changed_by, revision.action, REVISION_DAYS, now
    )


def _revision(item: dict[str, Any]) -> Revision:
    return Revision(
        article=Article.model_validate_json(item["article"]["S"]),
        changed_by=item.get("changed_by", {}).get("S", ""),
        action=item.get("action", {}).get("S", ""),
    )


class DynamoNewsRepository:
    def __init__(self, client: DynamoDBClient, table_name: str, audit: DynamoAuditLog) -> None:
        self._client = client
        self._table = table_name
        self._audit = audit
        self._uploads = DynamoUploads(client, table_name)

    def articles(self) -> list[Article]:
        found = items_under(self._client, self._table, NEWS_PK, "ARTICLE#")
        return [Article.model_validate_json(item["article"]["S"]) for item in found]

    def published(self) -> list[Article]:
        """What the site shows: the published articles, newest first (the publisher's catalogue)."""
        found = [article for article in self.articles() if article.on_site]
        return sorted(found, key=lambda a: (a.published_at or a.updated_at, a.id), reverse=True)

    def article(self, article_id: str) -> Article | None:
        item = self._client.get_item(TableName=self._table, Key=article_key(article_id), ConsistentRead=True).get(
            "Item"
        )
        return Article.model_validate_json(item["article"]["S"]) if item else None

    def revisions(self, article_id: str, limit: int = 50) -> list[Revision]:
        return [_revision(item) for item in kept_items(self._client, self._table, f"NEWS#{article_id}", limit)]

    def revision(self, article_id: str, version: int) -> Revision | None:
        item = kept_item_at(self._client, self._table, f"NEWS#{article_id}", version)
        return _revision(item) if item else None

    def save(self, article: Article, seen_version: int | None, revision: Revision, entry: AuditEntry) -> Article:
        now = article.updated_at
        others = [
            kept_version_put(self._table, revision_item(revision, now)),
            {"Put": {"TableName": self._table, "Item": self._audit.item(entry)}},
            publish_request(self._table, f"NEWS#{article.id}", now),
        ]
        outcome = put_version(self._client, self._table, article_item(article), seen_version, others)
        if outcome == "taken":
            raise ArticleIdTaken(article.id)
        if outcome == "changed":
            raise ArticleChanged()
        return article

    def import_article(self, article: Article) -> bool:
        """A seed's article (content/nyheter/*.md), unless the table has it: True if it was put in."""
        revision = Revision(article=article, changed_by="", action="news_created")
        try:
            self._client.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": article_item(article),
                            "ConditionExpression": "attribute_not_exists(PK)",
                        }
                    },
                    {"Put": {"TableName": self._table, "Item": revision_item(revision, article.updated_at)}},
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
