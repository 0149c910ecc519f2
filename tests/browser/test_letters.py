"""The letters view (/leder/meldinger/) in Debian's Chromium on the real local stack: an area leader opens it from a
meeting, is told at the fields what is missing, attaches a PDF (posted to the local file store), previews the letter
with its number of recipients, sends it and sees its emails go ("Sendt 3 av 3"); the recipients' emails have the
file's link, which downloads the file. Axe-clean with errors and with the preview."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from courses.models import Course
from courses.repository import DynamoCourseRepository
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.samples import course, registration
from tests.support.stack import TABLE, Site

AREA = "oslo"
AREA_LEADER = f"omradeleder.{AREA}@example.no"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def a_meeting_with_people(client: Any, count: int = 3) -> Course:
    from datetime import UTC, datetime

    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    meeting = course(f"nettverksmote-oslo-{uuid.uuid4().hex[:6]}", area=AREA, now=datetime.now(UTC), days_ahead=12)
    meeting = meeting.model_copy(update={"title": f"Nettverksmøte Oslo {meeting.id[-6:].upper()}"})
    repository.put_course(meeting)
    for n in range(count):
        person = registration(meeting.id, f"deltaker{n}.{uuid.uuid4().hex[:6]}@oslo.kommune.no", f"Deltaker {n}")
        repository.add_registrations([person.model_copy(update={"area": AREA})])
    return meeting


def test_an_area_leader_sends_the_agenda_with_a_pdf_and_follows_its_emails(
    phone: Page, site: Site, client: Any, tmp_path: Path
) -> None:
    meeting = a_meeting_with_people(client)
    sign_in_by_keyboard(phone, site, AREA_LEADER, f"/leder/meldinger/?kurs={meeting.id}")
    expect(phone.locator("#letter-course")).to_have_value(meeting.id)
    expect(phone.locator("#audience-newsletter-choice")).to_be_hidden()  # the network leader's alone
    expect(phone.get_by_label("Har plass")).to_be_checked()

    phone.get_by_role("button", name="Forhåndsvis").click()
    summary = phone.locator("#letter-error .error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Rett 2 ting")
    expect(phone.locator("#letter-subject-error")).to_contain_text("Skriv emnet")
    assert axe_violations(phone) == []
    summary.get_by_role("link", name=re.compile("Skriv emnet")).click()
    expect(phone.locator("#letter-subject")).to_be_focused()

    phone.keyboard.type("Agenda for nettverksmøtet")
    phone.get_by_label("Melding", exact=True).fill("Hei!\n\nHer er **agendaen** for møtet.")
    agenda = tmp_path / "Agenda.pdf"
    agenda.write_bytes(PDF)
    phone.locator("#letter-files").set_input_files(str(agenda))
    expect(phone.locator("#letter-file-list")).to_contain_text("Agenda.pdf")
    phone.get_by_role("button", name="Forhåndsvis").click()
    expect(phone.locator("#letter-preview-heading")).to_be_focused()
    expect(phone.locator("#letter-preview-recipients")).to_have_text("Meldingen går til 3 personer.")
    expect(phone.locator("#letter-preview-body strong")).to_have_text("agendaen")
    expect(phone.locator("#letter-preview-kind")).to_contain_text("tjenestemelding")
    assert axe_violations(phone) == []

    phone.get_by_role("button", name="Send til 3 personer").click()
    expect(phone.locator("#letter-detail-done")).to_be_focused()
    expect(phone.locator("#letter-progress")).to_have_text("Sendt 3 av 3", timeout=30_000)
    expect(phone.locator("#letters-table tbody tr", has_text="Agenda for nettverksmøtet")).to_have_count(1)
    link = phone.locator("#letter-detail-files a", has_text="Agenda.pdf")
    with phone.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert axe_violations(phone) == []


def test_the_network_leader_writes_to_the_whole_rosters_nurses_by_keyboard_and_the_form_passes_axe(
    phone: Page, site: Site
) -> None:
    sign_in_by_keyboard(phone, site, "nettverksleder@example.no", "/leder/meldinger/")
    expect(phone.locator("#audience-newsletter-choice")).to_be_visible()
    radio = phone.locator("#audience-roster")
    radio.focus()
    phone.keyboard.press("Space")
    expect(radio).to_be_checked()
    expect(phone.locator("#letter-roster-part")).to_be_visible()
    expect(phone.locator("#letter-course-part")).to_be_hidden()
    area = phone.get_by_label("Område", exact=True)
    assert area.locator("option").first.text_content() == "Velg område"
    area.select_option("alle")
    expect(phone.get_by_label("Ressurssykepleierne")).to_be_checked()
    phone.get_by_label("Emne").fill("Ny strategi for nettverket")
    phone.get_by_label("Melding", exact=True).fill("Styringsgruppen har vedtatt en ny strategi.")
    phone.locator("#letter-submit").focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("#letter-preview-heading")).to_be_focused()
    expect(phone.locator("#letter-preview-kind")).to_contain_text("melde seg av")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Endre meldingen").click()
    expect(phone.locator("#letter-subject")).to_be_focused()
    phone.locator("#audience-newsletter").check()
    expect(phone.locator("#letter-newsletter-part")).to_be_visible()
    assert axe_violations(phone) == []
