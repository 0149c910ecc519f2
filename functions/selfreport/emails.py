"""The self-report's emails: the invitation with a link of her own, to a resource nurse or to a unit leader, and the
one reminder before the round closes. They use the shared notice templates (theme/templates/email/notice.*); the
Reply-To is the network's contact address, so a question goes to a person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage

from common.formatting import date_nb
from common.i18n import N_, gettext
from common.mail import notice
from common.network_details import network_now
from common.settings import settings
from selfreport.models import Invitation, Round, units_text

NURSE_SUBJECT = N_("Årlig egenrapport %(year)s: hvordan har året som ressurssykepleier vært?")
LEADER_SUBJECT = N_("Årlig egenrapport %(year)s: får ressurssykepleieren tid til rollen?")
REMINDER_SUBJECT = N_("Påminnelse: %(subject)s")
NURSE_PARAGRAPHS = (
    N_(
        "Hvert år ber nettverket alle ressurssykepleiere og lederne deres om en kort egenrapport: hva du har gjort "
        "som ressurssykepleier i år, hva du vil gjøre neste år, og om du og lederen din har snakket om "
        "arbeidsplanen. Det tar fem minutter."
    ),
    N_(
        "Svarene leses av nettverkslederen og lederen for det lokale nettverket ditt, og tallene kommer med i "
        "årsrapporten. Lenken er din egen og kan brukes én gang."
    ),
)
LEADER_PARAGRAPHS = (
    N_(
        "Du står som nærmeste leder for ressurssykepleieren ved %(units)s. Hvert år spør nettverket lederne om "
        "ressurssykepleierne får tid til rollen, og om dere har snakket om arbeidsplanen for neste år. Det tar et par "
        "minutter."
    ),
    N_(
        "Svarene leses av nettverkslederen og lederen for det lokale nettverket, og tallene kommer med i "
        "årsrapporten. Lenken er din egen og kan brukes én gang."
    ),
)
REMINDER = N_("Vi har ikke fått svaret ditt ennå. Fristen er %(closes)s, og det tar bare noen minutter.")
CLOSES = N_("Du kan svare til og med %(closes)s. Ikke skriv pasientopplysninger i svarene.")
YEAR, UNITS, DEADLINE = N_("År"), N_("Enhet"), N_("Frist")
LINK = N_("Skriv egenrapporten")


def self_report_email(
    invitation: Invitation,
    path: str,
    found: Round,
    unit_names: Mapping[str, str],
    now: datetime,
    reminder: bool = False,
) -> EmailMessage:
    site_url = settings().site_url.rstrip("/")
    units = units_text(invitation, unit_names)
    values = {"year": found.year, "closes": date_nb(found.closes_on), "units": units}
    nurse = invitation.role == "nurse"
    subject = gettext(NURSE_SUBJECT if nurse else LEADER_SUBJECT) % values
    paragraphs = [gettext(one) % values for one in (NURSE_PARAGRAPHS if nurse else LEADER_PARAGRAPHS)]
    if reminder:
        subject = gettext(REMINDER_SUBJECT) % {"subject": subject}
        paragraphs.insert(0, gettext(REMINDER) % values)
    context = {
        "title": subject,
        "greeting": invitation.name,
        "paragraphs": [*paragraphs, gettext(CLOSES) % values],
        "facts": [
            (gettext(YEAR), str(found.year)),
            (gettext(UNITS), units),
            (gettext(DEADLINE), date_nb(found.closes_on)),
        ],
        "link_label": gettext(LINK),
        "link_url": f"{site_url}{path}",
        "personal_link": True,
    }
    return notice((invitation.name, invitation.email), network_now()["contact"]["email"], context, now)
