"""The annual report's figures for one year, counted from the records (the roster's entries, the year's events with
their registrations and attendance marks, and the hospitations): what a network's årsrapport needs. Pure functions
of their arguments, so a test can give them records and recount every figure by hand.

The definitions (docs/features.md repeats them, so a reader can recount from the raw records):

- The report's day (`as_of`) is 31 December, or today while the year is still running.
- Resource nurses: roster entries active on the report's day (started on or before it, not ended by it), counted per
  area and per the unit's kind.
- New: entries that started in the year up to the report's day because of a new nurse or a replacement; departed:
  entries that ended in the year up to the report's day because the nurse left or was replaced. A change of name or
  contact details and the first import are neither.
- Events held: courses and meetings that started in the year, by the report's day. Registered: their confirmed
  registrations; came: those marked present (none marked yet: shown as not recorded). For a network-wide event an
  area's report counts only the people of that area.
- By workplace type: every mark "present" at those events, by the workplace type on the mark.
- Hospitations done: requests confirmed by the host whose last day is in the year, by the report's day, counted by
  the nurse's area.
- Coverage and signed function descriptions: on the report's day, of the active entries (signed: all three dates
  recorded, none after the report's day).
- 12 hours: the resource nurses in the role at some time in the year with at least 12 hours at the year's local
  meetings (attendance/service.py `hours_per_nurse`).
- The yearly self-report: the year's round (selfreport/), per area: the resource nurses and unit leaders asked and
  those who answered, the nurses who have had the talk about their work plan with their leader, and the leaders'
  "is the role given time" (yes, partly, no). A nurse counts in her area; a leader in her first unit's area.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from attendance.models import GOAL_KINDS, HOURS_GOAL, Attendance, event_hours
from attendance.service import hours_per_nurse, year_span
from common.access import NETWORK_WIDE
from common.formatting import OSLO
from courses.models import Course, Registration
from hospitation.models import Hospitation
from roster.coverage import AreaCoverage, coverage
from roster.models import RosterEntry, Unit
from selfreport.models import Invitation
from selfreport.service import AreaCount, area_counts

UNIT_KINDS = ("langtidshjem", "helsehus", "hjemmetjeneste", "sykehus", "annet")
WORKPLACE_TYPES = (*UNIT_KINDS, "")  # "" : not known (a walk-in at an unknown unit, a course that did not ask)
NEW_REASONS = frozenset({"new", "replacement"})
GONE_REASONS = frozenset({"leaving", "replacement"})
DONE_STATUSES = frozenset({"confirmed", "evaluating", "completed"})


@dataclass(frozen=True)
class Event:
    """A course or meeting held in the year, with its participants in the report's scope."""

    course: Course
    hours: float
    registered: int  # confirmed registrations
    came: int | None  # marked present; None: attendance not recorded

    @property
    def day(self) -> date:
        return self.course.start.astimezone(OSLO).date()


@dataclass
class AreaFigures:
    area: str
    name: str
    nurses_by_kind: dict[str, int] = field(default_factory=dict)
    new: int = 0
    departed: int = 0
    meetings: int = 0  # local meetings held in the area
    hospitations: int = 0
    signed: int = 0  # of the active nurses, those whose function description has all three signatures
    at_goal: int = 0  # nurses with 12 hours or more
    in_role: int = 0  # nurses in the role at some time in the year (the 12 hours' denominator)
    coverage: AreaCoverage | None = None
    self_report: AreaCount | None = None  # the year's self-report round, if one was opened

    @property
    def nurses(self) -> int:
        return sum(self.nurses_by_kind.values())


@dataclass(frozen=True)
class AnnualReport:
    year: int
    as_of: date  # 31 December, or today while the year runs
    areas: list[AreaFigures]
    events: list[Event]  # every course and meeting held, soonest first
    by_workplace_type: dict[str, int]  # marks "present" per workplace type ("" not known)

    @property
    def complete(self) -> bool:
        return self.as_of == date(self.year, 12, 31)

    @property
    def meetings(self) -> list[Event]:
        return [event for event in self.events if event.course.kind in GOAL_KINDS]

    def total(self, name: str) -> int:
        return sum(int(getattr(area, name)) for area in self.areas)

    def nurses_of_kind(self, kind: str) -> int:
        return sum(area.nurses_by_kind.get(kind, 0) for area in self.areas)


def report_day(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def in_scope(area: str, people_areas: set[str] | None) -> bool:
    return people_areas is None or area in people_areas


def annual_report(
    year: int,
    today: date,
    areas: Mapping[str, str],
    units: Mapping[str, Unit],
    entries: Sequence[RosterEntry],
    courses: Sequence[Course],
    registrations: Mapping[str, Iterable[Registration]],
    marks: Mapping[str, Sequence[Attendance]],
    hospitations: Iterable[Hospitation],
    whole_network: bool,
    self_reports: Sequence[Invitation] | None = None,
) -> AnnualReport:
    """The figures of `areas` (id -> name, in order). `entries` are the roster's entries of those areas (open and
    ended), `courses` the events of those areas and the network-wide ones, with their registrations and marks by
    course id. For the whole network every person at a network-wide event counts; otherwise only those of `areas`.
    `self_reports` are the invitations of the year's self-report round (None: no round was opened)."""
    first, _ = year_span(year)
    as_of = report_day(year, today)
    people = None if whole_network else set(areas)
    figures = {area: AreaFigures(area, name) for area, name in areas.items()}

    active = [entry for entry in entries if entry.area in figures and entry.active(as_of)]
    for entry in active:
        kind = units[entry.unit].kind if entry.unit in units else "annet"
        counts = figures[entry.area].nurses_by_kind
        counts[kind] = counts.get(kind, 0) + 1
        if entry.signed and all(day is not None and day <= as_of for day in _signatures(entry)):
            figures[entry.area].signed += 1
    for entry in entries:
        if entry.area not in figures:
            continue
        if first <= entry.start <= as_of and entry.start_reason in NEW_REASONS:
            figures[entry.area].new += 1
        if entry.end is not None and first <= entry.end <= as_of and entry.end_reason in GONE_REASONS:
            figures[entry.area].departed += 1
    for covered in coverage(units, entries, areas, as_of):
        figures[covered.area].coverage = covered

    held = sorted(
        (c for c in courses if c.start.astimezone(OSLO).year == year and c.start.astimezone(OSLO).date() <= as_of),
        key=lambda c: (c.start, c.id),
    )
    events: list[Event] = []
    by_type: Counter[str] = Counter()
    for course in held:
        if course.area != NETWORK_WIDE and course.area not in figures:
            continue
        scope = people if course.area == NETWORK_WIDE else None
        present = [mark for mark in marks.get(course.id, ()) if mark.present and in_scope(mark.area, scope)]
        registered = sum(
            1 for r in registrations.get(course.id, ()) if r.status == "confirmed" and in_scope(r.area, scope)
        )
        events.append(Event(course, event_hours(course), registered, len(present) if marks.get(course.id) else None))
        by_type.update(mark.workplace_type if mark.workplace_type in UNIT_KINDS else "" for mark in present)
        if course.kind in GOAL_KINDS and course.area in figures:
            figures[course.area].meetings += 1

    for request in hospitations:
        day = request.last_day
        if request.area in figures and request.status in DONE_STATUSES and day is not None and first <= day <= as_of:
            figures[request.area].hospitations += 1

    meetings = {event.course.id: event.course for event in events if event.course.kind in GOAL_KINDS}
    goal_marks = [mark for course_id in meetings for mark in marks.get(course_id, ())]
    for nurse in hours_per_nurse(entries, goal_marks, meetings, year, HOURS_GOAL):
        if nurse.entry.area in figures:
            figures[nurse.entry.area].in_role += 1
            figures[nurse.entry.area].at_goal += 0 if nurse.behind else 1

    if self_reports is not None:
        for count in area_counts(self_reports, list(figures)):
            figures[count.area].self_report = count

    types = {kind: by_type.get(kind, 0) for kind in WORKPLACE_TYPES}
    return AnnualReport(year, as_of, list(figures.values()), events, types)


def _signatures(entry: RosterEntry) -> tuple[date | None, ...]:
    return entry.signed_by_nurse, entry.signed_by_leader, entry.signed_by_network


def report_moment(year: int) -> tuple[datetime, datetime]:
    """The span whose events a report reads: the whole year, in Oslo time."""
    return datetime(year, 1, 1, tzinfo=OSLO), datetime(year, 12, 31, 23, 59, 59, tzinfo=OSLO)
