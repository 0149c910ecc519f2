"""The governance view (/leder/styring/) in Debian's Chromium on the real local stack: the network leader adds a
member to Arbeidsgruppen, and without the person's consent the error is told at the checkbox and in the error
summary; with it, the public governance page names the member within 10 seconds (the publisher rebuilds), and
taking them out takes them off it. A new contact e-mail is in the footer of the front page, and undoing the change
brings the old one back. A save on a version someone else has changed meanwhile is refused with the API's message,
and the group is read again. Axe-clean when loaded and with errors. An area leader does not see the view."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.hospitation import get_page
from tests.support.stack import Publisher, Site

NETWORK_LEADER = "nettverksleder@example.no"
AREA_LEADER = "omradeleder.oslo@example.no"
PUBLISHED = 10.0  # seconds from the save to the change on the site


def group_section(page: Page, name: str) -> Locator:
    return page.locator("section[data-group]").filter(has=page.get_by_role("heading", name=name, level=2, exact=True))


def test_a_member_added_with_consent_is_on_the_governance_page_and_without_it_is_refused_at_the_checkbox(
    phone: Page, site: Site, publisher: Publisher
) -> None:
    name = f"Gunn Styre {uuid.uuid4().hex[:6]}"
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/styring/")
    expect(phone.locator("#governance-heading")).to_be_focused()
    group = group_section(phone, "Arbeidsgruppen")
    expect(group).to_have_count(1)
    expect(group.locator("tbody tr").first).to_be_visible()
    assert axe_violations(phone) == [], "the view as it loads"

    group.get_by_label("Navn", exact=True).fill(name)
    group.get_by_label("Rolle").select_option("medlem")
    group.get_by_label("Arbeidssted").fill("Nittedal kommune")
    group.get_by_label("Fra (dato, valgfritt)").fill("2026-01-01")
    group.get_by_role("button", name="Legg til medlemmet").click()  # without the person's consent
    summary = group.locator(".error-summary")
    expect(summary).to_be_focused()
    consent = group.get_by_label("Personen har sagt ja til å stå med navn på nettstedet")
    expect(consent).to_have_attribute("aria-invalid", "true")
    error = group.locator("[id$='-member-consent-error']")
    expect(error).to_contain_text("sagt ja")
    error_id = error.get_attribute("id") or ""
    expect(consent).to_have_attribute("aria-describedby", re.compile(rf"\b{re.escape(error_id)}\b"))
    summary.get_by_role("link").click()  # the summary's link goes to the checkbox
    expect(consent).to_be_focused()
    assert axe_violations(phone) == [], "with the error shown"

    phone.keyboard.press("Space")  # ticked by keyboard
    expect(consent).to_be_checked()
    group.get_by_role("button", name="Legg til medlemmet").click()
    done = group.locator("[id$='-group-done']")
    expect(done).to_be_focused()
    expect(done).to_contain_text(f"{name} er lagt til")
    expect(group.locator("tbody tr", has_text=name)).to_contain_text("Nittedal kommune")
    expect(error).to_have_count(0)
    publisher.until(lambda: name in get_page(site, "/styring/").text, timeout=PUBLISHED)
    phone.goto(f"{site.url}/styring/")
    public = phone.locator("section.group", has=phone.get_by_role("heading", name="Arbeidsgruppen"))
    row = public.get_by_role("row", name=re.compile(re.escape(name)))
    expect(row).to_contain_text("Medlem")
    expect(row).to_contain_text("Nittedal kommune")
    expect(row).not_to_contain_text("2026")  # only name, role and workplace are shown

    phone.goto(f"{site.url}/leder/styring/")
    group = group_section(phone, "Arbeidsgruppen")
    group.get_by_role("button", name=f"Endre {name}").click()
    expect(group.get_by_role("heading", name=f"Endre {name}")).to_be_focused()
    expect(group.get_by_label("Arbeidssted")).to_have_value("Nittedal kommune")
    expect(group.get_by_label("Fra (dato, valgfritt)")).to_have_value("2026-01-01")
    group.get_by_label("Arbeidssted").fill("Lørenskog kommune")
    group.get_by_role("button", name="Lagre endringene").click()
    expect(group.locator("[id$='-group-done']")).to_contain_text(f"Endringene for {name} er lagret")
    expect(group.locator("tbody tr", has_text=name)).to_contain_text("Lørenskog kommune")
    expect(group.get_by_role("heading", name="Legg til medlem")).to_be_visible()  # the form is for a new one again
    group.get_by_role("button", name=f"Ta ut {name} av gruppen").click()
    expect(group.locator("[id$='-group-done']")).to_contain_text("tatt ut")
    expect(group.locator("tbody tr", has_text=name)).to_have_count(0)
    publisher.until(lambda: name not in get_page(site, "/styring/").text, timeout=PUBLISHED)


def test_a_new_contact_email_is_in_the_footer_and_undoing_it_brings_the_old_one_back(
    phone: Page, site: Site, publisher: Publisher
) -> None:
    email = f"styring.{uuid.uuid4().hex[:6]}@example.no"
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/styring/")
    contact = phone.locator("#governance-contact")
    field = contact.get_by_label("E-post", exact=True)
    expect(field).not_to_have_value("")
    before = field.input_value()

    field.fill("ikke en adresse")
    contact.get_by_role("button", name="Lagre kontaktinformasjonen").click()
    expect(contact.locator(".error-summary")).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(contact.locator("#contact-email-error")).to_contain_text("e-postadresse")
    assert axe_violations(phone) == []

    field.fill(email)
    contact.get_by_role("button", name="Lagre kontaktinformasjonen").click()
    expect(phone.locator("#contact-done")).to_be_focused()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    publisher.until(lambda: email in get_page(site, "/").text, timeout=PUBLISHED)
    phone.goto(f"{site.url}/")
    expect(phone.locator(".site-footer").get_by_role("link", name=email)).to_have_attribute("href", f"mailto:{email}")

    phone.goto(f"{site.url}/leder/styring/")
    phone.locator("#contact-restore").click()  # the other tests find the seed's address again
    expect(phone.locator("#contact-done")).to_be_focused()
    expect(field).to_have_value(before)
    publisher.until(lambda: email not in get_page(site, "/").text, timeout=PUBLISHED)


def test_an_area_leader_does_not_see_the_governance_view(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/styring/")
    expect(phone.locator("#leader-not-for-role")).to_be_visible()
    nav = phone.get_by_role("navigation", name="Lederområdet")
    expect(nav.get_by_role("link", name="Styring og kontakt")).to_have_count(0)
    expect(nav.get_by_role("link", name="Til behandling")).to_be_visible()
    expect(phone.locator("section[data-group]")).to_have_count(0)  # nothing read for a view the role may not use


def test_a_change_someone_else_made_first_is_told_and_the_group_read_again(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/styring/")
    group = group_section(phone, "Arbeidsgruppen")
    expect(group.locator("tbody tr").first).to_be_visible()
    headers = {"Accept": "application/json", "Origin": site.url}
    seen = phone.request.get(f"{site.url}/api/leder/styring", headers=headers).json()
    found = next(one for one in seen["groups"] if one["name"] == "Arbeidsgruppen")
    other = {key: found[key] for key in ("name", "mandate", "shown", "version")}  # another tab saves it first
    changed = phone.request.put(f"{site.url}/api/leder/styring/grupper/{found['id']}", headers=headers, data=other)
    assert changed.status == 200, changed.text()

    group.get_by_role("button", name="Lagre gruppen").click()  # on the version the page read
    alert = group.locator("[id$='-group-error']")
    expect(alert).to_contain_text("Noen andre endret")
    expect(alert).to_contain_text("hentet opplysningene på nytt")
    assert axe_violations(phone) == []
    group.get_by_role("button", name="Lagre gruppen").click()  # now on the one read again
    expect(group.locator("[id$='-group-done']")).to_be_focused()
    expect(group.get_by_role("button", name="Angre siste endring")).to_be_visible()
