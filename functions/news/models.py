"""The network's news: an article a leader writes in /leder/nyheter/, a draft until it is published, on the site's
news list, front page, Atom feed and search until it is taken down. Every save is a new version; the versions before
it are kept, and one can be brought back."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.i18n import N_

MAX_TITLE = 150
MAX_SUMMARY = 300
MAX_BODY = 20_000
MAX_ALT = 250
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A picture by its name's ending; its first bytes must say the same (common/files.py looks_like).
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
IMAGE_ENDINGS = {"image/png": "png", "image/jpeg": "jpg"}

ArticleStatus = Literal["draft", "published", "withdrawn"]
STATUS_LABELS: dict[str, str] = {
    "draft": N_("Utkast"),
    "published": N_("Publisert"),
    "withdrawn": N_("Tatt ned"),
}


class ArticleImage(BaseModel):
    """An article's picture: the file in the store (under nettsted/), its alt text, and its size in pixels."""

    model_config = ConfigDict(frozen=True)

    key: str
    content_type: str
    alt: str
    width: int | None = None
    height: int | None = None

    @property
    def url(self) -> str:
        """Where the publisher puts it on the site (relative to SITEURL)."""
        name = self.key.rpartition("/")[2]
        return f"nyheter/bilder/{name.lower()}.{IMAGE_ENDINGS.get(self.content_type, 'bin')}"


class Article(BaseModel):
    """A news article as stored: its current version."""

    model_config = ConfigDict(frozen=True)

    id: str  # its address: /nyheter/{id}/
    title: str
    summary: str
    body: str  # Markdown, made safe where it is shown (common/markdown_text.py)
    area: str  # an area id, or "alle" for the whole network
    image: ArticleImage | None = None
    status: ArticleStatus = "draft"
    published_at: datetime | None = None  # first published: the date shown, and the order
    updated_at: datetime
    version: int = 0

    @property
    def url(self) -> str:
        return f"nyheter/{self.id}/"

    @property
    def on_site(self) -> bool:
        return self.status == "published"


class Revision(BaseModel):
    """One saved version of an article, as it was, who saved it and what they did."""

    model_config = ConfigDict(frozen=True)

    article: Article
    changed_by: str  # the leader's name
    action: str  # an audit action (common/audit.py)
