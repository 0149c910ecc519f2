"""The public forms' guards in a real browser, at the real time (no stamp made early): the honeypot is out of sight,
out of the keyboard's way and out of the accessibility tree, and a form sent at once is handed back kindly, with and
without JavaScript, and one more click a few seconds later sends it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from courses.repository import DynamoCourseRepository
from tests.browser.test_signup import emails, fill
from tests.support.stack import Site

AGAIN = "Se over skjemaet og send det på nytt."
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def real_time(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(real_form_start=True, viewport=PHONE, locale="nb-NO")  # type: ignore[call-arg]
    yield context.new_page()
    context.close()


@pytest.fixture
def real_time_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(  # type: ignore[call-arg]
        real_form_start=True, viewport=PHONE, locale="nb-NO", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_the_honeypot_is_not_seen_heard_or_tabbed_to(real_time: Page, site: Site) -> None:
    page = real_time
    page.goto(f"{site.url}/kurs/{site.open_course}/")
    trap = page.locator("input[name=website]")
    expect(trap).to_have_count(1)
    assert trap.get_attribute("tabindex") == "-1" and trap.get_attribute("autocomplete") == "off"
    box = trap.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, "off the screen"
    assert page.get_by_role("textbox", name="La dette feltet stå tomt").count() == 0, "not in the accessibility tree"
    page.get_by_label("Navn", exact=True).focus()
    for _ in range(40):
        assert page.evaluate("document.activeElement.name") != "website"
        page.keyboard.press("Tab")
    expect(page.locator("input[data-form-stamp]").first).not_to_have_value("")  # the script fetched a start


def test_without_javascript_a_form_sent_at_once_comes_back_and_one_more_click_sends_it(
    real_time_without_js: Page, site: Site, repository: DynamoCourseRepository
) -> None:
    page = real_time_without_js
    page.goto(f"{site.url}/kurs/{site.open_course}/")
    fill(page, "vakt-uten-js@example.no")
    page.get_by_role("button", name="Meld meg på").click()

    summary = page.locator("#feiloppsummering")
    expect(summary).to_contain_text(AGAIN)
    expect(summary).to_be_focused()
    expect(page.get_by_label("E-post", exact=True)).to_have_value("vakt-uten-js@example.no")
    assert "vakt-uten-js@example.no" not in emails(repository, site.open_course)

    time.sleep(3.2)  # a person reads the message and presses the button again
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    assert emails(repository, site.open_course).count("vakt-uten-js@example.no") == 1


def test_with_javascript_a_form_sent_at_once_says_so_inline_and_one_more_click_sends_it(
    real_time: Page, site: Site, repository: DynamoCourseRepository
) -> None:
    page = real_time
    page.goto(f"{site.url}/kurs/{site.open_course}/")
    fill(page, "vakt-med-js@example.no")
    page.get_by_role("button", name="Meld meg på").click()

    expect(page.locator("#feiloppsummering")).to_contain_text(AGAIN)
    assert re.search(r"/kurs/", page.url), "no page load"
    assert "vakt-med-js@example.no" not in emails(repository, site.open_course)

    time.sleep(3.2)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    assert emails(repository, site.open_course).count("vakt-med-js@example.no") == 1
