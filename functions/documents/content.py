"""The documents of content/dokumenter/*.md (the pages with `Template: document`): the seed of the table, imported
once (`make run` into an empty local table, `make deploy` into the stack's; documents/repository.py import_document
never puts a version where its kind's address is taken). Each file is Pelican's Markdown: `Key: value` lines
(Title, Doctype: the kind, Date: when it was approved, Summary, and File: a file of the site's own content), a blank
line, then the text. The period is the year or years in the title ("Strategi 2026–2029")."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError

from common.ids import fixed_ulid
from documents.models import DocumentFile, DocumentVersion, period_slug

mimetypes.add_type("text/csv", ".csv")


class DocumentFileError(Exception):
    """A document file the model refuses; says which file and what."""


def read_document_file(path: Path, content_root: Path) -> DocumentVersion | None:
    """A content file into a version, or None for a page that is not a document (the list page)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip():
            meta[name.strip().lower()] = value.strip()
    if meta.get("template") != "document":
        return None
    try:
        kind = meta["doctype"]
        approved = date.fromisoformat(meta["date"][:10])
        found = re.search(r"\d{4}(?:\s*[–-]\s*\d{4})?", meta.get("title", ""))
        period = found.group(0) if found else ""
        url = meta.get("url", "")
        file = None
        if meta.get("file"):
            on_disk = content_root / meta["file"]
            kind_of, _ = mimetypes.guess_type(on_disk.name)
            name = on_disk.name
            file = DocumentFile(path=meta["file"], name=name, content_type=kind_of or "", size=on_disk.stat().st_size)
        moment = datetime(approved.year, approved.month, approved.day, tzinfo=UTC)
        return DocumentVersion(
            id=fixed_ulid(moment, f"{kind}/{path.stem}"),
            kind=kind,
            slug=period_slug(period) if period else "gjeldende",
            title=meta.get("title", ""),
            period=period,
            approved_on=approved,
            summary=Markup(meta.get("summary", "")).striptags(),  # noqa: S704 - the author's own text, tags removed
            text=body.strip() + "\n",
            file=file,
            aliases=(url,) if url and url != f"dokumenter/{kind}/" else (),
            updated_at=moment,
            version=1,
        )
    except (KeyError, ValueError, OSError, ValidationError) as exc:
        raise DocumentFileError(f"{path}: {exc}") from exc


def document_files(folder: Path) -> Iterator[DocumentVersion]:
    for path in sorted(folder.glob("*.md")):
        found = read_document_file(path, folder.parent)
        if found is not None:
            yield found
