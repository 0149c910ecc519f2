"""The emails of hospitation, one per step, each to the one person who needs it: the nurse, their nearest leader, or
the host unit. One text and one HTML template (theme/templates/email/notice.*, shared with the roster) carry them
all: a greeting, a few paragraphs, the facts of the request, and at most one link. The confirmation carries the stay
as an .ics file."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from common.formatting import date_nb
from common.i18n import N_, gettext
from common.network_details import network_now
from common.settings import settings
from common.site import network
from common.templates import render
from hospitation.models import EmailKind, Hospitation, HostUnit, consent_path, status_path

NURSE, LEADER, HOST = "nurse", "leader", "host"
RECIPIENTS: dict[EmailKind, str] = {
    "received": NURSE,
    "consent_request": LEADER,
    "consent_reminder": LEADER,
    "consented": NURSE,
    "host_request": HOST,
    "host_reminder": HOST,
    "declined_by_leader": NURSE,
    "confirmed": NURSE,
    "confirmed_leader": LEADER,
    "declined_by_host": NURSE,
    "evaluation": NURSE,
    "expired": NURSE,
    "withdrawn": NURSE,
    "withdrawn_host": HOST,
}
SUBJECTS: dict[EmailKind, str] = {
    "received": N_("Vi har fått søknaden din om hospitering"),
    "consent_request": N_("%(name)s ber om samtykke til å hospitere"),
    "consent_reminder": N_("Påminnelse: %(name)s venter på svar om hospitering"),
    "consented": N_("Lederen din har sagt ja til hospiteringen"),
    "host_request": N_("Ny søknad om hospitering hos %(unit)s"),
    "host_reminder": N_("Påminnelse: en søknad om hospitering venter på svar"),
    "declined_by_leader": N_("Lederen din har sagt nei til hospiteringen"),
    "confirmed": N_("Hospiteringen er bekreftet: %(dates)s"),
    "confirmed_leader": N_("Til orientering: %(name)s skal hospitere %(dates)s"),
    "declined_by_host": N_("Vertsenheten kan ikke ta imot deg denne gangen"),
    "evaluation": N_("Hvordan var hospiteringen?"),
    "expired": N_("Søknaden om hospitering er avsluttet"),
    "withdrawn": N_("Du har trukket søknaden om hospitering"),
    "withdrawn_host": N_("%(name)s har trukket søknaden om hospitering"),
}
PARAGRAPHS: dict[EmailKind, tuple[str, ...]] = {
    "received": (
        N_(
            "Takk! Vi har fått søknaden din om å hospitere hos %(unit)s. Den er sendt til lederen din, %(leader)s, "
            "som må samtykke først. Du får en e-post når lederen har svart."
        ),
        N_("På siden under ser du alltid hvor søknaden er. Der kan du også trekke den."),
    ),
    "consent_request": (
        N_(
            "%(name)s (%(workplace)s) vil hospitere hos %(unit)s, og har oppgitt deg som nærmeste leder. "
            "Hospiteringen regnes som arbeidstid, og dere avtaler fri fra turnus de dagene det gjelder."
        ),
        N_("Svar ja eller nei på siden under. Du trenger ikke logge inn. Lenken virker til %(until)s."),
    ),
    "consent_reminder": (
        N_(
            "For en uke siden ba %(name)s (%(workplace)s) om samtykke til å hospitere hos %(unit)s. Vi har ikke "
            "fått svar ennå, så her er en ny lenke."
        ),
        N_("Svar ja eller nei på siden under. Lenken virker til %(until)s. Får vi ikke svar, avsluttes søknaden."),
    ),
    "consented": (
        N_(
            "Lederen din, %(leader)s, har sagt ja. Søknaden er sendt til %(unit)s, som setter opp datoer. Du får en "
            "e-post når de har svart."
        ),
    ),
    "host_request": (
        N_(
            "%(name)s fra %(workplace)s vil hospitere hos dere, og lederen har samtykket. Logg inn i lederområdet "
            "for å se søknaden, bekrefte datoer eller svare nei."
        ),
    ),
    "host_reminder": (
        N_(
            "Søknaden fra %(name)s (%(workplace)s) om å hospitere hos dere har ventet på svar i en uke. Logg inn i "
            "lederområdet for å bekrefte datoer eller svare nei."
        ),
    ),
    "declined_by_leader": (
        N_("Lederen din, %(leader)s, har sagt nei til at du hospiterer hos %(unit)s denne gangen."),
        N_("Begrunnelse: %(reason)s"),
        N_("Snakk gjerne med lederen din om når det kan passe, og send en ny søknad da."),
    ),
    "confirmed": (
        N_("%(unit)s har bekreftet hospiteringen din: %(dates)s. Møt opp klokken %(time)s første dag."),
        N_("Hospiteringen ligger som vedlegg, så du kan legge den i kalenderen."),
    ),
    "confirmed_leader": (
        N_(
            "%(name)s skal hospitere hos %(unit)s %(dates)s, med oppmøte klokken %(time)s første dag. Husk å sette "
            "av dagene i turnusen."
        ),
    ),
    "declined_by_host": (
        N_("%(unit)s kan dessverre ikke ta imot deg denne gangen."),
        N_("Begrunnelse: %(reason)s"),
        N_("Du kan søke igjen senere, eller søke et annet sted. Områdelederen din kan hjelpe deg å finne et sted."),
    ),
    "evaluation": (
        N_(
            "Takk for at du hospiterte hos %(unit)s! Vil du svare på tre korte spørsmål om hvordan det var? Det tar "
            "et par minutter, og svarene hjelper oss å gjøre tilbudet bedre."
        ),
        N_("Ikke skriv pasientopplysninger i svarene."),
    ),
    "expired": (
        N_(
            "Lederen din, %(leader)s, svarte ikke innen fristen, så søknaden om å hospitere hos %(unit)s er "
            "avsluttet. Snakk med lederen din, og send en ny søknad når dere er enige."
        ),
    ),
    "withdrawn": (N_("Du har trukket søknaden om å hospitere hos %(unit)s. Du kan søke på nytt når du vil."),),
    "withdrawn_host": (N_("%(name)s har trukket søknaden om å hospitere hos dere. Dere trenger ikke gjøre noe."),),
}
# The receipt when the consent request waits for the nurse to confirm her own address (common/outbox.py).
RECEIVED_HELD = N_(
    "Takk! Vi har fått søknaden din om å hospitere hos %(unit)s. Lederen din, %(leader)s, må samtykke først. Du får "
    "en e-post når lederen har svart."
)
CONFIRM_FOR = N_(
    "Vi sender e-posten til %(name)s når du har bekreftet at denne e-postadressen er din. Det gjør vi for at ingen "
    "skal kunne bruke skjemaet til å sende e-post til andre."
)
LINK_LABELS: dict[EmailKind, str] = {
    "received": N_("Se søknaden din"),
    "consent_request": N_("Svar på søknaden"),
    "consent_reminder": N_("Svar på søknaden"),
    "consented": N_("Se søknaden din"),
    "host_request": N_("Logg inn i lederområdet"),
    "host_reminder": N_("Logg inn i lederområdet"),
    "declined_by_leader": N_("Se søknaden din"),
    "confirmed": N_("Se søknaden din"),
    "declined_by_host": N_("Se søknaden din"),
    "evaluation": N_("Svar på evalueringen"),
    "expired": N_("Se søknaden din"),
}
TEXTS = {
    "unit": N_("Sted"),
    "wishes": N_("Ønskede perioder"),
    "goals": N_("Læringsmål"),
    "dates": N_("Datoer"),
    "time": N_("Oppmøte"),
    "message": N_("Beskjed fra vertsenheten"),
    "other_dates": N_(
        "Datoene er andre enn du ønsket. Passer de ikke, svar på denne e-posten, så går svaret til vertsenheten."
    ),
}


def text(name: str) -> str:
    """One of TEXTS, in the network's language."""
    return gettext(TEXTS[name])


def days_text(request: Hospitation) -> str:
    if request.first_day is None or request.last_day is None:
        return ""
    if request.first_day == request.last_day:
        return date_nb(request.first_day, weekday=True)
    return f"{date_nb(request.first_day, weekday=True)} – {date_nb(request.last_day, weekday=True)}"


def wishes_text(request: Hospitation) -> str:
    return "; ".join(f"{date_nb(wish.first)} – {date_nb(wish.last)}" for wish in request.wishes)


def hospitation_email(
    kind: EmailKind,
    request: Hospitation,
    unit: HostUnit,
    token: str | None,
    now: datetime,
    confirm_url: str | None = None,
) -> EmailMessage:
    """The email of one step. `token` is the link it carries: the nurse's own page, or the leader's consent.
    `confirm_url` (the receipt only): the link that confirms the nurse's own address, after which the consent request
    held for it goes to her leader."""
    site_url = settings().site_url.rstrip("/")
    domain = urlsplit(site_url).hostname or "lindra.local"
    values = {
        "name": request.name,
        "workplace": request.workplace,
        "leader": request.leader_name,
        "unit": unit.name,
        "reason": request.decline_reason,
        "dates": days_text(request),
        "time": request.meeting_time.replace(":", "."),
        "until": date_nb(request.consent_until or now),
    }
    recipient = RECIPIENTS[kind]
    paragraphs = [gettext(text) % values for text in PARAGRAPHS[kind]]
    if kind == "received" and confirm_url:
        paragraphs[0] = gettext(RECEIVED_HELD) % values
    if kind == "confirmed" and not request.dates_as_wished:
        paragraphs.append(text("other_dates"))
    facts = _facts(kind, request, unit)
    link_url = None
    if kind in ("consent_request", "consent_reminder") and token:
        link_url = f"{site_url}{consent_path(token)}"
    elif recipient == HOST:
        link_url = f"{site_url}/leder/#hospiteringer"
    elif token:
        link_url = f"{site_url}{status_path(token)}" + ("#evaluering" if kind == "evaluation" else "")
    context = {
        "title": gettext(N_("Hospitering")),
        "greeting": {NURSE: request.name, LEADER: request.leader_name, HOST: unit.name}[recipient],
        "paragraphs": paragraphs,
        "facts": facts,
        "link_label": gettext(LINK_LABELS[kind]) if link_url and kind in LINK_LABELS else None,
        "link_url": link_url,
        "personal_link": recipient == NURSE or kind in ("consent_request", "consent_reminder"),
        "confirm_url": confirm_url,
        "confirm_text": gettext(CONFIRM_FOR) % {"name": request.leader_name} if confirm_url else None,
    }
    to = {
        NURSE: (request.name, request.email),
        LEADER: (request.leader_name, request.leader_email),
        HOST: (unit.name, unit.email),
    }[recipient]
    message = EmailMessage()
    message["Subject"] = gettext(SUBJECTS[kind]) % values
    message["From"] = formataddr((network()["name"], settings().mail_from))
    message["To"] = formataddr(to)
    # an answer to the confirmation goes to the host, who knows the dates; anything else to the network
    message["Reply-To"] = unit.email if kind == "confirmed" else network_now()["contact"]["email"]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render("email/notice.txt", **context))
    message.add_alternative(render("email/notice.html", **context), subtype="html")
    if kind in ("confirmed", "confirmed_leader"):
        message.add_attachment(
            stay_calendar(request, unit, domain, now),
            maintype="text",
            subtype="calendar",
            filename="hospitering.ics",
            params={"method": "PUBLISH"},
        )
    return message


def _facts(kind: EmailKind, request: Hospitation, unit: HostUnit) -> list[tuple[str, str]]:
    facts = [(text("unit"), unit.name)]
    if kind in ("confirmed", "confirmed_leader"):
        facts += [
            (text("dates"), days_text(request)),
            (text("time"), request.meeting_time.replace(":", ".")),
        ]
        if request.host_message and kind == "confirmed":
            facts.append((text("message"), request.host_message))
    elif kind in ("consent_request", "consent_reminder", "received", "host_request", "host_reminder"):
        facts.append((text("wishes"), wishes_text(request)))
        if kind in ("consent_request", "consent_reminder", "received"):
            facts.append((text("goals"), request.goals))
    elif kind == "withdrawn_host" and request.first_day:
        facts.append((text("dates"), days_text(request)))
    return facts


def stay_calendar(request: Hospitation, unit: HostUnit, domain: str, now: datetime) -> bytes:
    """The stay as whole days (the host gives the meeting time, not when each day ends). Its UID is the request's and
    its SEQUENCE the request's version, so that moved dates update the same calendar entry."""
    assert request.first_day is not None and request.last_day is not None  # noqa: S101 - confirmed
    event = Event()
    event.add("uid", f"hospitering-{request.id}@{domain}")
    event.add("dtstamp", now)
    event.add("dtstart", request.first_day)
    event.add("dtend", request.last_day + timedelta(days=1))
    event.add("summary", f"{gettext(N_('Hospitering'))}: {unit.name}")
    event.add("location", unit.name)
    lines = [f"{text('time')}: {request.meeting_time.replace(':', '.')}"]
    if request.host_message:
        lines.append(request.host_message)
    event.add("description", "\n\n".join(lines))
    event.add("status", "CONFIRMED")
    event.add("sequence", request.version)
    calendar = Calendar()
    calendar.add("prodid", "-//Lindra//Kompetansenettverk i palliasjon//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
