"""The nouns of sign-up: a course, the form a person fills in, and the registration that is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from common.formatting import OSLO
from common.i18n import N_
from common.outbox import Mailing
from common.person import LEADER_TEXTS, PERSON_TEXTS, Checkbox, Consent, Email, Phone, PlainText
from common.validation import FieldText
from courses.questions import QUESTIONS

SAME_EMAIL = N_("Lederen trenger sin egen e-postadresse for å få sin egen bekreftelse. Skriv inn lederens e-post.")

CourseKind = Literal["introduksjonskurs", "grunnkurs", "fagdag", "dialogmote", "nettverksmote"]
KIND_LABELS: dict[str, str] = {
    "introduksjonskurs": N_("Introduksjonskurs"),
    "grunnkurs": N_("Grunnkurs"),
    "fagdag": N_("Fagdag"),
    "dialogmote": N_("Dialogmøte for ledere"),
    "nettverksmote": N_("Nettverksmøte"),
}
# Courses are evaluated (evaluations/); the local network meetings, every month or so, and the leaders' dialogue
# meeting are not.
EVALUATED_KINDS: frozenset[str] = frozenset({"introduksjonskurs", "grunnkurs", "fagdag"})

# A course's life: made as a draft (not on the site), published, then cancelled or held (held: it has ended).
CourseStatus = Literal["draft", "published", "cancelled"]
COURSE_STATUS_LABELS: dict[str, str] = {
    "draft": N_("Utkast"),
    "published": N_("Publisert"),
    "cancelled": N_("Avlyst"),
    "held": N_("Holdt"),
}

Role = Literal["ressurssykepleier", "leder", "annet"]
ROLE_LABELS: dict[str, str] = {
    "ressurssykepleier": N_("Ressurssykepleier"),
    "leder": N_("Leder"),
    "annet": N_("Annet helsepersonell"),
}

REGISTRATION_STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Plass"),
    "waitlisted": N_("Venteliste"),
    "cancelled": N_("Avmeldt"),
}


def _oslo_datetime(value: object) -> object:
    """Naive times in content are Oslo wall-clock times; a bare date means the end of that day."""
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59))
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=OSLO)
    return value


OsloDatetime = Annotated[datetime, BeforeValidator(_oslo_datetime)]


def _yes(value: object) -> object:
    """Content says ja/nei (or yes/no, true/false)."""
    if isinstance(value, str):
        return value.strip().lower() in ("ja", "yes", "true", "1")
    return value


def _question_ids(value: object) -> object:
    """`Questions: workplace_type, diet` in content; a list from the table. Each must be a known question."""
    ids = [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value
    if not isinstance(ids, (list, tuple)):
        return ids
    unknown = [question_id for question_id in ids if question_id not in QUESTIONS]
    if unknown:
        raise ValueError(f"unknown questions {unknown}: known are {sorted(QUESTIONS)}")
    return tuple(ids)


class CourseDay(BaseModel):
    """One day of a course, with its own start and end in Oslo: a two-day course is two days, not one span."""

    model_config = ConfigDict(frozen=True)

    day: date
    start: time
    end: time

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("a day ends after it starts")
        return end

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start, OSLO)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.day, self.end, OSLO)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / timedelta(hours=1)


def _days_of_span(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The days of a course given as one span (content/kurs/*.md's Start and End): each date from the first to the
    last, from the start's time to the end's; a span whose end's time is not after its start's runs through the
    nights. Nothing for a span that ends before it starts (the model says so)."""
    first, last = start.astimezone(OSLO), end.astimezone(OSLO)
    if last <= first:
        return []
    count = (last.date() - first.date()).days + 1
    dates = [first.date() + timedelta(days=n) for n in range(count)]
    if count == 1 or first.time() < last.time():
        return [{"day": day, "start": first.time(), "end": last.time()} for day in dates]
    starts = [first.time(), *[time.min] * (count - 1)]
    ends = [*[time(23, 59)] * (count - 1), last.time()]
    return [
        {"day": day, "start": start, "end": end}
        for day, start, end in zip(dates, starts, ends, strict=True)
        if start < end
    ]


DEFAULT_REMINDER_DAYS = (7, 1)
MAX_REMINDERS = 3
MAX_REMINDER_DAYS = 60


def _day_counts(value: object) -> object:
    """'7, 1' (a content file) or [7, 1] into whole days, largest first, each once."""
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, (list, tuple)):
        try:
            days = sorted({int(part) for part in value}, reverse=True)
        except (TypeError, ValueError):
            return value
        if len(days) > MAX_REMINDERS or any(not 0 <= day <= MAX_REMINDER_DAYS for day in days):
            raise ValueError("at most 3 reminders, each 0 to 60 days before")
        return tuple(days)
    return value


class Course(BaseModel):
    """A course or meeting: made in the leaders' area (or imported once from content/kurs/*.md) and kept in the
    table, which is the one source of courses; the site is built from it."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    title: str = Field(min_length=1, max_length=200)
    kind: CourseKind
    start: OsloDatetime
    end: OsloDatetime
    place: str = Field(min_length=1, max_length=300)
    area: str = Field(min_length=1, max_length=80)
    capacity: int = Field(ge=1, le=5000)
    registration_deadline: OsloDatetime
    audience: str = Field(min_length=1, max_length=500)
    summary: str = Field(default="", max_length=1000)
    questions: Annotated[tuple[str, ...], BeforeValidator(_question_ids)] = ()
    cancellation_deadline: OsloDatetime | None = None  # when a person may no longer cancel here; default: the start
    # The form lets a nurse bring their nearest leader (the introduction course is for both): both get seats or both
    # wait. `Leader_can_join: ja` in content.
    leader_can_join: Annotated[bool, BeforeValidator(_yes)] = False
    # The days, each with its times; start and end are the first day's start and the last day's end.
    days: tuple[CourseDay, ...] = ()
    # How many days before the start each reminder goes to those with a seat (courses/schedule.py); none: ().
    # `Reminder_days: 7, 1` in content.
    reminder_days: Annotated[tuple[int, ...], BeforeValidator(_day_counts)] = DEFAULT_REMINDER_DAYS
    directions: str = Field(default="", max_length=500)  # the way there, in the reminder and on the page
    status: CourseStatus = "published"
    version: int = 0  # of the stored course: a leader's change made on an older one is refused

    @model_validator(mode="before")
    @classmethod
    def _days_or_span(cls, values: Any) -> Any:
        """Given days, start and end follow from them; given only start and end (a content file), the days do."""
        if not isinstance(values, dict):
            return values
        values = dict(values)
        days = values.get("days")
        if days:
            parsed = [CourseDay.model_validate(day) for day in days]
            parsed.sort(key=lambda day: (day.day, day.start))
            values["days"] = tuple(parsed)
            values["start"], values["end"] = parsed[0].starts_at, parsed[-1].ends_at
        elif values.get("start") is not None and values.get("end") is not None:
            start, end = _oslo_datetime(values["start"]), _oslo_datetime(values["end"])
            if isinstance(start, datetime) and isinstance(end, datetime):
                values["days"] = tuple(CourseDay.model_validate(day) for day in _days_of_span(start, end))
        return values

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("end must be after start")
        return end

    @field_validator("days")
    @classmethod
    def _one_day_once(cls, days: tuple[CourseDay, ...]) -> tuple[CourseDay, ...]:
        if len({day.day for day in days}) != len(days):
            raise ValueError("a date is given twice")
        return days

    @property
    def url(self) -> str:
        return f"kurs/{self.id}/"

    @property
    def signup_url(self) -> str:
        return f"/api/kurs/{self.id}/pameldinger"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def hours(self) -> float:
        """The hours of all its days (a two-day course from 9 to 15.30 is 13 hours, not the night between)."""
        if self.days:
            return sum(day.hours for day in self.days)
        return (self.end - self.start) / timedelta(hours=1)

    @property
    def published(self) -> bool:
        """On the site: published, or cancelled (the page says "Avlyst"); a draft is not."""
        return self.status != "draft"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def takes_place(self) -> bool:
        """Published and not cancelled: it counts (hours, the annual report, the roster's courses, evaluations)."""
        return self.status == "published"

    def can_cancel(self, now: datetime) -> bool:
        return now <= (self.cancellation_deadline or self.start)

    def is_open(self, now: datetime) -> bool:
        """Open for sign-up: published, before the deadline and the start."""
        return self.status == "published" and now <= self.registration_deadline and now < self.start


class Availability(BaseModel):
    """How many seats a course has left, for the course page's "12 av 30 plasser ledige"."""

    model_config = ConfigDict(frozen=True)

    capacity: int
    confirmed: int
    waiting: int = 0
    open: bool

    @property
    def available(self) -> int:
        """Free seats for a new sign-up: none while anybody waits (a free seat is then held for the first in line)."""
        return 0 if self.waiting else max(0, self.capacity - self.confirmed)


class RegistrationForm(BaseModel):
    """What a person fills in to sign up. Field names are the form's input names."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: PlainText = Field(min_length=1, max_length=120)
    email: Email = Field(max_length=254)
    phone: Phone = Field(min_length=1, max_length=20)
    workplace: PlainText = Field(min_length=1, max_length=120)
    municipality: str = Field(min_length=1, max_length=80)
    role: Role
    leader_name: PlainText = Field(min_length=1, max_length=120)
    leader_email: Email = Field(max_length=254)
    consent: Consent
    bring_leader: Checkbox = False  # only where the course lets leaders join

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("municipalities")
        if known is not None and value not in known:
            raise ValueError("unknown municipality")
        return value


class Registration(BaseModel):
    """A stored sign-up. Personal data, so it carries its own expiry (expires_at, epoch seconds)."""

    model_config = ConfigDict(frozen=True)

    id: str
    course_id: str
    status: Literal["confirmed", "waitlisted", "cancelled"] = "confirmed"
    position: int | None = None  # place on the waiting list, first in line is 1
    token_hash: str = ""  # of the secret link to the person's own page
    companion_id: str | None = None  # a nurse and the leader they brought: seats for both, or both wait
    name: str
    email: str
    phone: str = ""  # not asked of a leader who is brought along
    workplace: str
    municipality: str
    area: str
    role: Role
    leader_name: str
    leader_email: str
    answers: dict[str, str] = Field(default_factory=dict)
    created_at: datetime
    expires_at: int
    # The newest email about it, as the mail worker wrote (common/outbox.py): its id and how it went.
    mail_id: str | None = None
    mail_status: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    @property
    def email_key(self) -> str:
        """The email as it is compared: one person, one seat per course."""
        return self.email.strip().lower()


class LetterFile(BaseModel):
    """A file attached to a course's letter, as the person's own page links to it (common/downloads.py)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    size: int


class CourseLetter(BaseModel):
    """A letter a leader sent to a course's people (functions/letters/: the agenda, the minutes), as the person's
    own page lists it, so that a lost email is not a lost agenda: for the registrations it went to."""

    model_config = ConfigDict(frozen=True)

    id: str
    subject: str
    text: str  # Markdown, shown made safe (common/markdown_text.py)
    sent_at: datetime
    attachments: tuple[LetterFile, ...] = ()
    registrations: frozenset[str] = frozenset()


FORM_TEXTS: dict[str, FieldText] = {
    **PERSON_TEXTS,
    "role": FieldText(N_("Rolle"), N_("Velg rollen din."), N_("Velg en av rollene i listen.")),
    **LEADER_TEXTS,
    "bring_leader": FieldText(
        N_("Nærmeste leder skal også delta"),
        N_("Kryss av hvis nærmeste leder skal være med på kurset."),
        N_("Kryss av hvis nærmeste leder skal være med på kurset."),
    ),
    "consent": FieldText(
        N_("Samtykke"),
        N_("Du må samtykke til at vi lagrer opplysningene før du kan melde deg på."),
        N_("Du må samtykke til at vi lagrer opplysningene før du kan melde deg på."),
    ),
}


@dataclass(frozen=True)
class Reminder:
    """One reminder to one registration: which reminder it is (its days before, or WAITING), the markers its
    transaction writes (the reminder's own conditionally, the farther ones due with it as done), and its email."""

    registration: Registration
    marker: str
    also_done: tuple[str, ...]
    token_hash: str
    mailing: Mailing
