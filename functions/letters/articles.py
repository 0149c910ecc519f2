"""The site's news articles, as the newsletter sends them: read from the site's own Atom feed (nyheter/atom.xml, which
Pelican writes with each article's whole text), in the site bucket, or locally in the folder the server serves. The
feed is the site's own build, and its HTML is cleaned again (nh3) before it goes into an email."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import nh3

from common.markdown_text import ATTRIBUTES, TAGS, URL_SCHEMES
from letters.models import Article

FEED = "nyheter/atom.xml"
_ATOM = "{http://www.w3.org/2005/Atom}"


def _clean(html: str, site_url: str) -> str:
    # the feed's links are the site's own paths: in an email they need the site's address
    absolute = html.replace('href="/', f'href="{site_url}/').replace('src="/', f'src="{site_url}/')
    return nh3.clean(absolute, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener")


def read_feed(data: bytes, site_url: str = "") -> list[Article]:
    """The feed's articles, newest first."""
    root = ET.fromstring(data)  # noqa: S314 - see above
    found = []
    for entry in root.iter(f"{_ATOM}entry"):
        link = entry.find(f"{_ATOM}link")
        href = (link.get("href") if link is not None else "") or ""
        found.append(
            Article(
                url=href.lstrip("/"),
                title=(entry.findtext(f"{_ATOM}title") or "").strip(),
                date=(entry.findtext(f"{_ATOM}published") or "")[:10],
                summary=_clean(entry.findtext(f"{_ATOM}summary") or "", site_url),
                html=_clean(entry.findtext(f"{_ATOM}content") or "", site_url),
            )
        )
    return sorted(found, key=lambda article: article.date, reverse=True)


def feed_bytes(s3: Any, bucket: str, folder: str) -> bytes:
    """The feed as published: from the site bucket, or the local site's folder; empty if there is none yet."""
    if bucket:
        try:
            data: bytes = s3.get_object(Bucket=bucket, Key=FEED)["Body"].read()
        except s3.exceptions.NoSuchKey:
            return b""
        return data
    path = Path(folder) / FEED
    return path.read_bytes() if path.is_file() else b""
