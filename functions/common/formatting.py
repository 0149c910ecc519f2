"""Norwegian date and time formatting (bokmål or nynorsk, as the network's config says), used by the Pelican theme
and the functions alike."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from common.i18n import site_language

OSLO = ZoneInfo("Europe/Oslo")

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WEEKDAYS = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "nn": ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag"),
}


def _local(value: datetime) -> datetime:
    return value.astimezone(OSLO) if value.tzinfo is not None else value


def date_nb(value: date | datetime, weekday: bool = False) -> str:
    """'4. februar 2027', or 'torsdag 4. februar 2027' with weekday=True."""
    if isinstance(value, datetime):
        value = _local(value)
    text = f"{value.day}. {MONTHS[value.month - 1]} {value.year}"  # the months are the same in nynorsk
    return f"{WEEKDAYS[site_language()][value.weekday()]} {text}" if weekday else text


def time_nb(value: datetime) -> str:
    """'09.00': Norwegian clock time."""
    local = _local(value)
    return f"{local.hour:02d}.{local.minute:02d}"


def period_nb(start: datetime, end: datetime) -> str:
    """One line for a course's time: same day, or a span of days."""
    start_l, end_l = _local(start), _local(end)
    if start_l.date() == end_l.date():
        return f"{date_nb(start_l, weekday=True)} kl. {time_nb(start_l)}–{time_nb(end_l)}"
    return (
        f"{date_nb(start_l, weekday=True)} kl. {time_nb(start_l)} – {date_nb(end_l, weekday=True)} kl. {time_nb(end_l)}"
    )


def file_size(size: int) -> str:
    """A file's size as a person reads it: '340 kB', '2,4 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def hours_nb(hours: float) -> str:
    """Hours as a Norwegian writes them: '12', '3,5'."""
    text = f"{hours:.1f}".replace(".", ",")
    return text.removesuffix(",0")


JINJA_FILTERS = {
    "date_nb": date_nb,
    "time_nb": time_nb,
    "period_nb": period_nb,
    "file_size": file_size,
    "hours_nb": hours_nb,
}


def read_day(text: str) -> date | None:
    """2024-01-15 (the date field) or 15.01.2024 (typed as Norwegians write it)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if not found:
        return None
    parts = [int(part) for part in found.groups()]
    year, month, day = parts if len(found.group(1)) == 4 else (parts[2], parts[1], parts[0])
    try:
        return date(year, month, day)
    except ValueError:
        return None
