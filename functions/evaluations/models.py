"""The nouns of course evaluations: the form a participant fills in after a course, and the answer that is stored.

An answer is anonymous: it holds the ratings and texts and the course, nothing about the person and no time. The
one-time link that opened the form is kept apart from it (evaluations/repository.py says how).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from common.formatting import OSLO
from common.i18n import N_
from common.person import LongText, Recommend
from common.validation import FieldText
from courses.models import Course

# The morning after the last day, before the daily run at 07:15 Oslo time (evaluations/schedule.py).
SEND_TIME = time(6, 0)
SEND_WITHIN = timedelta(days=7)  # a missed run is caught up this long after the course; later, nobody is asked
ANSWER_DAYS = 30  # the link works until the end of this day after the last day of the course
LINK_MARGIN_DAYS = 60  # the links and the sent markers outlive the deadline by this much, then DynamoDB deletes them
KEEP_ANSWERS_YEARS = 3  # answers are kept for the annual reports
MIN_SHOWN = 3  # fewer answers than this are only counted: a leader could guess who wrote one or two
SCALE = (1, 2, 3, 4, 5)


def _rating(value: object) -> object:
    """A radio button sends "1" to "5"; JSON may send the number. Nothing chosen is missing; true is not a 1."""
    if value is None or value == "":
        raise PydanticCustomError("missing", "missing")
    if isinstance(value, bool):
        raise ValueError("rating")
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return value


Rating = Annotated[int, BeforeValidator(_rating), Field(strict=True, ge=1, le=5)]


class EvaluationForm(BaseModel):
    """What a participant sends. Field names are the form's input names."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    overall: Rating
    useful: Rating
    practical: Rating
    recommend: Recommend
    best: LongText = Field(default="", max_length=1000)
    improve: LongText = Field(default="", max_length=1000)


class Evaluation(BaseModel):
    """One stored answer: the course, the answers and when DynamoDB deletes it. No person, no time, no link."""

    model_config = ConfigDict(frozen=True)

    id: str  # random (uuid4): answers are listed in this order, which says nothing about who answered when
    course_id: str
    overall: int
    useful: int
    practical: int
    recommend: Recommend
    best: str = ""
    improve: str = ""
    expires_at: int

    def rating(self, question: str) -> int:
        value: int = getattr(self, question)
        return value

    def json_values(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


@dataclass(frozen=True)
class Participant:
    """Someone to ask: from a confirmed registration, or marked present without one."""

    email: str
    name: str

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()


@dataclass(frozen=True)
class RatingQuestion:
    id: str
    low: str  # what 1 means
    high: str  # what 5 means


RATINGS: tuple[RatingQuestion, ...] = (
    RatingQuestion("overall", N_("Svært misfornøyd"), N_("Svært fornøyd")),
    RatingQuestion("useful", N_("Lite nyttig"), N_("Svært nyttig")),
    RatingQuestion("practical", N_("Svært dårlig"), N_("Svært godt")),
)
PLAIN_TEXT = N_("Skriv svaret som vanlig tekst, uten tegnene < og >.")
OVERALL = N_("Velg hvor fornøyd du er med kurset, fra 1 til 5.")
USEFUL = N_("Velg hvor nyttig innholdet var, fra 1 til 5.")
PRACTICAL = N_("Velg hvordan det praktiske fungerte, fra 1 til 5.")
FORM_TEXTS: dict[str, FieldText] = {
    "overall": FieldText(N_("Hvor fornøyd er du med kurset alt i alt?"), OVERALL, OVERALL),
    "useful": FieldText(N_("Hvor nyttig var innholdet for arbeidet ditt?"), USEFUL, USEFUL),
    "practical": FieldText(N_("Hvordan fungerte det praktiske (sted, tid, påmelding)?"), PRACTICAL, PRACTICAL),
    "recommend": FieldText(
        N_("Vil du anbefale kurset til en kollega?"),
        N_("Velg ja, nei eller usikker."),
        N_("Velg ja, nei eller usikker."),
    ),
    "best": FieldText(N_("Hva var best?"), PLAIN_TEXT, PLAIN_TEXT),
    "improve": FieldText(N_("Hva kan vi gjøre bedre?"), PLAIN_TEXT, PLAIN_TEXT),
}


def last_day(course: Course) -> date:
    return course.end.astimezone(OSLO).date()


def send_at(course: Course) -> datetime:
    """The morning after the course's last day."""
    return datetime.combine(last_day(course) + timedelta(days=1), SEND_TIME, OSLO)


def closes_at(course: Course) -> datetime:
    """The end of the last day the link works."""
    return datetime.combine(last_day(course) + timedelta(days=ANSWER_DAYS), time.max, OSLO)


def link_expires_at(course: Course) -> int:
    """When DynamoDB deletes a course's links and sent markers (epoch seconds): from the course, not from sending."""
    return int((closes_at(course) + timedelta(days=LINK_MARGIN_DAYS)).timestamp())


def answer_expires_at(course: Course) -> int:
    """When DynamoDB deletes a course's answers: from the course, so that no answer carries a time of its own."""
    return int((closes_at(course) + relativedelta(years=KEEP_ANSWERS_YEARS)).timestamp())


def answer_path(token: str) -> str:
    return f"/api/evaluering/{token}"
