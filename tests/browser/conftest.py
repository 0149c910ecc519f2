"""Browser tests: Debian's Chromium driven by Playwright's Python package (never `playwright install`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.support.guard import aged_stamp

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


STARTED = re.compile(r'(name="form_started" value=")[^"]*(")')


def _a_page(url: str) -> bool:
    """A page of the site or a public route's answer: where a form's start is; not the leaders' API, nor files."""
    path = urlsplit(url).path
    if path.startswith("/api/"):
        return not path.startswith("/api/leder/")
    return path.endswith(("/", ".html"))


def _aged(route: Route) -> None:
    if urlsplit(route.request.url).path == "/api/skjema/start":
        body = json.dumps({"stamp": aged_stamp()})
        route.fulfill(status=200, content_type="application/json", headers={"Cache-Control": "no-store"}, body=body)
        return
    response = route.fetch(max_redirects=0)
    if "text/html" not in response.headers.get("content-type", ""):
        route.fulfill(response=response)
        return
    route.fulfill(response=response, body=STARTED.sub(lambda m: m[1] + aged_stamp() + m[2], response.text()))


def forms_started_a_minute_ago(context: BrowserContext) -> BrowserContext:
    """Playwright fills in a form in a few milliseconds, faster than the public forms' guard lets through (3 s,
    common/form_guard.py): every form this context opens starts a minute early, with a stamp made with the test
    stack's key (tests/support/guard.py), as if the person had taken a minute over it. The page's script still asks
    for its stamp, and a page rendered without JavaScript still carries one: only the time is earlier. A context
    made with `browser.new_context(real_form_start=True)` keeps the real time (tests/browser/test_form_guard.py)."""
    context.route(_a_page, _aged)
    return context


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        made = chromium.new_context

        def new_context(real_form_start: bool = False, **options: Any) -> BrowserContext:
            context = made(**options)
            return context if real_form_start else forms_started_a_minute_ago(context)

        chromium.new_context = new_context  # type: ignore[method-assign]
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript on."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO", java_script_enabled=False)
    yield context.new_page()
    context.close()
