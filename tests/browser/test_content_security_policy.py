"""The pages with the most script work under the site's Content-Security-Policy (sent by the local server as CloudFront
sends it) in Debian's Chromium: the search (Pagefind: WebAssembly in a worker) and the leaders' area, with no
violation reported and no warning about the other security headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.stack import Site

WATCH = """window.__csp = [];
addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""
SIGNS = ("content security policy", "content-security-policy", "refused to", "permissions-policy", "permissions policy")


@pytest.fixture
def watched(phone: Page) -> Iterator[tuple[Page, list[str]]]:
    """The phone, and what it says about the security headers (console, workers included, and violation events)."""
    said: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if any(sign in message.text.lower() for sign in SIGNS):
            said.append(message.text)

    phone.on("console", heard)
    phone.on("pageerror", lambda error: said.append(str(error)))
    phone.add_init_script(WATCH)
    yield phone, said


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__csp || []")
    return found


def test_the_search_finds_pages_with_pagefind_under_the_csp(watched: tuple[Page, list[str]], site: Site) -> None:
    page, said = watched
    page.goto(f"{site.url}/sok/?q=kurs")
    expect(page.locator("[data-search-status]")).to_contain_text("treff på «kurs»")
    expect(page.locator("[data-search-results] li").first).to_be_visible()
    assert violations(page) == [] and said == []


def test_the_leaders_area_and_a_page_the_function_makes_work_under_the_csp(
    watched: tuple[Page, list[str]], site: Site
) -> None:
    page, said = watched
    sign_in_by_keyboard(page, site, "nettverksleder@example.no", "/leder/kurs/")
    expect(page.locator("#leader-who")).to_contain_text("Nettverksleder")
    expect(page.locator("#courses-table tbody tr").first).to_be_visible()
    assert page.locator("#courses-chart").is_visible()
    assert violations(page) == [] and said == []
    page.goto(f"{site.url}/leder/arsrapport/")  # the annual report's view links to the report
    page.get_by_role("link", name="Årsrapporten med tall og diagrammer").click()
    expect(page.get_by_role("img", name="Ressurssykepleiere per område")).to_be_visible()
    assert violations(page) == [] and said == []
