"""Min side in Debian's Chromium on the real local stack, as a nurse meets it on a phone: she asks for the link on
/min-side/, opens it from her email and presses its button, corrects her phone with the keyboard alone (a bad number
first: the messages at the field, announced by the summary on top), cancels her seat, signs out, and finds the link
used up. At 375 px the page does not scroll sideways; axe-core (WCAG 2.1 A and AA) finds nothing on any page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from common.formatting import OSLO
from courses.models import Course
from courses.repository import DynamoCourseRepository
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.support.hospitation import Person, link_in, post_form, the_email
from tests.support.samples import form
from tests.support.stack import Site

SIGN_IN_PAGE = "/min-side/"
LINK = "/api/min-side/inn/"


def sign_up(site: Site, course: Course, person: Person) -> None:
    fields = form(email=person.email, name=person.name)
    assert post_form(site, f"/api/kurs/{course.id}/pameldinger", fields).status == 303


def tab_to_summary(page: Page, text: str, limit: int = 80) -> None:
    """Tab until a <details>' summary with that text has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = "() => document.activeElement?.tagName === 'SUMMARY' && document.activeElement.textContent.trim()"
        if page.evaluate(focused) == text:
            return
    raise AssertionError(f"Tab never reached the summary {text!r}")


def test_she_signs_in_by_the_link_corrects_her_phone_with_the_keyboard_cancels_and_the_link_is_used_up(
    phone: Page, site: Site, repository: DynamoCourseRepository, new_course: Callable[..., Course]
) -> None:
    person = Person.new("Ragnhild")
    course = new_course(title=f"Fagdag om smertelindring {person.name.rsplit(' ', 1)[-1]}")
    sign_up(site, course, person)

    # She asks for the link on /min-side/
    phone.goto(site.url + SIGN_IN_PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Min side")
    assert axe_violations(phone) == []
    tab_to(phone, "felt-email")
    phone.keyboard.type(person.email)
    phone.get_by_role("button", name="Send meg en lenke").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    assert urlsplit(phone.url).path == "/min-side/sendt/"
    assert axe_violations(phone) == []

    # She opens the link in her email: a page with a button (opening it changes nothing), which signs her in
    link = link_in(the_email(person.email, "Lenken til Min side"), site, LINK)
    phone.goto(site.url + link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Logg inn på Min side")
    assert axe_violations(phone) == []
    phone.locator("#til-min-side").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Min side")
    assert urlsplit(phone.url).path == "/api/min-side"
    main = phone.locator("main")
    expect(main).to_contain_text(person.name)
    expect(main).to_contain_text(person.email)
    year = datetime.now(OSLO).year
    expect(phone.get_by_role("heading", level=2, name=f"Timene dine i {year}")).to_be_visible()
    coming = phone.locator("section[aria-labelledby='coming']")
    expect(coming.get_by_role("heading", level=3)).to_have_text(course.title)
    assert axe_violations(phone) == []
    (cookie,) = [c for c in phone.context.cookies() if c["name"] == "lindra_min_side"]
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/api/min-side"

    # With the keyboard alone she opens the correction form and sends a bad phone
    (registration,) = repository.registrations(course.id)
    rid = registration.id
    tab_to_summary(phone, "Rett telefon eller arbeidssted")
    phone.keyboard.press("Enter")
    expect(phone.locator("details.my-course__correct")).to_have_attribute("open", "")
    tab_to(phone, f"phone-{rid}", limit=3)
    phone.keyboard.press("ControlOrMeta+A")
    phone.keyboard.type("12")
    tab_to(phone, f"workplace-{rid}", limit=3)
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Lagre")).to_be_focused()
    with phone.expect_response(lambda r: r.request.method == "POST") as sent:
        phone.keyboard.press("Enter")
    assert sent.value.status == 422
    expect(phone).to_have_title(re.compile("^Feil: "))
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skjemaet har 1 feil som må rettes")
    field = phone.locator(f"#phone-{rid}")
    expect(field).to_have_value("12")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"phone-{rid}-feil")
    message = phone.locator(f"#phone-{rid}-feil")
    expect(message).to_be_visible()
    expect(message).not_to_be_empty()
    assert axe_violations(phone) == []
    phone.set_viewport_size({"width": 375, "height": 812})  # the widest the page gets: the open form and its errors
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375, "no scrolling sideways at 375 px"

    # The summary's link takes her to the field; a good number is saved
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(field).to_be_focused()
    phone.keyboard.press("ControlOrMeta+A")
    phone.keyboard.type("934 56 789")
    phone.keyboard.press("Enter")  # the form is sent from its field
    expect(phone.get_by_role("status")).to_have_text("Opplysningene på påmeldingen er rettet.")
    assert urlsplit(phone.url).query == "endret=rettet"
    assert "93456789" in re.sub(r"\D", "", phone.locator(f"#phone-{rid}").input_value())
    (saved,) = repository.registrations(course.id)
    assert re.sub(r"\D", "", saved.phone).endswith("93456789")
    assert axe_violations(phone) == []

    # She cancels with the mouse: the course moves to the cancelled ones
    phone.get_by_role("button", name="Meld meg av").click()
    expect(phone.get_by_role("status")).to_contain_text("Du er meldt av")
    assert urlsplit(phone.url).query == "endret=avmeldt"
    cancelled = phone.locator("section[aria-labelledby='cancelled']")
    expect(cancelled.get_by_role("heading", level=2)).to_have_text("Avmeldt")
    expect(cancelled.get_by_role("heading", level=3)).to_have_text(course.title)
    expect(coming).to_have_count(0)
    expect(phone.get_by_role("button", name="Meld meg av")).to_have_count(0)
    assert axe_violations(phone) == []

    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375, "no scrolling sideways at 375 px"

    # She signs out: back to /min-side/, and the page is closed
    phone.get_by_role("button", name="Logg ut").click()
    expect(phone.get_by_role("button", name="Send meg en lenke")).to_be_visible()
    assert urlsplit(phone.url).path == SIGN_IN_PAGE
    closed = phone.goto(site.url + "/api/min-side")
    assert closed is not None and closed.status == 401
    expect(phone.get_by_role("button", name="Send meg en lenke")).to_be_visible()
    assert axe_violations(phone) == [], "the sign-in form from the function"

    # The link a second time: the page that says it is used up
    phone.goto(site.url + link)
    with phone.expect_response(lambda r: r.request.method == "POST") as used:
        phone.locator("#til-min-side").click()
    assert used.value.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
    expect(phone.get_by_role("alert")).to_contain_text("Lenken til Min side er brukt")
    expect(phone.get_by_role("link", name="Be om en ny lenke til Min side")).to_be_visible()
    assert axe_violations(phone) == []
