"""Min side's pages that the function renders: the sign-in form again with its errors, the link's page with its
button, and the page itself (theme/templates/my_page_sign_in.html, confirm_email.html, my_page.html)."""

from __future__ import annotations

from typing import Any

from common.errors import DomainError, InvalidInput
from common.i18n import N_, gettext
from common.templates import render
from courses.pages import letter_views
from hospitation.models import HOSPITATION_STATUS_LABELS
from people.models import GROUP_TITLES, LINK_ASKED, LINK_MINUTES, Overview

SIGN_IN_PAGE = "/min-side/"
ASKED_PAGE = "/min-side/sendt/"
PAGE = "/api/min-side"
OPEN_ASK = N_("Trykk på knappen for å gå til Min side. Lenken virker én gang.")

# What the page says after a change she made (?endret=...): a fixed set, so that no text comes from the address.
DONE: dict[str, str] = {
    "avmeldt": N_("Du er meldt av. Plassen går til den første på ventelisten."),
    "rettet": N_("Opplysningene på påmeldingen er rettet."),
}


def sign_in_page(fields: dict[str, Any] | None = None, error: DomainError | None = None) -> str:
    """/min-side/'s form, from the function: again with its errors, or after a session ended (error's message)."""
    values = {"email": fields["email"]} if fields and isinstance(fields.get("email"), str) else {}
    field_errors = error.field_errors if isinstance(error, InvalidInput) else {}
    return render(
        "my_page_sign_in.html",
        page=None,
        form=values,
        errors=field_errors,
        form_message=gettext(error.message) if error is not None and not field_errors else "",
    )


def asked_message() -> str:
    return gettext(LINK_ASKED) % {"minutes": LINK_MINUTES}


def open_page(action: str) -> str:
    return render(
        "confirm_email.html",
        title=gettext(N_("Logg inn på Min side")),
        message=gettext(OPEN_ASK),
        action=action,
        button=gettext(N_("Gå til Min side")),
        button_id="til-min-side",
    )


def my_page(
    overview: Overview,
    done: str = "",
    errors: dict[str, str] | None = None,
    corrected: str = "",
    form: dict[str, Any] | None = None,
    years: tuple[int, ...] = (),
) -> str:
    """The page: her registrations by kind (each with its letters, a cancel button and a correction form while it is
    coming), her hours of the year, her hospitations and her roster entries. With `errors`, the correction form of
    the registration `corrected` is open with its messages and what she sent."""
    groups = [
        {
            "id": name,
            "title": gettext(GROUP_TITLES[name]),
            "items": [{"item": one, "letters": letter_views(one.letters)} for one in overview.registrations[name]],
        }
        for name in ("coming", "waiting", "past", "cancelled")
    ]
    return render(
        "my_page.html",
        overview=overview,
        groups=groups,
        hospitation_labels={k: gettext(v) for k, v in HOSPITATION_STATUS_LABELS.items()},
        done=gettext(DONE[done]) if done in DONE else "",
        errors=errors or {},
        corrected=corrected,
        form=form or {},
        years=years,
    )


def message_page(error: DomainError) -> str:
    return render(
        "message.html",
        title=gettext(error.title),
        message=gettext(error.message),
        back_url=SIGN_IN_PAGE,
        back_label=N_("Be om en ny lenke til Min side"),
    )
