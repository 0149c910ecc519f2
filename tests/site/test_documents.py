"""The network's documents on the site (plugins/document_pages): from the publisher's catalogue file ("documents",
the table's published versions) when it has them, else from content/dokumenter/*.md. A kind's page has the current
version and the earlier ones, every version has its own page (and its old addresses), the list shows the current
versions, and search has the kinds' pages."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.site.test_html import broken_links, nu_errors
from tests.site.test_news import BUILD_TIME, main, pelican, read
from tests.support.stack import ROOT

PDF = "dokumenter/filer/handlingsplan-2027-3f2a.pdf"
WORD = "dokumenter/filer/handlingsplan-2024-2026-91bc.docx"
FILES = {PDF, WORD}  # the publisher puts them into the output after the build

DOCUMENTS: list[dict[str, Any]] = [
    {
        "kind": "strategi",
        "label": "Strategi",
        "url": "dokumenter/strategi/",
        "versions": [
            {
                "id": "01JSTRATEGI2026",
                "url": "dokumenter/strategi/2026-2029/",
                "aliases": [],
                "title": "Strategi 2026–2029",
                "period": "2026–2029",
                "approved_on": "2026-02-15",
                "approved_by": "",
                "summary": "Hva nettverket vil oppnå de neste fire årene & hvordan.",
                "text": "## Visjon\n\nGod lindring for **alle**. <script>alert('x')</script>\n\n"
                '<a href="#" onclick="steal()">Les mer</a>\n\n<img src=x onerror=alert(1)>\n\n'
                '<p style="color:red">Farget</p>\n\n# Hovedmål\n\n1. Flere ressurssykepleiere',
                "file": None,
                "updated_at": "2026-02-15T10:00:00+01:00",
            }
        ],
    },
    {
        "kind": "handlingsplan",
        "label": "Handlingsplan",
        "url": "dokumenter/handlingsplan/",
        "versions": [
            {
                "id": "01JHANDLING2027",
                "url": "dokumenter/handlingsplan/2027/",
                "aliases": [],
                "title": "Handlingsplan 2027",
                "period": "2027",
                "approved_on": "2026-11-10",
                "approved_by": "Arbeidsgruppen",
                "summary": "Hva nettverket skal gjøre i 2027, kvartal for kvartal.",
                "text": "## Mål for 2027\n\n- Alle nye ressurssykepleiere tar grunnkurset.",
                "file": {
                    "url": PDF,
                    "name": "Handlingsplan 2027.pdf",
                    "content_type": "application/pdf",
                    "size": 123456,
                },
                "updated_at": "2026-11-10T08:00:00+00:00",
            },
            {
                "id": "01JHANDLING2024",
                "url": "dokumenter/handlingsplan/2024-2026/",
                "aliases": [],
                "title": "Handlingsplan 2024–2026",
                "period": "2024–2026",
                "approved_on": "2024-01-15",
                "approved_by": "Arbeidsgruppen",
                "summary": "Planen for 2024 til 2026.",
                "text": "",
                "file": {
                    "url": WORD,
                    "name": "Handlingsplan 2024–2026.docx",
                    "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "size": 2_600_000,
                },
                "updated_at": "2024-01-15T08:00:00+00:00",
            },
        ],
    },
    {
        "kind": "arsrapport",
        "label": "Årsrapport",
        "url": "dokumenter/arsrapport/",
        "versions": [
            {
                "id": "01JARSRAPPORT2025",
                "url": "dokumenter/arsrapport/2025/",
                "aliases": ["dokumenter/arsrapport-2025/"],  # the file's address before the table
                "title": "Årsrapport 2025",
                "period": "2025",
                "approved_on": "2026-02-27",
                "approved_by": "Arbeidsgruppen",
                "summary": "Hva nettverket gjorde i 2025.",
                "text": "## Året i korte trekk\n\n2025 var et godt år for nettverket.",
                "file": None,
                "updated_at": "2026-02-27T12:00:00+01:00",
            }
        ],
    },
]
KIND_PAGES = [kind["url"] for kind in DOCUMENTS]
VERSION_PAGES = [version["url"] for kind in DOCUMENTS for version in kind["versions"]]
ALIASES = ["dokumenter/arsrapport-2025/"]


def seed_files() -> dict[str, tuple[str, str]]:
    """content/dokumenter's document files: {url: (title, the first heading of its text)}."""
    found = {}
    for path in sorted((ROOT / "content" / "dokumenter").glob("*.md")):
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        if meta.get("Template") == "document":
            heading = next(line for line in body.splitlines() if line.startswith("## "))
            found[meta["Url"]] = (meta["Title"], heading.removeprefix("## "))
    return found


SEED = seed_files()
OURS = {*KIND_PAGES, *VERSION_PAGES, *ALIASES}


@pytest.fixture(scope="module")
def documents_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    result = pelican({"courses": [], "documents": DOCUMENTS}, folder, search=True)
    assert result.returncode == 0, result.stderr
    return folder / "output"


def page(site: Path, url: str) -> str:
    return read(site, f"{url}index.html")


def test_a_kind_s_page_has_its_current_version_in_full(documents_site: Path) -> None:
    plan = main(page(documents_site, "dokumenter/handlingsplan/"))
    assert "<h1>Handlingsplan 2027</h1>" in plan
    assert "<dt>Periode</dt><dd>2027</dd>" in plan
    assert '<dt>Vedtatt</dt><dd><time datetime="2026-11-10">10. november 2026</time></dd>' in plan
    assert "<dt>Vedtatt av</dt><dd>Arbeidsgruppen</dd>" in plan
    assert f'<a href="/{PDF}" download="Handlingsplan 2027.pdf">Handlingsplan 2027.pdf</a> (PDF, 121 kB)' in plan
    assert "<h2>Mål for 2027</h2>" in plan and "Alle nye ressurssykepleiere tar grunnkurset." in plan
    assert "tidligere versjon" not in plan.lower().replace("tidligere versjoner", "")
    strategy = main(page(documents_site, "dokumenter/strategi/"))
    assert "<h1>Strategi 2026–2029</h1>" in strategy and "<h2>Visjon</h2>" in strategy
    assert "download" not in strategy and "Vedtatt av" not in strategy, "no file, nobody named: nothing said"
    assert "Tidligere versjoner" not in strategy, "one version: no list of earlier ones"


def test_a_kind_s_page_lists_the_earlier_versions(documents_site: Path) -> None:
    plan = main(page(documents_site, "dokumenter/handlingsplan/"))
    earlier = plan[plan.index('<section aria-labelledby="tidligere-versjoner">') :]
    assert '<h2 id="tidligere-versjoner">Tidligere versjoner</h2>' in earlier
    assert (
        '<h3 class="course-card__title"><a href="/dokumenter/handlingsplan/2024-2026/">Handlingsplan 2024–2026</a></h3>'
        in earlier
    )
    assert '2024–2026, vedtatt <time datetime="2024-01-15">15. januar 2024</time>' in earlier
    assert (
        f'<a href="/{WORD}" download="Handlingsplan 2024–2026.docx">Handlingsplan 2024–2026.docx</a> (Word, 2,5 MB)'
        in earlier
    )
    assert "Handlingsplan 2027" not in earlier, "the current version is not an earlier one"


def test_every_version_has_its_own_page(documents_site: Path) -> None:
    current = page(documents_site, "dokumenter/handlingsplan/2027/")
    assert "<h1>Handlingsplan 2027</h1>" in current and "Dette er gjeldende versjon." in current
    assert '<link rel="canonical" href="/dokumenter/handlingsplan/">' in current
    assert "Tidligere versjoner" not in current
    old = page(documents_site, "dokumenter/handlingsplan/2024-2026/")
    assert "<title>Handlingsplan 2024–2026 (tidligere versjon) – " in old
    notice = main(old)[main(old).index('<div class="notice notice--warning">') :]
    assert "<strong>Dette er en tidligere versjon.</strong>" in notice
    assert 'Gjeldende versjon: <a href="/dokumenter/handlingsplan/">Handlingsplan 2027</a>' in notice
    assert '<link rel="canonical" href="/dokumenter/handlingsplan/2024-2026/">' in old
    assert f'<a href="/{WORD}" download="Handlingsplan 2024–2026.docx">' in old
    assert "<p>Planen for 2024 til 2026.</p>" in main(old), "no text: the summary"


def test_a_version_s_page_is_also_at_its_aliases(documents_site: Path) -> None:
    own = page(documents_site, "dokumenter/arsrapport/2025/")
    alias = page(documents_site, "dokumenter/arsrapport-2025/")
    assert alias == own
    assert "<h1>Årsrapport 2025</h1>" in alias and "2025 var et godt år for nettverket." in alias
    assert '<link rel="canonical" href="/dokumenter/arsrapport/">' in alias


def test_only_the_kinds_pages_are_in_the_search_index(documents_site: Path) -> None:
    for url in KIND_PAGES:
        assert '<main id="hovedinnhold" tabindex="-1" data-pagefind-body>' in page(documents_site, url)
    for url in VERSION_PAGES + ALIASES:
        assert "data-pagefind-body" not in page(documents_site, url), url
    fragments = list((documents_site / "pagefind").glob("fragment/*.pf_fragment"))
    assert fragments, "pagefind indexed the site"


def test_the_documents_list_shows_each_kind_s_current_version(documents_site: Path) -> None:
    listing = main(page(documents_site, "dokumenter/"))
    assert listing.count('<li class="course-card">') == 3
    positions = [listing.index(f'<a href="/{url}">') for url in KIND_PAGES]
    assert positions == sorted(positions), "the network's order"
    assert '<a href="/dokumenter/handlingsplan/">Handlingsplan 2027</a>' in listing
    assert 'Handlingsplan · vedtatt <time datetime="2026-11-10">10. november 2026</time>' in listing
    assert "Hva nettverket vil oppnå de neste fire årene &amp; hvordan." in listing, "plain text, escaped once"
    assert "Handlingsplan 2024–2026" not in listing, "only the current versions"
    assert "Her finner du dokumentene" in listing, "content/dokumenter/index.md's own text stays"


def test_the_document_files_are_not_used_with_the_catalogue_s_documents(documents_site: Path) -> None:
    listing = main(page(documents_site, "dokumenter/"))
    for url, (_title, heading) in SEED.items():
        built = documents_site / url / "index.html"
        if url in OURS:  # the catalogue's page at the file's address
            assert heading not in built.read_text(encoding="utf-8"), url
        else:
            assert not built.exists() and f'href="/{url}"' not in listing, url
    assert "Om handlingsplanen" not in page(documents_site, "dokumenter/handlingsplan/"), "the file's text"


def test_unsafe_markdown_is_made_safe(documents_site: Path) -> None:
    strategy = main(page(documents_site, "dokumenter/strategi/"))
    assert "<strong>alle</strong>" in strategy and "Les mer" in strategy and "Farget" in strategy
    for unsafe in ("<script", "alert(", "onclick", "steal()", "onerror", "<img", "style="):
        assert unsafe not in strategy, unsafe
    assert "<h2>Hovedmål</h2>" in strategy and "<h1>" not in strategy.replace("<h1>Strategi 2026–2029</h1>", "")


def test_the_document_pages_are_valid_html_with_no_broken_internal_link(documents_site: Path) -> None:
    urls = ["dokumenter/", *KIND_PAGES, *VERSION_PAGES, *ALIASES]
    assert nu_errors([documents_site / url / "index.html" for url in urls]) == []
    # The files are the publisher's (written after the build). Other pages link to documents this catalogue does not
    # have (the table's documents replace the files) and to the seed's courses (it has no courses): named here.
    missing = {f"/{url}" for url in set(SEED) - OURS}
    broken = [link for link in broken_links(documents_site) if link.split(" -> ")[-1].lstrip("/") not in FILES]
    assert [link for link in broken if link.split(" -> ")[0] in {f"{url}index.html" for url in urls}] == []
    assert {link.split(" -> ")[-1] for link in broken if " -> /kurs/" not in link} <= missing


def test_a_catalogue_without_documents_uses_the_files(tmp_path: Path) -> None:
    result = pelican({"courses": []}, tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "output"
    listing = main(page(site, "dokumenter/"))
    for url, (title, heading) in SEED.items():
        assert title in page(site, url) and heading in page(site, url)
        assert f'href="/{url}"' in listing
    assert not (site / "dokumenter" / "arsrapport").exists()


def test_without_a_catalogue_the_files_are_the_documents(site: Path) -> None:
    listing = main(page(site, "dokumenter/"))
    assert listing.count('<li class="course-card">') == len(SEED)
    assert "Tidligere versjoner" not in page(site, "dokumenter/handlingsplan/")


def changed(kind: int, version: int, **change: Any) -> list[dict[str, Any]]:
    documents = copy.deepcopy(DOCUMENTS)
    documents[kind]["versions"][version].update(change)
    return documents


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (changed(1, 0, title=""), "document handlingsplan 01JHANDLING2027: 'title' is missing"),
        (changed(1, 1, url="/dokumenter/x/"), "document handlingsplan 01JHANDLING2024: url '/dokumenter/x/' is not"),
        (changed(0, 0, url="https://example.no/dokumenter/x/"), "document strategi 01JSTRATEGI2026: url"),
        (changed(0, 0, url="nyheter/strategi/"), "document strategi 01JSTRATEGI2026: url 'nyheter/strategi/'"),
        (
            changed(1, 1, url="dokumenter/handlingsplan/2027/"),
            "document handlingsplan 01JHANDLING2024: url 'dokumenter/handlingsplan/2027/' is used twice",
        ),
        (
            changed(2, 0, aliases=["dokumenter/strategi/"]),
            "document arsrapport 01JARSRAPPORT2025: url 'dokumenter/strategi/' is used twice (also by strategi)",
        ),
        (changed(2, 0, approved_on="27.02.2026"), "document arsrapport 01JARSRAPPORT2025: 'approved_on' is not"),
        (changed(1, 0, id="01JHANDLING2024"), "document handlingsplan 01JHANDLING2024: id used twice"),
        (changed(1, 0, file={"url": "../x.pdf", "size": 1}), "document handlingsplan 01JHANDLING2027: file url"),
    ],
)
def test_a_bad_entry_stops_the_build_and_names_it(
    tmp_path: Path, documents: list[dict[str, Any]], message: str
) -> None:
    result = pelican({"documents": documents}, tmp_path)
    assert result.returncode != 0
    assert "DocumentError" in result.stderr + result.stdout and message in result.stderr + result.stdout


def test_the_pages_speak_nynorsk_for_a_nynorsk_network(tmp_path: Path) -> None:
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps({"documents": DOCUMENTS}), encoding="utf-8")
    content = ROOT / "samples" / "bergen"
    env = os.environ | {"LINDRA_CONTENT": str(content), "LINDRA_CATALOGUE": str(path), "LINDRA_BUILD_TIME": BUILD_TIME}
    command = [str(Path(sys.executable).parent / "pelican"), str(content), "--settings", "pelicanconf.py"]
    command += ["--output", str(tmp_path / "output"), "--quiet"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    plan = main(page(tmp_path / "output", "dokumenter/handlingsplan/"))
    assert '<h2 id="tidligere-versjoner">Tidlegare versjonar</h2>' in plan and "<dt>Vedteke av</dt>" in plan
    old = main(page(tmp_path / "output", "dokumenter/handlingsplan/2024-2026/"))
    assert "Dette er ein tidlegare versjon." in old and "Gjeldande versjon:" in old
