"""Signing in to /leder/ by keyboard as a person does, in every browser test: the email, the password, and the code
from the authenticator app when the sign-in asks for it (the demo network leader has it on)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from local.totp import fresh_code
from local.user_pool import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.support.stack import Site

# What the page shows once the password is sent: the code's field, the signed-in area, the steps to turn the code on,
# or the sign-in's error.
NEXT_STEP = "#signin-code-field:visible, #leader-area:visible, #mfa:visible, #signin-error > *"


def answer_code_if_asked(page: Page, secret: str = DEMO_TOTP_SECRET) -> None:
    page.locator(NEXT_STEP).first.wait_for()
    if page.locator("#signin-code-field").is_visible():
        expect(page.locator("#signin-code")).to_be_focused()
        page.keyboard.type(fresh_code(secret))
        page.keyboard.press("Enter")


def sign_in_by_keyboard(
    page: Page, site: Site, email: str, password: str = DEMO_PASSWORD, path: str = "/leder/"
) -> None:
    page.goto(f"{site.url}{path}")
    expect(page.locator("#signin-form")).to_be_visible()
    page.locator("#signin-username").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    answer_code_if_asked(page)
