"""How long each kind of record about a person is kept, as configured: the settings (RETENTION_MONTHS,
ROSTER_RETENTION_MONTHS, AUDIT_RETENTION_MONTHS, from the stack's parameters) and each capability's own constants.
The privacy page shows this table (plugins/retention: `[[oppbevaring]]` in content/pages/personvern.md), so the page
says what the code does, and changes with it."""

from __future__ import annotations

import dataclasses

from attendance.service import KEEP_YEARS as ATTENDANCE_YEARS
from certificates.models import CERTIFICATE_YEARS
from common.i18n import N_, gettext
from common.outbox import KEEP_DAYS as MAIL_DAYS
from common.settings import settings
from common.unsubscribe import OPT_OUT_YEARS
from evaluations.models import KEEP_ANSWERS_YEARS
from hospitation.service import Workflow
from newsletter.models import KEEP_YEARS as NEWSLETTER_YEARS
from people.models import LINK_MINUTES, SESSION_MINUTES
from roster.models import LEADER_YEARS
from roster.signing import SIGN_LINK_DAYS
from selfreport.models import KEEP_YEARS as SELF_REPORT_YEARS

CAPTION = N_("Hvor lenge vi lagrer hva")
COLUMNS = (N_("Hva"), N_("Hvor lenge"))


def _default(cls: type, name: str) -> int:
    field = next(one for one in dataclasses.fields(cls) if one.name == name)
    value = field.default
    if not isinstance(value, int):
        raise TypeError(f"{cls.__name__}.{name} has no whole-number default")
    return value


def retention_rows() -> list[tuple[str, str]]:
    """(what, how long) for each record type, in the network's language."""
    config = settings()
    values = {
        "months": config.retention_months,
        "roster": config.roster_retention_months,
        "audit": config.audit_retention_months,
        "attendance": ATTENDANCE_YEARS,
        "hospitation": _default(Workflow, "retention_months"),
        "leader": LEADER_YEARS,
        "answers": KEEP_ANSWERS_YEARS,
        "newsletter": NEWSLETTER_YEARS,
        "opt_out": OPT_OUT_YEARS,
        "certificate": CERTIFICATE_YEARS,
        "link": LINK_MINUTES,
        "session": SESSION_MINUTES,
        "sign": SIGN_LINK_DAYS,
        "mail": MAIL_DAYS,
        "self_report": SELF_REPORT_YEARS,
    }
    rows = [
        (N_("Påmeldinger til kurs og møter, og fravær du melder"), N_("%(months)s måneder etter at kurset er ferdig")),
        (N_("Meldinger fra nettverket om et kurs"), N_("%(months)s måneder etter at de ble sendt")),
        (N_("Oppmøte og timer"), N_("%(attendance)s år (ut året etter kurset, for årsrapporten)")),
        (N_("Søknader om hospitering"), N_("%(hospitation)s måneder etter hospiteringen")),
        (
            N_("Navnelisten over ressurssykepleiere, med signaturene på funksjonsbeskrivelsen"),
            N_("Så lenge du er i rollen, og %(roster)s måneder etter at du sluttet"),
        ),
        (N_("Endringsmeldinger til navnelisten"), N_("%(roster)s måneder etter at de ble sendt")),
        (N_("Enhetslederen som meldte inn"), N_("%(leader)s år etter siste melding")),
        (N_("Svar på kursevalueringer (uten navn)"), N_("%(answers)s år")),
        (
            N_("Den årlige egenrapporten: at du er spurt, og svarene dine"),
            N_("%(self_report)s år etter at runden stengte, for årsrapportene"),
        ),
        (N_("Kursbevis, for at de kan sjekkes"), N_("%(certificate)s år")),
        (N_("Nyhetsbrevet"), N_("%(newsletter)s år, eller til du melder deg av")),
        (N_("At du har meldt deg av en e-postliste (bare et kodet tegn, ikke adressen)"), N_("%(opt_out)s år")),
        (N_("E-post vi sender"), N_("%(mail)s dager etter at den ble sendt")),
        (N_("Lenke til Min side, og innloggingen"), N_("%(link)s minutter, og %(session)s minutter innlogget")),
        (
            N_("Lenke til nærmeste leder for å signere funksjonsbeskrivelsen"),
            N_("%(sign)s dager, eller til den er brukt"),
        ),
        (N_("Revisjonsloggen (hvem av lederne som gjorde hva)"), N_("%(audit)s måneder")),
    ]
    return [(gettext(what), gettext(how) % values) for what, how in rows]
