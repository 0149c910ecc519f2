"""The emails of the roster, each to the one person who needs it: the unit leader who reported a change (a receipt,
then the decision), the area leader (a report waits), and a new resource nurse (the welcome). They use the shared
notice templates (theme/templates/email/notice.*)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from common.formatting import date_nb
from common.i18n import N_, gettext
from common.mail import notice
from common.network_details import network_now
from common.settings import settings
from roster.models import CHANGE_KIND_LABELS, EDUCATION_LABELS, AreaContact, ChangeReport, EmailKind, RosterEntry, Unit

SUBJECTS: dict[EmailKind, str] = {
    "received": N_("Vi har fått endringsmeldingen for %(unit)s"),
    "to_area_leader": N_("Ny endringsmelding for %(unit)s venter på godkjenning"),
    "approved": N_("Endringsmeldingen for %(unit)s er godkjent"),
    "declined": N_("Endringsmeldingen for %(unit)s er ikke godkjent"),
    "welcome": N_("Velkommen som ressurssykepleier i %(network)s"),
}
PARAGRAPHS: dict[EmailKind, tuple[str, ...]] = {
    "received": (
        N_(
            "Takk! Vi har fått endringsmeldingen for %(unit)s. Områdelederen eller nettverkslederen ser over den og "
            "oppdaterer navnelisten. Du får en e-post når det er gjort."
        ),
    ),
    "to_area_leader": (
        N_(
            "%(reporter)s har meldt en endring i navnelisten for %(unit)s. Logg inn i lederområdet for å godkjenne "
            "eller avslå den."
        ),
    ),
    "approved": (N_("Endringsmeldingen for %(unit)s er godkjent, og navnelisten er oppdatert."),),
    "declined": (
        N_("Endringsmeldingen for %(unit)s er ikke godkjent, så navnelisten er ikke endret."),
        N_("Begrunnelse: %(reason)s"),
        N_("Send gjerne en ny melding når det som mangler er på plass, eller svar på denne e-posten."),
    ),
    "welcome": (
        N_(
            "Velkommen som ressurssykepleier for %(unit)s! Lederen din har meldt deg inn i navnelisten til "
            "%(network)s. Her er det du trenger for å komme i gang."
        ),
        N_(
            "1. Meld deg på introduksjonskurset for nye ressurssykepleiere, gjerne sammen med lederen din. Du "
            "finner datoene under Kurs og møter."
        ),
        N_("2. Ta e-læringskurset vi anbefaler. Det er gratis og tar noen timer."),
        N_(
            "3. Les funksjonsbeskrivelsen for ressurssykepleiere. Den skal signeres av deg, nærmeste leder og "
            "nettverkslederen. Gi den signerte funksjonsbeskrivelsen til områdelederen din."
        ),
        N_("4. Møt opp på de lokale nettverksmøtene i området ditt. Områdelederen din er %(area_leader)s."),
    ),
}
NEWSLETTER = N_(
    "Som ressurssykepleier i navnelisten får du også nyhetsbrevet vårt, med nye kurs og møter. Vil du ikke ha det, "
    "melder du deg av med lenken under eller nederst i hvert nyhetsbrev."
)
GRUNNKURS = N_(
    "Siden du ikke er kreftsykepleier eller har videreutdanning i palliasjon, anbefaler vi også det todagers "
    "grunnkurset i palliasjon."
)
APPROVED_NEW = N_(
    "Vi har sendt et velkomstbrev til %(name)s. Funksjonsbeskrivelsen skal signeres av ressurssykepleieren, deg som "
    "nærmeste leder og nettverkslederen."
)
TEXTS = {
    "unit": N_("Enhet"),
    "kind": N_("Endring"),
    "effective": N_("Gjelder fra"),
    "who": N_("Gjelder"),
    "education": N_("Utdanning"),
    "courses": N_("Kurs og møter"),
    "function_description": N_("Funksjonsbeskrivelsen"),
    "leaders": N_("Logg inn i lederområdet"),
    "newsletter_off": N_("Meld meg av nyhetsbrevet"),
}


def text(name: str) -> str:
    """One of TEXTS, in the network's language."""
    return gettext(TEXTS[name])


def roster_email(
    kind: EmailKind,
    report: ChangeReport,
    unit: Unit,
    area_contact: AreaContact | None,
    entry: RosterEntry | None,
    now: datetime,
    subscribed: bool = False,
) -> EmailMessage:
    """`subscribed`: the welcome's nurse was subscribed to the newsletter with her entry (network.json's
    newsletter.roster_subscribed): the welcome says so, with the link that leaves it."""
    site_url = settings().site_url.rstrip("/")
    data = network_now()
    values = {
        "unit": unit.name,
        "network": data["name"],
        "reporter": report.reporter_name,
        "reason": report.decline_reason,
        "name": report.new_name,
        "area_leader": area_contact.name if area_contact else data["contact"]["email"],
    }
    paragraphs = [gettext(paragraph) % values for paragraph in PARAGRAPHS[kind]]
    facts = [
        (text("unit"), unit.name),
        (text("kind"), gettext(CHANGE_KIND_LABELS[report.kind])),
        (text("effective"), date_nb(report.effective_date)),
        (text("who"), report.named),
    ]
    links: list[tuple[str, str]] = []
    function_description = f"{site_url}/{data.get('roster', {}).get('function_description_url', '')}"
    if kind == "approved" and report.kind in ("new", "replacement"):
        paragraphs.append(gettext(APPROVED_NEW) % values)
        links.append((text("function_description"), function_description))
    if kind == "to_area_leader":
        links.append((text("leaders"), f"{site_url}/leder/#navneliste"))
    greeting, to = report.reporter_name, (report.reporter_name, report.reporter_email)
    if kind == "to_area_leader" and area_contact is not None:
        greeting, to = area_contact.name, (area_contact.name, area_contact.email)
    if kind == "welcome" and entry is not None:
        greeting, to = entry.name, (entry.name, entry.email)
        facts = [(text("unit"), unit.name), (text("education"), gettext(EDUCATION_LABELS[entry.education]))]
        if entry.education == "ingen":
            paragraphs.insert(3, gettext(GRUNNKURS))
        links.append((text("courses"), f"{site_url}/kurs/"))
        for course in data.get("roster", {}).get("e_learning", []):
            url = str(course["url"])
            links.append((course["title"], url if "://" in url else f"{site_url}/{url}"))
        links.append((text("function_description"), function_description))
        if subscribed:
            from common.unsubscribe import unsubscribe_url

            paragraphs.append(gettext(NEWSLETTER))
            links.append((text("newsletter_off"), unsubscribe_url("newsletter", entry.email)))
    context = {
        "title": gettext(SUBJECTS[kind]) % values,
        "greeting": greeting,
        "paragraphs": paragraphs,
        "facts": facts,
        "links": links,
    }
    reply_to = area_contact.email if area_contact is not None else data["contact"]["email"]
    return notice(to, reply_to, context, now)


SIGNING_SUBJECT = N_("Signer funksjonsbeskrivelsen for %(name)s")
SIGNING_PARAGRAPHS = (
    N_("%(name)s har signert funksjonsbeskrivelsen som %(title)s på %(unit)s. Nå er det din tur som nærmeste leder."),
    N_(
        "Les funksjonsbeskrivelsen og trykk på knappen på siden lenken åpner. Lenken er din, virker i %(days)s "
        "dager og kan brukes én gang. Til slutt signerer nettverkslederen."
    ),
    N_("Er ikke du nærmeste leder for %(name)s lenger? Svar på denne e-posten, så ordner vi det."),
)


def signing_email(
    entry: RosterEntry, leader_name: str, leader_email: str, unit: Unit | None, path: str, days: int, now: datetime
) -> EmailMessage:
    """To the unit's leader: the nurse has signed, the link to read and sign."""
    data = network_now()
    title = str(data.get("nurse_title") or "ressurssykepleier")
    values = {"name": entry.name, "unit": unit.name if unit else entry.unit, "days": days, "title": title}
    context = {
        "title": gettext(SIGNING_SUBJECT) % values,
        "greeting": leader_name,
        "paragraphs": [gettext(paragraph) % values for paragraph in SIGNING_PARAGRAPHS],
        "facts": [(text("unit"), values["unit"]), (text("who"), entry.name)],
        "link_label": gettext(N_("Les og signer funksjonsbeskrivelsen")),
        "link_url": f"{settings().site_url.rstrip('/')}{path}",
        "personal_link": True,
    }
    return notice((leader_name, leader_email), data["contact"]["email"], context, now)
