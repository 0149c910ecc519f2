"""The yearly self-report in Debian's Chromium on the real local stack: the network leader opens the year's round on
/leder/egenrapport/ with the keyboard (without a closing day first: the message at its field); a new resource nurse
opens her link from the email on her phone and answers (empty first: a message at each field); the view then counts
her answer, and the answers' page shows it. axe-core (WCAG 2.1 A and AA) finds nothing on any page."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from tests.browser.signing_in import sign_in_by_keyboard
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_roster_leaders import decide, email_of, report_new_nurse, today
from tests.support.hospitation import link_in, the_email
from tests.support.stack import Site

NETWORK_LEADER = "nettverksleder@example.no"
UNIT = "hurdal-omsorgssenter"
UNIT_LEADER = "una.enhetsleder@example.no"  # who reports the change in test_roster_leaders.report_change


def test_the_network_leader_opens_the_round_and_a_nurse_answers_by_her_link(
    phone: Page, site: Site, browser: Browser
) -> None:
    name = f"Sara Egen {uuid.uuid4().hex[:6].upper()}"
    decide(report_new_nurse(site, UNIT, name))  # on the roster from today, the report's sender her unit's leader

    sign_in_by_keyboard(phone, site, NETWORK_LEADER, path="/leder/egenrapport/")
    expect(phone.get_by_role("heading", level=2, name="Årlig egenrapport")).to_be_focused()
    opening = phone.locator("#self-report-open-section")
    expect(opening).to_be_visible()
    expect(phone.locator("#self-report-status")).to_have_text("Ingen runde er åpnet ennå.")
    assert axe_violations(phone) == []

    # Sent without a closing day: the message at the date's field, which has the focus
    tab_to(phone, "self-report-open-submit")
    phone.keyboard.press("Enter")
    closes = phone.locator("#self-report-closes")
    expect(closes).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#self-report-closes-error")).to_contain_text("Velg datoen runden stenger.")
    expect(closes).to_be_focused()
    assert axe_violations(phone) == []

    # A day four weeks ahead, and sent: the news with the focus, the areas' table, the links to the answers
    closes.fill((today() + timedelta(days=28)).isoformat())
    tab_to(phone, "self-report-open-submit", limit=5)
    phone.keyboard.press("Enter")
    done = phone.locator("#self-report-done")
    expect(done).to_be_focused()
    expect(done).to_have_text(re.compile(r"^Runden for \d{4} er åpnet\. \d+ ressurssykepleiere og \d+ ledere får"))
    expect(opening).to_be_hidden()
    expect(phone.locator("#self-report-status")).to_contain_text("er åpen til og med")
    expect(phone.locator("#self-report-areas-table tbody tr").first).to_be_visible()
    expect(phone.locator("#self-report-change")).to_be_visible()
    assert axe_violations(phone) == []

    # Her link, on her own phone: the form, a message at each field when sent empty, then her answer
    link = link_in(the_email(email_of(name), "Årlig egenrapport"), site, "/api/egenrapport/")
    assert len(link_in(the_email(UNIT_LEADER, "Årlig egenrapport"), site, "/api/egenrapport/")) > 20
    nurse = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    try:
        page = nurse.new_page()
        page.goto(site.url + link)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Årlig egenrapport")
        expect(page.locator("main")).to_contain_text("Ikke skriv pasientopplysninger")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Send egenrapporten").click()
        expect(page.locator("#felt-did-feil")).to_contain_text("Skriv kort hva du har gjort")
        expect(page.locator("#felt-planned-feil")).to_be_visible()
        expect(page.locator("#felt-did")).to_have_attribute("aria-invalid", "true")
        assert axe_violations(page) == []
        page.locator("#felt-did").focus()
        page.keyboard.type("Internundervisning om munnstell for kveldsvakta.")
        page.keyboard.press("Tab")
        page.keyboard.type("Bli med i tiltakspakken for livets siste dager.")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # the first choice: yes, we have talked about the work plan
        expect(page.locator("#felt-planned")).to_be_checked()
        page.get_by_role("button", name="Send egenrapporten").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Takk for egenrapporten!")
        assert axe_violations(page) == []
    finally:
        nurse.close()

    # The view counts her answer; the answers' page has it
    phone.reload()
    expect(phone.locator("#self-report-summary")).to_contain_text(re.compile(r"Ressurssykepleiere: [1-9]\d* av"))
    answers = phone.get_by_role("link", name=re.compile(r"^Se svarene for \d{4}$"))
    answers.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Årlig egenrapport")
    expect(phone.locator("main")).to_contain_text("Internundervisning om munnstell for kveldsvakta.")
    expect(phone.locator("main")).to_contain_text(name)
    assert axe_violations(phone) == []
