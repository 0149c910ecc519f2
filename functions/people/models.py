"""The nouns of Min side: the sign-in link and the session it opens, and what the page shows a person (her
registrations by kind, her hours of the year, her hospitations and her roster entries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from attendance.models import HOURS_GOAL
from common.i18n import N_
from common.person import PERSON_TEXTS, Email, Phone, PlainText
from common.validation import FieldText
from courses.models import Course, CourseLetter, Registration
from hospitation.models import Hospitation
from roster.models import RosterEntry

LINK_MINUTES = 15  # a sign-in link works this long, once
SESSION_MINUTES = 60  # Min side stays open this long after the link is used
ASK_SECONDS = 60  # one sign-in link per address in this time at most, however often the form is sent
HOSPITATION_DAY_HOURS = 4.0  # one day of hospitation counts as 4 hours (Oslo universitetssykehus' networks)
COUNTED_HOSPITATIONS = frozenset({"confirmed", "evaluating", "completed"})

LINK_ASKED = N_(
    "Hvis vi har registrert noe på denne adressen, får du straks en e-post med en lenke til Min side. Lenken virker "
    "i %(minutes)s minutter og kan brukes én gang."
)

FORM_TEXTS: dict[str, FieldText] = {"email": PERSON_TEXTS["email"]}
CORRECTION_TEXTS: dict[str, FieldText] = {
    "phone": PERSON_TEXTS["phone"],
    "workplace": PERSON_TEXTS["workplace"],
}


class SignInForm(BaseModel):
    """The one field of /min-side/: the address the link goes to."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    email: Email = Field(max_length=254)


class Correction(BaseModel):
    """What a person may correct on a coming registration herself: how to reach her and where she works."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    phone: Phone = Field(min_length=1, max_length=20)
    workplace: PlainText = Field(min_length=1, max_length=120)


Group = Literal["coming", "waiting", "past", "cancelled"]
GROUP_TITLES: dict[str, str] = {
    "coming": N_("Påmeldt"),
    "waiting": N_("På venteliste"),
    "past": N_("Tidligere kurs og møter"),
    "cancelled": N_("Avmeldt"),
}


@dataclass(frozen=True)
class MyRegistration:
    """One of her registrations, as Min side shows it."""

    course: Course
    registration: Registration
    group: Group
    place: int | None = None  # in line, while waiting
    letters: tuple[CourseLetter, ...] = ()
    can_cancel: bool = False
    can_correct: bool = False
    attended: bool | None = None  # marked present (True), absent (False), or not marked
    hours: float = 0.0  # what it counted for her, if she came


@dataclass(frozen=True)
class CountedEvent:
    """One line of her hours: an event she came to, or a hospitation's days."""

    title: str
    first_day: date
    last_day: date
    hours: float
    kind: Literal["local_meeting", "course", "hospitation"]
    days: int = 0  # a hospitation's days
    course_id: str = ""  # an event's: its certificate's address


@dataclass(frozen=True)
class YearHours:
    """Her hours of one year: the local meetings against the yearly goal, and everything else she did."""

    year: int
    events: tuple[CountedEvent, ...] = ()
    goal: float = HOURS_GOAL

    @property
    def local_meetings(self) -> float:
        return sum(event.hours for event in self.events if event.kind == "local_meeting")

    @property
    def courses(self) -> float:
        return sum(event.hours for event in self.events if event.kind == "course")

    @property
    def hospitation_days(self) -> int:
        return sum(event.days for event in self.events if event.kind == "hospitation")

    @property
    def hospitation(self) -> float:
        return sum(event.hours for event in self.events if event.kind == "hospitation")

    @property
    def total(self) -> float:
        return sum(event.hours for event in self.events)

    @property
    def left(self) -> float:
        return max(self.goal - self.local_meetings, 0.0)


@dataclass(frozen=True)
class Overview:
    """Everything Min side shows one person."""

    email: str
    name: str
    registrations: dict[str, tuple[MyRegistration, ...]]
    hours: YearHours
    hospitations: tuple[Hospitation, ...] = ()
    roster: tuple[RosterEntry, ...] = ()
    units: dict[str, str] = field(default_factory=dict)  # unit id -> name, for her roster entries
    host_units: dict[str, str] = field(default_factory=dict)  # host unit id -> name, for her hospitations


def weekdays(first: date, last: date) -> int:
    """The days Monday to Friday from first to last, both counted."""
    days = (last - first).days + 1
    return sum(1 for offset in range(max(days, 0)) if (first + timedelta(days=offset)).weekday() < 5)
