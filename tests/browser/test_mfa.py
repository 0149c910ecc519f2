"""The code from an authenticator app in Debian's Chromium on the real local stack (moto's Cognito checking the codes):
a new network leader signs in by keyboard and turns the code on before anything else, the API refusing them the area
meanwhile; then every sign-in asks for the code. axe-clean in each state."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import Page, expect

from local.totp import fresh_code
from local.user_pool import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoLeader, LocalPool, add_leader, aws_client
from tests.browser.signing_in import sign_in_by_keyboard
from tests.browser.test_accessibility import axe_violations
from tests.support.stack import Site


def api_status(page: Page, path: str) -> dict[str, Any]:
    """What the API answers this page's session (its cookie), as the page's own scripts would ask."""
    answer: dict[str, Any] = page.evaluate(
        """async (path) => {
            const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
            return { status: response.status, body: await response.json() };
        }""",
        path,
    )
    return answer


def tab_to(page: Page, selector: str, presses: int = 8) -> None:
    for _ in range(presses):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    expect(page.locator(selector)).to_be_focused()


def test_a_new_network_leader_turns_the_code_on_by_keyboard_before_anything_else(
    phone: Page, site: Site, user_pool: LocalPool
) -> None:
    email = f"ny.{uuid.uuid4().hex[:8]}@example.no"
    cognito = aws_client("cognito-idp", user_pool.endpoint)
    add_leader(cognito, user_pool.pool_id, DemoLeader(email, "Nora Ny", "nettverksleder", mfa=False))

    sign_in_by_keyboard(phone, site, email)
    expect(phone.locator("#mfa-heading")).to_be_focused()
    expect(phone.locator("#mfa-required")).to_be_visible()
    expect(phone.locator("#mfa-secret")).to_have_text("ASDF ASDF ASDF")  # moto's one secret, in groups of four
    link = phone.get_by_role("link", name="Legg til i autentiseringsappen")
    uri = link.get_attribute("href") or ""
    assert uri.startswith("otpauth://totp/") and f"secret={DEMO_TOTP_SECRET}" in uri
    assert phone.locator("#leader-area").is_hidden() and phone.locator("#signin").is_hidden()
    assert phone.locator("#mfa-cancel").is_hidden(), "the network leader cannot put it off"
    code = phone.get_by_label("Kode fra autentiseringsappen").last
    assert code.get_attribute("autocomplete") == "one-time-code" and code.get_attribute("inputmode") == "numeric"
    assert axe_violations(phone) == [], "the steps to turn the code on"
    refused = api_status(phone, "/api/leder/kurs")
    assert refused["status"] == 403 and refused["body"]["reason"] == "mfa_enrolment_required"

    # A wrong code: said at the field, which keeps the focus.
    tab_to(phone, "#mfa-code")
    phone.keyboard.type("000000" if fresh_code(DEMO_TOTP_SECRET) != "000000" else "111111")
    phone.keyboard.press("Enter")
    expect(phone.locator("#mfa-code-error")).to_contain_text("Koden stemmer ikke")
    expect(phone.locator("#mfa-code")).to_be_focused()
    assert phone.locator("#mfa-code").get_attribute("aria-invalid") == "true"
    assert axe_violations(phone) == [], "with the wrong code's message"

    phone.keyboard.press("Control+A")
    phone.keyboard.type(fresh_code(DEMO_TOTP_SECRET))
    phone.keyboard.press("Enter")
    expect(phone.locator("#leader-area")).to_be_visible()
    expect(phone.locator("#leader-who")).to_contain_text("Nettverksleder")
    expect(phone.locator("#mfa-done")).to_contain_text("Innlogging med kode er slått på")
    expect(phone.locator("#mfa-done")).to_be_focused()
    expect(phone.locator("#mfa")).to_be_hidden()
    expect(phone.locator("#mfa-start")).to_be_hidden()
    assert api_status(phone, "/api/leder/kurs")["status"] == 200
    assert axe_violations(phone) == [], "signed in with the code on"

    phone.reload()  # the session gave the code: the area, not the steps
    expect(phone.locator("#leader-area")).to_be_visible()
    phone.locator("#signout").press("Enter")
    expect(phone.locator("#signin-form")).to_be_visible()

    # From now on the sign-in asks for the code (sign_in_by_keyboard types it when asked).
    phone.locator("#signin-username").focus()
    phone.keyboard.type(email)
    phone.keyboard.press("Tab")
    phone.keyboard.type(DEMO_PASSWORD)
    phone.keyboard.press("Enter")
    expect(phone.locator("#signin-code")).to_be_focused()
    assert axe_violations(phone) == [], "the sign-in asking for the code"
    phone.keyboard.type(fresh_code(DEMO_TOTP_SECRET))
    phone.keyboard.press("Enter")
    expect(phone.locator("#leader-area")).to_be_visible()


def test_an_area_leader_may_turn_the_code_on_from_the_session_or_put_it_off(phone: Page, site: Site) -> None:
    sign_in_by_keyboard(phone, site, "omradeleder.folloregionen@example.no")
    start = phone.get_by_role("button", name="Slå på innlogging med kode")
    expect(start).to_be_visible()
    start.press("Enter")
    expect(phone.locator("#mfa-heading")).to_be_focused()
    expect(phone.locator("#mfa-voluntary")).to_be_visible()
    expect(phone.locator("#mfa-secret")).to_have_text("ASDF ASDF ASDF")
    assert axe_violations(phone) == [], "the steps, for a leader who chose them"
    phone.get_by_role("button", name="Ikke nå").press("Enter")
    expect(phone.locator("#leader-area")).to_be_visible()
    expect(start).to_be_focused()
