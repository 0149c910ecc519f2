"""The leaders' area at /leder/: a static page that js/leader.js fills from /api/leder/*. It is built, kept out of
search engines, Pagefind and the menu, has a labelled sign-in form, says what to do without JavaScript, and loads its
script the way a strict Content-Security-Policy allows (a deferred file, nothing inline)."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site.test_build import read
from tests.support.stack import ROOT

PAGE = Path("leder") / "index.html"
SCRIPT = ROOT / "theme" / "static" / "js" / "leader.js"
STABLE_IDS = {
    "signin-form",
    "signin-username",
    "signin-password",
    "signin-code",
    "signin-new-password",
    "signin-error",
    "signout",
    "courses-table",
    "participants",
    "audit",
    "leader-status",
}


class Leader(HTMLParser):
    """The tags of the page, the scripts with their content, what is in <noscript> and <nav>, and the visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.noscript = ""
        self.nav_links: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, ""))
        if tag == "a" and "nav" in self._open:
            self.nav_links.append(attributes.get("href", ""))
        if tag not in ("input", "meta", "link", "br", "img"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "script" in self._open and self.scripts:
            attributes, content = self.scripts[-1]
            self.scripts[-1] = (attributes, content + data)
        elif "noscript" in self._open:
            self.noscript += data
        elif "title" not in self._open and "style" not in self._open:
            self.text.append(data)

    def by_id(self, id_: str) -> tuple[str, dict[str, str]]:
        return next((tag, attrs) for tag, attrs in self.tags if attrs.get("id") == id_)

    def label_for(self) -> set[str]:
        return {attrs["for"] for tag, attrs in self.tags if tag == "label" and "for" in attrs}


@pytest.fixture(scope="module")
def page(site: Path) -> Leader:
    return Leader(read(site / PAGE))


def test_the_page_is_built_at_leder(site: Path) -> None:
    assert (site / PAGE).is_file()
    assert (site / "theme" / "js" / "leader.js").is_file()


def test_it_asks_search_engines_not_to_index_it(page: Leader) -> None:
    assert ("meta", {"name": "robots", "content": "noindex"}) in page.tags


def test_it_is_not_in_the_pagefind_index(site: Path, page: Leader) -> None:
    assert not any("data-pagefind-body" in attrs for _, attrs in page.tags)
    urls = []
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{") :])["url"])
    assert "/om/" in urls, "the index has the public pages"
    assert not [url for url in urls if url.startswith("/leder")]


def test_it_is_in_no_sitemap_or_feed_and_not_in_the_menu(site: Path) -> None:
    for listing in [*site.rglob("*.xml"), *site.rglob("*.json"), *site.rglob("*.txt")]:
        if "pagefind" not in listing.parts:
            assert "/leder/" not in read(listing), listing
    for path in site.rglob("*.html"):
        assert not [href for href in Leader(read(path)).nav_links if "/leder" in href], path


def test_the_sign_in_form_has_a_label_and_autocomplete_for_every_field(page: Leader) -> None:
    assert page.by_id("signin-form")[0] == "form"
    expected = {
        "signin-username": ("email", "username"),
        "signin-password": ("password", "current-password"),
        "signin-new-password": ("password", "new-password"),
        "signin-code": ("text", "one-time-code"),
    }
    for id_, (type_, autocomplete) in expected.items():
        tag, attrs = page.by_id(id_)
        assert (tag, attrs["type"], attrs["autocomplete"]) == ("input", type_, autocomplete), id_
    fields = [attrs for tag, attrs in page.tags if tag in ("input", "select", "textarea")]
    assert fields and all(attrs["id"] in page.label_for() for attrs in fields)


def test_the_important_elements_have_their_stable_ids_and_the_messages_are_announced(page: Leader) -> None:
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    assert not STABLE_IDS - ids
    assert page.by_id("leader-status")[1]["role"] == "status"
    assert page.by_id("leader-status")[1]["aria-live"] == "polite"
    assert page.by_id("signin-error")[1]["role"] == "alert"
    assert page.by_id("signout")[0] == "button"
    assert page.by_id("courses-table")[0] == "table"


def test_without_javascript_it_says_that_the_page_needs_it(page: Leader) -> None:
    assert "Lederområdet trenger JavaScript" in page.noscript


def test_it_loads_only_its_own_deferred_script_and_nothing_inline(site: Path, page: Leader) -> None:
    assert len(page.scripts) == 1
    attributes, content = page.scripts[0]
    assert attributes["src"] == "/theme/js/leader.js" and "defer" in attributes
    assert content.strip() == ""
    assert not [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on") or name == "style"]
    assert "<style" not in read(site / PAGE)


def test_the_script_builds_the_page_as_text_and_has_every_text_it_asks_for(page: Leader) -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    assert '"use strict"' in script
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert unsafe not in script, unsafe
    app = page.by_id("leader-app")[1]
    texts = {name.removeprefix("data-text-") for name in app if name.startswith("data-text-")}
    asked = {re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), key) for key in re.findall(r'\bt\("(\w+)"', script)}
    asked |= {"excel", "comma"}  # looked up through a variable
    asked |= {
        re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), key) for key in re.findall(r'fact\(\w+, "(\w+)"', script)
    }
    assert asked and asked <= texts
    assert all(app[f"data-text-{name}"].strip() for name in texts)


def test_the_page_is_in_bokmal(page: Leader) -> None:
    assert ("html", {"lang": "nb"}) in page.tags
    app = page.by_id("leader-app")[1]
    words = " ".join([*page.text, page.noscript, *(v for k, v in app.items() if k.startswith("data-text-"))])
    for bokmal in ("Logg inn", "Passord", "Kurs og påmeldinger", "Deltakerliste", "Revisjonslogg", "Du er logget ut."):
        assert bokmal in words, bokmal
    nynorsk = {"ikkje", "eg", "kva", "korleis", "dykk", "berre", "frå", "nokon", "ein", "eit", "vere", "logga"}
    assert nynorsk.isdisjoint(re.findall(r"\w+", words.lower()))


def tags_of_table(page: Leader, id_: str) -> list[tuple[str, dict[str, str]]]:
    """The tags from <table id=...> up to the next table."""
    start = page.tags.index(page.by_id(id_))
    end = next((i for i in range(start + 1, len(page.tags)) if page.tags[i][0] == "table"), len(page.tags))
    return page.tags[start:end]


def test_the_roster_section_is_there_with_its_parts_and_the_anchor_the_emails_link_to(page: Leader) -> None:
    tag, section = page.by_id("roster")
    assert (tag, section["aria-labelledby"]) == ("section", "navneliste") and "hidden" in section
    heading = page.by_id("navneliste")  # /leder/#navneliste, the link in the roster's emails
    assert heading[0] == "h2" and heading[1]["tabindex"] == "-1"
    parts = {
        "reports": ("reports-heading", "h3"),
        "coverage": ("coverage-heading", "h3"),
        "roster-units": ("roster-units-heading", "h3"),
        "roster-import": ("import-heading", "h3"),
        "report-detail": ("report-detail-heading", "h4"),
    }
    for part, (heading_id, level) in parts.items():
        assert page.by_id(part)[1]["aria-labelledby"] == heading_id, part
        assert page.by_id(heading_id)[0] == level, heading_id
    assert "hidden" in page.by_id("roster-import")[1], "only the network leader, while the list is not imported"
    words = " ".join(page.text)
    for text in (
        "Navneliste",
        "Endringsmeldinger",
        "Dekning",
        "Ressurssykepleiere per enhet",
        "Importer dagens navneliste",
    ):
        assert text in words, text


def test_the_roster_tables_have_captions_and_column_headers(page: Leader) -> None:
    expected = {
        "reports-table": ["Meldt", "Enhet", "Endring", "Gjelder", "Fra dato", "Status", "Meldingen"],
        "coverage-table": [
            "Område",
            "Enheter",
            "Med ressurssykepleier",
            "Uten ressurssykepleier",
            "Prosent med",
            "Ressurssykepleiere",
            "Ikke signert",
            "Grunnkurs anbefales",
        ],
    }
    words = " ".join(page.text).replace("\u00ad", "")  # a soft hyphen may break a long header
    for table, headers in expected.items():
        tags = tags_of_table(page, table)
        assert [tag for tag, _ in tags].count("caption") == 1, table
        columns = [attrs for tag, attrs in tags if tag == "th"]
        assert len(columns) == len(headers) and all(attrs["scope"] == "col" for attrs in columns), table
        assert all(header in words for header in headers)
        scroll = next(attrs for tag, attrs in page.tags if attrs.get("aria-labelledby") == tags[1][1]["id"])
        assert (scroll["role"], scroll["tabindex"]) == ("region", "0"), "the table scrolls in a focusable region"


def test_the_roster_forms_have_labelled_inputs_and_announce_their_errors(page: Leader) -> None:
    labelled = page.label_for()
    for id_ in ("reports-status", "roster-area", "approve-entry", "report-decline-reason", "import-file"):
        assert id_ in labelled, id_
    tag, upload = page.by_id("import-file")
    assert (tag, upload["type"], upload["accept"]) == ("input", "file", ".csv,.xlsx,.txt")
    assert upload["aria-describedby"] == "import-file-hint"
    assert "Navn, E-post og Enhet" in " ".join(page.text), "the hint names the columns the file needs"
    reason = page.by_id("report-decline-reason")[1]
    assert "report-decline-reason-warning" in reason["aria-describedby"]
    assert "pasientopplysninger" in " ".join(page.text)
    for box in (
        "roster-error",
        "reports-error",
        "report-detail-alert",
        "approve-error",
        "report-decline-error",
        "import-error",
    ):
        assert page.by_id(box)[1]["role"] == "alert", box
    assert page.by_id("approve-form")[0] == "form" and page.by_id("report-decline-form")[0] == "form"
    assert page.by_id("import-form")[0] == "form" and page.by_id("import-check")[0] == "button"
    assert page.by_id("approve-submit")[1]["type"] == "submit"
