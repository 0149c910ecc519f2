"""The course editor on /leder/kurs/ in Debian's Chromium on the real local stack: an area leader makes a two-day
meeting in their area, is told what to fix (an end before its start) at the field and in a summary that links to
it, saves it as a draft, publishes it, raises its capacity (the first in line gets the seat) and cancels it after a
confirmation on the page; the form by keyboard alone, on a 375 px phone, and axe-clean open and with errors. (The
public site built again after a publish is the publisher's, tested there.)"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from common.site import network
from courses.repository import DynamoCourseRepository
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.browser.test_roster_leaders import tab_to
from tests.handlers.clock import oslo_today
from tests.support.samples import registration
from tests.support.stack import TABLE, Site

AREA = "oslo"
AREA_NAME = next(area["name"] for area in network()["areas"] if area["id"] == AREA)
AREA_LEADER = f"omradeleder.{AREA}@example.no"
NARROW: ViewportSize = {"width": 375, "height": 740}


@pytest.fixture
def narrow_phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=NARROW, locale="nb-NO", has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def day(offset: int) -> str:
    return (oslo_today() + timedelta(days=offset)).isoformat()


def unique_title() -> str:
    return f"Nettverksmøte Oslo {uuid.uuid4().hex[:6].upper()}"


def open_new_form(page: Page) -> Locator:
    page.get_by_role("button", name="Nytt kurs eller møte").click()
    editor = page.locator("#course-editor")
    expect(page.locator("#course-editor-heading")).to_be_focused()
    expect(page.locator("#course-editor-heading")).to_have_text("Nytt kurs eller møte")
    return editor


def fill_meeting(page: Page, title: str, first: int = 40) -> None:
    page.get_by_label("Tittel", exact=True).fill(title)
    page.get_by_label("Hva slags kurs eller møte").select_option("nettverksmote")
    page.locator("#course-days-0-day").fill(day(first))
    page.locator("#course-days-0-start").fill("12:00")
    page.locator("#course-days-0-end").fill("15:00")
    page.get_by_label("Sted", exact=True).fill("Lindra-huset, møterom 3")
    page.get_by_label("Antall plasser").fill("2")
    page.locator("#course-registration-deadline").fill(day(first - 10))
    page.get_by_label("Hvem er det for?").fill("Ressurssykepleiere i Oslo")
    page.get_by_label("Kort om kurset").fill("Vi snakker om samtaler ved livets slutt.")
    page.get_by_label("Beskrivelse og program").fill("## Program\n\n- **12.00** Velkommen\n- **13.00** Samtalen")


def course_row(page: Page, title: str) -> Locator:
    return page.locator("#courses-table tbody tr", has_text=title)


def registered(client: Any, course_id: str, count: int) -> None:
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    for n in range(count):
        seat = registration(course_id, f"deltaker{n}.{uuid.uuid4().hex[:6]}@example.no", f"Deltaker {n}")
        repository.add_registrations([seat.model_copy(update={"area": AREA})])


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the page scrolls sideways: {width} px"


def test_an_area_leader_makes_a_two_day_meeting_fixes_it_publishes_raises_the_capacity_and_cancels_it(
    phone: Page, site: Site, client: Any
) -> None:
    title = unique_title()
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    expect(phone.locator("#leader-who")).to_contain_text(AREA_NAME)
    open_new_form(phone)
    area = phone.get_by_label("Hvem det er for")
    assert area.locator("option").all_text_contents() == ["Velg", AREA_NAME], "an area leader sees only their area"
    expect(area).to_have_value(AREA)

    fill_meeting(phone, title)
    phone.get_by_role("button", name="Legg til dag").click()
    expect(phone.locator("#course-days-1-day")).to_be_focused()
    expect(phone.locator("#course-days-1-start")).to_have_value("12:00")  # the times of the day before
    phone.locator("#course-days-1-day").fill(day(41))
    phone.locator("#course-days-1-start").fill("15:00")
    phone.locator("#course-days-1-end").fill("14:00")
    phone.get_by_role("button", name="Lagre som utkast").click()

    summary = phone.locator("#course-form-error .error-summary")
    expect(summary).to_be_focused()
    assert phone.locator("#course-form-error").get_attribute("role") == "alert"
    expect(summary).to_contain_text("Skjemaet har 1 feil som må rettes")
    end = phone.locator("#course-days-1-end")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(end).to_have_attribute("aria-describedby", re.compile("course-days-1-end-error"))
    expect(phone.locator("#course-days-1-end-error")).to_have_text("Feil: Sluttiden må være etter starttiden.")
    assert axe_violations(phone) == [], "the form with its errors shown"
    summary.get_by_role("link", name="Dag 2, sluttid: Sluttiden må være etter starttiden.").click()
    expect(end).to_be_focused()

    end.fill("16:00")
    phone.get_by_role("button", name="Lagre som utkast").click()
    done = phone.locator("#course-done")
    expect(done).to_have_text("Lagret som utkast. Kurset kommer ikke på nettsiden før du publiserer det.")
    assert done.get_attribute("role") == "status"
    expect(phone.locator("#course-editor-heading")).to_have_text(f"Endre {title}")
    expect(phone.locator("#course-editor-facts")).to_contain_text("Status: Utkast.")
    expect(phone.locator("#course-form-error")).to_be_empty()
    expect(course_row(phone, title)).to_contain_text("Utkast")
    expect(course_row(phone, title)).to_contain_text(AREA_NAME)

    phone.get_by_role("button", name="Publiser").press("Enter")
    expect(done).to_have_text("Publisert. Siden er oppdatert innen et minutt.")
    expect(phone.locator("#course-editor-facts")).to_contain_text("Status: Publisert.")
    expect(course_row(phone, title)).to_contain_text("Publisert")
    assert phone.locator("#course-publish").is_hidden()

    course_id = phone.locator(f"button[aria-label='Endre {title}']").get_attribute("data-edit-course")
    assert course_id and course_id.startswith("nettverksmote-oslo-")
    registered(client, course_id, 3)  # two seats and one in line
    phone.get_by_role("button", name="Lukk skjemaet").click()
    expect(phone.locator("#course-editor")).to_be_hidden()
    course_row(phone, title).get_by_role("button", name=f"Endre {title}").click()
    expect(phone.locator("#course-editor-facts")).to_contain_text("2 påmeldt, 1 på venteliste, 2 plasser")
    assert phone.locator("#course-unpublish").is_hidden(), "not while people are registered"

    phone.get_by_label("Sted", exact=True).fill("Storsalen")
    notify = phone.get_by_label("Send e-post om ny tid eller nytt sted til de 3 påmeldte")
    expect(notify).to_be_checked()
    phone.get_by_label("Sted", exact=True).fill("Lindra-huset, møterom 3")
    expect(notify).to_be_hidden()  # only when the time or place changed

    phone.get_by_label("Antall plasser").fill("3")
    phone.get_by_role("button", name="Lagre endringene").click()
    expect(done).to_have_text("Lagret. Siden er oppdatert innen et minutt. 1 på ventelisten fikk plass og en e-post.")
    expect(phone.locator("#course-editor-facts")).to_contain_text("3 påmeldt, 0 på venteliste, 3 plasser")

    cancel = phone.get_by_role("button", name="Avlys")
    cancel.focus()
    phone.keyboard.press("Enter")
    question = phone.locator("#course-confirm-question")
    expect(question).to_be_focused()
    expect(question).to_contain_text("(3), får en e-post")
    phone.keyboard.press("Escape")
    expect(cancel).to_be_focused()
    expect(question).to_be_hidden()
    phone.keyboard.press("Enter")
    expect(question).to_be_focused()
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Ja, avlys")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(done).to_have_text("Avlyst. 3 påmeldte fikk e-post.")
    expect(course_row(phone, title)).to_contain_text("Avlyst")
    expect(phone.locator("#course-not-changeable")).to_be_visible()
    expect(phone.locator("#course-form")).to_be_hidden()
    assert phone.locator("#course-cancel").is_hidden()
    assert axe_violations(phone) == [], "a cancelled course in the editor"


def test_the_form_works_by_keyboard_alone_with_visible_focus(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    expect(phone.locator("#course-new")).to_be_visible()
    tab_to(phone, "#course-new-course", limit=60)
    phone.keyboard.press("Enter")
    expect(phone.locator("#course-editor-heading")).to_be_focused()
    order: list[str] = []
    for _ in range(20):  # a date input takes a Tab for each of its parts
        phone.keyboard.press("Tab")
        focused = phone.evaluate("document.activeElement.id")
        if order and order[-1] == focused:
            continue
        outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"#{focused} shows where the focus is"
        order.append(focused)
        if focused == "course-days-add":
            break
    assert order == [
        "course-title",
        "course-kind",
        "course-area",
        "course-days-0-day",
        "course-days-0-start",
        "course-days-0-end",
        "course-days-add",
    ], "the form in reading order; the only day has no button to remove it"
    phone.keyboard.press("Enter")
    expect(phone.locator("#course-days-1-day")).to_be_focused()
    expect(phone.locator("#leader-status")).to_have_text("Dag 2 er lagt til.")
    tab_to(phone, "#course-days-list button[aria-label='Fjern dag 2']")
    phone.keyboard.press("Space")
    expect(phone.locator("#course-days-0-day")).to_be_focused()
    expect(phone.locator("#course-days-1-day")).to_have_count(0)
    expect(phone.locator("#leader-status")).to_have_text("Dag 2 er fjernet.")

    tab_to(phone, "#course-form-submit", limit=40)
    phone.keyboard.press("Enter")
    summary = phone.locator("#course-form-error .error-summary")
    expect(summary).to_be_focused()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")  # the first link: the title
    expect(phone.locator("#course-title")).to_be_focused()
    expect(phone.locator("#course-title")).to_have_attribute("aria-invalid", "true")
    tab_to(phone, "#course-editor-close", limit=60)
    phone.keyboard.press("Enter")
    expect(phone.locator("#course-new-course")).to_be_focused()
    expect(phone.locator("#course-editor")).to_be_hidden()


def test_the_form_fits_a_375_px_phone_and_passes_axe_open(narrow_phone: Page, site: Site) -> None:
    sign_in_by_keyboard(narrow_phone, site, AREA_LEADER, "/leder/kurs/")
    open_new_form(narrow_phone)
    narrow_phone.get_by_role("button", name="Legg til dag").click()
    fits_the_screen(narrow_phone)
    date_box = narrow_phone.locator("#course-days-0-day").bounding_box()
    start_box = narrow_phone.locator("#course-days-0-start").bounding_box()
    assert date_box and start_box and start_box["y"] > date_box["y"] + date_box["height"] - 1, "the day's fields stack"
    for target in narrow_phone.locator("#course-editor button:visible").all():
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44, "a big enough touch target"
    assert axe_violations(narrow_phone) == [], "the form open"
    narrow_phone.get_by_role("button", name="Lagre som utkast").click()
    expect(narrow_phone.locator("#course-form-error .error-summary")).to_be_focused()
    fits_the_screen(narrow_phone)
    assert axe_violations(narrow_phone) == [], "the form with every field in error"


def test_a_series_of_meetings_is_made_and_published_at_once(phone: Page, site: Site) -> None:
    title = unique_title()
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    phone.get_by_role("button", name="Lag en serie med møter").click()
    expect(phone.locator("#course-editor-heading")).to_have_text("Lag en serie med møter")
    assert phone.locator("#course-days-part").is_hidden() and phone.locator("#course-deadlines").is_hidden()
    phone.get_by_label("Tittel", exact=True).fill(title)
    phone.get_by_label("Hva slags kurs eller møte").select_option("nettverksmote")
    first = date.fromisoformat(day(50))
    phone.get_by_label("Møte 1", exact=True).fill(first.isoformat())
    phone.get_by_label("Møte 2", exact=True).fill((first + timedelta(weeks=4)).isoformat())
    phone.get_by_role("button", name="Legg til dato").click()
    expect(phone.get_by_label("Møte 3", exact=True)).to_be_focused()
    phone.get_by_label("Møte 3", exact=True).fill((first + timedelta(weeks=8)).isoformat())
    phone.locator("#course-series-start").fill("13:00")
    phone.locator("#course-series-end").fill("15:00")
    phone.get_by_label("Påmeldingen stenger dette antall dager før hvert møte").fill("3")
    phone.get_by_label("Publiser nå, med åpen påmelding").check()
    phone.get_by_label("Sted", exact=True).fill("Lindra-huset")
    phone.get_by_label("Antall plasser").fill("25")
    phone.get_by_label("Hvem er det for?").fill("Ressurssykepleiere i Oslo")
    phone.get_by_role("button", name="Lag serien").click()
    expect(phone.locator("#course-done")).to_have_text(
        "Serien er laget: 3 møter, publisert. Sidene er oppdatert innen et minutt."
    )
    expect(phone.locator("#course-editor")).to_be_hidden()
    expect(course_row(phone, title)).to_have_count(3)
    for row in course_row(phone, title).all():
        expect(row).to_contain_text("Publisert")


def save_draft(page: Page, title: str) -> str:
    """A new meeting saved as a draft through the form; its id."""
    open_new_form(page)
    fill_meeting(page, title)
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.locator("#course-done")).to_contain_text("Lagret som utkast")
    course_id = page.locator(f"button[aria-label='Endre {title}']").get_attribute("data-edit-course")
    assert course_id
    return course_id


def test_a_change_someone_made_first_is_told_and_the_course_loads_again_at_a_button(
    phone: Page, site: Site, client: Any
) -> None:
    title = unique_title()
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    course_id = save_draft(phone, title)
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    stored = repository.get_course(course_id)
    assert stored is not None
    repository.change_course(stored.model_copy(update={"place": "Rom 7"}), None, stored.version, datetime.now(UTC))

    phone.get_by_label("Antall plasser").fill("12")
    phone.get_by_role("button", name="Lagre endringene").click()
    summary = phone.locator("#course-form-error .error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Noen andre endret kurset akkurat nå")
    summary.get_by_role("button", name="Last inn kurset på nytt").press("Enter")
    expect(phone.locator("#course-done")).to_have_text(
        "Kurset er lastet inn på nytt, slik det er lagret nå. Gjør endringen din igjen."
    )
    expect(phone.get_by_label("Sted", exact=True)).to_have_value("Rom 7")
    expect(phone.get_by_label("Antall plasser")).to_have_value("2")
    expect(phone.locator("#course-form-error")).to_be_empty()
    phone.get_by_label("Antall plasser").fill("12")
    phone.get_by_role("button", name="Lagre endringene").click()
    expect(phone.locator("#course-done")).to_have_text("Lagret.")


def test_a_draft_is_copied_to_new_days_and_deleted_after_a_confirmation(phone: Page, site: Site) -> None:
    title = unique_title()
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    save_draft(phone, title)

    phone.get_by_role("button", name="Kopier").click()
    expect(phone.locator("#course-copy-title")).to_be_focused()
    expect(phone.locator("#course-copy-title")).to_have_value(title)
    copy_title = f"{title} neste år"
    phone.locator("#course-copy-title").fill(copy_title)
    phone.get_by_role("button", name="Lagre kopien som utkast").click()
    expect(phone.locator("#course-copy-error .error-summary")).to_be_focused()  # no new day yet
    expect(phone.locator("#course-copy-days-0-day")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#course-copy-days-0-start")).to_have_value("12:00")  # the times of the course copied
    assert axe_violations(phone) == [], "the copy form with its errors"
    phone.locator("#course-copy-days-0-day").fill(day(400))
    phone.locator("#course-copy-registration-deadline").fill(day(390))
    phone.get_by_role("button", name="Lagre kopien som utkast").click()
    expect(phone.locator("#course-done")).to_contain_text("Kopien er lagret som utkast.")
    expect(phone.locator("#course-editor-heading")).to_have_text(f"Endre {copy_title}")
    expect(phone.get_by_label("Sted", exact=True)).to_have_value("Lindra-huset, møterom 3")

    delete = phone.get_by_role("button", name="Slett utkast")
    delete.click()
    expect(phone.locator("#course-confirm-question")).to_have_text(
        f"Vil du slette utkastet {copy_title}? Det kan ikke hentes tilbake."
    )
    assert axe_violations(phone) == [], "the confirmation"
    phone.get_by_role("button", name="Nei, gå tilbake").click()
    expect(delete).to_be_focused()
    delete.click()
    phone.get_by_role("button", name="Ja, slett utkastet").click()
    expect(phone.locator("#course-done")).to_have_text(f"Utkastet {copy_title} er slettet.")
    expect(phone.locator("#course-editor")).to_be_hidden()
    expect(course_row(phone, copy_title)).to_have_count(0)
    expect(course_row(phone, title)).to_have_count(1)
