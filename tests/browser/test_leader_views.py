"""The leaders' area as views, in Debian's Chromium on the real local stack: each view's address opens its section
right after signing in there, with the navigation marking it and only the views the role may use; the start page
"Til behandling" counts and lists what waits, linking into the views; the old one-page anchors go to their views;
each view reads only its own data; axe-clean signed in on every view."""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from courses.models import Course
from tests.browser.test_accessibility import axe_violations, tab_to
from tests.browser.test_hospitation_leaders import request_hospitation, sign_in_by_keyboard, unique_name
from tests.browser.test_roster_leaders import UNIT, nurse_on_roster, report_new_nurse, unique
from tests.support.samples import form
from tests.support.stack import Site

NETWORK_LEADER = "nettverksleder@example.no"
AREA_LEADER = "omradeleder.gardermoregionen@example.no"
HOST_UNIT = "vertsenhet@example.no"
# Each view: its address, its heading, its nav label and the API routes it reads (besides /meg).
VIEWS = {
    "/leder/": ("start-heading", "Til behandling", {"endringsmeldinger", "hospiteringer", "navneliste", "kurs"}),
    "/leder/kurs/": ("courses-heading", "Kurs", {"kurs"}),
    "/leder/nyheter/": ("news-heading", "Nyheter", {"nyheter"}),
    "/leder/dokumenter/": ("documents-heading", "Dokumenter", {"dokumenter"}),
    "/leder/styring/": ("governance-heading", "Styring og kontakt", {"styring"}),
    "/leder/hospitering/": ("hospiteringer", "Hospitering", {"hospiteringer"}),
    "/leder/navneliste/": ("navneliste", "Navneliste", {"endringsmeldinger", "navneliste"}),
    "/leder/enheter/": ("units-heading", "Enheter", {"enheter"}),
    "/leder/timer/": ("timer", "Timer", {"timer"}),
    "/leder/arsrapport/": ("arsrapport", "Årsrapport", set()),
    "/leder/revisjon/": ("audit-heading", "Revisjon", {"revisjon"}),
}


def api_reads(page: Page) -> Callable[[], set[str]]:
    """The leaders' API routes the page asks from now on (the first part after /api/leder/)."""
    seen: set[str] = set()

    def heard(request: Any) -> None:
        path = urlsplit(request.url).path
        if request.resource_type in ("fetch", "xhr") and path.startswith("/api/leder/"):
            seen.add(path.removeprefix("/api/leder/").split("/")[0])

    page.on("request", heard)
    return lambda: seen - {"meg", "innlogging"}


def nav_link(page: Page, label: str) -> Any:
    return page.get_by_role("navigation", name="Lederområdet").get_by_role("link", name=label, exact=True)


@pytest.mark.parametrize("path", list(VIEWS))
def test_each_views_address_opens_its_section_after_signing_in_there(phone: Page, site: Site, path: str) -> None:
    heading, label, reads = VIEWS[path]
    asked = api_reads(phone)
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, path)
    expect(phone.locator(f"#{heading}")).to_be_focused()  # signed in on the bookmarked view, and still there
    assert urlsplit(phone.url).path == path
    expect(nav_link(phone, label)).to_have_attribute("aria-current", "page")
    assert phone.locator("nav[aria-label='Lederområdet'] a[aria-current]").count() == 1
    expect(phone.locator("#leader-status")).not_to_have_text("Sjekker om du er logget inn …")
    phone.wait_for_load_state("networkidle")
    assert asked() == reads, "each view reads only its own data"
    assert phone.locator("#leader-alert").inner_text() == ""


def test_the_navigation_shows_the_views_of_the_role_and_a_kind_word_on_another(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, HOST_UNIT, "/leder/")
    expect(phone).to_have_url(re.compile(r"/leder/hospitering/"))  # a host unit's start is its requests
    nav = phone.get_by_role("navigation", name="Lederområdet")
    expect(nav.get_by_role("link")).to_have_count(1)
    expect(nav_link(phone, "Hospitering")).to_have_attribute("aria-current", "page")
    phone.goto(f"{site.url}/leder/kurs/")
    expect(phone.locator("#leader-not-for-role")).to_contain_text("ikke for din rolle")
    expect(phone.locator("#courses")).to_be_hidden()

    phone.locator("#signout").click()
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/revisjon/")
    expect(phone.locator("#leader-not-for-role")).to_be_focused()
    expect(nav.get_by_role("link")).to_have_count(11)  # all but the audit log (the units view too, to read)
    expect(nav_link(phone, "Revisjon")).to_have_count(0)
    assert phone.locator("#audit-table tbody tr").count() == 0, "nothing read for a view the role may not use"
    tab_to(phone, "signout")  # by keyboard from the session to the navigation, and into a view
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.textContent") == "Til behandling"
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/leder/kurs/$"))
    expect(phone.locator("#courses-table tbody tr").first).to_be_visible()
    assert axe_violations(phone) == []


@pytest.mark.parametrize(
    ("anchor", "view", "heading"),
    [
        ("#hospiteringer", "/leder/hospitering/", "hospiteringer"),
        ("#navneliste", "/leder/navneliste/", "navneliste"),
        ("#timer", "/leder/timer/", "timer"),
    ],
)
def test_the_old_anchors_of_the_one_page_go_to_their_views(
    phone: Page, site: Site, anchor: str, view: str, heading: str
) -> None:
    phone.goto(f"{site.url}/leder/{anchor}")  # a link in an email sent before the views
    expect(phone).to_have_url(f"{site.url}{view}{anchor}")
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, view + anchor)
    expect(phone.locator(f"#{heading}")).to_be_focused()


def sign_up(site: Site, course_id: str) -> None:
    key = uuid.uuid4().hex[:8]
    body = json.dumps(form(email=f"start.{key}@example.no", name=f"Stine Start {key}")).encode()
    request = urllib.request.Request(
        f"{site.url}/api/kurs/{course_id}/pameldinger",
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 201


def api_json(page: Page, site: Site, path: str) -> Any:
    answer = page.request.get(f"{site.url}/api/leder/{path}", headers={"Accept": "application/json"})
    assert answer.ok, path
    return answer.json()


def shown(page: Page, part: str) -> tuple[str, list[tuple[str, str]]]:
    links = page.locator(f"#start-{part}-list a")
    pairs = [(link.inner_text(), link.get_attribute("href") or "") for link in links.all()]
    return page.locator(f"#start-{part}-count").inner_text(), pairs


def test_the_start_page_counts_what_waits_and_links_into_the_views(
    phone: Page, site: Site, new_course: Callable[..., Course]
) -> None:
    report_new_nurse(site, UNIT, unique("Sara"))
    request_hospitation(site, unique_name("Tone"))
    nurse_on_roster(site, UNIT, unique("Unni"))
    full = new_course(capacity=1, title=f"Fullt kurs {uuid.uuid4().hex[:6]}")
    sign_up(site, full.id)
    sign_up(site, full.id)  # the second waits
    soon = new_course(days_ahead=3, title=f"Kurs snart {uuid.uuid4().hex[:6]}")

    sign_in_by_keyboard(phone, site, NETWORK_LEADER)
    expect(phone.locator("#start-heading")).to_be_focused()
    expect(phone.locator("#leader-status")).to_contain_text("Til behandling:")
    reports = api_json(phone, site, "endringsmeldinger?status=pending")["reports"]
    requests = api_json(phone, site, "hospiteringer?status=awaiting_host")["requests"]
    unsigned = api_json(phone, site, "navneliste")["unsigned"]
    expected = {
        "reports": (
            f"{len(reports)} venter på godkjenning",
            [f"/leder/navneliste/#melding-{r['id']}" for r in reports],
        ),
        "hospitations": (
            f"{len(requests)} venter på svar fra vertsenheten",
            [f"/leder/hospitering/#soknad-{r['id']}" for r in requests],
        ),
        "unsigned": (
            f"{len(unsigned)} mangler signatur",
            [f"/leder/navneliste/#roster-entry-{e['id']}" for e in unsigned],
        ),
    }
    for part, (count, hrefs) in expected.items():
        text, links = shown(phone, part)
        assert text == count, part
        assert [href for _, href in links] == hrefs[:5], part
        assert len(hrefs) <= 5 or phone.locator(f"#start-{part}-list").inner_text().endswith(f"og {len(hrefs) - 5} til")
    text, links = shown(phone, "full")
    assert text.endswith("kurs er fulle eller har venteliste") and int(text.split()[0]) >= 1
    assert any(name.startswith(full.title) and "1 av 1 plasser, 1 på venteliste" in name for name, _ in links[:5]) or (
        int(text.split()[0]) > 5
    )
    text, links = shown(phone, "week")
    assert any(name.startswith(soon.title) for name, _ in links) or int(text.split()[0]) > 5
    assert all(href == "/leder/kurs/" for _, href in links)
    assert axe_violations(phone) == [], "the start page with its lists"

    first = requests[0]
    phone.locator("#start-hospitations-list a").first.click()  # into the view, with the request open
    expect(phone.locator("#hospitation-detail-heading")).to_be_focused()
    expect(phone.locator("#hospitation-detail-heading")).to_contain_text(first["name"])
    phone.go_back()
    expect(phone.locator("#start-heading")).to_be_visible()
    phone.locator("#start-reports-list a").first.click()
    expect(phone.locator("#report-detail-heading")).to_be_focused()
    expect(phone.locator("#report-facts")).to_contain_text(reports[0]["unit_name"])


def test_every_view_passes_axe_signed_in_as_the_network_leader(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, NETWORK_LEADER)
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    violations: list[str] = []
    for path, (heading, _, _) in VIEWS.items():
        phone.goto(site.url + path)
        expect(phone.locator(f"#{heading}")).to_be_visible()
        phone.wait_for_load_state("networkidle")
        violations += axe_violations(phone)
    assert violations == []


def test_the_start_page_is_short_on_a_desktop_screen(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    try:
        sign_in_by_keyboard(page, site, NETWORK_LEADER)
        expect(page.locator("#leader-status")).to_contain_text("Til behandling:")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 3 * 800, f"{height} px"
    finally:
        context.close()
