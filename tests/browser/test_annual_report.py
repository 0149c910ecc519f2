"""The annual report in Debian's Chromium on the real local stack: the network leader signs in, opens the report from
the leaders' area, chooses another year and one area by keyboard (a GET form, no JavaScript needed), downloads the
Word document, and the page passes axe on a phone; a leader who is not signed in is sent to the sign-in."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.stack import Site

NETWORK_LEADER = "nettverksleder@example.no"


def test_the_network_leader_reads_chooses_and_downloads_the_annual_report(phone: Page, site: Site) -> None:
    this_year = datetime.now(ZoneInfo("Europe/Oslo")).year
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/arsrapport/")
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    phone.get_by_role("link", name="Årsrapporten med tall og diagrammer").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Årsrapport {this_year}")
    expect(phone.get_by_role("img", name="Ressurssykepleiere per område")).to_be_visible()
    assert axe_violations(phone) == []

    phone.locator("#ar").select_option(str(this_year - 1))
    phone.locator("#omrade").focus()
    phone.keyboard.press("ArrowDown")  # the first area
    phone.get_by_role("button", name="Vis tallene").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Årsrapport {this_year - 1}")
    expect(phone.locator(".lead")).to_have_text("Tallene for Gardermoregionen.")
    assert f"ar={this_year - 1}" in phone.url and "omrade=gardermoregionen" in phone.url

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Årsrapporten som Word-dokument").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    assert document.paragraphs[0].text == f"Årsrapport {this_year - 1}"
    assert "Gardermoregionen" in {cell.text for cell in document.tables[0].columns[0].cells}


def test_a_leader_who_is_not_signed_in_is_sent_to_the_sign_in(phone: Page, site: Site) -> None:
    phone.goto(f"{site.url}/api/leder/arsrapport")
    expect(phone.locator("#signin-form")).to_be_visible()
