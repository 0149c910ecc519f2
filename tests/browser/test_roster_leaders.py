"""The roster (navneliste) in the leaders' area, in Debian's Chromium on the real local stack: change reports sent
over HTTP as a unit leader would; the network leader approves a new resource nurse by keyboard and finds them under
their unit, declines another report with a reason, and records signatures; an area leader sees their own area only
and cannot set the network leader's date; the first import is checked (a bad row named by its line, no import
button) and then done with a clean file. axe-clean with a report open and with an error shown."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import FilePayload, Locator, Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import emails_to, sign_in_by_keyboard
from tests.support.guard import aged_stamp
from tests.support.stack import Site

UNIT, UNIT_NAME, AREA_NAME = "eidsvoll-sykehjem", "Eidsvoll sykehjem", "Gardermoregionen"
OTHER_AREA_UNIT, OTHER_AREA_UNIT_NAME = "lillestrom-helsehus", "Lillestrøm helsehus"  # Nedre Romerike
AREA_LEADER = "omradeleder.gardermoregionen@example.no"
NETWORK_LEADER = "nettverksleder@example.no"


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


def unique(first: str) -> str:
    return f"{first} Ressurs {uuid.uuid4().hex[:6].upper()}"


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".").replace("å", "a").replace("ø", "o").replace("æ", "ae") + "@example.no"


def report_change(site: Site, unit: str, kind: str, **fields: str) -> str:
    """A unit leader's change report, sent to the public form as JSON would answer it; returns its id."""
    values = {
        "reporter_name": "Una Enhetsleder",
        "reporter_email": "una.enhetsleder@example.no",
        "unit": unit,
        "kind": kind,
        "effective_date": today().isoformat(),
        "informed": "ja",
        "form_token": uuid.uuid4().hex,
        "form_started": aged_stamp(),  # filled in a minute ago (tests/support/guard.py)
        **fields,
    }
    request = urllib.request.Request(
        f"{site.url}/api/endringsmeldinger",
        data=urllib.parse.urlencode(values).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 201
        report_id: str = json.loads(answer.read())["report_id"]
        return report_id


def report_new_nurse(site: Site, unit: str, name: str, education: str = "ingen") -> str:
    return report_change(
        site,
        unit,
        "new",
        new_name=name,
        new_email=email_of(name),
        new_phone="912 34 567",
        new_education=education,
        new_listed="ja",
    )


def decide(report_id: str, entry: str = "", reason: str = "") -> None:
    """Approve (or with a reason, decline) a report as the network leader would, by the service itself."""
    from common import leader_api as web
    from common.access import Leader
    from roster.live import roster

    network_leader = Leader(NETWORK_LEADER, "Nina Nettverk", "nettverksleder", None, None, "test", 0)
    if reason:
        roster().decline(network_leader, report_id, 1, reason, web.audit_log(), datetime.now(UTC))
    else:
        roster().approve(network_leader, report_id, 1, entry, web.audit_log(), datetime.now(UTC))


def nurse_on_roster(site: Site, unit: str, name: str) -> None:
    """A new resource nurse reported and approved, so on the list from today."""
    decide(report_new_nurse(site, unit, name, education="kreftsykepleier"))


def unit_card(page: Page, unit: str) -> Locator:
    return page.locator("section.roster-unit", has=page.locator(f"#roster-unit-{unit}"))


def entry_of(page: Page, unit: str, name: str) -> Locator:
    return unit_card(page, unit).locator("li.roster-entry", has_text=name)


def tab_to(page: Page, selector: str, limit: int = 30) -> None:
    """Press Tab until the element has focus: how a keyboard user gets there."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got focus by Tab")


def open_report(page: Page, name: str) -> Locator:
    row = page.locator("#reports-table tbody tr", has_text=name)
    expect(row).to_have_count(1)
    row.get_by_role("button", name=re.compile(f"^Vis meldingen om {name}")).press("Enter")
    heading = page.locator("#report-detail-heading")
    # The local gateway answers one request at a time per function, as one Lambda container would: after an approval
    # the leaders' page reloads its lists first, which on a loaded two-core machine took longer than the default 5 s.
    expect(heading).to_contain_text(name, timeout=15_000)
    expect(heading).to_be_focused()
    return row


def test_the_network_leader_approves_a_new_nurse_by_keyboard_and_finds_them_under_the_unit(
    phone: Page, site: Site
) -> None:
    name = unique("Åse")
    report_new_nurse(site, UNIT, name)
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    expect(phone.locator("#navneliste")).to_be_focused()  # the link in the roster's emails lands on the section
    expect(phone.locator("#reports-status")).to_have_value("pending")  # the waiting ones first
    expect(phone.locator("#reports-pending")).to_contain_text("venter på godkjenning")

    row = open_report(phone, name)
    expect(row).to_contain_text(UNIT_NAME)
    expect(row).to_contain_text("Ny ressurssykepleier")
    facts = phone.locator("#report-facts")
    expect(facts).to_contain_text(UNIT_NAME)
    expect(facts).to_contain_text(email_of(name))
    expect(facts).to_contain_text("Una Enhetsleder")
    assert phone.locator("#approve-entry-field").is_hidden(), "a new nurse concerns no one on the list"
    expect(phone.locator("#report-decline-form")).to_contain_text("Ikke skriv pasientopplysninger")
    assert axe_violations(phone) == [], "the roster with a change report open"

    tab_to(phone, "#approve-submit")
    phone.keyboard.press("Enter")
    done = phone.locator("#report-detail-done")
    expect(done).to_be_focused()
    expect(done).to_contain_text("Endringen er godkjent")
    expect(facts).to_contain_text("Godkjent")
    assert phone.locator("#approve-form").is_hidden() and phone.locator("#report-decline-form").is_hidden()
    expect(row).to_have_count(0)  # no longer among those waiting
    assert any("Velkommen" in str(message["Subject"]) for message in emails_to(email_of(name)))

    entry = entry_of(phone, UNIT, name)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(email_of(name))
    expect(entry).to_contain_text("Anbefales")  # no further education: the grunnkurs is recommended
    expect(entry).to_contain_text("Ressurssykepleieren: mangler")
    expect(phone.locator("#unsigned-list")).to_contain_text(name)
    coverage = phone.locator("#coverage-table tbody tr", has_text=AREA_NAME)
    expect(coverage).to_have_count(1)
    expect(coverage.locator("td").nth(1)).not_to_have_text("0")  # with a resource nurse
    expect(phone.locator("#uncovered-list")).not_to_contain_text(UNIT_NAME)
    chart = phone.locator("#coverage-figure img")
    expect(chart).to_have_attribute("alt", re.compile(f"{AREA_NAME}: [1-9]"))
    phone.wait_for_function(  # the SVG chart loads
        "() => { const image = document.querySelector('#coverage-figure img');"
        " return image && image.complete && image.naturalWidth > 0; }",
        timeout=10_000,
    )
    expect(phone.locator("#roster-downloads a", has_text="komma")).to_have_attribute("href", re.compile("format=komma"))
    expect(phone.locator("#roster-history-downloads a").first).to_have_attribute("href", re.compile("historikk=ja"))

    history = unit_card(phone, UNIT).locator(f"button[aria-controls='roster-history-{UNIT}']")
    expect(history).to_have_text("Vis historikken")
    history.press("Enter")
    table = unit_card(phone, UNIT).locator(".roster-history table")
    expect(table.locator("caption")).to_contain_text(f"Alle ressurssykepleiere ved {UNIT_NAME}")
    expect(table.locator("tbody tr", has_text=name)).to_contain_text("Ny ressurssykepleier")
    expect(history).to_have_attribute("aria-expanded", "true")
    expect(history).to_have_text("Skjul historikken")
    assert axe_violations(phone) == [], "the roster with a unit's history shown"


def test_the_network_leader_declines_a_report_with_a_reason(phone: Page, site: Site) -> None:
    name = unique("Bjørn")
    report_change(site, "hurdal-omsorgssenter", "leaving", leaving_name=name, leaving_email=email_of(name))
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")
    row = open_report(phone, name)
    expect(row).to_contain_text("Slutter i rollen")
    expect(phone.locator("#approve-entry-field")).to_be_visible()  # whom on the list it concerns
    expect(phone.locator("#approve-entry")).to_have_value("")  # the unit has no one on the list to suggest

    phone.locator("#report-decline-submit").focus()
    phone.keyboard.press("Enter")  # no reason given
    reason = phone.locator("#report-decline-reason")
    expect(phone.locator("#report-decline-reason-error")).to_contain_text("begrunnelse")
    expect(reason).to_be_focused()
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert "report-decline-reason-error" in (reason.get_attribute("aria-describedby") or "")
    expect(phone.locator("#report-decline-error")).not_to_be_empty()
    assert axe_violations(phone) == [], "the decline form with its error shown"

    phone.keyboard.type("Hun står ikke i navnelisten for enheten. Send en ny melding om det gjelder en annen.")
    tab_to(phone, "#report-decline-submit")
    phone.keyboard.press("Enter")
    expect(phone.locator("#report-detail-done")).to_contain_text("Meldingen er avslått")
    expect(phone.locator("#report-facts")).to_contain_text("Avslått")
    expect(phone.locator("#report-facts")).to_contain_text("Hun står ikke i navnelisten")
    expect(row).to_have_count(0)

    phone.locator("#reports-status").select_option(label="Avslått")
    phone.locator("#reports-form").get_by_role("button", name="Vis").click()
    expect(phone.locator("#reports-table tbody tr", has_text=name)).to_contain_text("Avslått")
    phone.locator("#report-close").click()
    assert phone.locator("#report-detail").is_hidden()


def test_an_area_leader_sees_their_area_and_records_signatures_but_not_the_network_leaders(
    phone: Page, site: Site
) -> None:
    name, elsewhere = unique("Cecilie"), unique("Dagny")
    nurse_on_roster(site, UNIT, name)
    report_new_nurse(site, OTHER_AREA_UNIT, elsewhere)
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/#navneliste")
    expect(phone.locator("#leader-who")).to_contain_text(AREA_NAME)
    expect(phone.locator("#reports-caption")).to_contain_text("(")  # the reports have come
    entry = entry_of(phone, UNIT, name)
    expect(entry).to_have_count(1)
    expect(phone.locator("#coverage-table tbody tr")).to_have_count(1)
    expect(phone.locator("#coverage-table tbody")).to_contain_text(AREA_NAME)
    assert phone.locator("#roster-area-form").is_hidden(), "one area: nothing to choose"
    assert phone.locator("#roster-import").is_hidden(), "only the network leader imports"
    expect(phone.locator("#roster-unit-list")).not_to_contain_text(OTHER_AREA_UNIT_NAME)
    expect(phone.locator("#reports-table")).not_to_contain_text(elsewhere)
    expect(phone.locator("#unsigned-list")).to_contain_text(name)

    toggle = entry.get_by_role("button", name=f"Registrer signaturer for {name}")
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    form = entry.locator("form")
    nurse, leader, network = (
        form.get_by_label(label) for label in ("Ressurssykepleieren", "Nærmeste leder", "Nettverksleder")
    )
    expect(nurse).to_be_focused()
    expect(network).to_have_attribute("readonly", "")
    expect(form).to_contain_text("Bare nettverkslederen kan registrere denne datoen.")
    nurse.fill(today().isoformat())
    leader.fill((today() + timedelta(days=3)).isoformat())  # a date to come
    form.get_by_role("button", name="Lagre signaturene").press("Enter")
    expect(leader).to_be_focused()
    expect(leader).to_have_attribute("aria-invalid", "true")
    expect(form).to_contain_text("fram i tid")
    assert axe_violations(phone) == [], "a signature form with its error shown"

    leader.fill(today().isoformat())
    form.get_by_role("button", name="Lagre signaturene").press("Enter")
    expect(phone.locator("#leader-status")).to_contain_text(f"Signaturene for {name} er lagret.")
    entry = entry_of(phone, UNIT, name)
    expect(entry).to_contain_text("Nettverksleder: mangler")
    expect(entry).not_to_contain_text("Ressurssykepleieren: mangler")
    expect(entry.get_by_role("button", name=f"Registrer signaturer for {name}")).to_be_focused()
    expect(phone.locator("#unsigned-list")).to_contain_text(name)  # the network leader's is still missing

    phone.locator("#signout").click()
    expect(phone.locator("#signin-form")).to_be_visible()
    phone.goto("about:blank")  # a fresh page: going to the same address with its #anchor would not load it anew
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")
    expect(phone.locator("#roster-area-form")).to_be_visible()  # every area to choose from
    phone.locator("#roster-area").select_option(label=AREA_NAME)
    phone.locator("#roster-area-form").get_by_role("button", name="Vis").click()
    expect(phone.locator("#coverage-table tbody tr")).to_have_count(1)
    expect(phone.locator("#roster-downloads a").first).to_have_attribute("href", re.compile("omrade=gardermoregionen"))
    entry = entry_of(phone, UNIT, name)
    entry.get_by_role("button", name=f"Registrer signaturer for {name}").click()
    network = entry.locator("form").get_by_label("Nettverksleder")
    expect(network).not_to_have_attribute("readonly", "")
    network.fill(today().isoformat())
    entry.locator("form").get_by_role("button", name="Lagre signaturene").click()
    expect(phone.locator("#leader-status")).to_contain_text(f"Signaturene for {name} er lagret.")
    expect(entry_of(phone, UNIT, name)).not_to_contain_text("mangler")
    expect(phone.locator("#unsigned-list")).not_to_contain_text(name)


def test_the_leader_picks_whom_a_leaving_report_concerns_and_sees_a_decision_made_meanwhile(
    phone: Page, site: Site
) -> None:
    unit, name, other = "nannestad-sykehjem", unique("Leif"), unique("Mona")
    nurse_on_roster(site, unit, name)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    report_change(site, unit, "leaving", effective_date=tomorrow, leaving_name=name, leaving_email=email_of(name))
    meanwhile = report_new_nurse(site, unit, other)
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")

    open_report(phone, name)
    select = phone.locator("#approve-entry")
    expect(select.locator("option:checked")).to_contain_text(name)  # suggested: the same email
    select.select_option("")
    phone.locator("#approve-submit").press("Enter")
    expect(phone.locator("#approve-entry-error")).to_contain_text("Velg ressurssykepleieren meldingen gjelder.")
    expect(select).to_be_focused()
    expect(select).to_have_attribute("aria-invalid", "true")
    chosen = select.locator("option", has_text=name).get_attribute("value")
    assert chosen
    select.select_option(chosen)
    phone.locator("#approve-submit").press("Enter")
    expect(phone.locator("#report-detail-done")).to_contain_text("Endringen er godkjent")

    open_report(phone, other)
    decide(meanwhile, reason="Meldt to ganger.")  # another leader, in another tab
    phone.locator("#approve-submit").press("Enter")
    alert = phone.locator("#report-detail-alert")
    expect(alert).to_contain_text("allerede godkjent eller avslått")
    expect(alert).to_contain_text("Vi har hentet meldingen på nytt")
    expect(phone.locator("#report-facts")).to_contain_text("Meldt to ganger.")
    assert phone.locator("#approve-form").is_hidden() and phone.locator("#report-decline-form").is_hidden()


def test_a_nurse_who_leaves_later_stays_on_the_list_until_then(phone: Page, site: Site) -> None:
    unit, unit_name, name = "ullensaker-helsehus", "Helsehuset i Ullensaker", unique("Siri")
    nurse_on_roster(site, unit, name)
    last_day = today() + timedelta(days=30)
    leaving = report_change(
        site, unit, "leaving", effective_date=last_day.isoformat(), leaving_name=name, leaving_email=email_of(name)
    )
    from roster.live import roster

    entry_id = next(entry.id for entry in roster().repo.entries_for_unit(unit) if entry.name == name)
    decide(leaving, entry=entry_id)
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")
    expect(phone.locator("#coverage-table tbody tr").first).to_be_visible()
    expect(phone.locator("#uncovered-list")).not_to_contain_text(unit_name, timeout=2000)
    expect(entry_of(phone, unit, name)).to_contain_text("Til", timeout=2000)


def upload(data: bytes) -> FilePayload:
    return {"name": "navneliste.csv", "mimeType": "text/csv", "buffer": data}


def csv_file(rows: list[str], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(["Navn;E-post;Telefon;Kommune;Enhet;Utdanning;Startdato", *rows, ""]).encode(encoding)


def test_the_network_leader_checks_the_first_import_then_imports_a_clean_file(phone: Page, site: Site) -> None:
    key = uuid.uuid4().hex[:6]
    first, second = f"Øystein Import {key.upper()}", f"Grete Import {key.upper()}"
    good = [
        f"{first};oystein.{key}@example.no;912 34 567;Eidskog;Eidskog helsetun;kreftsykepleier;01.02.2024",
        f"{second};grete.{key}@example.no;;Grue;Grue sykehjem;ingen;2023",
    ]
    bad = [good[0], "Feil Import;ikke-en-epost;912 34 568;Grue;Grue sykehjem;ingen;01.03.2024"]
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/#navneliste")
    part = phone.locator("#roster-import")
    expect(part).to_be_visible()

    phone.set_input_files("#import-file", files=[upload(csv_file(bad))])
    phone.locator("#import-check").press("Enter")
    report = phone.locator("#import-report")
    expect(phone.locator("#import-report-heading")).to_be_focused()
    problem = report.locator(".roster-problem-list > li")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("Linje 3")
    expect(problem.locator("li")).to_contain_text("«ikke-en-epost» er ikke en e-postadresse")
    expect(report).to_contain_text("Rett radene i filen")
    assert phone.locator("#import-confirm").is_hidden(), "nothing to import while a row is wrong"
    expect(phone.locator("#leader-status")).to_contain_text("Noe må rettes")
    assert axe_violations(phone) == [], "the import report with a row to correct"
    expect(entry_of(phone, "eidskog-helsetun", first)).to_have_count(0)  # nothing written

    clean = csv_file(good, "cp1252")  # as Excel on Norwegian Windows saves it
    phone.set_input_files("#import-file", files=[upload(clean)])
    assert report.is_hidden(), "a new file: the old report goes"
    phone.locator("#import-check").click()
    confirm = phone.locator("#import-confirm")
    expect(confirm).to_have_text("Importer 2 ressurssykepleiere")
    expect(report).to_contain_text("Kongsvingerregionen: 2")
    expect(report).to_contain_text("Windows")
    expect(report.locator(".roster-problem-list")).to_have_count(0)
    confirm.press("Enter")
    done = phone.locator("#import-done")
    expect(done).to_be_focused()
    expect(done).to_contain_text("Navnelisten er importert")
    expect(entry_of(phone, "eidskog-helsetun", first)).to_contain_text("Kreftsykepleier")
    expect(entry_of(phone, "grue-sykehjem", second)).to_contain_text("Anbefales")
    assert phone.locator("#import-form").is_hidden(), "the list is imported once"
