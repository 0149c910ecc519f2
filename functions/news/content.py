"""The news of content/nyheter/*.md: the seed of the table, imported once (`make run` into an empty local table,
`make deploy` into the stack's; news/repository.py import_article never overwrites an article that is there). Each
file is Pelican's Markdown: `Key: value` lines (Title, Date in Oslo time, Slug, Summary, and Area if it concerns one
area), a blank line, then the text. A seed has no picture: pictures are added in the leaders' area."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError

from common.access import NETWORK_WIDE
from common.formatting import OSLO
from news.models import Article


class ArticleFileError(Exception):
    """A news file the model refuses; says which file and what."""


def read_article_file(path: Path) -> Article:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip():
            meta[name.strip().lower()] = value.strip()
    try:
        published = datetime.fromisoformat(meta.get("date", "")).replace(tzinfo=OSLO)
        return Article(
            id=meta.get("slug") or path.stem,
            title=meta.get("title", ""),
            summary=Markup(meta.get("summary", "")).striptags(),  # noqa: S704 - the author's own text, tags removed
            body=body.strip() + "\n",
            area=meta.get("area") or NETWORK_WIDE,
            status="published" if meta.get("status", "published") == "published" else "draft",
            published_at=published,
            updated_at=published,
            version=1,
        )
    except (ValueError, ValidationError) as exc:
        raise ArticleFileError(f"{path}: {exc}") from exc


def article_files(folder: Path) -> Iterator[Article]:
    for path in sorted(folder.glob("*.md")):
        yield read_article_file(path)
