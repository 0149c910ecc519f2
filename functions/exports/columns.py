"""What goes in an export: a header, then one row per item, made lazily (like pretix's `iterate_list`).

Items may come from a generator over many DynamoDB pages, so an exporter never holds them all: it yields the header,
then a row per item as it is read. Headers are msgids marked with N_ and translated when the header row is made, so a
nynorsk network gets nynorsk headers. Cell values stay plain Python values; csv_render turns them into safe text.
Each capability says what its own exports hold (courses/export.py, hospitation/export.py, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar

from common.formatting import OSLO
from common.i18n import N_, gettext

T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (an N_ msgid) and how to get its cell from an item."""

    header: str
    value: Callable[[T], object]


class Exporter(Generic[T]):
    """Columns over items: the header row, then a row per item."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        self.columns = tuple(columns)

    def header(self) -> list[str]:
        return [gettext(column.header) for column in self.columns]

    def rows(self, items: Iterable[T]) -> Iterator[list[object]]:
        """The header first, then one row per item, reading items only as rows are asked for."""
        yield [*self.header()]  # a list[object], like the rows
        for item in items:
            yield [column.value(item) for column in self.columns]


def day_text(moment: datetime) -> str:
    """dd.mm.yyyy on the Oslo calendar: a course at 00:30 Oslo time is on that day, not the UTC day before."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y")


def minute_text(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")


def date_text(day: date | None) -> str | None:
    return f"{day:%d.%m.%Y}" if day else None


_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def export_filename(stem: str, day: date) -> str:
    """'pameldinger-grunnkurs-2027-var-2026-11-23.csv': only [a-z0-9-], safe unquoted in Content-Disposition."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower().translate(_NORWEGIAN_LETTERS)).strip("-")
    return f"{slug}-{day.isoformat()}.csv" if slug else f"{day.isoformat()}.csv"


class Person(Protocol):
    """A sign-up or a hospitation request, as far as its person's columns go."""

    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def workplace(self) -> str: ...
    @property
    def municipality(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def leader_name(self) -> str: ...
    @property
    def leader_email(self) -> str: ...


P = TypeVar("P", bound=Person)


def person_columns(area_names: Mapping[str, str]) -> list[Column[P]]:
    """Who: name, email, mobile, workplace, municipality and area, as every export about a person has them."""
    return [
        Column(N_("Navn"), lambda r: r.name),
        Column(N_("E-post"), lambda r: r.email),
        Column(N_("Mobil"), lambda r: r.phone),
        Column(N_("Arbeidssted"), lambda r: r.workplace),
        Column(N_("Kommune"), lambda r: r.municipality),
        Column(N_("Område"), lambda r: area_names.get(r.area, r.area)),
    ]


def leader_columns() -> list[Column[P]]:
    """The person's nearest leader."""
    return [
        Column(N_("Nærmeste leder"), lambda r: r.leader_name),
        Column(N_("Lederens e-post"), lambda r: r.leader_email),
    ]
