"""The roster's pages: the change report form a unit leader fills in (built by Pelican, and rendered again by the
function with the messages at its fields), its receipt page, and the public page with the counts per area and the
names of those who agreed to be listed; and the links to them from the pages about the role."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from common.errors import InvalidInput, TryAgain
from roster import pages
from roster.coverage import AreaCoverage
from roster.models import (
    CHANGE_KIND_LABELS,
    EDUCATION_LABELS,
    FORM_TEXTS,
    ChangeReportForm,
    RosterEntry,
    configured_units,
)
from tests.site.test_build import read
from tests.site.test_html import nu_errors
from tests.support.stack import ROOT

NETWORK = json.loads((ROOT / "content" / "data" / "network.json").read_text(encoding="utf-8"))
FORM_PAGE = Path("navneliste") / "endring" / "index.html"
RECEIPT_PAGE = Path("navneliste") / "endring" / "mottatt" / "index.html"
SECTIONS = {
    "Ny ressurssykepleier – ved ny eller bytte": "new replacement",
    "Ressurssykepleieren som slutter – ved slutter eller bytte": "leaving replacement",
    "Endret navn eller kontaktinformasjon": "contact",
}
VOID = {"input", "meta", "link", "br", "img", "hr", "source", "col", "area", "wbr", "rect", "line"}


class Html(HTMLParser):
    """The tags of a page with their attributes, the text inside each element with an id, in each <legend>, <label>,
    <optgroup> (its options) and <figure>, and the links."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, str] = {}
        self.legends: list[str] = []
        self.labels: list[str] = []
        self.optgroups: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, dict[str, str]]] = []
        self._link: tuple[str, str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "optgroup":
            self.optgroups[attributes.get("label", "")] = []
        if tag == "option" and self.optgroups and self.inside("optgroup"):
            self.optgroups[list(self.optgroups)[-1]].append(attributes.get("value", ""))
        if tag == "legend":
            self.legends.append("")
        if tag == "label":
            self.labels.append("")
        if tag == "a":
            self._link = (attributes.get("href", ""), "")
        if tag not in VOID:
            self._open.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for _, attributes in self._open:
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = self.text_by_id.get(attributes["id"], "") + data
        if self.inside("legend"):
            self.legends[-1] += data
        if self.inside("label"):
            self.labels[-1] += data
        if self._link:
            self._link = (self._link[0], self._link[1] + data)

    def inside(self, tag: str) -> bool:
        return any(name == tag for name, _ in self._open)

    def text(self, element_id: str) -> str:
        return " ".join(self.text_by_id.get(element_id, "").split())

    def by_id(self, element_id: str) -> dict[str, str]:
        return next(attrs for _, attrs in self.tags if attrs.get("id") == element_id)

    def fields(self) -> list[tuple[str, dict[str, str]]]:
        return [(t, a) for t, a in self.tags if t in ("input", "select", "textarea") and a.get("type") != "hidden"]


def clean(texts: list[str]) -> list[str]:
    return [" ".join(text.split()) for text in texts]


@pytest.fixture(scope="module")
def form_page(site: Path) -> Html:
    return Html(read(site / FORM_PAGE))


# The form page, as built -----------------------------------------------------------------------------------------


def test_the_form_posts_every_field_of_a_change_report_to_the_function(site: Path, form_page: Html) -> None:
    forms = [attrs for tag, attrs in form_page.tags if tag == "form"]
    assert len(forms) == 1
    assert forms[0]["method"] == "post" and forms[0]["action"] == "/api/endringsmeldinger"
    assert "data-signup-form" in forms[0], "signup.js sends it as JSON and shows the errors inline"
    names = {attrs["name"] for _, attrs in form_page.fields()}
    assert names == set(ChangeReportForm.model_fields) | {"website"}, "and the honeypot (common/form_guard.py)"
    assert form_page.by_id("felt-effective-date")["type"] == "date"
    token = [attrs for tag, attrs in form_page.tags if attrs.get("name") == "form_token"]
    assert token and "data-form-token" in token[0]
    scripts = [attrs.get("src", "") for tag, attrs in form_page.tags if tag == "script"]
    assert scripts == ["/theme/js/form_guard.js", "/theme/js/signup.js", "/theme/js/roster_change.js"]
    assert all("defer" in attrs or attrs.get("type") == "module" for tag, attrs in form_page.tags if tag == "script")
    assert (site / "theme" / "js" / "roster_change.js").is_file()


def test_every_field_has_a_label_and_radios_are_grouped_under_a_legend(form_page: Html) -> None:
    label_for = {attrs["for"] for tag, attrs in form_page.tags if tag == "label" and "for" in attrs}
    for _, attrs in form_page.fields():
        if attrs.get("type") == "radio":
            continue  # each sits inside its own <label>, under the group's <legend>
        assert attrs["id"] in label_for, attrs
    radios = [attrs for _, attrs in form_page.fields() if attrs.get("type") == "radio"]
    assert [a["value"] for a in radios if a["name"] == "kind"] == list(CHANGE_KIND_LABELS)
    assert [a["value"] for a in radios if a["name"] == "new_education"] == list(EDUCATION_LABELS)
    assert "Hva vil du melde?" in clean(form_page.legends)
    assert "Utdanning" in clean(form_page.legends)
    labels = clean(form_page.labels)
    for label in [*CHANGE_KIND_LABELS.values(), *EDUCATION_LABELS.values()]:
        assert label in labels
    assert "Ressurssykepleieren har sagt ja til at navnet vises på nettsiden" in labels
    assert form_page.by_id("felt-new-listed")["type"] == "checkbox"
    assert "required" in form_page.by_id("felt-informed")


def test_each_nurse_section_is_a_fieldset_whose_legend_says_when_it_applies(form_page: Html) -> None:
    sections = {attrs["data-roster-section"]: attrs for tag, attrs in form_page.tags if "data-roster-section" in attrs}
    assert set(sections) == set(SECTIONS.values())
    assert all(tag == "fieldset" for tag, attrs in form_page.tags if "data-roster-section" in attrs)
    assert all("hidden" not in attrs for attrs in sections.values()), "without JavaScript every section shows"
    for legend, kinds in SECTIONS.items():
        assert legend in clean(form_page.legends)
        assert legend in form_page.text(sections[kinds]["id"])


def test_the_units_are_grouped_by_area_and_every_unit_in_the_config_is_there(form_page: Html) -> None:
    areas = {area["id"]: area["name"] for area in NETWORK["areas"]}
    expected: dict[str, list[str]] = {}
    for unit in NETWORK["units"]:
        expected.setdefault(areas[unit["area"]], []).append(unit["id"])
    assert {name: sorted(ids) for name, ids in form_page.optgroups.items()} == {
        name: sorted(ids) for name, ids in expected.items()
    }
    assert len(NETWORK["units"]) > 10


def test_the_comment_is_read_with_its_warning_against_patient_data(form_page: Html) -> None:
    comment = form_page.by_id("felt-comment")
    assert "felt-comment-hint" in comment["aria-describedby"].split()
    assert "Ikke skriv pasientopplysninger" in form_page.text("felt-comment-hint")
    assert form_page.by_id("felt-effective-date")["aria-describedby"] == "felt-effective-date-hint"


def test_the_form_says_what_is_stored_for_how_long_and_links_to_the_privacy_statement(
    site: Path, form_page: Html
) -> None:
    text = read(site / FORM_PAGE)
    assert "i 36 måneder etter at ressurssykepleieren har sluttet i rollen" in text, "ROSTER_RETENTION_MONTHS"
    assert ("/personvern/#navnelisten", "Les personvernerklæringen") in form_page.links
    privacy = Html(read(site / "personvern" / "index.html"))
    assert "Navnelisten over ressurssykepleiere" in privacy.text("navnelisten")
    statement = read(site / "personvern" / "index.html")
    assert "Så lenge du er i rollen, og 36 måneder etter at du sluttet" in statement, "the table, as configured"
    assert "Områdelederen ser navnelisten for sitt eget område" in statement


def test_the_page_explains_who_approves_and_what_a_new_nurse_gets(site: Path) -> None:
    text = read(site / FORM_PAGE)
    assert "<h1>Meld endring i navnelisten</h1>" in text
    for words in ("Områdelederen eller nettverkslederen", "velkomstbrev", "introduksjonskurset", "e-læringen"):
        assert words in text
    assert 'href="/dokumenter/funksjonsbeskrivelse/"' in text


def test_the_receipt_page_thanks_and_links_back(site: Path) -> None:
    receipt = Html(read(site / RECEIPT_PAGE))
    assert pages.RECEIPT_PATH == "/navneliste/endring/mottatt/"
    assert "Takk! Vi har fått endringsmeldingen." in read(site / RECEIPT_PAGE)
    hrefs = {href for href, _ in receipt.links}
    assert {"/navneliste/endring/", "/api/ressurssykepleiere"} <= hrefs


@pytest.mark.parametrize(
    "page", ["lokale-nettverk/index.html", "dokumenter/funksjonsbeskrivelse/index.html"], ids=["areas", "role"]
)
def test_the_pages_about_the_role_link_to_the_counts_and_the_form(site: Path, page: str) -> None:
    links = {(href, text.lower()) for href, text in Html(read(site / page)).links}
    assert ("/api/ressurssykepleiere", "se hvor mange enheter som har ressurssykepleier") in links
    assert ("/navneliste/endring/", "meld ny ressurssykepleier eller endringer") in links


# The form page, as the function renders it with errors ------------------------------------------------------------

SENT = {
    "reporter_name": "Lise Leder",
    "reporter_email": "ikke-en-adresse",
    "unit": "eidsvoll-sykehjem",
    "kind": "new",
    "effective_date": "2026-12-01",
    "new_name": "",
    "new_listed": "ja",
    "comment": "Begynner etter nyttår.",
}


def invalid() -> InvalidInput:
    """The messages the function gives for SENT, in the form's order."""
    names = ("reporter_email", "new_name", "new_email", "new_education", "informed")
    return InvalidInput(
        field_errors={
            name: (FORM_TEXTS[name].invalid if name == "reporter_email" else FORM_TEXTS[name].missing) for name in names
        }
    )


def test_the_form_comes_back_with_a_summary_and_a_message_at_each_field(tmp_path: Path) -> None:
    # Given a report with mistakes in five fields
    error = invalid()

    # When the function renders the form again
    html = pages.change_page(SENT, error, configured_units())
    page = Html(html)

    # Then the title says so, the summary lists each message with a link to its field, in the form's order
    assert "<title>Feil: Meld endring i navnelisten" in html
    summary = page.by_id("feiloppsummering")
    assert summary["role"] == "alert"
    assert page.text("feiloppsummering-tittel") == "Skjemaet har 5 feil som må rettes"
    summary_links = [href for href, _ in page.links if href.startswith("#felt-")]
    assert summary_links == [
        "#felt-reporter-email",
        "#felt-new-name",
        "#felt-new-email",
        "#felt-new-education",
        "#felt-informed",
    ]
    # And each field says what is wrong, read with the field
    for name, message in error.field_errors.items():
        field_id = "felt-" + name.replace("_", "-")
        assert message in page.text(f"{field_id}-feil")
        attrs = page.by_id(field_id)
        assert attrs["aria-invalid"] == "true"
        described = (attrs.get("aria-describedby") or "").split()
        if attrs.get("type") == "radio":  # the group (fieldset) is described by the message
            fieldsets = [
                a for t, a in page.tags if t == "fieldset" and f"{field_id}-feil" in a.get("aria-describedby", "")
            ]
            assert fieldsets, name
        else:
            assert f"{field_id}-feil" in described, name
    # And what was sent is kept
    assert page.by_id("felt-reporter-name")["value"] == "Lise Leder"
    assert page.by_id("felt-reporter-email")["value"] == "ikke-en-adresse"
    assert "selected" in next(a for t, a in page.tags if t == "option" and a.get("value") == "eidsvoll-sykehjem")
    assert "checked" in next(a for t, a in page.tags if a.get("name") == "kind" and a.get("value") == "new")
    assert "checked" in page.by_id("felt-new-listed")
    assert page.text("felt-comment") == "Begynner etter nyttår."
    assert nu_errors([write(tmp_path / "change.html", html)]) == []


def test_a_refusal_without_field_errors_shows_its_message(tmp_path: Path) -> None:
    html = pages.change_page(SENT, TryAgain(), configured_units())
    page = Html(html)
    assert page.text("feiloppsummering-tittel") == "Vi kunne ikke ta imot endringsmeldingen"
    assert page.by_id("felt-reporter-name")["value"] == "Lise Leder"


# The public page ----------------------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def entry(unit_id: str, name: str, listed: bool = True) -> RosterEntry:
    unit = configured_units()[unit_id]
    tag = name.split()[0].lower()
    return RosterEntry(
        id=f"e-{tag}",
        nurse_id=f"n-{tag}",
        unit=unit.id,
        area=unit.area,
        name=name,
        email=f"{tag}@example.no",
        phone="912 34 567",
        education="kreftsykepleier",
        listed=listed,
        start=date(2025, 1, 1),
        start_reason="import",
        started_by="import",
        created_at=NOW,
        expires_at=2_000_000_000,
    )


def area_units(area: str) -> list[str]:
    return [unit["id"] for unit in NETWORK["units"] if unit["area"] == area]


@pytest.fixture(scope="module")
def public() -> tuple[str, list[RosterEntry]]:
    rows = [
        AreaCoverage("gardermoregionen", "Gardermoregionen", 5, 3, 4, 1, 0),
        AreaCoverage("nedre-romerike", "Nedre Romerike", 8, 2, 2, 0, 1),
        AreaCoverage("oslo", "Oslo", 0, 0, 0, 0, 0),
    ]
    listed = [
        entry(area_units("gardermoregionen")[0], "Åse Ødegård"),
        entry(area_units("gardermoregionen")[1], "Bjørn Berg"),
        entry(area_units("nedre-romerike")[0], "Cecilie Dahl"),
    ]
    return pages.public_page(rows, listed, date(2026, 11, 23), configured_units()), listed


def test_the_public_page_has_a_table_with_a_row_per_area_and_the_totals(public: tuple[str, list[RosterEntry]]) -> None:
    html, _ = public
    page = Html(html)
    assert "<h1>Ressurssykepleiere i nettverket</h1>" in html
    tables = [attrs for tag, attrs in page.tags if tag == "table"]
    assert len(tables) == 1
    assert page.text("dekning-tittel") == "Enheter med og uten ressurssykepleier, per område"
    assert [tag for tag, attrs in page.tags if attrs.get("id") == "dekning-tittel"] == ["caption"]
    columns = [attrs.get("scope") for tag, attrs in page.tags if tag == "th"]
    assert columns == ["col"] * 5 + ["row"] * 4
    for header in ("Område", "Enheter", "Med ressurssykepleier", "Uten", "Ressurssykepleiere"):
        assert f">{header}</th>" in html.replace("\u00ad", ""), "a soft hyphen may break a long header"
    body = " ".join(html[html.index("<tfoot>") : html.index("</tfoot>")].split())
    assert "Hele nettverket" in body
    cells = [cell.split("<")[0] for cell in body.split('class="roster-table__number">')[1:]]
    assert cells == ["13", "5", "8", "6"]
    assert "Tallene er fra 23. november 2026." in " ".join(html.split())


def test_the_chart_is_an_inline_svg_in_a_figure_with_a_caption(public: tuple[str, list[RosterEntry]]) -> None:
    html, _ = public
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert "<svg" in figure and 'role="img"' in figure and "<title" in figure
    assert "<figcaption>" in figure
    assert "&lt;svg" not in html, "the chart is markup, not escaped text"
    assert "Gardermoregionen: 3 av 5 enheter har ressurssykepleier." in figure


def test_the_public_page_names_only_those_listed_and_nothing_else_about_them(
    public: tuple[str, list[RosterEntry]],
) -> None:
    html, listed = public
    page = Html(html)
    known = configured_units()
    for nurse in listed:
        assert f"<li>{nurse.name}, {known[nurse.unit].name}</li>" in html
        assert nurse.email not in html and nurse.phone not in html
    assert page.text("omrade-oslo") == "Oslo"
    oslo = html[html.index('id="omrade-oslo"') :]
    assert "Ingen i dette området har bedt om å stå med navn her ennå." in oslo
    assert ("/navneliste/endring/", "Meld ny ressurssykepleier eller endringer") in page.links


def test_the_pages_the_function_renders_are_valid_html(public: tuple[str, list[RosterEntry]], tmp_path: Path) -> None:
    html, _ = public
    empty = pages.public_page([], [], date(2026, 11, 23), configured_units())
    files = [write(tmp_path / "public.html", html), write(tmp_path / "public-empty.html", empty)]
    files.append(write(tmp_path / "refused.html", pages.change_page({}, TryAgain(), configured_units())))
    assert nu_errors(files) == []


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
