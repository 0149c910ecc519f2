"""Quality gates in a real browser: axe-core (WCAG 2.1 A and AA) on every built page and on each form with its errors
shown, a sign-up done with the keyboard alone, and no request to any other host."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from local.dynamodb_local import free_port
from local.server import make_server
from tests.support.stack import ROOT, SAMPLES, Site, build_sample

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    # Evaluated, not added as a <script>: the site's Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{urlsplit(page.url).path}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def pages_of(site: Site) -> list[str]:
    return sorted(
        "/" + str(path.relative_to(site.output)).removesuffix("index.html") for path in site.output.rglob("*.html")
    )


def test_every_page_passes_axe_and_loads_nothing_from_another_host(phone: Page, site: Site) -> None:
    hosts: set[str] = set()
    phone.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    violations: list[str] = []
    paths = pages_of(site)
    assert len(paths) > 10
    for path in paths:
        phone.goto(site.url + path)
        violations += axe_violations(phone)
    assert violations == []
    assert hosts == {"127.0.0.1"}


def test_the_sign_up_form_with_errors_shown_inline_passes_axe(phone: Page, site: Site) -> None:
    phone.goto(f"{site.url}/kurs/{site.open_course}/")
    phone.get_by_role("button", name="Meld meg på").click()
    expect(phone.locator("#feiloppsummering")).to_be_focused()
    assert axe_violations(phone) == []


def test_the_sign_up_form_with_errors_from_the_server_passes_axe(phone: Page, site: Site) -> None:
    phone.route("**/signup.js", lambda route: route.abort())  # as without JavaScript: the server renders the errors
    phone.goto(f"{site.url}/kurs/{site.open_course}/")
    phone.get_by_label("E-post", exact=True).fill("ikke-en-adresse")
    phone.get_by_role("button", name="Meld meg på").click()
    expect(phone.locator("#feiloppsummering")).to_contain_text("feil som må rettes")
    assert axe_violations(phone) == []


def tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_sign_up_can_be_done_with_the_keyboard_alone(phone: Page, site: Site) -> None:
    phone.goto(f"{site.url}/kurs/{site.open_course}/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.getAttribute('href')") == "#hovedinnhold"

    tab_to(phone, "felt-name")
    phone.keyboard.type("Kari Tastatur")
    for element_id, text in [
        ("felt-email", "tastatur@example.no"),
        ("felt-phone", "912 34 567"),
        ("felt-workplace", "Fjellhamar sykehjem"),
    ]:
        tab_to(phone, element_id, limit=3)
        phone.keyboard.type(text)
    tab_to(phone, "felt-municipality", limit=3)
    for _ in range(60):  # arrow keys through the list, as a keyboard user does
        if phone.locator("#felt-municipality").input_value() == "Lørenskog":
            break
        phone.keyboard.press("ArrowDown")
    expect(phone.locator("#felt-municipality")).to_have_value("Lørenskog")
    tab_to(phone, "felt-role", limit=3)
    phone.keyboard.press("Space")
    expect(phone.locator("#felt-role")).to_be_checked()
    tab_to(phone, "felt-leader-name", limit=3)
    phone.keyboard.type("Lise Leder")
    tab_to(phone, "felt-leader-email", limit=3)
    phone.keyboard.type("lise@example.no")
    tab_to(phone, "felt-consent", limit=3)
    phone.keyboard.press("Space")
    tab_to(phone, "send-pamelding", limit=3)  # past the link to the privacy statement
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Takk! Du er påmeldt")
    assert axe_violations(phone) == [], "the person's own page"
    tab_to(phone, "meld-av", limit=40)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Du er meldt av")
    assert axe_violations(phone) == []


def test_search_finds_a_document_by_a_word_in_its_body(phone: Page, site: Site) -> None:
    phone.goto(f"{site.url}/sok/")
    phone.get_by_label("Hva leter du etter?").fill("signaturer")
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-search-status]")).to_contain_text("treff på «signaturer»")
    expect(phone.locator("[data-search-results] a").first).to_be_visible()
    hrefs = phone.locator("[data-search-results] a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "/dokumenter/funksjonsbeskrivelse/" in hrefs
    assert axe_violations(phone) == []


@pytest.mark.parametrize("name", SAMPLES)
def test_every_page_of_each_sample_network_passes_axe(phone: Page, name: str, tmp_path: Path) -> None:
    output = build_sample(name, tmp_path / name)
    server = make_server(output, port=free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sample = Site(f"http://127.0.0.1:{server.server_address[1]}", output, "", ROOT / "samples" / name)
        violations: list[str] = []
        for path in pages_of(sample):
            phone.goto(sample.url + path)
            violations += axe_violations(phone)
        assert violations == []
    finally:
        server.shutdown()
        server.server_close()
