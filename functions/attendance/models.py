"""The nouns of attendance: who came to a course or meeting (from its registrations, plus resource nurses from the
roster who came without one), an absence a nurse reported before a local meeting, and the hours an event counts.

One person counts once per event: both items are keyed by the normalised email, within the event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.formatting import OSLO
from common.i18n import N_
from common.person import Email, LongText, PlainText
from common.validation import FieldText
from courses.models import Course

Source = Literal["registration", "walk_in"]
SOURCE_LABELS: dict[str, str] = {"registration": N_("Påmeldt"), "walk_in": N_("Kom uten påmelding")}
HOURS_GOAL = 12.0  # hours of local meetings a resource nurse is owed each year
GOAL_KINDS: frozenset[str] = frozenset({"nettverksmote"})  # the events that count toward it


class Presence(BaseModel):
    """Who came, as the leader marked the list: the ids of the people present; everyone else on it did not."""

    present: list[str]


def event_hours(course: Course) -> float:
    """The hours an event counts: its times on each of its days (a two-day course from 09:00 to 15:00 is twelve
    hours, not thirty), in half hours."""
    start, end = course.start.astimezone(OSLO), course.end.astimezone(OSLO)
    days = (end.date() - start.date()).days + 1
    daily = datetime.combine(date.min, end.time()) - datetime.combine(date.min, start.time())
    total = end - start if days == 1 or daily <= timedelta(0) else daily * days
    return round(total / timedelta(minutes=30)) / 2


class Attendance(BaseModel):
    """One person at one event, marked present or not by the area or network leader. Personal data: it expires."""

    model_config = ConfigDict(frozen=True)

    course_id: str
    email: str
    name: str
    area: str  # the person's local network
    workplace: str = ""
    workplace_type: str = ""  # langtidshjem, helsehus, hjemmetjeneste, sykehus, annet (for the annual report)
    source: Source
    registration_id: str = ""
    nurse_id: str = ""  # on the roster
    present: bool
    hours: float  # what the event counts for this person, if present
    marked_by: str
    marked_at: datetime
    expires_at: int

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class AbsenceForm(BaseModel):
    """What a nurse sends before a local meeting they cannot come to."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: PlainText = Field(min_length=1, max_length=120)
    email: Email = Field(max_length=254)
    reason: LongText = Field(min_length=1, max_length=500)


class Absence(BaseModel):
    model_config = ConfigDict(frozen=True)

    course_id: str
    email: str
    name: str
    reason: str
    created_at: datetime
    expires_at: int

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


ABSENCE_TEXTS: dict[str, FieldText] = {
    "name": FieldText(
        N_("Navn"), N_("Skriv inn navnet ditt."), N_("Skriv navnet som vanlig tekst, uten tegnene < og >.")
    ),
    "email": FieldText(
        N_("E-post"),
        N_("Skriv inn e-postadressen din."),
        N_("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."),
    ),
    "reason": FieldText(
        N_("Hvorfor kan du ikke komme?"),
        N_("Skriv kort hvorfor du ikke kan komme."),
        N_("Skriv grunnen som vanlig tekst, uten tegnene < og >."),
    ),
}
