"""The newsletter's pages that the function renders: the form again with its errors, the confirmation link's page,
and the mailing lists' unsubscribe page (theme/templates/newsletter.html, confirm_email.html, message.html)."""

from __future__ import annotations

from typing import Any

from common.errors import DomainError, InvalidInput
from common.i18n import N_, gettext
from common.templates import render
from common.unsubscribe import LISTS

RECEIPT_PATH = "/nyhetsbrev/takk/"
BACK = {"back_url": "/nyhetsbrev/", "back_label": N_("Til nyhetsbrevet")}
CONFIRM_ASK = N_("Trykk på knappen for å bekrefte at du vil ha nyhetsbrevet på e-post.")
CONFIRMED = N_("Takk! Du får nyhetsbrevet fra nå av. Du kan melde deg av med lenken nederst i hvert nyhetsbrev.")
LEAVE_TITLE = N_("Vil du ikke lenger få e-post fra %(list)s?")
LEAVE_ASK = N_("Trykk på knappen, så sender vi ikke mer av dette til deg. Du kan melde deg på igjen når du vil.")
LEFT_TITLE = N_("Du er meldt av")
LEFT = N_("Du får ikke lenger e-post fra %(list)s.")
LEFT_ROSTER = N_(
    "Du står fortsatt i navnelisten hvis du er ressurssykepleier. E-post om noe du selv har meldt deg på, som et kurs, "
    "får du som før."
)


class ConfirmLinkNotFound(DomainError):
    status = 404
    title = N_("Lenken virker ikke")
    message = N_(
        "Lenken er brukt, utløpt eller ikke gyldig. Har du allerede bekreftet, får du nyhetsbrevet og trenger ikke "
        "gjøre noe mer. Ellers kan du melde deg på igjen."
    )


class UnsubscribeLinkNotFound(DomainError):
    status = 404
    title = N_("Vi finner ikke lenken")
    message = N_("Lenken er ikke gyldig. Kopier hele lenken fra e-posten, eller ta kontakt med nettverket.")


def form_page(fields: dict[str, Any], error: InvalidInput) -> str:
    values = {name: value for name, value in fields.items() if isinstance(value, str) and name in ("name", "email")}
    return render(
        "newsletter.html",
        page=None,
        form=values,
        errors=error.field_errors,
        form_message="" if error.field_errors else gettext(error.message),
    )


def confirm_page(action: str) -> str:
    return render(
        "confirm_email.html",
        title=gettext(N_("Bekreft nyhetsbrevet")),
        message=gettext(CONFIRM_ASK),
        action=action,
        button=gettext(N_("Ja, send meg nyhetsbrevet")),
        button_id="bekreft-nyhetsbrev",
    )


def confirmed_page() -> str:
    return render(
        "confirm_email.html", title=gettext(N_("Du får nyhetsbrevet")), message=gettext(CONFIRMED), tone="success"
    )


def leave_page(list_name: str, action: str) -> str:
    name = gettext(LISTS[list_name])
    return render(
        "confirm_email.html",
        title=gettext(LEAVE_TITLE) % {"list": name},
        message=gettext(LEAVE_ASK),
        action=action,
        button=gettext(N_("Meld meg av")),
        button_id="meld-av",
    )


def left_page(list_name: str) -> str:
    message = gettext(LEFT) % {"list": gettext(LISTS[list_name])}
    if list_name == "roster":
        message = f"{message} {gettext(LEFT_ROSTER)}"
    return render("confirm_email.html", title=gettext(LEFT_TITLE), message=message, tone="success")


def message_page(error: DomainError) -> str:
    return render("message.html", title=gettext(error.title), message=gettext(error.message), **BACK)
