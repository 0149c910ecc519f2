"""/leder/enheter/ in Debian's Chromium on the real local stack, on a 375-pixel phone: the network leader adds a unit
with the keyboard alone (a mistake told at its field first), the site is published again from the table (the
catalogue file, as the publisher makes it) and the public change report form offers the new unit and takes a report
about it; coverage counts it, and closed it leaves the count. An area leader reads their area's units. axe-core finds
nothing on the view."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from roster.live import catalogue_units
from roster.repository import DynamoRosterRepository
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_hospitation import choose_with_arrows
from tests.browser.test_leaders import sign_in_by_keyboard
from tests.support.hospitation import get_page, today
from tests.support.stack import TABLE, Publisher, Site

NETWORK_LEADER = "nettverksleder@example.no"
OSLO_LEADER = "omradeleder.oslo@example.no"
VIEW = "/leder/enheter/"


@pytest.fixture
def small_phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nb-NO")
    yield context.new_page()
    context.close()


def signed_in(page: Page, site: Site, email: str, path: str) -> None:
    sign_in_by_keyboard(page, site, email, path=path)
    expect(page.locator("#leader-who")).to_be_visible(timeout=15_000)


def coverage_units(page: Page, site: Site, area_name: str) -> int:
    page.goto(site.url + "/leder/navneliste/")
    row = page.locator("#coverage-table tbody tr", has_text=area_name)
    expect(row).to_have_count(1, timeout=15_000)
    return int(row.locator("td").first.inner_text())


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, "fits a 375-pixel phone"


def test_the_network_leader_adds_a_unit_by_keyboard_and_the_published_form_offers_it(
    small_phone: Page, site: Site, client: Any, publisher: Publisher
) -> None:
    page = small_phone
    name = f"Grorud testhjem {uuid.uuid4().hex[:6].upper()}"
    signed_in(page, site, NETWORK_LEADER, "/leder/navneliste/")
    before = coverage_units(page, site, "Bydelene i Oslo")

    page.goto(site.url + VIEW)
    expect(page.locator("#units-heading")).to_have_text("Enheter")
    expect(page.locator("#units-table tbody tr")).to_have_count(36, timeout=15_000)
    expect(page.locator("#unit-form")).to_be_visible()
    no_sideways_scroll(page)
    assert axe_violations(page) == [], "the view"

    # Sent empty: each mistake at its field, and focus on the first.
    page.locator("#unit-form-heading").focus()
    tab_to(page, "unit-submit", limit=12)
    page.keyboard.press("Enter")
    expect(page.locator("#unit-name-error")).to_contain_text("Skriv inn navnet på enheten.")
    expect(page.locator("#unit-name")).to_be_focused()
    expect(page.locator("#unit-name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#unit-municipality-error")).to_contain_text("Velg kommunen eller bydelen.")
    assert axe_violations(page) == [], "the form with its errors"

    page.keyboard.type(name)
    tab_to(page, "unit-kind", limit=3)
    choose_with_arrows(page, "unit-kind", "langtidshjem")
    tab_to(page, "unit-area", limit=3)
    choose_with_arrows(page, "unit-area", "oslo")
    tab_to(page, "unit-municipality", limit=3)
    choose_with_arrows(page, "unit-municipality", "Bydel Grorud")
    tab_to(page, "unit-submit", limit=3)
    builds = publisher.builds
    page.keyboard.press("Enter")

    expect(page.locator("#units-done")).to_have_text(f"{name} er lagt til.")
    expect(page.locator("#units-done")).to_be_focused()
    row = page.locator("#units-table tbody tr", has_text=name)
    expect(row).to_contain_text("Bydel Grorud")
    expect(row).to_contain_text("I bruk")
    expect(page.locator("#unit-name")).to_have_value("")
    unit_id = next(unit["id"] for unit in catalogue_units() if unit["name"] == name)
    assert coverage_units(page, site, "Bydelene i Oslo") == before + 1, "counted in coverage at once"

    # The publisher builds the site again from the table (the unit's publish request, through the table's stream):
    # the public form offers the unit, and takes a report about it.
    publisher.wait(builds)
    publisher.until(lambda: f'value="{unit_id}"' in get_page(site, "/navneliste/endring/").text)
    page.goto(site.url + "/navneliste/endring/")
    option = page.locator(f'#felt-unit option[value="{unit_id}"]')
    expect(option).to_have_text(name)
    email = f"leder.{uuid.uuid4().hex[:8]}@example.no"
    page.locator("#felt-reporter-name").fill("Grete Grorud")
    page.locator("#felt-reporter-email").fill(email)
    page.locator("#felt-unit").select_option(unit_id)
    page.get_by_label("Ny ressurssykepleier", exact=True).check()
    page.locator("#felt-effective-date").fill(today().isoformat())
    page.locator("#felt-new-name").fill("Nils Ny")
    page.locator("#felt-new-email").fill(f"nils.{uuid.uuid4().hex[:6]}@example.no")
    page.locator("#felt-new-phone").fill("912 34 567")
    page.locator("#felt-new-education").first.check()
    page.locator("#felt-informed").check()
    page.get_by_role("button", name="Send endringsmeldingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for endringsmeldingen")
    reports = [r for r in DynamoRosterRepository(client, TABLE).reports_in_area("oslo") if r.reporter_email == email]
    assert [r.unit for r in reports] == [unit_id]


def test_a_closed_unit_leaves_the_coverage_count_and_can_be_reopened(small_phone: Page, site: Site) -> None:
    page = small_phone
    signed_in(page, site, NETWORK_LEADER, "/leder/navneliste/")
    before = coverage_units(page, site, "Kongsvingerregionen")
    page.goto(site.url + VIEW)
    row = page.locator("#units-table tbody tr", has_text="Eidskog helsetun")
    expect(row).to_have_count(1, timeout=15_000)
    row.get_by_role("button", name="Endre Eidskog helsetun").press("Enter")
    expect(page.locator("#unit-form-heading")).to_have_text("Endre Eidskog helsetun")
    expect(page.locator("#unit-form-heading")).to_be_focused()
    expect(page.locator("#unit-name")).to_have_value("Eidskog helsetun")
    expect(page.locator("#unit-state-intro")).to_contain_text("Eidskog helsetun er i bruk.")
    assert axe_violations(page) == [], "the form with a unit to change"
    tab_to(page, "unit-state-submit", limit=12)
    page.keyboard.press("Enter")
    expect(page.locator("#units-done")).to_have_text("Eidskog helsetun er stengt.")
    expect(row).to_contain_text("Stengt")
    assert coverage_units(page, site, "Kongsvingerregionen") == before - 1

    page.goto(site.url + VIEW)
    row.get_by_role("button", name="Endre Eidskog helsetun").click()
    expect(page.locator("#unit-state-submit")).to_have_text("Åpne Eidskog helsetun igjen")
    page.locator("#unit-state-submit").click()
    expect(page.locator("#units-done")).to_have_text("Eidskog helsetun er åpnet igjen.")
    expect(row).to_contain_text("I bruk")
    assert coverage_units(page, site, "Kongsvingerregionen") == before


def test_an_area_leader_reads_their_areas_units_without_the_forms(small_phone: Page, site: Site) -> None:
    page = small_phone
    signed_in(page, site, OSLO_LEADER, VIEW)
    rows = page.locator("#units-table tbody tr")
    expect(rows.first).to_contain_text("Bydel", timeout=15_000)
    assert all("Bydel" in text for text in rows.all_inner_texts())
    expect(page.locator("#unit-form")).to_be_hidden()
    expect(page.locator("#host-form")).to_be_hidden()
    expect(page.locator("#units-table").get_by_role("button")).to_have_count(0)
    no_sideways_scroll(page)
    assert axe_violations(page) == []
