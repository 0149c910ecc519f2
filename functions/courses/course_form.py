"""The leaders' course form: what a leader fills in to make or change a course or meeting, read into a Course and
its description (Markdown), or InvalidInput with a Norwegian message at each field that is wrong, all at once.

The body models are loose (text where the form has text) so that Powertools' validation lets every form through to
these checks, which tell the leader what to fix: a day's fields are `days.{n}.day`, `days.{n}.start` and
`days.{n}.end` (n from 0), as the form names its inputs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from common.access import NETWORK_WIDE, Leader
from common.characters import HIDDEN_CHARACTER, has_hidden_character
from common.errors import InvalidInput
from common.formatting import OSLO
from common.i18n import N_, gettext
from common.validation import Version
from courses.models import (
    DEFAULT_REMINDER_DAYS,
    KIND_LABELS,
    MAX_REMINDER_DAYS,
    MAX_REMINDERS,
    Course,
    CourseDay,
)
from courses.questions import QUESTIONS

MAX_DAYS = 10
MAX_DESCRIPTION = 50_000
MAX_SERIES = 24

TEXTS: dict[str, str] = {
    "title": N_("Skriv tittelen på kurset eller møtet."),
    "kind": N_("Velg hva slags kurs eller møte det er."),
    "area": N_("Velg hvem det er for: hele nettverket eller et område."),
    "area_not_yours": N_("Du kan bare lage og endre møter i ditt eget område."),
    "days": N_("Legg inn minst én dag med dato, starttid og sluttid."),
    "too_many_days": N_("Et kurs kan ha høyst 10 dager. Lag heller en serie med møter."),
    "day": N_("Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-03-10."),
    "day_twice": N_("Denne datoen er med to ganger. Hver dag skal bare være med én gang."),
    "day_past": N_("Dagen har vært. Velg en dato fra i dag og fremover."),
    "time": N_("Skriv klokkeslettet som TT:MM, for eksempel 09:00."),
    "end_before_start": N_("Sluttiden må være etter starttiden."),
    "place": N_("Skriv hvor kurset eller møtet er, for eksempel sted og rom."),
    "capacity": N_("Skriv antall plasser som et helt tall fra 1 til 5000."),
    "registration_deadline": N_("Skriv påmeldingsfristen som en dato, ÅÅÅÅ-MM-DD."),
    "registration_after_start": N_("Påmeldingsfristen må være før første dag."),
    "cancellation_deadline": N_("Skriv fristen for å melde seg av som en dato, ÅÅÅÅ-MM-DD, eller la feltet stå tomt."),
    "cancellation_after_start": N_("Fristen for å melde seg av må være før første dag."),
    "audience": N_("Skriv hvem kurset eller møtet er for."),
    "questions": N_("Velg spørsmålene fra listen."),
    "reminder_days": N_(
        "Skriv hvor mange dager før kurset påminnelsene skal gå, høyst tre hele tall fra 0 til 60 med komma mellom, "
        "for eksempel 7, 1. La feltet stå tomt hvis ingen påminnelse skal gå."
    ),
    "too_long": N_("Teksten er for lang: høyst %(max)s tegn."),
    "dates": N_("Legg inn minst to datoer for serien, høyst 24."),
    "deadline_days": N_("Skriv hvor mange dager før hvert møte påmeldingen stenger, et helt tall fra 1 til 60."),
}


def told(key: str) -> str:
    """The message TEXTS has under key, in the network's language."""
    return gettext(TEXTS[key])


LIMITS = {
    "title": 200, "place": 300, "audience": 500, "summary": 1000, "description": MAX_DESCRIPTION, "directions": 500,
}  # fmt: skip


class DayFields(BaseModel):
    """One day as the form sends it: a date and two times, as text."""

    model_config = ConfigDict(extra="ignore")

    day: str = ""
    start: str = ""
    end: str = ""


class CourseFields(BaseModel):
    """The course form as sent. Text where the form has text; the checks are read_course's."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    kind: str = ""
    area: str = ""
    days: list[DayFields] = Field(default_factory=list)
    place: str = ""
    capacity: int | str = ""
    registration_deadline: str = ""
    cancellation_deadline: str = ""
    audience: str = ""
    summary: str = ""
    description: str = ""
    questions: list[str] = Field(default_factory=list)
    leader_can_join: bool = False
    reminder_days: str = "7, 1"
    directions: str = ""


class CourseChange(CourseFields):
    """A change to a stored course: the form, the version the leader saw, and whether the people registered are to
    be told of a new time or place."""

    version: Version
    notify: bool = False


class CourseCopy(BaseModel):
    """A copy of a course with new days (fagdag 2026 -> 2027): the new days and, if wanted, a new title."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    days: list[DayFields] = Field(default_factory=list)
    registration_deadline: str = ""
    cancellation_deadline: str = ""


class CourseSeries(CourseFields):
    """A series of meetings: the form's fields once, with one day's times, for several dates; each meeting's
    registration closes deadline_days before its day."""

    dates: list[str] = Field(default_factory=list)
    start: str = ""
    end: str = ""
    deadline_days: int | str = 2
    publish: bool = False


class StatusChange(BaseModel):
    """Publish, cancel or delete: the version of the course the leader saw."""

    model_config = ConfigDict(extra="ignore")

    version: Version


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _date(text: object) -> date | None:
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _time(text: object) -> time | None:
    """09:00 or 09.00 (as Norwegians write it), or 9:00."""
    if not isinstance(text, str):
        return None
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def read_days(raw: object, today: date | None, errors: dict[str, str], name: str = "days") -> list[CourseDay]:
    """The days of the form, each checked, in date order; messages at days.{n}.day/start/end. today: None when the
    days may have been (a stored course's days that did not change)."""
    if not isinstance(raw, list) or not raw:
        errors[name] = told("days")
        return []
    if len(raw) > MAX_DAYS:
        errors[name] = told("too_many_days")
        return []
    days: list[CourseDay] = []
    seen: set[date] = set()
    for n, entry in enumerate(raw):
        values = entry if isinstance(entry, dict) else {}
        day, start, end = _date(values.get("day")), _time(values.get("start")), _time(values.get("end"))
        prefix = f"{name}.{n}"
        if day is None:
            errors[f"{prefix}.day"] = told("day")
        elif day in seen:
            errors[f"{prefix}.day"] = told("day_twice")
        elif today is not None and day < today:
            errors[f"{prefix}.day"] = told("day_past")
        if start is None:
            errors[f"{prefix}.start"] = told("time")
        if end is None:
            errors[f"{prefix}.end"] = told("time")
        elif start is not None and end <= start:
            errors[f"{prefix}.end"] = told("end_before_start")
        if day is not None and start is not None and end is not None and end > start and day not in seen:
            seen.add(day)
            days.append(CourseDay(day=day, start=start, end=end))
    return sorted(days, key=lambda one: one.day)


def read_deadlines(
    fields: dict[str, Any], days: Sequence[CourseDay], errors: dict[str, str]
) -> tuple[date | None, date | None]:
    """The registration deadline (required) and the cancellation deadline (or none), each a day before the first;
    messages into errors."""
    registration_day = _date(fields.get("registration_deadline"))
    if registration_day is None:
        errors["registration_deadline"] = told("registration_deadline")
    elif days and registration_day >= days[0].day:
        errors["registration_deadline"] = told("registration_after_start")
    cancellation_text = _text(fields, "cancellation_deadline")
    cancellation_day = _date(cancellation_text) if cancellation_text else None
    if cancellation_text and cancellation_day is None:
        errors["cancellation_deadline"] = told("cancellation_deadline")
    elif cancellation_day is not None and days and cancellation_day >= days[0].day:
        errors["cancellation_deadline"] = told("cancellation_after_start")
    return registration_day, cancellation_day


def read_reminder_days(value: object) -> tuple[int, ...] | None:
    """'7, 1' into (7, 1): whole days from 0 to 60, at most three; empty is none. None when it is not that."""
    if value is None:
        return ()
    if not isinstance(value, str):
        return None
    parts = [part for part in value.replace(",", " ").replace(";", " ").split() if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    days = sorted({int(part) for part in parts}, reverse=True)
    if len(days) > MAX_REMINDERS or any(day > MAX_REMINDER_DAYS for day in days):
        return None
    return tuple(days)


def _deadline(day: date) -> datetime:
    """A deadline given as a date closes at the end of that day in Oslo."""
    return datetime.combine(day, time(23, 59, 59), OSLO)


def read_course(
    fields: dict[str, Any],
    leader: Leader,
    areas: Sequence[str],
    today: date,
    course_id: str = "new",
    status: str = "draft",
    days_may_have_been: Sequence[CourseDay] = (),
) -> tuple[Course, str]:
    """The form into a course (with the id, status given) and its description; every mistake at once as
    InvalidInput. An area leader may only use their own area. days_may_have_been: the stored days, which may be
    past (a course changed while it runs)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in ("title", "place", "audience"):
        values[name] = _text(fields, name)
        if not values[name]:
            errors[name] = told(name)
    for name in ("summary", "description", "directions"):
        values[name] = _text(fields, name).replace("\r\n", "\n")
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = told("too_long") % {"max": limit}
        elif has_hidden_character(values[name], multiline=name in ("summary", "description", "directions")):
            errors[name] = gettext(HIDDEN_CHARACTER)
    kind = _text(fields, "kind")
    if kind not in KIND_LABELS:
        errors["kind"] = told("kind")
    area = _text(fields, "area")
    if area not in (*areas, NETWORK_WIDE):
        errors["area"] = told("area")
    elif not leader.edits_courses_in(area):
        errors["area"] = told("area_not_yours")
    raw_days = fields.get("days")
    kept = {(day.day, day.start, day.end) for day in days_may_have_been}
    days = read_days(raw_days, None if kept else today, errors)
    if kept:  # a stored course: a new day may not have been; its own days may
        for n, day in enumerate(days):
            if (day.day, day.start, day.end) not in kept and day.day < today:
                errors[f"days.{n}.day"] = told("day_past")
    capacity = fields.get("capacity")
    text = str(capacity).strip() if isinstance(capacity, (int, str)) and not isinstance(capacity, bool) else ""
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 5000):
        errors["capacity"] = told("capacity")
    registration_day, cancellation_day = read_deadlines(fields, days, errors)
    questions = fields.get("questions") or []
    if not isinstance(questions, list) or any(not isinstance(q, str) or q not in QUESTIONS for q in questions):
        errors["questions"] = told("questions")
    reminder_days = read_reminder_days(fields.get("reminder_days", ", ".join(map(str, DEFAULT_REMINDER_DAYS))))
    if reminder_days is None:
        errors["reminder_days"] = told("reminder_days")
    if errors:
        raise InvalidInput(field_errors=_in_form_order(errors))
    assert registration_day is not None  # noqa: S101 - checked above
    course = Course.model_validate(
        {
            "id": course_id,
            "title": values["title"],
            "kind": kind,
            "area": area,
            "days": days,
            "place": values["place"],
            "capacity": int(text),
            "registration_deadline": _deadline(registration_day),
            "cancellation_deadline": _deadline(cancellation_day) if cancellation_day else None,
            "audience": values["audience"],
            "summary": values["summary"],
            "questions": tuple(dict.fromkeys(questions)),
            "leader_can_join": fields.get("leader_can_join") in (True, "ja", "true", "on"),
            "reminder_days": reminder_days,
            "directions": values["directions"],
            "status": status,
        }
    )
    return course, values["description"]


FORM_ORDER = (
    "title", "kind", "area", "days", "place", "capacity", "registration_deadline", "cancellation_deadline",
    "audience", "summary", "description", "questions", "reminder_days", "directions", "dates", "start", "end",
    "deadline_days",
)  # fmt: skip


DAY_FIELDS = ("day", "start", "end")


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    def rank(name: str) -> tuple[int, int, int]:
        """The form's order: the fields as they come, a day's by its number, and in a day its date, start, end."""
        head, _, rest = name.partition(".")
        number, _, part = rest.partition(".")
        return (
            FORM_ORDER.index(head) if head in FORM_ORDER else len(FORM_ORDER),
            int(number) if number.isdigit() else -1,
            DAY_FIELDS.index(part) if part in DAY_FIELDS else -1,
        )

    return {name: errors[name] for name in sorted(errors, key=rank)}


def read_copy(fields: dict[str, Any], source: Course, today: date) -> tuple[list[CourseDay], str, date, date | None]:
    """A copy's new days (from today on), its title (the source's if empty) and deadlines; InvalidInput at each
    field."""
    errors: dict[str, str] = {}
    days = read_days(fields.get("days"), today, errors)
    title = _text(fields, "title") or source.title
    if len(title) > LIMITS["title"]:
        errors["title"] = told("too_long") % {"max": LIMITS["title"]}
    registration_day, cancellation_day = read_deadlines(fields, days, errors)
    if errors:
        raise InvalidInput(field_errors=_in_form_order(errors))
    assert registration_day is not None  # noqa: S101 - checked above
    return days, title, registration_day, cancellation_day


def read_series(fields: dict[str, Any], leader: Leader, areas: Sequence[str], today: date) -> list[tuple[Course, str]]:
    """A series: one course per date, each with the form's fields and times, registration closing deadline_days
    before its day. Every mistake at once."""
    errors: dict[str, str] = {}
    dates = fields.get("dates")
    listed = dates if isinstance(dates, list) else []
    if not 2 <= len(listed) <= MAX_SERIES:
        errors["dates"] = told("dates")
    start, end = _time(fields.get("start")), _time(fields.get("end"))
    if start is None:
        errors["start"] = told("time")
    if end is None:
        errors["end"] = told("time")
    elif start is not None and end <= start:
        errors["end"] = told("end_before_start")
    days: list[CourseDay] = []
    seen: set[date] = set()
    for n, text in enumerate(listed[:MAX_SERIES]):
        on = _date(text)
        if on is None:
            errors[f"dates.{n}"] = told("day")
        elif on in seen:
            errors[f"dates.{n}"] = told("day_twice")
        elif on < today:
            errors[f"dates.{n}"] = told("day_past")
        elif start is not None and end is not None and end > start:
            seen.add(on)
            days.append(CourseDay(day=on, start=start, end=end))
    days.sort(key=lambda one: one.day)
    before = fields.get("deadline_days", 1)
    before_text = str(before).strip() if isinstance(before, (int, str)) and not isinstance(before, bool) else ""
    if not (before_text.isascii() and before_text.isdigit() and 1 <= int(before_text) <= 60):
        errors["deadline_days"] = told("deadline_days")
    first = days[0].day if days else today + timedelta(days=1)
    probe = dict(fields) | {
        "days": [{"day": first.isoformat(), "start": "09:00", "end": "10:00"}],
        "registration_deadline": (first - timedelta(days=1)).isoformat(),
        "cancellation_deadline": "",
    }
    try:
        read_course(probe, leader, areas, today - timedelta(days=1))
    except InvalidInput as exc:
        errors |= {name: message for name, message in exc.field_errors.items() if not name.startswith("days")}
        errors.pop("registration_deadline", None)
    if errors:
        raise InvalidInput(field_errors=_in_form_order(errors))
    meetings = []
    for meeting in days:
        one = dict(fields) | {
            "days": [{"day": f"{meeting.day}", "start": f"{meeting.start:%H:%M}", "end": f"{meeting.end:%H:%M}"}],
            "registration_deadline": (meeting.day - timedelta(days=int(before_text))).isoformat(),
            "cancellation_deadline": "",
        }
        meetings.append(read_course(one, leader, areas, today))
    return meetings


def course_id_for(title: str, first_day: date, attempt: int = 0) -> str:
    """A course's id from its title and first day: "fagdag-i-palliasjon-2027-10-14", then -2, -3 if taken."""
    text = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].strip("-") or "kurs"
    suffix = f"-{attempt + 1}" if attempt else ""
    return f"{slug}-{first_day.isoformat()}{suffix}"


FIELD_MESSAGES = {
    "title": "title",
    "kind": "kind",
    "area": "area",
    "days": "days",
    "place": "place",
    "capacity": "capacity",
    "registration_deadline": "registration_deadline",
    "cancellation_deadline": "cancellation_deadline",
    "audience": "audience",
    "questions": "questions",
    "reminder_days": "reminder_days",
    "dates": "dates",
    "start": "time",
    "end": "time",
    "deadline_days": "deadline_days",
}
TYPE_MESSAGES = {
    "summary": N_("Skriv sammendraget som vanlig tekst."),
    "description": N_("Skriv beskrivelsen som vanlig tekst."),
    "directions": N_("Skriv veibeskrivelsen som vanlig tekst."),
    "leader_can_join": N_("Kryss av, eller la feltet stå tomt."),
    "notify": N_("Kryss av, eller la feltet stå tomt."),
    "publish": N_("Kryss av, eller la feltet stå tomt."),
}


def read_fields(model: type[BaseModel], fields: dict[str, Any]) -> None:
    """What is told of a body the form's model refuses (Powertools' validation came first): a message at each field
    whose value is of the wrong kind (a list where text goes), then the version. Raises InvalidInput or BadRequest."""
    from pydantic import ValidationError

    from common.leader_api import read_version

    errors: dict[str, str] = {}
    try:
        model.model_validate(fields)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            head = loc[0] if loc else ""
            if head == "version":
                continue
            if head == "days" and len(loc) >= 3:
                errors.setdefault(f"days.{loc[1]}.{loc[2]}", told("day" if loc[2] == "day" else "time"))
            elif head in FIELD_MESSAGES:
                errors.setdefault(head, gettext(TEXTS[FIELD_MESSAGES[head]]))
            elif head in TYPE_MESSAGES:
                errors.setdefault(head, gettext(TYPE_MESSAGES[head]))
    if errors:
        raise InvalidInput(field_errors=_in_form_order(errors))
    if "version" in model.model_fields:
        read_version(fields)
