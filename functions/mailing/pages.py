"""The pages of the confirmation link in a receipt."""

from __future__ import annotations

from common.i18n import N_, gettext
from common.templates import render

ASK = N_(
    "Du har sendt inn et skjema der du oppga en annen persons e-postadresse, for eksempel lederen din. Vi sender "
    "e-posten dit når du har bekreftet at e-postadressen du selv oppga, er din. Slik kan ingen bruke skjemaene "
    "våre til å sende e-post til andre."
)
DONE = N_("Takk! E-postadressen din er bekreftet, og vi sender e-posten videre nå.")
DONE_BEFORE = N_("E-postadressen din er allerede bekreftet. Du trenger ikke gjøre noe mer.")


def confirm_page(action: str) -> str:
    return render(
        "confirm_email.html", title=gettext(N_("Bekreft e-postadressen din")), message=gettext(ASK), action=action
    )


def confirmed_page(released: int) -> str:
    message = gettext(DONE if released else DONE_BEFORE)
    return render(
        "confirm_email.html", title=gettext(N_("E-postadressen er bekreftet")), message=message, tone="success"
    )
