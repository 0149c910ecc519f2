"""The leaders' area at /leder/: a static page per view (the start page, /leder/kurs/, /leder/hospitering/, ...)
that js/leder/*.js fill from /api/leder/*. Each is built, kept out of search engines, Pagefind and the site's menu,
has a labelled sign-in form and the leaders' navigation, says what to do without JavaScript, and loads its scripts
the way a strict Content-Security-Policy allows (module files, nothing inline)."""

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
SCRIPTS = ROOT / "theme" / "static" / "js" / "leder"
# Each view: its address, and its module (js/leder/{view}.js).
VIEWS = {
    "start": "leder/",
    "courses": "leder/kurs/",
    "letters": "leder/meldinger/",
    "news": "leder/nyheter/",
    "documents": "leder/dokumenter/",
    "governance": "leder/styring/",
    "hospitation": "leder/hospitering/",
    "roster": "leder/navneliste/",
    "units": "leder/enheter/",
    "hours": "leder/timer/",
    "annual_report": "leder/arsrapport/",
    "self_report": "leder/egenrapport/",
    "people": "leder/personer/",
    "audit": "leder/revisjon/",
}
STABLE_IDS = {
    "signin-form",
    "signin-username",
    "signin-password",
    "signin-code",
    "signin-new-password",
    "signin-error",
    "signout",
    "leader-status",
    "leader-nav",
}
VIEW_IDS = {
    "courses": {"courses-table", "participants"},
    "letters": {"letter-form", "letters-table"},
    "audit": {"audit"},
    "roster": {"roster"},
    "people": {"people-form", "people-erase"},
    "self_report": {"self-report-open", "self-report-change", "self-report-areas-table"},
}


class Leader(HTMLParser):
    """The tags of the page, the scripts with their content, what is in <noscript> and <nav>, and the visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.noscript = ""
        self.nav_links: list[str] = []
        self.navs: list[tuple[str, dict[str, str]]] = []  # (the nav's id, the link's attributes)
        self.text: list[str] = []
        self._open: list[str] = []
        self._nav = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, ""))
        if tag == "nav":
            self._nav = attributes.get("id", "")
        if tag == "a" and "nav" in self._open:
            self.nav_links.append(attributes.get("href", ""))
            self.navs.append((self._nav, attributes))
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

    def nav_links_in(self, id_: str) -> list[tuple[str, dict[str, str]]]:
        return [(nav, attrs) for nav, attrs in self.navs if nav == id_]

    def label_for(self) -> set[str]:
        return {attrs["for"] for tag, attrs in self.tags if tag == "label" and "for" in attrs}


@pytest.fixture(scope="module")
def views(site: Path) -> dict[str, Leader]:
    return {view: Leader(read(site / url / "index.html")) for view, url in VIEWS.items()}


@pytest.fixture(scope="module")
def page(views: dict[str, Leader]) -> Leader:
    """The start page, /leder/."""
    return views["start"]


def imports(module: str) -> list[str]:
    """The module and every module it imports, directly or not (static imports only)."""
    found: list[str] = []
    waiting = [module]
    while waiting:
        name = waiting.pop()
        if name not in found:
            found.append(name)
            text = (SCRIPTS / name).read_text(encoding="utf-8")
            waiting += re.findall(r'^import [^;]*?from "\./([\w.]+)";', text, flags=re.M | re.S)
    return found


def scripts_of(view: str) -> list[str]:
    """What the view's page runs: main.js with its imports, and the view's own module with its imports."""
    return sorted(set(imports("main.js")) | set(imports(f"{view}.js")))


def test_the_page_is_built_at_leder(site: Path) -> None:
    assert (site / PAGE).is_file()
    assert (site / "theme" / "js" / "leder" / "main.js").is_file()


def test_each_view_is_a_page_of_its_own_at_its_address_with_its_module(site: Path, views: dict[str, Leader]) -> None:
    for view, url in VIEWS.items():
        assert (site / url / "index.html").is_file(), url
        assert (site / "theme" / "js" / "leder" / f"{view}.js").is_file(), view
        app = views[view].by_id("leader-app")[1]
        assert app["data-view"] == view
        preload = [
            attrs["href"] for tag, attrs in views[view].tags if tag == "link" and attrs.get("rel") == "modulepreload"
        ]
        assert preload == [f"/theme/js/leder/{view}.js"], view
    main = (SCRIPTS / "main.js").read_text(encoding="utf-8")
    assert set(re.findall(r'import\("\./(\w+)\.js"\)', main)) == set(VIEWS), "main.js loads each view's module"


def test_every_view_has_the_navigation_with_its_own_link_marked_current(views: dict[str, Leader]) -> None:
    for view, url in VIEWS.items():
        page = views[view]
        assert page.by_id("leader-nav")[0] == "nav" and page.by_id("leader-nav")[1]["aria-label"] == "Lederområdet"
        links = [(attrs["href"], attrs.get("aria-current")) for nav, attrs in page.nav_links_in("leader-nav")]
        assert [href for href, _ in links] == [f"/{address}" for address in VIEWS.values()], view
        assert [href for href, current in links if current] == [f"/{url}"], view
        assert [current for _, current in links if current] == ["page"]
        roles = {
            attrs["data-view"]: attrs["data-roles"].split()
            for tag, attrs in page.tags
            if tag == "li" and "data-roles" in attrs
        }
        assert roles["hospitation"] == ["nettverksleder", "omradeleder", "vertsenhet"], "a host unit sees hospitation"
        assert [name for name, allowed in roles.items() if "vertsenhet" in allowed] == ["hospitation"], (
            "and nothing else"
        )
        assert roles["audit"] == ["nettverksleder"]
        assert roles["people"] == ["nettverksleder", "omradeleder"], "access and erasure requests in their scope"
        assert page.by_id("leader-not-for-role")[0] == "p", "a kind word for a role the view is not for"


def test_it_asks_search_engines_not_to_index_it(views: dict[str, Leader]) -> None:
    for page in views.values():
        assert ("meta", {"name": "robots", "content": "noindex"}) in page.tags


def test_it_is_not_in_the_pagefind_index(site: Path, views: dict[str, Leader]) -> None:
    for page in views.values():
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
        page = Leader(read(path))
        own = {attrs.get("href", "") for _, attrs in page.nav_links_in("leader-nav")}  # the leaders' own navigation
        assert not [href for href in page.nav_links if "/leder" in href and href not in own], path
        assert not own or path.relative_to(site).parts[0] == "leder", path


def test_the_sign_in_form_has_a_label_and_autocomplete_for_every_field(views: dict[str, Leader]) -> None:
    for page in views.values():  # a bookmarked view signs in right there
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


def test_the_important_elements_have_their_stable_ids_and_the_messages_are_announced(views: dict[str, Leader]) -> None:
    for view, page in views.items():
        ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
        assert not (STABLE_IDS | VIEW_IDS.get(view, set())) - ids, view
        assert page.by_id("leader-status")[1]["role"] == "status"
        assert page.by_id("leader-status")[1]["aria-live"] == "polite"
        assert page.by_id("signin-error")[1]["role"] == "alert"
        assert page.by_id("leader-alert")[1]["role"] == "alert"
        assert page.by_id("signout")[0] == "button"
    assert views["courses"].by_id("courses-table")[0] == "table"


def test_without_javascript_it_says_that_the_page_needs_it(views: dict[str, Leader]) -> None:
    for page in views.values():
        assert "Lederområdet trenger JavaScript" in page.noscript


def test_it_loads_only_its_own_module_script_and_nothing_inline(site: Path, views: dict[str, Leader]) -> None:
    for view, url in VIEWS.items():
        page = views[view]
        assert len(page.scripts) == 1
        attributes, content = page.scripts[0]
        assert attributes["src"] == "/theme/js/leder/main.js" and attributes["type"] == "module"
        assert content.strip() == ""
        assert not [
            (tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on") or name == "style"
        ]
        assert "<style" not in read(site / url / "index.html")


def test_the_scripts_build_the_page_as_text_and_each_view_has_every_text_its_scripts_ask_for(
    views: dict[str, Leader],
) -> None:
    for view, page in views.items():
        scripts = scripts_of(view)
        assert "signin.js" in scripts and f"{view}.js" in scripts
        texts: dict[str, str] = {}
        for id_ in ("leader-app", "leader-view", "mfa"):  # mfa: turning on the code from an app (mfa.js)
            texts |= {
                k.removeprefix("data-text-"): v for k, v in page.by_id(id_)[1].items() if k.startswith("data-text-")
            }
        asked = {"excel", "comma"}  # looked up through a variable
        for name in scripts:
            script = (SCRIPTS / name).read_text(encoding="utf-8")
            assert '"use strict"' in script, name
            for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
                assert unsafe not in script, (name, unsafe)
            keys = re.findall(r'\bt\("(\w+)"', script) + re.findall(r'fact\(\w+, "(\w+)"', script)
            asked |= {re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), key) for key in keys}
        assert asked and not asked - set(texts), (view, asked - set(texts))
        assert all(text.strip() for text in texts.values()), view


def test_the_start_page_has_a_count_and_a_list_for_each_thing_to_do_with_a_link_into_its_view(page: Leader) -> None:
    texts = {
        k.removeprefix("data-text-") for k, v in page.by_id("leader-view")[1].items() if k.startswith("data-text-")
    }
    expected = {
        "reports": "/leder/navneliste/",
        "hospitations": "/leder/hospitering/",
        "unsigned": "/leder/navneliste/",
        "full": "/leder/kurs/",
        "week": "/leder/kurs/",
    }
    for part, url in expected.items():
        assert page.by_id(f"start-{part}-count")[0] == "p"
        assert page.by_id(f"start-{part}-list")[0] == "ul"
        assert page.by_id(f"start-{part}-link")[1]["href"] == url
        assert {f"{part}-count", f"{part}-none"} <= texts, part
    heading = page.by_id("start-heading")
    assert heading[0] == "h2" and heading[1]["tabindex"] == "-1"
    assert "Til behandling" in " ".join(page.text)


def test_no_script_or_stylesheet_of_the_leaders_area_is_over_500_lines() -> None:
    files = [*SCRIPTS.glob("*.js"), *(ROOT / "theme" / "static" / "css").rglob("*.css")]
    files += [
        *(ROOT / "theme" / "templates" / "partials" / "leder").glob("*.html"),
        ROOT / "theme/templates/leader.html",
    ]
    long = {path.name: n for path in files if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert len(files) > 20 and long == {}


def test_each_view_carries_only_its_own_stylesheets_within_the_page_weight_goal(
    site: Path, views: dict[str, Leader]
) -> None:
    for view, page in views.items():
        sheets = [attrs["href"] for tag, attrs in page.tags if tag == "link" and attrs.get("rel") == "stylesheet"]
        assert sum((site / href.lstrip("/")).stat().st_size for href in sheets) < 40 * 1024, view
        own = [href for href in sheets if href.startswith("/theme/css/leder/")]
        assert len(own) <= 1 and all(view in href or view == "hours" for href in own), (view, own)


def test_the_page_is_in_bokmal(views: dict[str, Leader]) -> None:
    page = views["courses"]
    assert ("html", {"lang": "nb"}) in page.tags
    words = " ".join(
        [
            *(text for page in views.values() for text in [*page.text, page.noscript]),
            *(
                value
                for page in views.values()
                for id_ in ("leader-app", "leader-view")
                if any(attrs.get("id") == id_ for _, attrs in page.tags)
                for name, value in page.by_id(id_)[1].items()
                if name.startswith("data-text-")
            ),
        ]
    )
    for bokmal in ("Logg inn", "Passord", "Kurs og påmeldinger", "Deltakerliste", "Revisjonslogg", "Du er logget ut."):
        assert bokmal in words, bokmal
    nynorsk = {"ikkje", "eg", "kva", "korleis", "dykk", "berre", "frå", "nokon", "ein", "eit", "vere", "logga"}
    assert nynorsk.isdisjoint(re.findall(r"\w+", words.lower()))


def tags_of_table(page: Leader, id_: str) -> list[tuple[str, dict[str, str]]]:
    """The tags from <table id=...> up to the next table."""
    start = page.tags.index(page.by_id(id_))
    end = next((i for i in range(start + 1, len(page.tags)) if page.tags[i][0] == "table"), len(page.tags))
    return page.tags[start:end]


def test_the_roster_section_is_there_with_its_parts_and_the_anchor_the_emails_link_to(views: dict[str, Leader]) -> None:
    page = views["roster"]
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


def test_the_roster_tables_have_captions_and_column_headers(views: dict[str, Leader]) -> None:
    page = views["roster"]
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


def test_the_roster_forms_have_labelled_inputs_and_announce_their_errors(views: dict[str, Leader]) -> None:
    page = views["roster"]
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
