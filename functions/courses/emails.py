"""The emails of sign-up: a confirmation (a seat, or a place in line), a promotion from the line to a seat, and a
receipt for a cancellation. Each has a text and an HTML part from the theme's email templates, in the network's
language, with no images, no tracking and no link but the course page and the person's own page.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any, Literal
from urllib.parse import urlsplit

from common.formatting import date_nb
from common.i18n import N_, gettext
from common.network_details import network_now
from common.settings import settings
from common.site import network
from common.templates import render
from courses.ical import registration_event
from courses.models import Course, Registration

EmailKind = Literal[
    "confirmed", "waitlisted", "promoted", "cancelled", "changed", "course_cancelled", "reminder", "still_waiting"
]
SUBJECTS: dict[EmailKind, str] = {
    "confirmed": N_("Du er påmeldt: %(course)s"),
    "waitlisted": N_("Du står på venteliste: %(course)s"),
    "promoted": N_("Du har fått plass: %(course)s"),
    "cancelled": N_("Du er meldt av: %(course)s"),
    "changed": N_("Ny tid eller nytt sted: %(course)s"),
    "course_cancelled": N_("Avlyst: %(course)s"),
    "reminder": N_("Påminnelse: %(course)s %(date)s"),
    "still_waiting": N_("Du står på venteliste: %(course)s %(date)s"),
}
# No calendar file with these: the person's registration, or the course, is no more; or no seat yet.
WITHOUT_EVENT: frozenset[EmailKind] = frozenset({"cancelled", "course_cancelled", "still_waiting"})
# Reminders (courses/schedule.py): about the person's own registration, which the footer says.
REMINDERS: frozenset[EmailKind] = frozenset({"reminder", "still_waiting"})
SERVICE_NOTE = N_(
    "Du får denne e-posten fordi du er meldt på %(course)s. Den hører til påmeldingen din og er ikke en e-postliste."
)


INTROS: dict[EmailKind, str] = {
    "confirmed": N_("Takk for påmeldingen! Du har fått plass på %(course)s."),
    "waitlisted": N_(
        "Kurset %(course)s er fullt, så du står på ventelisten som nummer %(position)s. Melder noen seg av, får den "
        "som har stått lengst på ventelisten plassen. Du får en e-post når du får plass."
    ),
    "promoted": N_("En plass ble ledig, og nå har du fått plass på %(course)s."),
    "cancelled": N_("Du er meldt av %(course)s. Takk for at du ga beskjed, så noen andre kan få plassen."),
    "changed": N_(
        "Tiden eller stedet for %(course)s er endret. Se den nye tiden og det nye stedet under. Du beholder plassen "
        "din, eller plassen på ventelisten."
    ),
    "course_cancelled": N_(
        "Vi må dessverre avlyse %(course)s. Du trenger ikke gjøre noe: påmeldingen din gjelder ikke lenger. Vi "
        "beklager, og håper å se deg på et senere kurs."
    ),
    "reminder": N_("Velkommen til %(course)s %(date)s! Her er tiden og stedet, og kurset ligger ved for kalenderen."),
    "still_waiting": N_(
        "%(course)s begynner %(date)s. Kurset er fullt, og du står som nummer %(position)s på ventelisten. Melder "
        "noen seg av, får du plassen og en e-post om det. Trenger du ikke plassen lenger, kan du melde deg av, så "
        "rykker de bak deg fram."
    ),
}
TOGETHER = N_("Du er meldt på sammen med %(name)s. Dere får plass sammen, eller står på ventelisten sammen.")
CALENDAR_NOTE = N_("Kurset ligger som vedlegg, så du kan legge det i kalenderen.")


def registration_email(
    kind: EmailKind,
    course: Course,
    registration: Registration,
    token: str | None,
    now: datetime,
    together_with: str | None = None,
    confirm_url: str | None = None,
    confirm_for: str | None = None,
) -> EmailMessage:
    """One email to the person behind a registration. `token` opens their own page (None for a cancellation);
    `together_with` names the nurse or leader they signed up with; `confirm_url` is the link that confirms the
    nurse's own address, after which the email to `confirm_for` (her leader) is sent."""
    site_url = settings().site_url.rstrip("/")
    domain = urlsplit(site_url).hostname or "lindra.local"
    day = date_nb(course.start, weekday=True)
    intro = gettext(INTROS[kind]) % {"course": course.title, "position": registration.position, "date": day}
    context = {
        "kind": kind,
        "paragraphs": [
            intro,
            *([gettext(TOGETHER) % {"name": together_with}] if together_with and kind not in WITHOUT_EVENT else []),
            *([gettext(CALENDAR_NOTE)] if kind not in WITHOUT_EVENT and kind not in REMINDERS else []),
        ],
        "course": course,
        "registration": registration,
        "course_url": f"{site_url}/{course.url}",
        "own_url": f"{site_url}/api/pameldinger/{token}" if token else None,
        "can_cancel": course.can_cancel(now),
        "confirm_url": confirm_url,
        "confirm_for": confirm_for,
        "service_note": gettext(SERVICE_NOTE) % {"course": course.title} if kind in REMINDERS else "",
    }
    message = EmailMessage()
    message["Subject"] = gettext(SUBJECTS[kind]) % {"course": course.title, "date": day}
    message["From"] = formataddr((network()["name"], settings().mail_from))
    message["To"] = formataddr((registration.name, registration.email))
    message["Reply-To"] = network_now()["contact"]["email"]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # an out-of-office reply should not answer it
    message.set_content(render("email/registration.txt", **context))
    message.add_alternative(render("email/registration.html", **context), subtype="html")
    if kind not in WITHOUT_EVENT:
        message.add_attachment(
            registration_event(course, registration, site_url, now, domain),
            maintype="text",
            subtype="calendar",
            filename=f"{course.id}.ics",
            params={"method": "PUBLISH"},
        )
    return message


def draft_message(draft: dict[str, Any], course: Course, registration: Registration) -> EmailMessage:
    """The message of a registration email's draft (courses/service.py `registration_mail`), from the course and
    the registration as they are stored when the mail worker sends it."""
    if draft.get("position"):  # the place in line when the reminder was written (courses/reminders.py)
        registration = registration.model_copy(update={"position": int(draft["position"])})
    return registration_email(
        draft["kind"],
        course,
        registration,
        draft.get("token"),
        datetime.fromisoformat(draft["at"]),
        draft.get("together_with"),
        draft.get("confirm_url"),
        draft.get("confirm_for"),
    )
