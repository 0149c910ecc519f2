"""The nouns of the yearly self-report (Ahus: "årsevaluering for ressurssykepleiere og deres ledere"; Bergen: "årlig
rapportering fra ressurspersoner og nærmeste leder"): the year's round the network leader opens with a closing date,
one invitation per resource nurse and per unit leader, and what each answers.

An answer is not anonymous: it is the nurse's own report of her year and her plan for the next, made to be followed up
with her leader and her area's network. The forms say who reads it (the network leader and the area's leader) and
warn against patient information in the free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from common.formatting import OSLO
from common.i18n import N_
from common.person import Day, LongText
from common.validation import FieldText, Version

REMIND_DAYS = 7  # the reminder goes this many days before the round closes
MIN_DAYS = 14  # a round is open at least this long from the day it is opened (so the reminder comes after it)
MAX_DAYS = 120  # and at most this long
KEEP_YEARS = 3  # invitations and answers are kept this long after the round closed, for the annual reports
LINK_MARGIN_DAYS = 60  # a link's item outlives the round's close by this much, then DynamoDB deletes it
TEXT_MAX = 2000
LAST_YEAR_UNTIL_MONTH = 3  # until the end of March a round may be opened for the year before

Role = Literal["nurse", "leader"]
Planned = Literal["ja", "nei", "avtalt"]
TimeGiven = Literal["ja", "delvis", "nei"]
PLANNED_LABELS: dict[str, str] = {
    "ja": N_("Ja"),
    "avtalt": N_("Ikke ennå, men vi har avtalt et møte"),
    "nei": N_("Nei"),
}
TIME_LABELS: dict[str, str] = {"ja": N_("Ja"), "delvis": N_("Delvis"), "nei": N_("Nei")}
ROLE_LABELS: dict[str, str] = {"nurse": N_("Ressurssykepleier"), "leader": N_("Nærmeste leder")}
NURSE, LEADER = (
    "NURSE#",
    "LEADER#",
)  # an invitation's id: the nurse's id across her periods, or the leader's address key


class Round(BaseModel):
    """One year's round (`SELFREPORT` / `ROUND#<year>`): open from the day the network leader opened it to the end of
    its closing day; the reminder goes REMIND_DAYS before. Its closing day can be moved, on the version seen."""

    model_config = ConfigDict(frozen=True)

    year: int
    opened_on: date
    closes_on: date
    opened_by: str
    reminded: bool = False
    version: int = 1
    expires_at: int

    @property
    def reminder_on(self) -> date:
        return self.closes_on - timedelta(days=REMIND_DAYS)

    @property
    def closes_at(self) -> datetime:
        return datetime.combine(self.closes_on, time.max, OSLO)

    def open_at(self, moment: datetime) -> bool:
        return moment <= self.closes_at

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def round_expires_at(closes_on: date) -> int:
    """When DynamoDB deletes a round, its invitations and their answers (epoch seconds)."""
    return int(datetime.combine(closes_on + relativedelta(years=KEEP_YEARS), time.max, OSLO).timestamp())


def link_expires_at(closes_on: date) -> int:
    return int(datetime.combine(closes_on + timedelta(days=LINK_MARGIN_DAYS), time.max, OSLO).timestamp())


class Invitation(BaseModel):
    """One person asked in one year's round (`SELFREPORT#<year>` / `NURSE#<nurse id>` or `LEADER#<address key>`), and
    her answer once given. A nurse is asked once however many units she serves; a unit leader once for all her units.
    Personal data: the name and address to send the reminder to, found by the person index and erased on request."""

    model_config = ConfigDict(frozen=True)

    year: int
    id: str  # NURSE#<nurse id> or LEADER#<address key>
    role: Role
    area: str
    units: tuple[str, ...]
    name: str
    email: str
    links: tuple[str, ...] = ()  # the hashes of the links mailed (the invitation's, the reminder's)
    invited_at: datetime
    reminded_at: datetime | None = None
    answered_at: datetime | None = None
    did: str = ""
    next_year: str = ""
    planned: Planned | None = None
    time_given: TimeGiven | None = None
    comment: str = ""
    expires_at: int
    mail_status: str = ""  # how the newest email about it went, as the mail worker writes it (common/outbox.py)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class NurseAnswer(BaseModel):
    """What a resource nurse sends. Field names are the form's input names."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    did: LongText = Field(min_length=1, max_length=TEXT_MAX)
    next_year: LongText = Field(min_length=1, max_length=TEXT_MAX)
    planned: Planned


class LeaderAnswer(BaseModel):
    """What a unit leader sends."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    time_given: TimeGiven
    planned: Planned
    comment: LongText = Field(default="", max_length=TEXT_MAX)


class RoundForm(BaseModel):
    """The network leader opens a year's round: which year (this one, or until April the one before) and
    the day it closes."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    year: Annotated[int, Field(ge=2000, le=2100)]
    closes_on: Day


class RoundChange(BaseModel):
    """The closing day moved, on the round's version as the leader saw it."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    closes_on: Day
    version: Version


PLAIN_TEXT = N_("Skriv svaret som vanlig tekst, uten tegnene < og >.")
PLANNED_MISSING = N_("Velg om dere har hatt en samtale om arbeidsplanen.")
NURSE_TEXTS: dict[str, FieldText] = {
    "did": FieldText(
        N_("Hva har du gjort som ressurssykepleier i år?"),
        N_("Skriv kort hva du har gjort som ressurssykepleier i år."),
        PLAIN_TEXT,
    ),
    "next_year": FieldText(
        N_("Hva vil du gjøre som ressurssykepleier neste år?"),
        N_("Skriv kort hva du vil gjøre neste år."),
        PLAIN_TEXT,
    ),
    "planned": FieldText(
        N_("Har du og lederen din hatt en samtale om arbeidsplanen for neste år?"), PLANNED_MISSING, PLANNED_MISSING
    ),
}
TIME_MISSING = N_("Velg om ressurssykepleieren får tid til rollen.")
LEADER_TEXTS: dict[str, FieldText] = {
    "time_given": FieldText(
        N_("Får ressurssykepleieren tid til rollen i arbeidshverdagen?"), TIME_MISSING, TIME_MISSING
    ),
    "planned": FieldText(
        N_("Har du og ressurssykepleieren hatt en samtale om arbeidsplanen for neste år?"),
        PLANNED_MISSING,
        PLANNED_MISSING,
    ),
    "comment": FieldText(N_("Vil du si noe mer til nettverket? (valgfritt)"), PLAIN_TEXT, PLAIN_TEXT),
}
CLOSES_MISSING = N_("Velg datoen runden stenger.")
ROUND_TEXTS: dict[str, FieldText] = {
    "year": FieldText(
        N_("Året runden gjelder"),
        N_("Velg året runden gjelder."),
        N_("Velg i år (eller i fjor, fram til april)."),
    ),
    "closes_on": FieldText(N_("Frist for å svare"), CLOSES_MISSING, N_("Skriv datoen som 31.01.2027.")),
}
CLOSES_RANGE = N_("Velg en frist mellom %(first)s og %(last)s.")
CLOSES_PAST = N_("Fristen kan ikke være før i dag.")
YEAR_CHOICE = N_("Velg i år (eller i fjor, fram til april).")


def units_text(invitation: Invitation, unit_names: Mapping[str, str]) -> str:
    """Her units by name, as the emails, the form, the answers' page and the CSV name them."""
    return ", ".join(unit_names.get(unit, unit) for unit in invitation.units)


def answer_path(token: str) -> str:
    return f"/api/egenrapport/{token}"
