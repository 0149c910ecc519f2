"""The news on the site (plugins/news_pages): from the publisher's catalogue file ("news", the table's published
articles) when it has them, else from content/nyheter/*.md, the table's seed. The article pages, the news list, the
front page's three newest, the Atom feed and the search index all have them."""

from __future__ import annotations

import html
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest
from news_pages import image_size

from tests.site.test_html import broken_links, nu_errors
from tests.support.stack import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
BUILD_TIME = "2026-11-23T12:00:00+00:00"
SEED = sorted(path.stem for path in (ROOT / "content" / "nyheter").glob("*.md"))

NEWS: list[dict[str, Any]] = [
    {
        "id": "ny-strategi-for-folge",
        "title": "Follo får eget nettverksmøte for ledere",
        "summary": "Lederne i Follo møtes fire ganger i året fra 2027 & alle er velkomne.",
        "body": "Første møte er i **februar**.\n\n## Program\n\n- Velkommen\n- Erfaringer",
        "area": "folloregionen",
        "published_at": "2026-11-20T10:00:00+01:00",
        "updated_at": "2026-11-21T08:00:00+00:00",
        "image": None,
    },
    {
        "id": "ny-fagdag-med-bilde",
        "title": "Bilder fra fagdagen",
        "summary": "Se bilder fra årets fagdag på Ahus.",
        "body": 'Takk til alle! <script>alert("x")</script>\n\n<a href="#" onclick="steal()">Klikk</a>'
        "\n\n<img src=x onerror=alert(1)>",
        "area": "alle",
        "published_at": "2026-10-16T09:30:00+02:00",
        "updated_at": "2026-10-16T09:30:00+02:00",
        "image": {
            "url": "nyheter/bilder/01JABCDEF.jpg",
            "alt": "Fullt auditorium på fagdagen",
            "width": 1200,
            "height": 800,
        },
    },
    {
        "id": "nettverket-onsker-god-jul",
        "title": "Nettverket ønsker god jul",
        "summary": "Takk for året som har gått.",
        "body": "God jul og godt nytt år fra oss alle.",
        "area": "alle",
        "published_at": "2026-11-22T23:30:00+00:00",  # 23 November in Oslo: the newest
        "updated_at": "2026-11-22T23:30:00+00:00",
        "image": {
            "url": "nyheter/bilder/01JJULEKORT.png",
            "alt": "Et julekort med en tent lykt",
            "width": None,
            "height": None,
        },
    },
]
NEWEST_FIRST = ["nettverket-onsker-god-jul", "ny-strategi-for-folge", "ny-fagdag-med-bilde"]


def pelican(catalogue: dict[str, Any], folder: Path, search: bool = False) -> subprocess.CompletedProcess[str]:
    """Build the site with the catalogue file in a process of its own, as the publisher does."""
    path = folder / "katalog.json"
    path.write_text(json.dumps(catalogue), encoding="utf-8")
    output = folder / "output"
    env = os.environ | {"LINDRA_CATALOGUE": str(path), "LINDRA_BUILD_TIME": BUILD_TIME, "COLUMNS": "400"}
    command = [str(Path(sys.executable).parent / "pelican"), "content", "--settings", "pelicanconf.py"]
    command += ["--output", str(output), "--quiet"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if search and result.returncode == 0:
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"], check=True, timeout=120)
    return result


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    result = pelican({"courses": [], "news": NEWS}, folder, search=True)
    assert result.returncode == 0, result.stderr
    return folder / "output"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_with_the_catalogue_s_news_every_article_has_its_page(news_site: Path) -> None:
    folder = news_site / "nyheter"
    assert sorted(path.name for path in folder.iterdir() if path.is_dir()) == sorted(NEWEST_FIRST)
    follo = main(read(news_site, "nyheter/ny-strategi-for-folge/index.html"))
    assert "<h1>Follo får eget nettverksmøte for ledere</h1>" in follo
    assert "<strong>februar</strong>" in follo and "<h2>Program</h2>" in follo
    assert "Gjelder: Folloregionen" in follo
    assert '<time datetime="2026-11-20">20. november 2026</time>' in follo
    assert "<img" not in follo
    christmas = main(read(news_site, "nyheter/nettverket-onsker-god-jul/index.html"))
    assert '<time datetime="2026-11-23">23. november 2026</time>' in christmas, "the date in Oslo"
    assert "Gjelder" not in christmas, "nothing said for the whole network"
    assert 'src="/nyheter/bilder/01JJULEKORT.png" alt="Et julekort med en tent lykt"' in christmas
    assert "news-image--unknown-size" in christmas and "width=" not in christmas


def test_an_article_s_image_has_its_size_and_alt_text(news_site: Path) -> None:
    page = main(read(news_site, "nyheter/ny-fagdag-med-bilde/index.html"))
    assert (
        '<img class="news-image" src="/nyheter/bilder/01JABCDEF.jpg" alt="Fullt auditorium på fagdagen"'
        ' width="1200" height="800"' in page
    )


def test_unsafe_markdown_is_made_safe(news_site: Path) -> None:
    page = main(read(news_site, "nyheter/ny-fagdag-med-bilde/index.html"))
    assert "Takk til alle!" in page and "Klikk" in page
    assert "<script" not in page and "onclick" not in page and "onerror" not in page and "steal()" not in page
    assert page.count("<img") == 1, "only the article's own picture"
    feed = read(news_site, "nyheter/atom.xml")
    assert "<script" not in feed and "onclick" not in feed and "onerror" not in feed


def test_the_news_list_has_the_catalogue_s_articles_newest_first(news_site: Path) -> None:
    page = main(read(news_site, "nyheter/index.html"))
    positions = [page.index(f'href="/nyheter/{slug}/"') for slug in NEWEST_FIRST]
    assert positions == sorted(positions)
    assert page.count('<li class="news-card') == 3
    assert "Gjelder: Folloregionen" in page
    assert 'src="/nyheter/bilder/01JABCDEF.jpg"' in page and 'alt="Fullt auditorium på fagdagen"' in page
    assert "alle er velkomne." in page and "&amp; alle" in page, "the plain-text summary, escaped once"


def test_the_seed_files_are_not_used_with_the_catalogue_s_news(news_site: Path) -> None:
    for slug in SEED:
        assert not (news_site / "nyheter" / slug).exists()
        assert slug not in read(news_site, "nyheter/index.html")
        assert slug not in read(news_site, "nyheter/atom.xml")


def test_the_front_page_shows_the_three_newest(news_site: Path, tmp_path: Path) -> None:
    page = main(read(news_site, "index.html"))
    section = page[page.index('<section class="front-news"') :]
    assert '<h2 id="siste-nyheter">Nyheter</h2>' in section
    positions = [section.index(f'<h3 class="news-card__title"><a href="/nyheter/{slug}/">') for slug in NEWEST_FIRST]
    assert positions == sorted(positions)
    assert "Takk for året som har gått." in section and "20. november 2026" in section
    assert 'href="/nyheter/">Se alle nyheter</a>' in section
    assert page.index('id="kommende-kurs"') < page.index('id="siste-nyheter"')


def test_the_atom_feed_has_the_catalogue_s_articles(news_site: Path) -> None:
    feed = ET.fromstring(read(news_site, "nyheter/atom.xml"))
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        next(one["title"] for one in NEWS if one["id"] == slug) for slug in NEWEST_FIRST
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]  # type: ignore[union-attr]
    assert [link.rsplit("/", 2)[-2] for link in links] == NEWEST_FIRST
    assert links == [f"/nyheter/{slug}/" for slug in NEWEST_FIRST], "SITEURL before them (publishconf.py)"
    follo = entries[1]
    assert html.unescape(follo.findtext(f"{ATOM}summary") or "") == NEWS[0]["summary"], "type=html, escaped"
    assert "<strong>februar</strong>" in (follo.findtext(f"{ATOM}content") or "")
    assert follo.findtext(f"{ATOM}published", "").startswith("2026-11-20T10:00:00+01:00")
    assert follo.findtext(f"{ATOM}updated", "").startswith("2026-11-21T09:00:00+01:00")


def test_the_catalogue_s_articles_are_searchable(news_site: Path) -> None:
    for slug in NEWEST_FIRST:
        assert "data-pagefind-body" in read(news_site, f"nyheter/{slug}/index.html")
    entry = json.loads(read(news_site, "pagefind/pagefind-entry.json"))
    pages = sum(index["page_count"] for index in entry["languages"].values())
    assert pages >= 3 + 10


def test_the_news_pages_are_valid_html_with_no_broken_internal_link(news_site: Path) -> None:
    pages = [news_site / "index.html", news_site / "nyheter" / "index.html"]
    pages += [news_site / "nyheter" / slug / "index.html" for slug in NEWEST_FIRST]
    assert nu_errors(pages) == []
    images = {"nyheter/bilder/01JABCDEF.jpg", "nyheter/bilder/01JJULEKORT.png"}  # the publisher's, after the build
    assert [link for link in broken_links(news_site) if link.split("-> /")[-1] not in images] == []


def test_a_catalogue_without_news_uses_the_files(tmp_path: Path) -> None:
    result = pelican({"courses": []}, tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "output"
    assert sorted(path.name for path in (site / "nyheter").iterdir() if path.is_dir()) == SEED
    front = main(read(site, "index.html"))
    assert front.count('<h3 class="news-card__title">') == 3


def test_without_a_catalogue_the_files_are_the_news(site: Path) -> None:
    assert sorted(path.name for path in (site / "nyheter").iterdir() if path.is_dir()) == SEED
    feed = ET.fromstring(read(site, "nyheter/atom.xml"))
    assert len(feed.findall(f"{ATOM}entry")) == len(SEED)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"area": "bergen"}, "news ny-strategi-for-folge: area 'bergen' is not in the network's config"),
        ({"title": ""}, "news ny-strategi-for-folge: 'title' is missing"),
        ({"id": "ny-fagdag-med-bilde"}, "news ny-fagdag-med-bilde: id used twice"),
        ({"image": {"url": "x.jpg", "alt": ""}}, "news ny-strategi-for-folge: the image has no alt text"),
    ],
)
def test_a_bad_entry_stops_the_build_and_names_it(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    result = pelican({"news": [NEWS[0] | change, NEWS[1]]}, tmp_path)
    assert result.returncode != 0
    assert "NewsError" in result.stderr + result.stdout and message in result.stderr + result.stdout


def png(width: int, height: int) -> bytes:
    """A PNG's signature and IHDR chunk: all that image_size reads."""
    header = struct.pack(">II", width, height) + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


def test_image_size_reads_png_gif_and_jpeg_headers(tmp_path: Path) -> None:
    jpeg = (
        b"\xff\xd8"
        + b"\xff\xe0\x00\x10"
        + b"JFIF\x00"
        + bytes(9)
        + b"\xff\xc0\x00\x11\x08"
        + struct.pack(">HH", 427, 640)
    )
    for name, data, size in [
        ("a.png", png(1200, 800), (1200, 800)),
        ("b.gif", b"GIF89a" + struct.pack("<HH", 30, 20), (30, 20)),
        ("c.jpg", jpeg + bytes(12), (640, 427)),
        ("d.webp", b"RIFF....WEBPVP8 ", None),
    ]:
        (tmp_path / name).write_bytes(data)
        assert image_size(tmp_path / name) == size


def seed_copy(folder: Path, metadata: str) -> Path:
    """content/ with a picture under images/ and metadata added to the strategy's article."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "images" / "nyheter").mkdir(parents=True)
    (content / "images" / "nyheter" / "strategi.png").write_bytes(png(900, 600))
    article = content / "nyheter" / "ny-strategi-vedtatt.md"
    article.write_text(metadata + article.read_text(encoding="utf-8"), encoding="utf-8")
    return content


def build_files(content: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"LINDRA_CONTENT": str(content), "LINDRA_BUILD_TIME": BUILD_TIME, "COLUMNS": "400"}
    env.pop("LINDRA_CATALOGUE", None)
    command = [str(Path(sys.executable).parent / "pelican"), str(content), "--settings", "pelicanconf.py"]
    command += ["--output", str(content.parent / "output"), "--quiet"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_seed_file_s_image_and_area_are_shown(tmp_path: Path) -> None:
    content = seed_copy(tmp_path, "Image: nyheter/strategi.png\nImage_alt: Strategidokumentet på et bord\nArea: oslo\n")
    result = build_files(content)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "output"
    page = main(read(site, "nyheter/ny-strategi-vedtatt/index.html"))
    assert (
        '<img class="news-image" src="/images/nyheter/strategi.png" alt="Strategidokumentet på et bord"'
        ' width="900" height="600"' in page
    )
    assert "Gjelder: Bydelene i Oslo" in page
    assert (site / "images" / "nyheter" / "strategi.png").is_file()
    listing = main(read(site, "nyheter/index.html"))
    assert 'src="/images/nyheter/strategi.png"' in listing and "Gjelder: Bydelene i Oslo" in listing
    assert nu_errors([site / "nyheter" / "ny-strategi-vedtatt" / "index.html", site / "nyheter" / "index.html"]) == []


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ("Area: bergen\n", "news ny-strategi-vedtatt: area 'bergen' is not in the network's config"),
        ("Image: nyheter/strategi.png\n", "news ny-strategi-vedtatt: the image has no alt text"),
        ("Image: finnes-ikke.png\nImage_alt: x\n", "news ny-strategi-vedtatt: image 'finnes-ikke.png' is not a file"),
    ],
)
def test_a_bad_seed_file_stops_the_build_and_names_it(tmp_path: Path, metadata: str, message: str) -> None:
    result = build_files(seed_copy(tmp_path, metadata))
    assert result.returncode != 0 and message in result.stdout + result.stderr
