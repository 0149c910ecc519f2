"""The courses a resource nurse has taken, as the roster shows them: matched to the entries by their confirmed
registrations (the daily run, roster/schedule.py, records them; the leaders' view adds the latest), and whether the
grunnkurs is still due."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from common.access import NETWORK_WIDE
from common.formatting import OSLO
from roster.models import AttendedCourse, RosterEntry


def courses_taken(
    courses: Any, areas: Iterable[str], since: datetime, now: datetime, emails: set[str]
) -> dict[str, list[AttendedCourse]]:
    """The courses and meetings of these areas (and the network-wide ones) that started since `since` and have
    ended by `now`, for each of these emails with a confirmed registration (courses: a course repository)."""
    found: dict[str, list[AttendedCourse]] = {}
    if not emails:
        return found
    for area in [*areas, NETWORK_WIDE]:
        for course, _counts in courses.courses_in_area(area, since, now):
            if course.end > now or not course.takes_place:
                continue
            taken = AttendedCourse(
                kind=course.kind, title=course.title, day=course.start.astimezone(OSLO).date(), course_id=course.id
            )
            for registration in courses.registrations(course.id):
                if registration.confirmed and registration.email_key in emails:
                    found.setdefault(registration.email_key, []).append(taken)
    return found


def with_courses(entry: RosterEntry, attended: Mapping[str, Sequence[AttendedCourse]]) -> RosterEntry:
    """The entry with the courses matched to its email from the registrations, besides those it has stored."""
    known = {course.course_id for course in entry.courses if course.course_id}
    extra = tuple(course for course in attended.get(entry.email_key, ()) if course.course_id not in known)
    if not extra:
        return entry
    return entry.model_copy(update={"courses": tuple(sorted((*entry.courses, *extra), key=lambda c: c.day))})


def grunnkurs_due(entry: RosterEntry) -> bool:
    """Without a cancer nursing or palliative further education, the grunnkurs is due until taken."""
    return entry.education == "ingen" and not any(course.kind == "grunnkurs" for course in entry.courses)
