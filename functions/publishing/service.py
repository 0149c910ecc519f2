"""Publishing: the catalogue read from the table, the site built from it, and what changed published."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common.formatting import OSLO
from documents.models import DocumentVersion
from documents.service import current_versions
from governance.models import Governance
from news.models import Article
from publishing.build import SiteSource, build_site
from publishing.catalogue import (
    CatalogueRepository,
    catalogue,
    document_entries,
    governance_entry,
    news_entry,
    write_catalogue,
)
from publishing.targets import Target


@dataclass(frozen=True)
class SiteContent:
    """What leaders write for the site in the table: the published news, every document version, where their files'
    bytes are read (the file store), and the governance groups and contact details."""

    articles: Callable[[], Sequence[Article]]
    documents: Callable[[], Sequence[DocumentVersion]]
    file: Callable[[str], bytes]
    governance: Callable[[], Governance]


@dataclass(frozen=True)
class Published:
    courses: int
    written: int
    deleted: int
    seconds: float


def publish(
    repo: CatalogueRepository,
    every_area: Sequence[str],
    source: SiteSource,
    target: Target,
    site_url: str = "",
    units: Callable[[], Sequence[dict[str, Any]]] = list,
    host_units: Callable[[], Sequence[dict[str, Any]]] = list,
    content: SiteContent | None = None,
) -> Published:
    """The whole site built again from the table, and the files that differ published (only those). units and
    host_units: what the public forms offer (none: the build takes network.json's); content: the table's news,
    documents and governance, each picture and file put beside the pages (none: the build takes content/nyheter's and
    content/dokumenter's files, and network.json's groups and contacts)."""
    started = time.monotonic()
    data = catalogue(repo, every_area, units(), host_units())
    articles = list(content.articles()) if content else []
    shelves = current_versions(list(content.documents())) if content else {}
    files: dict[str, str] = {}  # the site's path: the store's key
    if content is not None:
        data["news"] = [news_entry(article) for article in articles]
        data["documents"] = document_entries(shelves)
        data["governance"] = governance_entry(content.governance(), datetime.now(OSLO).date())
        files = {article.image.url: article.image.key for article in articles if article.image is not None}
        for versions in shelves.values():
            files |= {v.file.path: v.file.key for v in versions if v.file is not None and v.file.key}
    if not data["units"]:
        data.pop("units")
    if not data["host_units"]:
        data.pop("host_units")
    with tempfile.TemporaryDirectory(prefix="lindra-publish-") as work:
        folder = Path(work)
        path = write_catalogue(data, folder / "catalogue.json")
        built = build_site(source, path, folder / "site", site_url)
        for site_path, key in files.items():
            written = built / site_path
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_bytes(content.file(key) if content else b"")
        changes = target.publish(built)
    return Published(len(data["courses"]), len(changes.written), len(changes.deleted), time.monotonic() - started)
