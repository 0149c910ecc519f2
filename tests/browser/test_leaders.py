"""The leaders' area in Debian's Chromium on the real local stack: sign in by keyboard, courses and participants,
a download that opens in Excel, the audit log, sign-out; axe-clean in every state."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.signing_in import sign_in_by_keyboard
from tests.browser.test_accessibility import axe_violations
from tests.support.samples import form
from tests.support.stack import Site


def sign_up(site: Site, email: str, name: str) -> None:
    body = json.dumps(form(email=email, name=name)).encode()
    request = urllib.request.Request(
        f"{site.url}/api/kurs/{site.open_course}/pameldinger",
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 201


def test_a_wrong_password_is_announced_next_to_the_form_and_passes_axe(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, "nettverksleder@example.no", "feil-passord-123")
    expect(phone.locator("#signin-error")).to_contain_text("Feil e-post eller passord")
    assert phone.locator("#signin-error").get_attribute("role") == "alert"
    assert axe_violations(phone) == []


def test_the_network_leader_sees_courses_participants_downloads_and_the_audit_log(
    phone: Page, site: Site, tmp_path: Path
) -> None:
    sign_up(site, "aase.leder.test@example.no", "Åse Ødegård-Leder")
    sign_in_by_keyboard(phone, site, "nettverksleder@example.no", path="/leder/kurs/")
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    row = phone.locator("#courses-table tbody tr", has_text="Testkurs med åpen påmelding")
    expect(row).to_have_count(1)
    assert phone.locator("#courses-chart").is_visible()
    assert axe_violations(phone) == [], "signed in, with courses and the chart"

    row.get_by_role("button", name="Deltakerliste").press("Enter")
    expect(phone.locator("#participants-table")).to_contain_text("Åse Ødegård-Leder")
    expect(phone.locator("#participants-heading")).to_be_focused()
    assert axe_violations(phone) == [], "with the participant list"

    with phone.expect_download() as download_info:
        row.get_by_role("link", name="Last ned (Excel)").first.click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"pameldinger-{site.open_course}-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Åse Ødegård-Leder".encode() in data

    phone.goto(f"{site.url}/leder/revisjon/")  # the audit log's own view
    phone.locator("#audit-form").get_by_role("button", name="Vis").click()  # the log again, with the download
    expect(phone.locator("#audit-table")).to_contain_text("Eksport")
    assert axe_violations(phone) == [], "with the audit log"

    phone.locator("#signout").click()
    expect(phone.locator("#signin-form")).to_be_visible()
    expect(phone.locator("#leader-status")).to_contain_text("Du er logget ut.")
    phone.reload()
    expect(phone.locator("#signin-form")).to_be_visible()  # the session is gone, not only hidden


def test_an_area_leader_sees_no_audit_log_and_only_their_area(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, "omradeleder.folloregionen@example.no", path="/leder/kurs/")
    expect(phone.locator("#leader-who")).to_contain_text("Folloregionen")
    expect(phone.locator("#courses-table tbody tr").first).to_be_visible()
    assert phone.locator("#audit").is_hidden()
    areas = phone.locator("#courses-table tbody tr td:nth-child(3)").all_inner_texts()
    assert set(areas) <= {"Folloregionen", "Hele nettverket"}
