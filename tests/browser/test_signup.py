"""Signing up in a real browser, with JavaScript and without, as a nurse on a phone would."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from courses.repository import DynamoCourseRepository
from tests.support.stack import Site


def fill(page: Page, email: str) -> None:
    page.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    page.get_by_label("E-post", exact=True).fill(email)
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_label("Arbeidssted").fill("Fjellhamar sykehjem")
    page.get_by_label("Kommune eller bydel").select_option("Lørenskog")
    page.get_by_label("Ressurssykepleier").check()
    page.get_by_label("Nærmeste leders navn").fill("Lise Leder")
    page.get_by_label("Nærmeste leders e-post").fill("lise@example.no")
    page.get_by_label(re.compile("Jeg samtykker")).check()


def emails(repository: DynamoCourseRepository, course_id: str) -> list[str]:
    return [registration.email for registration in repository.registrations(course_id)]


def test_with_javascript_errors_show_inline_and_a_fixed_form_lands_on_the_receipt(
    phone: Page, site: Site, repository: DynamoCourseRepository
) -> None:
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(f"{site.url}/kurs/{site.open_course}/")
    fill(phone, "js-bruker@")
    phone.get_by_role("button", name="Meld meg på").click()

    summary = phone.locator("#feiloppsummering")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skjemaet har 1 feil som må rettes")
    email = phone.get_by_label("E-post", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#felt-email-feil")).to_contain_text("Skriv inn en gyldig e-postadresse")
    assert urlsplit(phone.url).path == f"/kurs/{site.open_course}/", "no page load: the error came inline"
    assert "js-bruker@" not in "".join(emails(repository, site.open_course))

    email.fill("js-bruker@example.no")
    phone.get_by_role("button", name="Meld meg på").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    assert urlsplit(phone.url).path.startswith("/api/pameldinger/")
    assert emails(repository, site.open_course).count("js-bruker@example.no") == 1
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requests), "no request to another host"


def test_without_javascript_the_server_renders_the_errors_and_a_fixed_form_lands_on_the_receipt(
    phone_without_js: Page, site: Site, repository: DynamoCourseRepository
) -> None:
    page = phone_without_js
    page.goto(f"{site.url}/kurs/{site.open_course}/")
    page.get_by_role("button", name="Meld meg på").click()

    expect(page).to_have_title(re.compile("^Feil: "))
    summary = page.locator("#feiloppsummering")
    expect(summary).to_contain_text("Skjemaet har 9 feil som må rettes")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Skriv inn navnet ditt.").click()
    expect(page.get_by_label("Navn", exact=True)).to_be_focused()

    fill(page, "uten-js@example.no")
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    assert emails(repository, site.open_course).count("uten-js@example.no") == 1


def test_the_same_email_twice_is_told_so_inline(phone: Page, site: Site) -> None:
    for attempt in range(2):
        phone.goto(f"{site.url}/kurs/{site.open_course}/")
        fill(phone, "to-ganger@example.no")
        phone.get_by_role("button", name="Meld meg på").click()
        if attempt == 0:
            expect(phone.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    expect(phone.locator("#feiloppsummering")).to_contain_text("allerede påmeldt")


def test_the_course_page_shows_the_seats_left(phone: Page, site: Site, repository: DynamoCourseRepository) -> None:
    phone.goto(f"{site.url}/kurs/{site.open_course}/")
    seats = repository.get_course(site.open_course)
    assert seats is not None
    left = seats.capacity - repository.counts(site.open_course).confirmed
    expect(phone.locator("[data-seats]")).to_have_text(f"{left} av {seats.capacity} plasser ledige")
