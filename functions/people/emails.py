"""Min side's one email: the sign-in link, to the address that asked for it (theme/templates/email/notice.*)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from common.i18n import N_, gettext
from common.mail import notice
from common.network_details import network_now
from common.settings import settings
from people.models import LINK_MINUTES

SUBJECT = N_("Lenken til Min side hos %(network)s")
PARAGRAPHS = (
    N_(
        "Du har bedt om en lenke til Min side, der du ser kursene og møtene dine, timene dine og det vi har "
        "lagret om deg."
    ),
    N_(
        "Trykk på lenken og så på knappen på siden den åpner. Lenken virker i %(minutes)s minutter og kan "
        "brukes én gang."
    ),
    N_(
        "Har du ikke bedt om den, trenger du ikke gjøre noe. Ingen kommer inn på Min side uten lenken i denne e-posten."
    ),
)
LINK = N_("Gå til Min side")
YOU = N_("du")


def sign_in_email(email: str, path: str, now: datetime) -> EmailMessage:
    data = network_now()
    values = {"network": data["name"], "minutes": LINK_MINUTES}
    context = {
        "title": gettext(SUBJECT) % values,
        "greeting": gettext(YOU),
        "paragraphs": [gettext(paragraph) % values for paragraph in PARAGRAPHS],
        "facts": [],
        "link_label": gettext(LINK),
        "link_url": f"{settings().site_url.rstrip('/')}{path}",
        "personal_link": True,
    }
    return notice(("", email), data["contact"]["email"], context, now)
