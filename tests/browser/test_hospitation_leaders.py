"""Hospitation in the leaders' area, in Debian's Chromium on the real local stack: a request sent and consented to over
HTTP, then the host unit signs in by keyboard at /leder/#hospiteringer, opens it, gets a message at each field it
left empty, and confirms the dates; the network leader says no to one and erases it; an area leader of another area
does not see it. axe-clean with the details and a form error shown."""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request
import uuid
from datetime import date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser import signing_in
from tests.browser.test_accessibility import axe_violations
from tests.support.guard import guarded
from tests.support.stack import Site

HOST_UNIT = "ahus-palliativt-senter"  # the demo host unit's (vertsenhet@example.no) own
CONSENT_LINK = re.compile(r"https?://[^\s\"<>]+/api/samtykke/[A-Za-z0-9_-]+")


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


def post_form(url: str, fields: dict[str, str]) -> int:
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(guarded(fields)).encode(),  # filled in a minute ago
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        status: int = answer.status
        return status


def emails_to(address: str) -> list[EmailMessage]:
    from tests.support.mail import settled_outbox

    settled_outbox()  # the mail worker on the table's stream has sent what was written
    found = []
    for path in sorted(Path(os.environ["MAIL_OUTBOX"]).glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        if address in str(message["To"]):
            found.append(message)
    return found


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())  # type: ignore[attr-defined]


def request_hospitation(site: Site, name: str) -> str:
    """Send a request to the demo host unit from a nurse in Lørenskog (Nedre Romerike), and let their leader say yes
    through the link in the email, so that it reaches the host. Returns the nurse's email."""
    key = uuid.uuid4().hex[:10]
    email, leader_email = f"hospitant.{key}@example.no", f"leder.{key}@lorenskog.kommune.no"  # mailed at once
    first = today() + timedelta(days=14)
    status = post_form(
        f"{site.url}/api/hospitering",
        {
            "name": name,
            "email": email,
            "phone": "912 34 567",
            "workplace": "Fjellhamar sykehjem",
            "municipality": "Lørenskog",
            "leader_name": "Lise Leder",
            "leader_email": leader_email,
            "host_unit": HOST_UNIT,
            "period1_first": first.isoformat(),
            "period1_last": (first + timedelta(days=30)).isoformat(),
            "goals": "Lære mer om symptomlindring i livets siste dager.",
            "consent": "ja",
        },
    )
    assert status == 201
    links = [link for message in emails_to(leader_email) for link in CONSENT_LINK.findall(text_of(message))]
    assert len(links) == 1, "one consent request to the nearest leader"
    assert post_form(links[0], {"decision": "ja"}) == 200
    return email


def sign_in_by_keyboard(page: Page, site: Site, email: str, path: str = "/leder/") -> None:
    signing_in.sign_in_by_keyboard(page, site, email, path=path)


def unique_name(first: str) -> str:
    return f"{first} Hospitant {uuid.uuid4().hex[:6].upper()}"


def test_the_host_unit_confirms_the_dates_by_keyboard_and_the_page_passes_axe(phone: Page, site: Site) -> None:
    name = unique_name("Åsa")
    nurse = request_hospitation(site, name)
    sign_in_by_keyboard(phone, site, "vertsenhet@example.no", "/leder/#hospiteringer")
    expect(phone.locator("#leader-who")).to_contain_text("Vertsenhet")
    expect(phone.locator("#hospiteringer")).to_be_focused()  # the emails' link lands on the section
    assert phone.locator("#courses").is_hidden() and phone.locator("#audit").is_hidden()
    expect(phone.locator("#leader-alert")).to_be_empty()  # no word about courses the host unit does not see

    row = phone.locator("#hospitations-table tbody tr", has_text=name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Venter på vertsenheten")
    row.get_by_role("button", name=f"Vis søknaden fra {name}").press("Enter")
    heading = phone.locator("#hospitation-detail-heading")
    expect(heading).to_be_focused()
    expect(heading).to_contain_text(name)
    detail = phone.locator("#hospitation-detail")
    expect(detail).to_contain_text("Fjellhamar sykehjem")
    expect(detail).to_contain_text("Lære mer om symptomlindring")
    expect(phone.locator("#confirm-form")).to_contain_text("Ikke skriv pasientopplysninger")
    assert phone.locator("#decline-form").is_visible() and phone.locator("#erase-part").is_hidden()

    phone.locator("#confirm-submit").focus()
    phone.keyboard.press("Enter")  # nothing filled in
    expect(phone.locator("#confirm-error")).to_contain_text("Noen av feltene må rettes")
    assert phone.locator("#confirm-error").get_attribute("role") == "alert"
    first_day = phone.locator("#confirm-first-day")
    expect(first_day).to_be_focused()
    expect(first_day).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#confirm-first-day-error")).to_contain_text("Skriv inn første dag.")
    expect(phone.locator("#confirm-meeting-time-error")).to_be_visible()
    expect(phone.locator("#confirm-meeting-time")).to_have_attribute("aria-invalid", "true")
    assert "confirm-first-day-error" in (first_day.get_attribute("aria-describedby") or "")
    assert axe_violations(phone) == [], "the details with the form's errors shown"

    day = today() + timedelta(days=21)
    first_day.fill(day.isoformat())
    phone.keyboard.press("Tab")
    phone.locator("#confirm-last-day").fill((day + timedelta(days=1)).isoformat())
    phone.locator("#confirm-meeting-time").fill("08:30")
    phone.locator("#confirm-message").fill("Møt i resepsjonen på Palliativt senter. Ta med navneskilt.")
    phone.locator("#confirm-submit").focus()
    phone.keyboard.press("Enter")

    done = phone.locator("#hospitation-detail-done")
    expect(done).to_contain_text("Datoene er bekreftet")
    expect(done).to_be_focused()
    expect(phone.locator("#hospitation-facts")).to_contain_text("Bekreftet")
    expect(phone.locator("#hospitation-facts")).to_contain_text("08.30")
    expect(row).to_contain_text("Bekreftet")
    expect(phone.locator("#confirm-heading")).to_have_text("Endre datoene")  # may be moved until the first day
    assert phone.locator("#decline-form").is_hidden()
    assert any("bekreftet" in str(message["Subject"]) for message in emails_to(nurse))
    assert axe_violations(phone) == [], "the details after the dates are confirmed"

    phone.locator("#hospitation-close").click()
    assert phone.locator("#hospitation-detail").is_hidden()
    expect(row.get_by_role("button")).to_be_focused()


def test_the_network_leader_says_no_with_a_reason_then_erases_the_request(phone: Page, site: Site) -> None:
    name = unique_name("Bodil")
    request_hospitation(site, name)
    sign_in_by_keyboard(phone, site, "nettverksleder@example.no", "/leder/kurs/")
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    expect(phone.locator("#courses-table tbody tr").first).to_be_visible()
    phone.goto(f"{site.url}/leder/#hospiteringer")  # the link in the emails, to the hospitation view
    expect(phone.locator("#hospiteringer")).to_be_focused()
    expect(phone.locator("#hospiteringer")).to_be_in_viewport()  # still there once the courses above have come

    phone.get_by_label("Vertsenhet").select_option(HOST_UNIT)
    phone.locator("#hospitations-form").get_by_role("button", name="Vis").click()
    expect(phone.locator("#leader-status")).to_contain_text("Søknader om hospitering:")
    row = phone.locator("#hospitations-table tbody tr", has_text=name)
    expect(row).to_have_count(1)
    csv = phone.locator("#hospitations-downloads a", has_text="komma")
    expect(csv).to_have_attribute(
        "href", re.compile(rf"enhet={HOST_UNIT}.*format=komma|format=komma.*enhet={HOST_UNIT}")
    )
    row.get_by_role("button", name=f"Vis søknaden fra {name}").click()
    expect(phone.locator("#hospitation-detail-heading")).to_be_focused()

    phone.locator("#decline-submit").click()  # no reason given
    expect(phone.locator("#decline-reason-error")).to_contain_text("begrunnelse")
    expect(phone.locator("#decline-reason")).to_be_focused()
    phone.locator("#decline-reason").fill("Vi har ingen ledig plass i perioden. Søk gjerne igjen til høsten.")
    phone.locator("#decline-submit").click()
    expect(phone.locator("#hospitation-detail-done")).to_contain_text("Svaret er sendt")
    expect(phone.locator("#hospitation-facts")).to_contain_text("Vertsenheten sa nei")
    expect(row).to_contain_text("Vertsenheten sa nei")
    assert phone.locator("#confirm-form").is_hidden() and phone.locator("#decline-form").is_hidden()

    phone.locator("#erase-start").click()
    expect(phone.locator("#erase-question")).to_be_focused()
    expect(phone.locator("#erase-question")).to_contain_text(name)
    assert axe_violations(phone) == [], "asked to confirm the erasure"
    phone.get_by_role("button", name="Avbryt").click()
    expect(phone.locator("#erase-start")).to_be_focused()
    phone.locator("#erase-start").click()
    phone.get_by_role("button", name="Ja, slett").click()
    expect(phone.locator("#leader-status")).to_contain_text("Søknaden er slettet.")
    assert phone.locator("#hospitation-detail").is_hidden()
    expect(row).to_have_count(0)


def test_an_area_leader_sees_the_requests_of_their_area_only(phone: Page, site: Site) -> None:
    name = unique_name("Cecilie")
    request_hospitation(site, name)
    sign_in_by_keyboard(phone, site, "omradeleder.kongsvingerregionen@example.no", "/leder/hospitering/")
    expect(phone.locator("#leader-who")).to_contain_text("Kongsvingerregionen")
    expect(phone.locator("#hospitations-table tbody tr").first).to_be_visible()  # the list has come
    expect(phone.locator("#hospitations-table")).not_to_contain_text(name)

    phone.locator("#signout").click()
    expect(phone.locator("#signin-form")).to_be_visible()
    sign_in_by_keyboard(
        phone, site, "omradeleder.nedre-romerike@example.no", "/leder/hospitering/"
    )  # the nurse's own area
    expect(phone.locator("#hospitations-table tbody tr", has_text=name)).to_have_count(1)
