"""The public hospitation pages in Debian's Chromium on the real local stack, as a nurse and her leader meet them on a
phone: the request page and its form with errors shown (inline and from the server), a request sent with the
keyboard alone and without JavaScript, the leader's consent page from the email and its "no" without a reason, and
the nurse's page with the evaluation form. axe-core (WCAG 2.1 A and AA) finds nothing on any of them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import axe_violations, tab_to
from tests.support.hospitation import (
    HOST_UNIT,
    Person,
    consent_link,
    consent_yes,
    emails_to,
    fill_request_form,
    link_item,
    request_id,
    same_in_any_order,
    status,
    submit,
    to_evaluation,
    today,
)
from tests.support.stack import Site

REQUEST_PAGE = "/hospitering/"
OWN_PAGE = "Søknaden din om hospitering"


def test_the_hospitation_page_passes_axe(phone: Page, site: Site) -> None:
    phone.goto(site.url + REQUEST_PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hospitering")
    expect(phone.get_by_role("button", name="Send søknaden")).to_be_visible()
    assert axe_violations(phone) == []


def test_the_request_form_with_errors_shown_inline_passes_axe(phone: Page, site: Site) -> None:
    phone.goto(site.url + REQUEST_PAGE)
    phone.get_by_label("E-post", exact=True).fill("ikke-en-adresse")
    phone.get_by_role("button", name="Send søknaden").click()

    summary = phone.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Skjemaet har 12 feil som må rettes")
    expect(phone.locator("#felt-email-feil")).to_contain_text("Skriv inn en gyldig e-postadresse")
    expect(phone.get_by_label("E-post", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#felt-period1-first-feil")).to_be_visible()
    assert urlsplit(phone.url).path == REQUEST_PAGE, "no page load: the errors came inline"
    assert axe_violations(phone) == []


def test_the_request_form_with_errors_from_the_server_passes_axe(phone: Page, site: Site) -> None:
    phone.route("**/signup.js", lambda route: route.abort())  # as without JavaScript: the server renders the errors
    phone.goto(site.url + REQUEST_PAGE)
    phone.get_by_label("E-post", exact=True).fill("ikke-en-adresse")
    phone.get_by_role("button", name="Send søknaden").click()

    expect(phone).to_have_title(re.compile("^Feil: "))
    summary = phone.locator("#feiloppsummering")
    expect(summary).to_contain_text("feil som må rettes")
    expect(summary).to_be_focused()
    expect(phone.get_by_label("E-post", exact=True)).to_have_value("ikke-en-adresse")
    expect(phone.locator("#felt-email-feil")).to_contain_text("Skriv inn en gyldig e-postadresse")
    assert axe_violations(phone) == []


def test_a_request_can_be_sent_with_the_keyboard_alone(phone: Page, site: Site, client: Any) -> None:
    person = Person.new("Tone")
    first, last = same_in_any_order(today() + timedelta(days=1), 2)
    phone.goto(site.url + REQUEST_PAGE)
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.getAttribute('href')") == "#hovedinnhold"

    tab_to(phone, "felt-name", limit=120)  # past the menu and the links in the page's text
    phone.keyboard.type(person.name)
    for element_id, text in [
        ("felt-email", person.email),
        ("felt-phone", "912 34 567"),
        ("felt-workplace", "Fjellhamar sykehjem"),
    ]:
        tab_to(phone, element_id, limit=3)
        phone.keyboard.type(text)
    tab_to(phone, "felt-municipality", limit=3)
    choose_with_arrows(phone, "felt-municipality", "Lørenskog")
    tab_to(phone, "felt-leader-name", limit=3)
    phone.keyboard.type(person.leader_name)
    tab_to(phone, "felt-leader-email", limit=3)
    phone.keyboard.type(person.leader_email)
    tab_to(phone, "felt-host-unit", limit=3)
    choose_with_arrows(phone, "felt-host-unit", HOST_UNIT)
    tab_to(phone, "felt-period1-first", limit=3)
    phone.keyboard.type(first.strftime("%d%m%Y"))
    expect(phone.locator("#felt-period1-first")).to_have_value(first.isoformat())
    tab_to(phone, "felt-period1-last", limit=6)  # past the other parts of the date field
    phone.keyboard.type(last.strftime("%d%m%Y"))
    expect(phone.locator("#felt-period1-last")).to_have_value(last.isoformat())
    tab_to(phone, "felt-goals", limit=20)  # past the optional second period
    phone.keyboard.type("Jeg vil lære hvordan palliativt team kartlegger smerter.")
    tab_to(phone, "felt-consent", limit=3)
    phone.keyboard.press("Space")
    expect(phone.locator("#felt-consent")).to_be_checked()
    tab_to(phone, "send-hospitering", limit=3)  # past the link to the privacy statement
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", level=1)).to_have_text(OWN_PAGE)
    expect(phone.locator("#hospitering-status")).to_contain_text("Venter på leders samtykke")
    assert urlsplit(phone.url).path.startswith("/api/hospitering/")
    assert axe_violations(phone) == [], "the nurse's own page"
    request = request_id(client, urlsplit(phone.url).path)
    assert status(client, request) == "awaiting_consent"
    assert len(emails_to(person.email, "Vi har fått søknaden din om hospitering")) == 1


def choose_with_arrows(page: Page, element_id: str, value: str) -> None:
    for _ in range(60):  # arrow keys through the list, as a keyboard user does
        if page.locator(f"#{element_id}").input_value() == value:
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#{element_id}")).to_have_value(value)


def test_without_javascript_the_form_posts_and_lands_on_the_nurses_page(
    phone_without_js: Page, site: Site, client: Any
) -> None:
    page = phone_without_js
    person = Person.new("Unn")
    page.goto(site.url + REQUEST_PAGE)
    page.get_by_role("button", name="Send søknaden").click()
    expect(page).to_have_title(re.compile("^Feil: "))
    expect(page.locator("#feiloppsummering")).to_contain_text("feil som må rettes")

    fill_request_form(page, person, today() + timedelta(days=20), today() + timedelta(days=34))
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OWN_PAGE)
    expect(page.locator("#hospitering-status")).to_contain_text("Venter på leders samtykke")
    path = urlsplit(page.url).path
    assert path.startswith("/api/hospitering/")
    assert status(client, request_id(client, path)) == "awaiting_consent"
    assert len(emails_to(person.email, "Vi har fått søknaden din om hospitering")) == 1


def test_the_consent_page_and_a_no_without_a_reason_pass_axe(phone: Page, site: Site, client: Any) -> None:
    # Given the leader opens the link in her email
    person = Person.new("Vigdis")
    submit(site, person)
    link = consent_link(site, person)
    request = request_id(client, link)
    phone.goto(site.url + link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Samtykke til hospitering")
    expect(phone.locator("main")).to_contain_text(person.name)
    assert axe_violations(phone) == []

    # When she says no without a reason
    phone.get_by_label("Nei, ikke denne gangen").check()
    phone.get_by_role("button", name="Send svaret").click()

    # Then the page says so at the field, announced by the summary on top, and nothing is answered
    expect(phone).to_have_title(re.compile("^Feil: "))
    summary = phone.locator("#feiloppsummering")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv en kort begrunnelse")
    reason = phone.get_by_label("Begrunnelse hvis du sier nei")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_attribute("aria-describedby", re.compile(r"\bfelt-reason-feil\b"))
    expect(phone.locator("#felt-reason-feil")).to_contain_text("Skriv en kort begrunnelse")
    expect(phone.get_by_label("Nei, ikke denne gangen")).to_be_checked()
    assert axe_violations(phone) == []
    assert status(client, request) == "awaiting_consent"
    used = link_item(client, link)
    assert used is not None and "used_at" not in used

    # And with a reason the answer goes through
    summary.get_by_role("link", name=re.compile("Skriv en kort begrunnelse")).click()
    expect(reason).to_be_focused()
    phone.keyboard.type("Vi har for lite folk i desember.")
    phone.get_by_role("button", name="Send svaret").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk for svaret")
    assert axe_violations(phone) == []
    assert status(client, request) == "declined_by_leader"


def test_the_nurses_page_with_the_evaluation_form_passes_axe(phone: Page, site: Site, client: Any) -> None:
    # Given a stay that is over: the nurse opens the evaluation link in her email
    person = Person.new("Wenche")
    request, link = to_evaluation(site, client, person)
    phone.goto(site.url + link)
    expect(phone.get_by_role("heading", level=1)).to_have_text(OWN_PAGE)
    expect(phone.get_by_role("heading", name="Evaluering", exact=True)).to_be_visible()
    assert axe_violations(phone) == []

    # Sent empty, the form comes back with the messages at its fields
    phone.get_by_role("button", name="Send evalueringen").click()
    expect(phone).to_have_title(re.compile("^Feil: "))
    expect(phone.locator("#feiloppsummering")).to_contain_text("Skjemaet har 2 feil som må rettes")
    expect(phone.get_by_label("Hva lærte du?")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(phone) == []
    assert status(client, request) == "evaluating"

    # Answered, the request is completed
    phone.get_by_label("Hva lærte du?").fill("Hvordan teamet kartlegger smerter.")
    phone.get_by_label("Ja", exact=True).check()
    phone.get_by_role("button", name="Send evalueringen").click()
    expect(phone.locator("#hospitering-status")).to_contain_text("Takk for evalueringen")
    assert axe_violations(phone) == []
    assert status(client, request) == "completed"


def test_the_pages_of_a_used_and_a_forged_consent_link_pass_axe(phone: Page, site: Site) -> None:
    person = Person.new("Åslaug")
    submit(site, person)
    link = consent_link(site, person)
    consent_yes(site, person)
    for path, code, heading in [
        (link, 409, "Lenken er allerede brukt"),
        (link[:-3] + "abc", 404, "Vi finner ikke lenken"),
    ]:
        response = phone.goto(site.url + path)
        assert response is not None and response.status == code
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        expect(phone.get_by_role("alert")).to_be_visible()
        assert axe_violations(phone) == []
