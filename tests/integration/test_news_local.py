"""News on the real local stack: an article the network leader publishes with a picture (through the news editor, as
the leaders' API saves it, on DynamoDB Local and the local file store) is on the front page, the news list, its own
page with its picture, the Atom feed and the search index within seconds of the save, through the table's stream; taken
down, it is gone at the next build; the seed puts content/nyheter in once and never over an article changed here."""

from __future__ import annotations

import struct
import time
import urllib.request
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from common.access import Leader
from common.files import file_store
from local import environment
from news.live import news_repository, newsroom
from tests.support.stack import TABLE, Publisher, Site

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 640, 480, 8, 2, 0, 0, 0)
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.headers.get("Content-Type")), bytes(answer.read())


def page(url: str) -> str:
    return fetch(url)[1].decode()


def network_leader() -> Leader:
    claims = {"sub": "sub-nl", "jti": "j", "exp": 2_000_000_000, "email": "nettverksleder@example.no"}
    return Leader.from_claims(claims | {"name": "Marte Lindqvist", "cognito:groups": ["nettverksleder"]})


def test_a_published_article_with_a_picture_is_on_every_news_page_within_seconds_and_gone_when_taken_down(
    site: Site, publisher: Publisher
) -> None:
    room, leader = newsroom(), network_leader()
    upload, _ = room.start_image(leader, "hagefest.png", len(PNG))
    path = file_store().path(upload.key)  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)  # what the browser posts to the local stand-in for S3
    title = f"Hagefest for ressurssykepleierne {time.time_ns()}"
    fields = {"title": title, "summary": "Vi møtes i hagen.", "body": "Det blir **grilling** og palliasjonsquiz."}
    article = room.create(
        leader, fields | {"area": "alle", "image": upload.id, "image_alt": "Bord dekket i en hage", "publish": True}
    )
    assert article.image is not None
    pages = ("/", "/nyheter/", f"/nyheter/{article.id}/")  # the build writes one file after the other
    seconds = publisher.until(lambda: all(title in page(f"{site.url}{path}") for path in pages))
    assert seconds < 30, f"on the front page, the list and its page {seconds:.1f} s after the save"
    own = page(f"{site.url}/nyheter/{article.id}/")
    assert "<strong>grilling</strong>" in own and 'alt="Bord dekket i en hage"' in own
    assert 'width="640"' in own and 'height="480"' in own
    kind, data = fetch(f"{site.url}/{article.image.url}")
    assert kind == "image/png" and data == PNG
    feed = ET.fromstring(fetch(f"{site.url}/nyheter/atom.xml")[1])
    assert title in [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert "data-pagefind-body" in own, "in the search index"

    room.withdraw(leader, article.id, article.version)
    publisher.until(lambda: not any(title in page(f"{site.url}{path}") for path in ("/", "/nyheter/")))


def test_the_seed_puts_the_news_in_once_and_never_over_one_changed_here(site: Site, client: Any) -> None:
    repository = news_repository()
    seeded = repository.article("ny-strategi-vedtatt")
    assert seeded is not None and seeded.on_site
    leader = network_leader()
    changed = newsroom().change(
        leader,
        seeded.id,
        {"title": "Strategien 2026–2029", "summary": seeded.summary, "body": seeded.body, "area": seeded.area},
        seeded.version,
    )
    assert environment.seed_news(client, TABLE, site.content / "nyheter") == 0
    kept = repository.article(seeded.id)
    assert kept is not None and kept.title == "Strategien 2026–2029" and kept.version == changed.version
    assert [r.article.version for r in repository.revisions(seeded.id)][:2] == [changed.version, seeded.version]
    restored = newsroom().restore(leader, seeded.id, changed.version)
    assert restored.title == seeded.title and restored.updated_at > datetime(2026, 1, 1, tzinfo=UTC)
