"""The documents view (/leder/dokumenter/) in Debian's Chromium on the real local stack: the network leader uploads a
new handlingsplan with its PDF; a renamed program is refused at the file, and what is missing is told at the fields;
within seconds the documents page and the handlingsplan's page show the new version first, with the one before it
listed as an earlier version, and the PDF downloads from the site's own address with its type. Axe-clean with errors
and on the pages it changed. Undoing a change brings the text back."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.hospitation import get_page
from tests.support.stack import Publisher, Site

NETWORK_LEADER = "nettverksleder@example.no"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_new_handlingsplan_version_with_its_pdf_is_on_the_site_with_the_earlier_one_listed(
    phone: Page, site: Site, publisher: Publisher, tmp_path: Path
) -> None:
    word = f"Plan{uuid.uuid4().hex[:6]}"
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/dokumenter/")
    expect(phone.locator("#documents-table tbody tr", has_text="Handlingsplan 2027")).to_have_count(1)  # the seed's
    phone.get_by_role("button", name="Last opp en ny versjon").click()
    expect(phone.locator("#document-form-heading")).to_be_focused()
    program = tmp_path / "Handlingsplan.pdf"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00 a program")
    phone.locator("#document-file").set_input_files(str(program))
    expect(phone.locator("#document-file-now")).to_contain_text("er lastet opp")
    phone.get_by_role("button", name="Lagre og publiser").click()
    summary = phone.locator("#document-error .error-summary")
    expect(summary).to_be_focused()
    expect(phone.locator("#document-kind-error")).to_contain_text("Velg hva slags dokument")
    expect(phone.locator("#document-text-error")).to_contain_text("sammendrag")
    assert axe_violations(phone) == []

    phone.get_by_label("Dokument", exact=True).select_option("handlingsplan")
    phone.get_by_label("Tittel").fill(f"Handlingsplan 2028 {word}")
    phone.get_by_label("Periode (valgfritt)").fill("2028")
    phone.get_by_label("Vedtatt dato").fill("2027-11-20")
    phone.get_by_label("Vedtatt av (valgfritt)").fill("Styringsgruppen")
    phone.get_by_label("Ingress").fill("Hva nettverket skal gjøre i 2028.")
    phone.get_by_label("Sammendrag eller hele teksten").fill("## Mål\n\nFlere **ressurssykepleiere** i Oslo.")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#document-file-error")).to_contain_text("Handlingsplan.pdf")  # not a PDF by its bytes

    real = tmp_path / "Handlingsplan 2028.pdf"
    real.write_bytes(PDF)
    phone.locator("#document-file").set_input_files(str(real))
    expect(phone.locator("#document-file-now")).to_contain_text("Handlingsplan 2028.pdf er lastet opp")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#document-done")).to_be_focused()
    expect(phone.locator("#document-done")).to_contain_text("publisert")
    row = phone.locator("#documents-table tbody tr", has_text=word)
    expect(row).to_contain_text("Gjeldende")
    expect(phone.locator("#documents-table tbody tr", has_text="Handlingsplan 2027")).to_contain_text("Tidligere")
    assert axe_violations(phone) == []

    pages = ("/dokumenter/handlingsplan/", "/dokumenter/")  # the build writes one file after the other
    publisher.until(lambda: all(word in get_page(site, path).text for path in pages))
    phone.goto(f"{site.url}/dokumenter/handlingsplan/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(word)
    expect(phone.get_by_role("heading", name="Tidligere versjoner")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Handlingsplan 2027")
    assert axe_violations(phone) == []
    download = phone.locator("a[download]", has_text=re.compile("Handlingsplan 2028")).first
    href = download.get_attribute("href") or ""
    assert href.startswith("/dokumenter/filer/") and href.endswith(".pdf")
    served = get_page(site, href)
    kind = {name.lower(): value for name, value in served.headers.items()}.get("content-type")
    assert served.status == 200 and served.body == PDF and kind == "application/pdf"

    phone.goto(f"{site.url}/leder/dokumenter/")
    phone.locator("#documents-table tbody tr", has_text=word).get_by_role("button").click()
    phone.get_by_label("Ingress").fill("Feil ingress.")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#document-done")).to_be_focused()
    phone.get_by_role("button", name="Angre siste endring").click()
    expect(phone.get_by_label("Ingress")).to_have_value("Hva nettverket skal gjøre i 2028.")
    expect(phone.locator("#document-history li")).to_have_count(3)


def test_an_area_leader_does_not_see_the_documents_view(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, "omradeleder.oslo@example.no", "/leder/dokumenter/")
    expect(phone.locator("#leader-not-for-role")).to_be_visible()
    expect(phone.get_by_role("navigation", name="Lederområdet").get_by_role("link", name="Dokumenter")).to_have_count(0)
