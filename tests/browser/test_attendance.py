"""Attendance in Debian's Chromium on the real local stack: an area leader marks who came to a local meeting on a
360 px phone, by keyboard and by tapping, and finds the marks again after a reload; before the meeting's day the list
is read-only, with the absence a nurse reported through the meeting page's form (with and without JavaScript). The
hours toward the 12-hour goal: the table per nurse and per area, the chart and the downloads. axe-clean throughout."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from attendance.models import Absence
from attendance.repository import DynamoAttendanceRepository
from common.formatting import OSLO
from courses.models import Course
from courses.repository import DynamoCourseRepository
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.browser.test_roster_leaders import email_of, nurse_on_roster, tab_to
from tests.support.samples import course, registration
from tests.support.stack import ROOT, TABLE, Site, build_site

AREA, AREA_NAME, UNIT, UNIT_NAME = "kongsvingerregionen", "Kongsvingerregionen", "granly-helsetun", "Granly helsetun"
AREA_LEADER = f"omradeleder.{AREA}@example.no"
NETWORK_LEADER = "nettverksleder@example.no"
PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(browser: Browser) -> Iterator[Page]:
    """The narrowest phone the pages are made for, with a touch screen."""
    context = browser.new_context(viewport=PHONE, locale="nb-NO", has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def suffix() -> str:
    return uuid.uuid4().hex[:6].upper()


def local_meeting(client: Any, title: str, start: datetime, kind: str = "nettverksmote") -> Course:
    """A three-hour nettverksmøte (or another kind of event) in the area, in the table (the leaders' list reads it
    from there)."""
    # Through the model's validation, not model_copy: its days follow from the start and end.
    meeting = course(
        f"{kind}-test-{uuid.uuid4().hex[:10]}",
        now=start,
        days_ahead=0,
        kind=kind,
        title=title,
        area=AREA,
        end=start + timedelta(hours=3),
    )
    DynamoCourseRepository(client, TABLE, cache_seconds=0).put_course(meeting)
    return meeting


def signed_up(client: Any, meeting: Course, name: str) -> str:
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    seat = registration(meeting.id, email_of(name), name)
    repository.add_registrations([seat.model_copy(update={"area": AREA, "workplace": UNIT_NAME})])
    return email_of(name)


def reported_absence(client: Any, meeting: Course, name: str, reason: str) -> None:
    absence = Absence(
        course_id=meeting.id,
        email=email_of(name),
        name=name,
        reason=reason,
        created_at=meeting.start - timedelta(days=1),
        expires_at=2_000_000_000,
    )
    DynamoAttendanceRepository(client, TABLE).add_absence(absence)


def an_hour_ago_today() -> datetime:
    """An hour ago, but no earlier than the day's first minute in Oslo: a resource nurse put on the roster today is in
    the role on the meeting's day, in Oslo's first hour of a day too (the app's days are Oslo's)."""
    now = datetime.now(UTC)
    first_minute = datetime.combine(now.astimezone(OSLO).date(), time(0, 1), OSLO)
    return max(now - timedelta(hours=1), first_minute)


def today_meeting(client: Any, site: Site) -> tuple[Course, list[str]]:
    """A meeting that began an hour ago: two signed up (one reported absence), one resource nurse without a seat."""
    key = suffix()
    meeting = local_meeting(client, f"Nettverksmøte Kongsvinger {key}", an_hour_ago_today())
    names = [f"Anne Påmeldt {key}", f"Berit Påmeldt {key}", f"Cecilie Uten {key}"]
    signed_up(client, meeting, names[0])
    signed_up(client, meeting, names[1])
    reported_absence(client, meeting, names[1], "Vakt på avdelingen")
    nurse_on_roster(site, UNIT, names[2])
    return meeting, names


def open_attendance(page: Page, meeting: Course) -> Locator:
    opener = page.get_by_role("button", name=f"Oppmøte på {meeting.title}")
    expect(opener).to_have_count(1)
    opener.focus()
    page.keyboard.press("Enter")
    heading = page.locator("#attendance-detail-heading")
    expect(heading).to_be_focused()
    expect(heading).to_have_text(f"Oppmøte: {meeting.title}")
    return page.locator("#attendance-detail")


def row_of(page: Page, name: str) -> Locator:
    return page.locator("#attendance-list li", has_text=name)


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def test_an_area_leader_marks_who_came_by_keyboard_on_a_phone_and_a_reload_shows_the_marks(
    small_phone: Page, site: Site, client: Any
) -> None:
    meeting, (anne, berit, cecilie) = today_meeting(client, site)
    sign_in_by_keyboard(small_phone, site, AREA_LEADER, "/leder/kurs/")
    panel = open_attendance(small_phone, meeting)

    expect(panel.locator("#attendance-facts")).to_contain_text("3 timer")
    expect(row_of(small_phone, anne)).to_contain_text("Påmeldt")
    expect(row_of(small_phone, berit)).to_contain_text("Meldt fravær: Vakt på avdelingen")
    expect(row_of(small_phone, cecilie)).to_contain_text("Kom uten påmelding")
    expect(row_of(small_phone, cecilie)).to_contain_text(f"{UNIT_NAME}, {AREA_NAME}")
    names = small_phone.locator("#attendance-list .attendance-person__name").all_text_contents()
    assert names.index(anne) < names.index(berit) < names.index(cecilie), "those signed up first"
    expect(small_phone.locator("#attendance-count")).to_have_text(f"0 av {len(names)} til stede")
    anne_box = small_phone.get_by_role("checkbox", name=anne, exact=True)
    expect(anne_box).to_have_attribute("aria-describedby", re.compile("about"))
    fits_the_screen(small_phone)
    for target in [*small_phone.locator("#attendance-list label").all(), small_phone.locator("#attendance-submit")]:
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, "a big enough touch target"
    assert axe_violations(small_phone) == [], "the attendance list open"

    tab_to(small_phone, f"#{anne_box.get_attribute('id')}")
    small_phone.keyboard.press("Space")
    cecilie_box = small_phone.get_by_role("checkbox", name=cecilie, exact=True)
    tab_to(small_phone, f"#{cecilie_box.get_attribute('id')}")
    small_phone.keyboard.press("Space")
    expect(small_phone.locator("#attendance-count")).to_have_text(f"2 av {len(names)} til stede")
    tab_to(small_phone, "#attendance-submit")
    small_phone.keyboard.press("Enter")

    expect(small_phone.locator("#leader-status")).to_have_text(f"Oppmøtet er lagret: 2 av {len(names)} til stede.")
    expect(small_phone.locator("#attendance-detail-done")).to_be_visible()
    expect(small_phone.locator("#attendance-submit")).to_be_focused()
    stored = {m.email_key: m for m in DynamoAttendanceRepository(client, TABLE).attendance(meeting.id)}
    assert (stored[email_of(anne)].present, stored[email_of(anne)].hours) == (True, 3.0)
    assert stored[email_of(berit)].present is False and stored[email_of(cecilie)].present is True
    assert axe_violations(small_phone) == [], "after saving"

    small_phone.reload()
    expect(small_phone.locator("#leader-who")).to_contain_text(AREA_NAME)  # still signed in
    open_attendance(small_phone, meeting)
    expect(small_phone.get_by_role("checkbox", name=anne, exact=True)).to_be_checked()
    expect(small_phone.get_by_role("checkbox", name=berit, exact=True)).not_to_be_checked()
    expect(small_phone.get_by_role("checkbox", name=cecilie, exact=True)).to_be_checked()

    small_phone.locator("#attendance-close").press("Enter")
    assert small_phone.locator("#attendance-detail").is_hidden()
    expect(small_phone.get_by_role("button", name=f"Oppmøte på {meeting.title}")).to_be_focused()


def test_an_area_leader_finds_and_taps_people_on_a_touch_screen(small_phone: Page, site: Site, client: Any) -> None:
    meeting, (anne, berit, cecilie) = today_meeting(client, site)
    sign_in_by_keyboard(small_phone, site, AREA_LEADER, "/leder/kurs/")
    open_attendance(small_phone, meeting)

    small_phone.locator("#attendance-search").fill(cecilie.lower())
    expect(small_phone.locator("#attendance-shown")).to_have_text(re.compile(r"^Viser 1 av \d+\.$"))
    assert row_of(small_phone, anne).is_hidden() and row_of(small_phone, cecilie).is_visible()
    row_of(small_phone, cecilie).locator(".attendance-person__name").tap()  # the row, not just the small box
    small_phone.locator("#attendance-search").fill("")
    row_of(small_phone, berit).locator(".attendance-person__about").tap()
    row_of(small_phone, berit).locator(".attendance-person__about").tap()  # and off again
    row_of(small_phone, anne).tap()
    fits_the_screen(small_phone)
    small_phone.locator("#attendance-submit").tap()

    expect(small_phone.locator("#leader-status")).to_contain_text("Oppmøtet er lagret: 2 av")
    present = {m.name for m in DynamoAttendanceRepository(client, TABLE).attendance(meeting.id) if m.present}
    assert present == {anne, cecilie}


def test_the_courses_list_links_the_evaluation_of_a_course_that_has_ended(phone: Page, site: Site, client: Any) -> None:
    key = suffix()
    ended = local_meeting(client, f"Grunnkurs som var {key}", datetime.now(UTC) - timedelta(days=2), "grunnkurs")
    coming = local_meeting(client, f"Grunnkurs som kommer {key}", datetime.now(UTC) + timedelta(days=2), "grunnkurs")
    meeting = local_meeting(client, f"Nettverksmøte som var {key}", datetime.now(UTC) - timedelta(days=2))
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")

    link = phone.get_by_role("link", name=f"Evaluering av {ended.title}")
    expect(link).to_have_attribute("href", f"/api/leder/kurs/{ended.id}/evaluering")
    expect(link).to_have_text("Evaluering")
    expect(phone.locator("#courses-table tbody tr", has_text=coming.title)).to_have_count(1)
    expect(phone.get_by_role("link", name=f"Evaluering av {coming.title}")).to_have_count(0)
    expect(phone.locator("#courses-table tbody tr", has_text=meeting.title)).to_have_count(1)
    expect(phone.get_by_role("link", name=f"Evaluering av {meeting.title}")).to_have_count(0)  # not evaluated


# The absence form on the meeting's page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coming_meeting(site: Site, dynamodb_local: Any, tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A nettverksmøte in three weeks, its page built by Pelican from a content file like any other and put beside
    the site's (the session's site has only the sample meetings, whose dates are fixed), and its course in the
    table."""
    course_id = f"nettverksmote-fravaer-{uuid.uuid4().hex[:8]}"
    start = datetime.now(UTC) + timedelta(days=21)
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    (content / "kurs" / f"{course_id}.md").write_text(
        f"""Title: Nettverksmøte Kongsvingerregionen
Id: {course_id}
Kind: nettverksmote
Start: {start:%Y-%m-%d} 12:00
End: {start:%Y-%m-%d} 15:00
Place: Kongsvinger sykehus, møterom 3
Area: {AREA}
Capacity: 30
Registration_deadline: {(start - timedelta(days=7)):%Y-%m-%d}
Audience: Ressurssykepleiere i Kongsvingerregionen
Summary: Lokalt nettverksmøte.

Program kommer.
""",
        encoding="utf-8",
    )
    output = build_site(content, tmp_path_factory.mktemp("meeting-output"), search=False)
    shutil.copytree(output / "kurs" / course_id, site.output / "kurs" / course_id)
    feed = json.loads((output / "kurs" / "kurs.json").read_text(encoding="utf-8"))
    meeting = Course.model_validate(next(entry for entry in feed if entry["id"] == course_id))
    DynamoCourseRepository(dynamodb_local.client(), TABLE, cache_seconds=0).put_course(meeting)
    return meeting


def absence_form(page: Page) -> Locator:
    return page.locator("form[data-absence-form]")


def fill_absence(page: Page, name: str, email: str, reason: str) -> None:
    form = absence_form(page)
    form.get_by_label("Navn").fill(name)
    form.get_by_label("E-post").fill(email)
    form.get_by_label("Hvorfor kan du ikke komme?").fill(reason)


def test_a_nurse_reports_absence_without_javascript_and_gets_a_page_back(
    phone_without_js: Page, site: Site, client: Any, coming_meeting: Course
) -> None:
    name = f"Dina Fravær {suffix()}"
    phone_without_js.goto(f"{site.url}/kurs/{coming_meeting.id}/")
    expect(phone_without_js.get_by_role("heading", name="Kan du ikke komme?")).to_be_visible()
    expect(absence_form(phone_without_js)).to_contain_text("Ikke skriv pasientopplysninger")

    fill_absence(phone_without_js, name, email_of(name), "Jeg har vakt.")
    absence_form(phone_without_js).get_by_role("button", name="Meld fravær").click()

    expect(phone_without_js.get_by_role("heading", name="Fraværet er meldt")).to_be_visible()
    expect(phone_without_js.locator("main")).to_contain_text("Områdelederen ser at du ikke kommer på")
    stored = DynamoAttendanceRepository(client, TABLE).absences(coming_meeting.id)
    assert [(a.name, a.reason) for a in stored if a.name == name] == [(name, "Jeg har vakt.")]


def test_a_nurse_reports_absence_with_javascript_sees_errors_at_the_fields_then_the_receipt_and_the_leader_sees_it(
    phone: Page, site: Site, client: Any, coming_meeting: Course
) -> None:
    name = f"Eva Fravær {suffix()}"
    nurse_on_roster(site, UNIT, name)
    phone.goto(f"{site.url}/kurs/{coming_meeting.id}/")
    form = absence_form(phone)
    fill_absence(phone, name, "eva-uten-krøll", "")
    form.get_by_role("button", name="Meld fravær").click()

    summary = phone.locator("#fravaer-feil")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skjemaet har 2 feil som må rettes")
    expect(phone.locator("#fravaer-email-feil")).to_contain_text("gyldig e-postadresse")
    expect(phone.locator("#fravaer-reason-feil")).to_contain_text("Skriv kort hvorfor")
    reason = form.get_by_label("Hvorfor kan du ikke komme?")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_attribute("aria-describedby", "fravaer-reason-hint fravaer-reason-feil")
    expect(phone.locator("#feiloppsummering")).to_have_count(0)  # the sign-up form above is untouched
    assert axe_violations(phone) == [], "the absence form with its errors"

    form.get_by_label("E-post").fill(email_of(name))
    reason.fill("Ferie den uka.")
    form.get_by_role("button", name="Meld fravær").click()
    receipt = phone.locator("section.absence .receipt")
    expect(receipt).to_be_focused()
    expect(receipt).to_contain_text("Fraværet er meldt")
    expect(absence_form(phone)).to_have_count(0)
    assert axe_violations(phone) == [], "the receipt"

    # The area leader sees it on the meeting's list, which can be marked from the meeting's day only.
    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/kurs/")
    open_attendance(phone, coming_meeting)
    expect(phone.locator("#attendance-not-yet")).to_have_text(
        "Oppmøtet kan registreres fra dagen møtet eller kurset begynner."
    )
    read_only = phone.locator("#attendance-readonly li", has_text=name)
    expect(read_only).to_contain_text("Meldt fravær: Ferie den uka.")
    assert phone.locator("#attendance-form").is_hidden()
    expect(phone.locator("#attendance-detail input[type=checkbox]")).to_have_count(0)
    assert axe_violations(phone) == [], "the read-only list"


# Hours toward the 12-hour goal --------------------------------------------------------------------------------------


def mark_present(meeting: Course, emails: set[str]) -> None:
    """Who came, saved as the area leader's list would save it (the service itself)."""
    from attendance.leader_routes import people
    from attendance.live import attendances
    from common.access import Leader

    leader = Leader(AREA_LEADER, "Områdeleder", "omradeleder", AREA, None, "test", 0)
    attendances().mark(leader, meeting, people(leader, meeting), emails, datetime.now(UTC))


def test_the_hours_section_shows_each_nurse_and_area_against_the_goal_with_the_chart_and_downloads(
    phone: Page, site: Site, client: Any
) -> None:
    key = suffix()
    came, missed = f"Frida Timer {key}", f"Gro Timer {key}"
    nurse_on_roster(site, UNIT, came)
    nurse_on_roster(site, "kongsvinger-hjemmetjeneste", missed)
    meeting = local_meeting(client, f"Nettverksmøte Kongsvinger {key}", an_hour_ago_today())
    mark_present(meeting, {email_of(came)})
    year = datetime.now(UTC).year

    sign_in_by_keyboard(phone, site, AREA_LEADER, "/leder/#timer")
    expect(phone.locator("#timer")).to_be_focused()
    expect(phone.locator("#hours-year")).to_have_value(str(year))
    assert phone.locator("#hours-area-field").is_hidden(), "an area leader has one area"
    expect(phone.locator("#hours-caption")).to_have_text(f"Timer per ressurssykepleier i {year}")
    row = phone.locator("#hours-table tbody tr", has_text=came)
    expect(row).to_contain_text(UNIT_NAME)
    expect(row.locator("td").nth(2)).to_have_text("3")
    expect(row).to_contain_text("Under 12 timer")
    expect(phone.locator("#hours-table tbody tr", has_text=missed).locator("td").nth(2)).to_have_text("0")
    areas = phone.locator("#hours-areas-table tbody tr")
    expect(areas).to_have_count(1)
    expect(areas.first.locator("th")).to_have_text(AREA_NAME)
    chart = phone.locator("#hours-figure img")
    expect(chart).to_have_attribute("alt", "")
    expect(chart).to_have_attribute("src", re.compile(f"/api/leder/timer.svg\\?ar={year}"))
    phone.wait_for_function(
        "() => { const image = document.querySelector('#hours-figure img');"
        " return image && image.complete && image.naturalWidth > 0; }",
        timeout=10_000,
    )
    downloads = phone.locator("#hours-downloads a")
    expect(downloads).to_have_count(2)
    expect(downloads.nth(0)).to_have_attribute("href", re.compile(f"/api/leder/timer.csv\\?ar={year}$"))
    expect(downloads.nth(1)).to_have_attribute("href", re.compile("format=komma"))
    assert axe_violations(phone) == [], "the hours section"

    phone.locator("#hours-year").fill("20x7")
    phone.locator("#hours-form").get_by_role("button", name="Vis").click()
    expect(phone.locator("#hours-year-error")).to_contain_text("fire sifre")
    expect(phone.locator("#hours-year")).to_be_focused()


def test_the_network_leader_chooses_an_area_for_the_hours(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/timer/")
    area = phone.locator("#hours-area")
    expect(phone.locator("#hours-area-field")).to_be_visible()
    expect(area.locator("option")).to_have_count(7)  # all, and each of the six areas
    area.select_option(AREA)
    phone.locator("#hours-form").get_by_role("button", name="Vis").click()

    expect(phone.locator("#leader-status")).to_contain_text("Ressurssykepleiere:")
    expect(phone.locator("#hours-areas-table tbody tr")).to_have_count(1)
    expect(phone.locator("#hours-figure img")).to_have_attribute("src", re.compile(f"omrade={AREA}"))
    expect(phone.locator("#hours-downloads a").first).to_have_attribute("href", re.compile(f"omrade={AREA}"))
    assert set(phone.locator("#hours-table tbody td:nth-child(3)").all_text_contents()) <= {AREA_NAME}


def test_the_meeting_page_is_light(site: Site, coming_meeting: Course) -> None:
    """HTML, CSS and JS a browser loads for the page (sign-up still open), under the 40 KB every page type keeps to."""
    page = f"kurs/{coming_meeting.id}/index.html"
    files = [page, *(f"theme/css/{name}.css" for name in ("site", "forms", "pages")), "nettverk.css"]
    files += ["theme/js/signup.js", "theme/js/absence.js"]

    assert sum((site.output / path).stat().st_size for path in files) < 40 * 1024
