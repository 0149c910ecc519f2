"""The one email of course evaluations: the morning after a course, each participant's own link to the form. It uses
the shared notice templates (theme/templates/email/notice.*)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from common.formatting import date_nb
from common.i18n import N_, gettext
from common.mail import notice
from common.network_details import network_now
from common.settings import settings
from courses.models import Course
from evaluations.models import Participant, answer_path, closes_at, last_day

SUBJECT = N_("Hvordan var %(title)s?")
PARAGRAPHS = (
    N_(
        "Takk for at du var med på %(title)s! Vil du svare på noen korte spørsmål om kurset? Det tar et par minutter, "
        "og svarene hjelper oss å gjøre kursene bedre."
    ),
    N_(
        "Svarene er anonyme: de lagres uten navn og e-postadresse, og ingen kan se hvem som svarte hva. Lenken kan "
        "brukes én gang."
    ),
    N_("Du kan svare til og med %(closes)s. Ikke skriv pasientopplysninger i svarene."),
)
COURSE, DATE, LINK = N_("Kurs"), N_("Dato"), N_("Svar på evalueringen")


def dates_text(course: Course) -> str:
    """'4. februar 2027', or '4. februar 2027 – 5. februar 2027' for a course of more days."""
    first, last = date_nb(course.start), date_nb(last_day(course))
    return first if first == last else f"{first} – {last}"


def invitation_email(course: Course, person: Participant, token: str, now: datetime) -> EmailMessage:
    site_url = settings().site_url.rstrip("/")
    data = network_now()
    values = {"title": course.title, "closes": date_nb(closes_at(course))}
    context = {
        "title": gettext(SUBJECT) % values,
        "greeting": person.name,
        "paragraphs": [gettext(paragraph) % values for paragraph in PARAGRAPHS],
        "facts": [(gettext(COURSE), course.title), (gettext(DATE), dates_text(course))],
        "link_label": gettext(LINK),
        "link_url": f"{site_url}{answer_path(token)}",
        "personal_link": True,
    }
    return notice((person.name, person.email), data["contact"]["email"], context, now)
