"""More of Min side in Debian's Chromium on the real local stack, on a phone: her kursbevis from the hours table (a
PDF), checked on the public /kursbevis/ page with the keyboard (a wrong code first: the message at the field, then
the right one); her data, seen and erased (the box ticked with Space after the refusal without it); a leader answers
an access and an erasure request on /leder/personer/; and the function description signed by the nurse on Min side
and by her unit leader through the link in the email. axe-core (WCAG 2.1 A and AA) finds nothing on any page."""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import pypdf
from playwright.sync_api import Browser, Page, expect

from attendance.models import Attendance
from attendance.repository import DynamoAttendanceRepository
from common.formatting import OSLO
from courses.models import Course
from courses.repository import DynamoCourseRepository
from tests.browser.signing_in import sign_in_by_keyboard
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_roster_leaders import decide, email_of, report_new_nurse
from tests.support.hospitation import Person, link_in, post_form, the_email
from tests.support.samples import course, form, registration
from tests.support.stack import TABLE, Site

SIGN_IN_PAGE = "/min-side/"
LINK = "/api/min-side/inn/"
CHECK_PAGE = "/kursbevis/"
NETWORK_LEADER = "nettverksleder@example.no"
CODE = re.compile(r"Kode: ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})")
UNIT, UNIT_NAME = "eidsvoll-sykehjem", "Eidsvoll sykehjem"
UNIT_LEADER = "una.enhetsleder@example.no"  # who reports the change in test_roster_leaders.report_change


def on_my_page(page: Page, site: Site, address: str) -> None:
    """Ask for the link (the form as a browser without JavaScript sends it), open it from the email and press its
    button: Min side, signed in."""
    assert post_form(site, "/api/min-side/lenke", {"email": address}).status == 303
    link = link_in(the_email(address, "Lenken til Min side"), site, LINK)
    page.goto(site.url + link)
    page.locator("#til-min-side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    assert urlsplit(page.url).path == "/api/min-side"


def sign_up(site: Site, course: Course, person: Person) -> None:
    fields = form(email=person.email, name=person.name)
    assert post_form(site, f"/api/kurs/{course.id}/pameldinger", fields).status == 303


def an_hour_ago_today() -> datetime:
    now = datetime.now(UTC)
    return max(now - timedelta(hours=1), datetime.combine(now.astimezone(OSLO).date(), time(0, 1), OSLO))


def came_to_a_meeting_today(client: Any, person: Person) -> Course:
    """A three-hour nettverksmøte that began an hour ago, her seat on it, and the area leader's mark: present."""
    start = an_hour_ago_today()
    key = uuid.uuid4().hex[:10]
    meeting = course(
        f"nettverksmote-bevis-{key}",
        now=start,
        days_ahead=0,
        kind="nettverksmote",
        title=f"Nettverksmøte om smertelindring {key}",
        area="nedre-romerike",
        end=start + timedelta(hours=3),
    )
    courses = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    courses.put_course(meeting)
    seat = registration(meeting.id, person.email, person.name)
    courses.add_registrations([seat])
    now = datetime.now(UTC)
    mark = Attendance(
        course_id=meeting.id,
        email=person.email,
        name=person.name,
        area="nedre-romerike",
        workplace=seat.workplace,
        source="registration",
        registration_id=seat.id,
        present=True,
        hours=3.0,
        marked_by="omradeleder.nedre-romerike@example.no",
        marked_at=now,
        expires_at=int((now + timedelta(days=400)).timestamp()),
    )
    DynamoAttendanceRepository(client, TABLE).save([mark])
    return meeting


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_her_kursbevis_comes_from_the_hours_table_and_its_code_is_checked_with_the_keyboard(
    phone: Page, site: Site, client: Any
) -> None:
    person = Person.new("Solveig")
    meeting = came_to_a_meeting_today(client, person)
    on_my_page(phone, site, person.email)

    # The hours table has the meeting with its PDF link; the link gives the kursbevis as a PDF
    hours = phone.locator("section.my-page__hours")
    row = hours.get_by_role("row").filter(has=phone.get_by_role("rowheader", name=meeting.title))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text("3")
    # the visible "PDF" first in the link's name (WCAG 2.5.3), then what it is
    named = re.compile(rf"^PDF\W+Kursbevis for {re.escape(meeting.title)} \(PDF\)$")
    pdf_link = row.get_by_role("link", name=named)
    assert pdf_link.get_attribute("href") == f"/api/min-side/kursbevis/{meeting.id}"
    assert axe_violations(phone) == []
    with phone.expect_download() as downloading:
        pdf_link.click()
    download = downloading.value
    assert download.suggested_filename.startswith("kursbevis-") and download.suggested_filename.endswith(".pdf")
    fetched = phone.request.get(site.url + f"/api/min-side/kursbevis/{meeting.id}")  # the context's cookie
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"].startswith('attachment; filename="kursbevis-')
    text = text_of(fetched.body())
    assert person.name in text and meeting.title in text and "3 timer" in text
    found = CODE.search(text)
    assert found is not None, text
    code = found[1]
    with open(download.path(), "rb") as saved:
        assert code in text_of(saved.read()), "the download is the same kursbevis"

    # The public check, built by Pelican: axe-clean as it is
    phone.goto(site.url + CHECK_PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sjekk et kursbevis")
    assert axe_violations(phone) == []

    # A wrong code, by the keyboard alone: the message, tied to the field
    plain = code.replace("-", "")
    wrong = plain[:-1] + ("A" if plain[-1] != "A" else "B")
    tab_to(phone, "kode")
    phone.keyboard.type(wrong)
    with phone.expect_response(lambda r: urlsplit(r.url).path.startswith("/api/kursbevis/")) as refused:
        phone.keyboard.press("Enter")
    assert refused.value.status == 404
    expect(phone).to_have_title(re.compile("^Feil: "))
    message = phone.get_by_role("alert")
    expect(message).to_have_attribute("id", "kode-feil")
    expect(message).to_contain_text("Vi finner ikke noe kursbevis med denne koden")
    field = phone.locator("#kode")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "kode-hint kode-feil")
    expect(field).to_have_value(wrong)
    assert axe_violations(phone) == []

    # The right code, typed as it stands on the paper: genuine, and what the paper says
    tab_to(phone, "kode")
    phone.keyboard.press("ControlOrMeta+A")
    phone.keyboard.type(code)
    phone.keyboard.press("Enter")
    expect(phone.locator("main").get_by_role("heading", level=2)).to_have_text("Kursbeviset er ekte")
    assert urlsplit(phone.url).path == f"/api/kursbevis/{plain}"
    genuine = phone.get_by_role("status")
    expect(genuine).to_contain_text(person.name)
    expect(genuine).to_contain_text(meeting.title)
    expect(phone.locator("main")).not_to_contain_text(person.email)
    assert axe_violations(phone) == []


def test_she_sees_her_data_and_erases_it_once_the_box_is_ticked_with_the_keyboard(
    phone: Page, site: Site, repository: DynamoCourseRepository, new_course: Callable[..., Course]
) -> None:
    person = Person.new("Torunn")
    course = new_course(title=f"Fagdag om lindring {person.name.rsplit(' ', 1)[-1]}")
    sign_up(site, course, person)
    on_my_page(phone, site, person.email)

    phone.get_by_role("link", name=re.compile("^Se alt vi har lagret om deg")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dine data")
    assert urlsplit(phone.url).path == "/api/min-side/mine-data"
    main = phone.locator("main")
    expect(main).to_contain_text(person.email)
    expect(main).to_contain_text(person.name)
    expect(phone.get_by_role("heading", level=2, name=re.compile(r"^Påmeldinger \(1\)"))).to_be_visible()
    expect(phone.get_by_role("link", name="Last ned som fil (JSON)")).to_be_visible()
    assert axe_violations(phone) == []

    # The button without the box: refused, the summary focused, the box marked
    with phone.expect_response(lambda r: r.request.method == "POST") as sent:
        phone.get_by_role("button", name="Slett alt om meg").click()
    assert sent.value.status == 422
    expect(phone).to_have_title(re.compile("^Feil: "))
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skjemaet har 1 feil som må rettes")
    box = phone.locator("#slett-bekreft")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", "slett-bekreft-feil")
    expect(phone.locator("#slett-bekreft-feil")).to_contain_text("Kryss av for at du vil at vi sletter alt")
    expect(box).not_to_be_checked()
    assert axe_violations(phone) == []
    assert [r.email for r in repository.registrations(course.id)] == [person.email], "nothing erased yet"

    # The summary's link to the box, Space ticks it, Tab to the button, Enter erases
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(box).to_be_focused()
    phone.keyboard.press("Space")
    expect(box).to_be_checked()
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Slett alt om meg")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Opplysningene dine er slettet")
    expect(phone.locator("main")).to_contain_text("Du er logget ut av Min side")
    expect(phone.locator("main").get_by_role("link", name="Til forsiden")).to_have_attribute("href", "/")
    assert axe_violations(phone) == []
    assert list(repository.registrations(course.id)) == []
    assert not [c for c in phone.context.cookies() if c["name"] == "lindra_min_side"], "signed out"
    closed = phone.goto(site.url + "/api/min-side")
    assert closed is not None and closed.status == 401


def test_the_network_leader_shows_and_erases_what_we_hold_about_a_person(
    phone: Page, site: Site, repository: DynamoCourseRepository, new_course: Callable[..., Course]
) -> None:
    person = Person.new("Unni")
    course = new_course(title=f"Fagdag om pusteplager {person.name.rsplit(' ', 1)[-1]}")
    sign_up(site, course, person)

    sign_in_by_keyboard(phone, site, NETWORK_LEADER, path="/leder/personer/")
    expect(phone.get_by_role("heading", level=2, name="Innsyn og sletting")).to_be_focused()  # signed in just now
    assert axe_violations(phone) == []

    # The address, typed and sent from its field: what we hold, counted, and the file to send her
    tab_to(phone, "people-email", limit=3)
    phone.keyboard.type(person.email)
    phone.keyboard.press("Enter")
    found = phone.locator("#people-found")
    expect(found).to_be_visible()
    expect(phone.locator("#people-found-heading")).to_be_focused()
    summary = phone.locator("#people-summary")
    expect(summary).to_contain_text(re.compile(rf"Vi har \d+ opplysninger om {re.escape(person.email)}\."))
    expect(phone.locator("#people-kinds li", has_text=re.compile(r"^Påmeldinger: 1$"))).to_have_count(1)
    download_link = phone.get_by_role("link", name=f"Last ned alt om {person.email} (JSON), for å sende til personen")
    expect(download_link).to_be_visible()
    assert axe_violations(phone) == []
    with phone.expect_download() as downloading:
        download_link.click()
    with open(downloading.value.path(), encoding="utf-8") as saved:
        records = json.load(saved)
    assert records["registration"][0]["name"] == person.name

    # Erase without the box: the message at the box, which has the focus
    erase = phone.get_by_role("button", name="Slett alt om personen")
    erase.click()
    box = phone.locator("#people-confirm")
    expect(box).to_have_attribute("aria-invalid", "true")
    note = phone.locator("#people-confirm-error")
    expect(note).to_contain_text("Kryss av for at personen har bedt om å bli slettet")
    expect(box).to_have_attribute("aria-describedby", "people-confirm-error")
    expect(box).to_be_focused()
    # the message describes the box and is not part of its name; it stands on a line of its own above the box
    expect(box).to_have_accessible_name("Personen har bedt om å bli slettet, og jeg vil slette alt")
    expect(box).to_have_accessible_description(re.compile("Kryss av for at personen har bedt om å bli slettet"))
    note_box, box_box = note.bounding_box(), box.bounding_box()
    assert note_box and box_box and note_box["y"] + note_box["height"] <= box_box["y"] + 1
    assert axe_violations(phone) == []
    assert [r.email for r in repository.registrations(course.id)] == [person.email]

    # Ticked with Space and sent: the done text, with the focus
    phone.keyboard.press("Space")
    expect(box).to_be_checked()
    phone.keyboard.press("Tab")
    expect(erase).to_be_focused()
    phone.keyboard.press("Enter")
    done = phone.locator("#people-done")
    expect(done).to_be_visible()
    expect(done).to_have_text(re.compile(r"^Slettet: \d+ opplysninger\. 0 på ventelisten fikk plass\.$"))
    expect(done).to_be_focused()
    expect(phone.locator("#people-erase")).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    assert axe_violations(phone) == []
    assert list(repository.registrations(course.id)) == []


def test_the_nurse_signs_the_function_description_on_my_page_and_her_unit_leader_by_the_link(
    phone: Page, site: Site, browser: Browser
) -> None:
    name = f"Nora Ressurs {uuid.uuid4().hex[:6].upper()}"
    decide(report_new_nurse(site, UNIT, name))  # on the roster from today, the report's sender her unit's leader
    on_my_page(phone, site, email_of(name))
    expect(phone.get_by_role("heading", level=2, name="Navnelisten")).to_be_visible()
    expect(phone.get_by_role("heading", level=3, name=f"Funksjonsbeskrivelsen for {UNIT_NAME}")).to_be_visible()
    assert axe_violations(phone) == []

    # The button without the box: the summary, and the box marked
    sign = phone.get_by_role("button", name="Signer funksjonsbeskrivelsen")
    with phone.expect_response(lambda r: r.request.method == "POST") as sent:
        sign.click()
    assert sent.value.status == 422
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Kryss av for at du har lest funksjonsbeskrivelsen")
    box = phone.get_by_role("checkbox", name="Jeg har lest funksjonsbeskrivelsen og signerer den")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert axe_violations(phone) == []

    # The box ticked with the keyboard, and signed
    box.focus()
    phone.keyboard.press("Space")
    expect(box).to_be_checked()
    phone.keyboard.press("Tab")
    expect(sign).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_be_visible()
    assert urlsplit(phone.url).query == "endret=signert"
    expect(phone.locator("main")).to_contain_text("Nå venter vi på at nærmeste leder signerer.")
    expect(sign).to_have_count(0)
    assert axe_violations(phone) == []

    # Her unit leader's link: the page to read and sign, and its button
    link = link_in(
        the_email(UNIT_LEADER, f"Signer funksjonsbeskrivelsen for {name}"), site, "/api/funksjonsbeskrivelse/"
    )
    leader = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")  # her own phone
    try:
        page = leader.new_page()
        page.goto(site.url + link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Signer funksjonsbeskrivelsen")
        expect(page.locator("main")).to_contain_text(name)
        expect(page.locator("main")).to_contain_text(UNIT_NAME)
        assert axe_violations(page) == []
        tab_to(page, "signer")
        with page.expect_response(lambda r: r.request.method == "POST") as signed:
            page.keyboard.press("Enter")
        assert signed.value.status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text("Funksjonsbeskrivelsen er signert")
        expect(page.locator("main")).to_contain_text(f"Du har signert funksjonsbeskrivelsen for {name}")
        expect(page.locator("main").get_by_role("link", name="Til forsiden")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        leader.close()

    phone.reload()
    expect(phone.locator("main")).to_contain_text("Nå venter vi på at nettverkslederen signerer.")
