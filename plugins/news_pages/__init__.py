"""Pelican plugin: the news articles, from the table through the publisher's catalogue file, or from the seed files.

The articles are edited by the leaders in the browser and kept in the table; the publisher (functions/publishing/)
writes the published ones to the catalogue file (CATALOGUE, env LINDRA_CATALOGUE) under "news":

    {"news": [{"id": "ny-strategi-vedtatt", "title": "...", "summary": "plain text", "body": "Markdown",
               "area": "alle" or an area id, "published_at": ISO with offset, "updated_at": ISO with offset,
               "image": null or {"url": "nyheter/bilder/x.jpg", "alt": "...", "width": 1200 or null,
                                 "height": 800 or null}}]}

With a "news" key the site's articles are exactly the catalogue's: content/nyheter/*.md are not read (ARTICLE_PATHS
is emptied on `initialized`), and the entries become real pelican.contents.Article objects on
`article_generator_pretaxonomy`, newest first, so that Pelican's own news list (index.html), the article pages, the
Atom feed and the search index have them. The body is Markdown made safe by common/markdown_text.py, as the courses'
descriptions are. Without a catalogue, or with one without "news" (`make site`, the site tier), content/nyheter/*.md
are used as before: the table's one-time seed, which may carry `Area:`, `Image:` (a path under content/images) and
`Image_alt:`.

Every article gets `area` (an area id or "alle") and `news_image` (a NewsImage or None) for the templates; a bad entry
(an unknown area, an id used twice, no title, an image without alt text) stops the build with a NewsError naming it.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import escape
from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from common.markdown_text import safe_html

ALL = "alle"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class NewsError(Exception):
    """A news article the site cannot show as it is; the build stops and says which."""


@dataclass(frozen=True)
class NewsImage:
    """An article's picture: its address relative to SITEURL, its alt text, and its size when known."""

    url: str
    alt: str
    width: int | None = None
    height: int | None = None


def catalogue_news(settings: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The catalogue's news entries, or None when this build has no catalogue or its catalogue has no "news"."""
    path = settings.get("CATALOGUE")
    if not path:
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "news" not in data:
        return None
    news = data["news"]
    if not isinstance(news, list):
        raise NewsError('the catalogue\'s "news" is not a list')
    return news


def _text(entry: dict[str, Any], key: str, name: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise NewsError(f"news {name}: {key!r} is missing or not a text")
    return value.strip()


def _moment(entry: dict[str, Any], key: str, name: str, timezone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(str(entry[key]))
    except (KeyError, ValueError) as exc:
        raise NewsError(f"news {name}: {key!r} is not an ISO date and time ({entry.get(key)!r})") from exc
    if moment.tzinfo is None:
        raise NewsError(f"news {name}: {key!r} has no UTC offset ({entry[key]!r})")
    return moment.astimezone(timezone)


def _size(value: Any, name: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise NewsError(f"news {name}: image {key} is not a positive whole number ({value!r})")
    return value


def catalogue_image(value: Any, name: str) -> NewsImage | None:
    """A catalogue entry's image: null, or a url under the site with its alt text (and its size, when known)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise NewsError(f"news {name}: image is neither null nor an object")
    url = str(value.get("url") or "").strip()
    if not url or url.startswith("/") or "://" in url or ".." in url.split("/") or not re.fullmatch(r"[\w./-]+", url):
        raise NewsError(f"news {name}: image url {url!r} is not a path relative to the site")
    alt = str(value.get("alt") or "").strip()
    if not alt:
        raise NewsError(f"news {name}: the image has no alt text")
    return NewsImage(url, alt, _size(value.get("width"), name, "width"), _size(value.get("height"), name, "height"))


def check_area(area: str, areas: set[str], name: str) -> str:
    if area not in areas:
        raise NewsError(f"news {name}: area {area!r} is not in the network's config ({sorted(areas)})")
    return area


def catalogue_articles(
    entries: list[dict[str, Any]], settings: dict[str, Any], context: dict[str, Any]
) -> list[Article]:
    """The catalogue's entries as Pelican articles, newest first."""
    areas = {area["id"] for area in settings["NETWORK"]["areas"]} | {ALL}
    timezone = ZoneInfo(settings.get("TIMEZONE", "Europe/Oslo"))
    category = Category("nyheter", settings)
    articles: list[Article] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise NewsError(f"news entry {number} is not an object")
        slug = str(entry.get("id") or "")
        if not SLUG.fullmatch(slug):
            raise NewsError(f"news entry {number}: id {slug!r} is not a slug (lowercase a-z, 0-9 and hyphens)")
        if slug in seen:
            raise NewsError(f"news {slug}: id used twice")
        seen.add(slug)
        title = _text(entry, "title", slug)
        summary = _text(entry, "summary", slug, required=False)
        body = _text(entry, "body", slug, required=False)
        area = check_area(str(entry.get("area") or ALL), areas, slug)
        metadata: dict[str, Any] = {
            "title": title,
            "slug": slug,
            "date": _moment(entry, "published_at", slug, timezone),
            "category": category,
            "area": area,
            "news_image": catalogue_image(entry.get("image"), slug),
        }
        if entry.get("updated_at"):
            metadata["modified"] = _moment(entry, "updated_at", slug, timezone)
        if summary:
            metadata["summary"] = escape(summary)  # plain text as Markup: the feed's summary is HTML
        article = Article(
            str(safe_html(body)),
            metadata=metadata,
            settings=settings,
            source_path=f"catalogue:news/{slug}",
            context=context,
        )
        articles.append(article)
    articles.sort(key=lambda article: (article.date, article.slug), reverse=True)
    return articles


def image_size(path: Path) -> tuple[int, int] | None:
    """A PNG's, GIF's or JPEG's width and height from its header, or None for another kind of file."""
    data = path.read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:2] == b"\xff\xd8":
        at = 2
        while at + 9 < len(data):
            if data[at] != 0xFF:
                return None
            marker = data[at + 1]
            length = struct.unpack(">H", data[at + 2 : at + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[at + 5 : at + 9])
                return width, height
            at += 2 + length
    return None


def file_image(article: Article, content: Path) -> NewsImage | None:
    """A seed file's `Image:` (a path under content/images, copied there by STATIC_PATHS) and `Image_alt:`."""
    given = str(getattr(article, "image", "") or "").strip()
    name = article.slug
    if not given:
        return None
    relative = given.removeprefix("/").removeprefix("images/")
    path = content / "images" / relative
    if ".." in Path(relative).parts or not path.is_file():
        raise NewsError(f"news {name}: image {given!r} is not a file under content/images")
    alt = str(getattr(article, "image_alt", "") or "").strip()
    if not alt:
        raise NewsError(f"news {name}: the image has no alt text (Image_alt:)")
    size = image_size(path)
    return NewsImage(f"images/{relative}", alt, *(size or (None, None)))


def initialized(pelican: Any) -> None:
    """With the catalogue's news, the seed files are not read."""
    if catalogue_news(pelican.settings) is not None:
        pelican.settings["ARTICLE_PATHS"] = []


def pretaxonomy(generator: Any) -> None:
    """The catalogue's articles in place of the files', or the files' with their area and image."""
    settings = generator.settings
    entries = catalogue_news(settings)
    if entries is not None:
        generator.articles = catalogue_articles(entries, settings, generator.context)
        generator.translations = []
        return
    areas = {area["id"] for area in settings["NETWORK"]["areas"]} | {ALL}
    content = Path(settings["PATH"])
    for article in [*generator.articles, *generator.translations]:
        article.area = check_area(str(getattr(article, "area", "") or ALL).strip(), areas, article.slug)
        article.news_image = file_image(article, content)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.article_generator_pretaxonomy.connect(pretaxonomy)
