"""The roster's change report form in Debian's Chromium on the real local stack, as a unit leader meets it on a phone:
every section shown until a kind of change is chosen, then only those that apply; errors shown inline and from the
server; a new resource nurse reported with the keyboard alone, and a report sent without JavaScript. axe-core (WCAG
2.1 A and AA) finds nothing on any of them."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from roster.models import ChangeReport
from roster.repository import DynamoRosterRepository
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_hospitation import choose_with_arrows
from tests.support.hospitation import emails_to, same_in_any_order, today
from tests.support.stack import ROOT, TABLE, Site

FORM_PAGE = "/navneliste/endring/"
RECEIPT_PAGE = "/navneliste/endring/mottatt/"
NETWORK = json.loads((ROOT / "content" / "data" / "network.json").read_text(encoding="utf-8"))
FIRST_AREA = NETWORK["areas"][0]["id"]
# The second unit of the first area in the list (the units are sorted by name): one arrow key past the first.
UNIT = sorted((u for u in NETWORK["units"] if u["area"] == FIRST_AREA), key=lambda u: u["name"])[1]
SECTIONS = {"new": "#del-ny", "leaving": "#del-slutter", "contact": "#del-kontakt"}


def reporter() -> tuple[str, str]:
    """A unit leader with an address of her own, so that a test finds its own report and emails."""
    tag = uuid.uuid4().hex[:10]
    return f"Lise Leder {tag}", f"leder.{tag}@example.no"


def report_by(client: Any, email: str, area: str = FIRST_AREA) -> ChangeReport:
    found = [r for r in DynamoRosterRepository(client, TABLE).reports_in_area(area) if r.reporter_email == email]
    assert len(found) == 1, f"{len(found)} reports from {email}"
    return found[0]


def expect_sections(page: Page, shown: set[str]) -> None:
    for name, selector in SECTIONS.items():
        section = page.locator(selector)
        expect(section).to_have_count(1)  # hidden, never removed
        if name in shown:
            expect(section).to_be_visible()
        else:
            expect(section).to_be_hidden()
            expect(section).to_have_attribute("hidden", "")


def test_the_form_page_shows_every_section_and_passes_axe(phone: Page, site: Site) -> None:
    phone.goto(site.url + FORM_PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Meld endring i navnelisten")
    expect(phone.get_by_role("button", name="Send endringsmeldingen")).to_be_visible()
    expect_sections(phone, {"new", "leaving", "contact"})  # nothing hidden before a kind is chosen
    assert axe_violations(phone) == []


def test_choosing_a_kind_shows_only_the_sections_that_apply(phone: Page, site: Site) -> None:
    phone.goto(site.url + FORM_PAGE)

    phone.get_by_label("Slutter i rollen").check()
    expect_sections(phone, {"leaving"})
    expect(phone.locator("#felt-new-name")).to_have_count(1)

    phone.get_by_label("Bytte: én slutter, en ny begynner").check()
    expect_sections(phone, {"new", "leaving"})

    phone.get_by_label("Endret navn eller kontaktinformasjon", exact=True).check()
    expect_sections(phone, {"contact"})
    assert axe_violations(phone) == []


def test_the_form_with_errors_shown_inline_passes_axe(phone: Page, site: Site) -> None:
    phone.goto(site.url + FORM_PAGE)
    phone.get_by_label("Din e-post").fill("ikke-en-adresse")
    phone.get_by_label("Slutter i rollen").check()
    phone.get_by_role("button", name="Send endringsmeldingen").click()

    summary = phone.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("feil som må rettes")
    expect(phone.locator("#felt-reporter-email-feil")).to_contain_text("Skriv inn en gyldig e-postadresse")
    expect(phone.get_by_label("Din e-post")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#felt-leaving-name-feil")).to_be_visible()
    expect_sections(phone, {"leaving"})
    assert urlsplit(phone.url).path == FORM_PAGE, "no page load: the errors came inline"
    assert axe_violations(phone) == []


def test_the_form_with_errors_from_the_server_passes_axe(phone: Page, site: Site) -> None:
    phone.route("**/signup.js", lambda route: route.abort())  # as without JavaScript: the server renders the errors
    phone.goto(site.url + FORM_PAGE)
    phone.get_by_label("Din e-post").fill("ikke-en-adresse")
    phone.get_by_label("Slutter i rollen").check()
    phone.get_by_role("button", name="Send endringsmeldingen").click()

    expect(phone).to_have_title(re.compile("^Feil: "))
    summary = phone.locator("#feiloppsummering")
    expect(summary).to_contain_text("feil som må rettes")
    expect(summary).to_be_focused()
    expect(phone.get_by_label("Din e-post")).to_have_value("ikke-en-adresse")
    expect(phone.locator("#felt-reporter-email-feil")).to_contain_text("Skriv inn en gyldig e-postadresse")
    expect(phone.get_by_label("Slutter i rollen")).to_be_checked()
    expect_sections(phone, {"leaving"})  # the kind came back chosen, and the script applied it
    assert axe_violations(phone) == []


def test_a_new_nurse_can_be_reported_with_the_keyboard_alone(phone: Page, site: Site, client: Any) -> None:
    name, email = reporter()
    (starts,) = same_in_any_order(today() + timedelta(days=1), 1)  # typed alike whichever order the field reads
    phone.goto(site.url + FORM_PAGE)
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.getAttribute('href')") == "#hovedinnhold"

    tab_to(phone, "felt-reporter-name", limit=120)  # past the menu and the links in the page's text
    phone.keyboard.type(name)
    tab_to(phone, "felt-reporter-email", limit=3)
    phone.keyboard.type(email)
    tab_to(phone, "felt-unit", limit=3)  # past the email link in the hint
    choose_with_arrows(phone, "felt-unit", UNIT["id"])
    tab_to(phone, "felt-kind", limit=3)
    phone.keyboard.press("Space")
    expect(phone.get_by_label("Ny ressurssykepleier", exact=True)).to_be_checked()
    expect_sections(phone, {"new"})
    tab_to(phone, "felt-effective-date", limit=3)
    phone.keyboard.type(starts.strftime("%d%m%Y"))
    expect(phone.locator("#felt-effective-date")).to_have_value(starts.isoformat())
    tab_to(phone, "felt-new-name", limit=6)  # past the other parts of the date field
    phone.keyboard.type("Nina Ny")
    tab_to(phone, "felt-new-email", limit=3)
    phone.keyboard.type("nina.ny@example.no")
    tab_to(phone, "felt-new-phone", limit=3)
    phone.keyboard.type("912 34 567")
    tab_to(phone, "felt-new-education", limit=3)
    phone.keyboard.press("Space")
    tab_to(phone, "felt-new-listed", limit=3)
    phone.keyboard.press("Space")
    expect(phone.locator("#felt-new-listed")).to_be_checked()
    tab_to(phone, "felt-comment", limit=3)  # the hidden sections take no Tab stop
    phone.keyboard.type("Begynner etter ferien.")
    tab_to(phone, "felt-informed", limit=3)
    phone.keyboard.press("Space")
    tab_to(phone, "send-endringsmelding", limit=3)  # past the link to the privacy statement
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk for endringsmeldingen")
    assert urlsplit(phone.url).path == RECEIPT_PAGE
    assert axe_violations(phone) == [], "the receipt page"
    report = report_by(client, email)
    assert (report.kind, report.unit, report.status) == ("new", UNIT["id"], "pending")
    assert (report.new_name, report.new_education, report.new_listed) == ("Nina Ny", "kreftsykepleier", True)
    assert report.effective_date == starts
    assert len(emails_to(email, "Vi har fått endringsmeldingen")) == 1


def test_without_javascript_the_form_posts_and_lands_on_the_receipt(
    phone_without_js: Page, site: Site, client: Any
) -> None:
    page = phone_without_js
    name, email = reporter()
    page.goto(site.url + FORM_PAGE)
    page.get_by_role("button", name="Send endringsmeldingen").click()
    expect(page).to_have_title(re.compile("^Feil: "))
    expect(page.locator("#feiloppsummering")).to_contain_text("feil som må rettes")
    expect_sections(page, {"new", "leaving", "contact"})

    page.locator("#felt-reporter-name").fill(name)
    page.locator("#felt-reporter-email").fill(email)
    page.locator("#felt-unit").select_option(UNIT["id"])
    page.get_by_label("Slutter i rollen").check()
    page.locator("#felt-effective-date").fill((today() + timedelta(days=30)).isoformat())
    page.locator("#felt-leaving-name").fill("Siri Slutter")
    page.locator("#felt-informed").check()
    page.get_by_role("button", name="Send endringsmeldingen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for endringsmeldingen")
    assert urlsplit(page.url).path == RECEIPT_PAGE
    report = report_by(client, email)
    assert (report.kind, report.leaving_name, report.new_name) == ("leaving", "Siri Slutter", "")


def test_the_public_page_with_the_counts_passes_axe(phone: Page, site: Site) -> None:
    response = phone.goto(site.url + "/api/ressurssykepleiere")
    assert response is not None and response.status == 200
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ressurssykepleiere i nettverket")
    table = phone.get_by_role("table", name="Enheter med og uten ressurssykepleier, per område")
    expect(table.get_by_role("row")).to_have_count(len(NETWORK["areas"]) + 2)  # the header and the totals
    expect(phone.locator("figure svg[role=img]")).to_be_visible()
    box = phone.locator("figure svg").bounding_box()
    assert box is not None and box["width"] <= 390, "the chart fits the phone's screen"
    phone.get_by_role("link", name="Meld ny ressurssykepleier eller endringer").click()
    expect(phone).to_have_url(site.url + FORM_PAGE)
    phone.go_back()
    assert axe_violations(phone) == []
