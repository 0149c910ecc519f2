"""The newsletter's one email of its own: the confirmation to the address that asked (the letters are the letters
capability's). It uses the shared notice templates (theme/templates/email/notice.*)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from common.i18n import N_, gettext
from common.mail import notice
from common.network_details import network_now
from common.settings import settings
from newsletter.models import SubscriptionForm

SUBJECT = N_("Bekreft at du vil ha nyhetsbrevet fra %(network)s")
PARAGRAPHS = (
    N_("Noen, forhåpentligvis du, har bedt om å få nyhetsbrevet fra %(network)s på denne e-postadressen."),
    N_("Trykk på lenken og så på knappen på siden den åpner, så får du nyhetsbrevet. Lenken virker i sju dager."),
    N_(
        "Har du ikke bedt om det, trenger du ikke gjøre noe: du får ikke flere e-poster fra oss om dette, og "
        "adressen blir ikke lagret."
    ),
)
LINK = N_("Bekreft at du vil ha nyhetsbrevet")
YOU = N_("du")


def confirmation_email(form: SubscriptionForm, path: str, now: datetime) -> EmailMessage:
    data = network_now()
    values = {"network": data["name"]}
    context = {
        "title": gettext(SUBJECT) % values,
        "greeting": form.name or gettext(YOU),
        "paragraphs": [gettext(paragraph) % values for paragraph in PARAGRAPHS],
        "facts": [],
        "link_label": gettext(LINK),
        "link_url": f"{settings().site_url.rstrip('/')}{path}",
        "personal_link": True,
    }
    return notice((form.name, form.email), data["contact"]["email"], context, now)
