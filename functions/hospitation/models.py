"""The nouns of hospitation: the host units, the request a nurse sends, and the answers of the three people in its way
(the nearest leader's consent, the host's dates, the nurse's evaluation).

A request moves through these statuses, each set by one person or by the daily schedule:

    awaiting_consent --leader says yes--> awaiting_host --host sets dates--> confirmed --period over--> evaluating
           |  \\--leader says no--> declined_by_leader       \\--host says no--> declined_by_host      |
           \\--no answer in time--> expired                                                            v
    (the nurse may withdraw before the period starts: withdrawn)                                  completed
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.formatting import OSLO
from common.i18n import N_
from common.person import (
    LEADER_TEXTS,
    PERSON_TEXTS,
    Consent,
    Day,
    Email,
    LongText,
    Phone,
    PlainText,
    Recommend,
)
from common.site import network
from common.validation import FieldText, Version

Status = Literal[
    "awaiting_consent",
    "awaiting_host",
    "confirmed",
    "evaluating",
    "completed",
    "declined_by_leader",
    "declined_by_host",
    "withdrawn",
    "expired",
]
HOSPITATION_STATUS_LABELS: dict[str, str] = {
    "awaiting_consent": N_("Venter på leders samtykke"),
    "awaiting_host": N_("Venter på vertsenheten"),
    "confirmed": N_("Bekreftet"),
    "evaluating": N_("Venter på evaluering"),
    "completed": N_("Fullført"),
    "declined_by_leader": N_("Leder sa nei"),
    "declined_by_host": N_("Vertsenheten sa nei"),
    "withdrawn": N_("Trukket"),
    "expired": N_("Utløpt, leder svarte ikke"),
}
OPEN_STATUSES: frozenset[str] = frozenset({"awaiting_consent", "awaiting_host", "confirmed"})

LONGEST_WISH = timedelta(days=92)  # a wished period is a window of at most three months
FURTHEST_AHEAD = timedelta(days=366)
LONGEST_STAY = 5  # days, first and last included: one to three working days, over a weekend at most
REMIND_AFTER = timedelta(days=7)  # a consent or a host's answer pending this long gets one reminder
CONSENT_VALID = timedelta(days=14)  # a consent link works this long; the reminder's link too
# the morning after the last day, the nurse is asked for an evaluation: due before the daily run at 07:00 Oslo time
# (hospitation/schedule.py), so that run sends it, not the one a day later
EVALUATION_TIME = time(6, 0)


class HostUnit(BaseModel):
    """A place that takes nurses for hospitation. Kept in the table (repository.py): network.json's host_units are
    seeded once, and the network leader adds and changes them in /leder/enheter/. A closed host unit keeps its id and
    name (its requests still show it) and is no longer offered in the request form; reopening clears `closed_on`."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: str
    area: str
    email: str
    closed_on: date | None = None
    version: int = 1

    def open_on(self, day: date) -> bool:
        return self.closed_on is None or day < self.closed_on

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def configured_host_units() -> dict[str, HostUnit]:
    """network.json's host units: what seeds the table once (live.seed_host_units), never what a route reads."""
    return {unit["id"]: HostUnit.model_validate(unit) for unit in network().get("host_units", [])}


def open_host_units(units: Mapping[str, HostUnit], day: date) -> dict[str, HostUnit]:
    """The host units the request form offers: those not closed by that day."""
    return {unit.id: unit for unit in units.values() if unit.open_on(day)}


class HostUnitForm(BaseModel):
    """What the network leader fills in to add a host unit or change one (the id stays)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: PlainText = Field(min_length=1, max_length=120)
    kind: PlainText = Field(min_length=1, max_length=80)
    area: str = Field(min_length=1, max_length=80)
    email: Email = Field(max_length=254)


class HostUnitChange(HostUnitForm):
    version: Version


class HostUnitVersion(BaseModel):
    """Closing or reopening: the version of the host unit the leader saw."""

    model_config = ConfigDict(extra="ignore")

    version: Version


HOST_UNIT_TEXTS: dict[str, FieldText] = {
    "name": FieldText(
        N_("Navn på vertsenheten"),
        N_("Skriv inn navnet på vertsenheten."),
        N_("Skriv navnet som vanlig tekst, uten tegnene < og >."),
    ),
    "kind": FieldText(
        N_("Type vertsenhet"),
        N_("Skriv hva slags enhet det er, for eksempel palliativt team."),
        N_("Skriv typen som vanlig tekst, uten tegnene < og >."),
    ),
    "area": FieldText(N_("Område"), N_("Velg området vertsenheten hører til."), N_("Velg et område fra listen.")),
    "email": FieldText(
        N_("E-post til vertsenheten"),
        N_("Skriv inn e-postadressen søknadene skal sendes til."),
        N_("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
    ),
}
HOST_UNIT_NAME_TAKEN = N_("Det finnes allerede en vertsenhet med dette navnet i området.")


class WishedPeriod(BaseModel):
    model_config = ConfigDict(frozen=True)

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


class HospitationForm(BaseModel):
    """What a nurse fills in. Field names are the form's input names. The periods are checked against today in
    validate_request (forms.py), where the clock is known."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: PlainText = Field(min_length=1, max_length=120)
    email: Email = Field(max_length=254)
    phone: Phone = Field(min_length=1, max_length=20)
    workplace: PlainText = Field(min_length=1, max_length=120)
    municipality: str = Field(min_length=1, max_length=80)
    leader_name: PlainText = Field(min_length=1, max_length=120)
    leader_email: Email = Field(max_length=254)
    host_unit: str = Field(min_length=1, max_length=80)
    period1_first: Day = None
    period1_last: Day = None
    period2_first: Day = None
    period2_last: Day = None
    goals: LongText = Field(min_length=1, max_length=2000)
    consent: Consent


class Hospitation(BaseModel):
    """A stored request, with every answer it has had. Personal data, so it carries its own expiry (expires_at)."""

    model_config = ConfigDict(frozen=True)

    id: str
    status: Status = "awaiting_consent"
    version: int = 1  # every change is conditioned on the version it read, so two people cannot both change it
    name: str
    email: str
    phone: str
    workplace: str
    municipality: str
    area: str  # the nurse's local network
    leader_name: str = ""  # empty once the leader is erased (people/erasure.py)
    leader_email: str = ""
    host_unit: str
    host_area: str
    wishes: tuple[WishedPeriod, ...]
    goals: str
    created_at: datetime
    # the nearest leader
    consent_reminded_at: datetime | None = None
    consent_until: datetime | None = None  # the newest consent link works until then
    answered_at: datetime | None = None
    # the host
    host_reminded_at: datetime | None = None
    first_day: date | None = None
    last_day: date | None = None
    meeting_time: str = ""  # HH:MM on the first day
    host_message: str = ""
    dates_as_wished: bool = True
    confirmed_at: datetime | None = None
    confirmed_by: str = ""
    # a no, from the leader or the host
    decline_reason: str = ""
    declined_at: datetime | None = None
    withdrawn_at: datetime | None = None
    # the nurse's evaluation
    evaluation_sent_at: datetime | None = None
    learned: str = ""
    recommend: Recommend | None = None
    change: str = ""
    evaluated_at: datetime | None = None
    expires_at: int
    # the outbox (common/outbox.py): the consent request's email while it waits for the nurse to confirm her own
    # address (its id, "" when it went at once), and how the newest email went (written by the mail worker)
    consent_held_id: str = ""
    mail_status: str = ""
    mail_id: str = ""
    mail_at: str = ""

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def can_withdraw(self, today: date) -> bool:
        """Until the hospitation starts; after that there is nothing left to withdraw."""
        return self.status in ("awaiting_consent", "awaiting_host") or (
            self.status == "confirmed" and self.first_day is not None and today < self.first_day
        )

    @property
    def starts_at(self) -> datetime | None:
        if self.first_day is None:
            return None
        hour, minute = (int(part) for part in (self.meeting_time or "08:00").split(":"))
        return datetime.combine(self.first_day, time(hour, minute), OSLO)

    @property
    def reached_host(self) -> bool:
        """The nearest leader said yes, so the host has been asked."""
        return self.answered_at is not None and self.status not in ("declined_by_leader", "expired")

    @property
    def due_at(self) -> datetime | None:
        """When the daily schedule next has something to do: remind the leader once after a week, then let the
        request expire when the newest consent link does; remind the host once after a week; ask for the
        evaluation the morning after the last day."""
        if self.status == "awaiting_consent":
            return self.consent_until if self.consent_reminded_at else self.created_at + REMIND_AFTER
        if self.status == "awaiting_host" and self.host_reminded_at is None and self.answered_at is not None:
            return self.answered_at + REMIND_AFTER
        if self.status == "confirmed" and self.last_day is not None:
            return datetime.combine(self.last_day + timedelta(days=1), EVALUATION_TIME, OSLO)
        return None

    @property
    def last_date(self) -> date:
        """The last day this request concerns: the confirmed last day, or the end of the latest wished period."""
        return max([*(wish.last for wish in self.wishes), *([self.last_day] if self.last_day else [])])

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class ConsentAnswer(BaseModel):
    """The nearest leader's answer: yes, or no with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    decision: Literal["ja", "nei"]
    reason: LongText = Field(default="", max_length=1000)


class HostAnswer(BaseModel):
    """The host's dates, and a message to the nurse (where to meet, what to bring)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    first_day: Day = None
    last_day: Day = None
    meeting_time: str = Field(default="", pattern=r"^(([01]\d|2[0-3])[:.][0-5]\d)?$")  # empty: told it is missing
    message: LongText = Field(default="", max_length=1000)


class Decline(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    reason: LongText = Field(min_length=1, max_length=1000)


class HostAnswerChange(HostAnswer):
    """The host's answer in the leaders' API, with the version of the request the leader saw."""

    version: Version


class DeclineChange(Decline):
    """The host's no in the leaders' API, with the version of the request the leader saw."""

    version: Version


class EvaluationForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    learned: LongText = Field(min_length=1, max_length=2000)
    recommend: Recommend
    change: LongText = Field(default="", max_length=2000)


FORM_TEXTS: dict[str, FieldText] = {
    **PERSON_TEXTS,
    **LEADER_TEXTS,
    "host_unit": FieldText(
        N_("Hvor vil du hospitere?"),
        N_("Velg stedet du vil hospitere."),
        N_("Velg et av stedene i listen."),
    ),
    "period1_first": FieldText(
        N_("Første ønskede periode, fra"),
        N_("Skriv inn når den første perioden som passer for deg, begynner."),
        N_("Skriv datoen som dd.mm.åååå, for eksempel 03.03.2027."),
    ),
    "period1_last": FieldText(
        N_("Første ønskede periode, til"),
        N_("Skriv inn når den første perioden som passer for deg, slutter."),
        N_("Skriv datoen som dd.mm.åååå, for eksempel 14.03.2027."),
    ),
    "period2_first": FieldText(
        N_("Andre ønskede periode, fra"),
        N_("Skriv inn når den andre perioden begynner, eller la begge datoene stå tomme."),
        N_("Skriv datoen som dd.mm.åååå, for eksempel 07.04.2027."),
    ),
    "period2_last": FieldText(
        N_("Andre ønskede periode, til"),
        N_("Skriv inn når den andre perioden slutter, eller la begge datoene stå tomme."),
        N_("Skriv datoen som dd.mm.åååå, for eksempel 18.04.2027."),
    ),
    "goals": FieldText(
        N_("Læringsmål"),
        N_("Skriv hva du vil lære når du hospiterer."),
        N_("Skriv læringsmålene som vanlig tekst, uten tegnene < og >."),
    ),
    "consent": FieldText(
        N_("Samtykke"),
        N_("Du må samtykke til at vi lagrer opplysningene før du kan sende søknaden."),
        N_("Du må samtykke til at vi lagrer opplysningene før du kan sende søknaden."),
    ),
}
CONSENT_TEXTS: dict[str, FieldText] = {
    "decision": FieldText(N_("Ditt svar"), N_("Velg ja eller nei."), N_("Velg ja eller nei.")),
    "reason": FieldText(
        N_("Begrunnelse"),
        N_("Skriv en kort begrunnelse, så forstår sykepleieren hvorfor."),
        N_("Skriv begrunnelsen som vanlig tekst, uten tegnene < og >."),
    ),
}
HOST_TEXTS: dict[str, FieldText] = {
    "first_day": FieldText(
        N_("Første dag"), N_("Skriv inn første dag."), N_("Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-03-03.")
    ),
    "last_day": FieldText(
        N_("Siste dag"), N_("Skriv inn siste dag."), N_("Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-03-04.")
    ),
    "meeting_time": FieldText(
        N_("Oppmøte klokken"),
        N_("Skriv inn når sykepleieren skal møte første dag."),
        N_("Skriv klokkeslettet som TT:MM, for eksempel 08:00."),
    ),
    "message": FieldText(
        N_("Beskjed til sykepleieren"),
        N_("Skriv en beskjed."),
        N_("Skriv beskjeden som vanlig tekst, uten tegnene < og >."),
    ),
}
DECLINE_TEXTS: dict[str, FieldText] = {"reason": CONSENT_TEXTS["reason"]}
EVALUATION_TEXTS: dict[str, FieldText] = {
    "learned": FieldText(
        N_("Hva lærte du?"),
        N_("Skriv kort hva du lærte."),
        N_("Skriv svaret som vanlig tekst, uten tegnene < og >."),
    ),
    "recommend": FieldText(
        N_("Vil du anbefale andre å hospitere her?"),
        N_("Velg ja, nei eller usikker."),
        N_("Velg ja, nei eller usikker."),
    ),
    "change": FieldText(
        N_("Hva bør vi gjøre annerledes?"),
        N_("Skriv hva vi bør gjøre annerledes, eller la feltet stå tomt."),
        N_("Skriv svaret som vanlig tekst, uten tegnene < og >."),
    ),
}


EmailKind = Literal[
    "received",
    "consent_request",
    "consent_reminder",
    "consented",
    "host_request",
    "host_reminder",
    "declined_by_leader",
    "confirmed",
    "confirmed_leader",
    "declined_by_host",
    "evaluation",
    "expired",
    "withdrawn",
    "withdrawn_host",
]


def status_path(token: str) -> str:
    return f"/api/hospitering/{token}"


def consent_path(token: str) -> str:
    return f"/api/samtykke/{token}"
