"""The newsletter's form in Debian's Chromium on the real local stack: errors inline, filled in with the keyboard
alone, the confirmation and the unsubscribe pages; axe-core (WCAG 2.1 A and AA) finds nothing on any of them.
Without JavaScript: tests/handlers/test_newsletter.py."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from common.unsubscribe import unsubscribe_token
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.support.hospitation import emails_to, link_in
from tests.support.stack import Site

FORM_PAGE = "/nyhetsbrev/"


def test_the_form_with_the_keyboard_alone_then_the_link_and_leaving_again_all_pass_axe(phone: Page, site: Site) -> None:
    address = f"nyhet.{uuid.uuid4().hex[:10]}@example.no"
    phone.goto(site.url + FORM_PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Nyhetsbrev")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Meld meg på nyhetsbrevet").click()  # empty: errors inline
    expect(phone.locator("#feiloppsummering")).to_be_focused()
    expect(phone.locator("#felt-email")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(phone) == []

    phone.goto(site.url + FORM_PAGE)
    tab_to(phone, "felt-name", limit=120)
    phone.keyboard.type("Kari Nordmann")
    tab_to(phone, "felt-email", limit=3)
    phone.keyboard.type(address)
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/nyhetsbrev/takk/$"))
    assert axe_violations(phone) == []

    (email,) = emails_to(address, "Bekreft at du vil ha nyhetsbrevet")
    phone.goto(site.url + link_in(email, site, "/api/nyhetsbrev/bekreft/"))
    assert axe_violations(phone) == []
    tab_to(phone, "bekreft-nyhetsbrev", limit=40)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Du får nyhetsbrevet")
    assert axe_violations(phone) == []

    phone.goto(f"{site.url}/api/epostliste/{unsubscribe_token('newsletter', address)}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Vil du ikke lenger få e-post fra nyhetsbrevet?")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Meld meg av").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Du er meldt av")
    assert axe_violations(phone) == []
