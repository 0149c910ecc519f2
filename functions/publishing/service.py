"""Publishing: the catalogue read from the table, the site built from it, and what changed published."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from news.models import Article
from publishing.build import SiteSource, build_site
from publishing.catalogue import CatalogueRepository, catalogue, news_entry, write_catalogue
from publishing.targets import Target


@dataclass(frozen=True)
class SiteNews:
    """The published news and where their pictures' bytes are read (the file store)."""

    articles: Callable[[], Sequence[Article]]
    file: Callable[[str], bytes]


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
    news: SiteNews | None = None,
) -> Published:
    """The whole site built again from the table, and the files that differ published (only those). units and
    host_units: what the public forms offer (none: the build takes network.json's); news: the table's news, each
    picture put beside the pages (none: the build takes content/nyheter's files)."""
    started = time.monotonic()
    data = catalogue(repo, every_area, units(), host_units())
    articles = list(news.articles()) if news else []
    if news is not None:
        data["news"] = [news_entry(article) for article in articles]
    if not data["units"]:
        data.pop("units")
    if not data["host_units"]:
        data.pop("host_units")
    with tempfile.TemporaryDirectory(prefix="lindra-publish-") as work:
        folder = Path(work)
        path = write_catalogue(data, folder / "catalogue.json")
        built = build_site(source, path, folder / "site", site_url)
        if news is not None:
            for article in articles:
                if article.image is not None:
                    picture = built / article.image.url
                    picture.parent.mkdir(parents=True, exist_ok=True)
                    picture.write_bytes(news.file(article.image.key))
        changes = target.publish(built)
    return Published(len(data["courses"]), len(changes.written), len(changes.deleted), time.monotonic() - started)
