"""Courses as iCalendar (RFC 5545): Europe/Oslo times with their VTIMEZONE, so that every calendar program puts a
course at the right hour on both sides of a daylight-saving change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from common.formatting import OSLO
from courses.models import Course, Registration


def _event(
    course: Course, uid: str, site_url: str, now: datetime, span: tuple[datetime, datetime] | None = None
) -> Event:
    start, end = span or (course.start, course.end)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start.astimezone(OSLO))
    event.add("dtend", end.astimezone(OSLO))
    event.add("summary", course.title)
    event.add("location", course.place)
    description = "\n\n".join(part for part in (course.summary, course.audience) if part)
    if site_url:
        event.add("url", f"{site_url}/{course.url}")
        description += f"\n\n{site_url}/{course.url}"
    event.add("description", description)
    if course.cancelled:
        event.add("status", "CANCELLED")
    return event


def _calendar(events: Iterable[tuple[Course, Event]], name: str, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Lindra//Kompetansenettverk i palliasjon//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    years = []
    for course, event in events:
        cal.add_component(event)
        years.append(course.start.year)
    years = years or [now.year]
    cal.add_component(_oslo(min(years), max(years) + 1))
    return bytes(cal.to_ical())


@lru_cache(maxsize=16)
def _oslo(first_year: int, last_year: int) -> Timezone:
    """Europe/Oslo's VTIMEZONE with its changes from first_year to last_year: computing it is most of an .ics's cost,
    and it is the same for every email about courses in the same years."""
    return Timezone.from_tzinfo(OSLO, "Europe/Oslo", first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))


def calendar(courses: Iterable[Course], name: str, site_url: str, now: datetime, domain: str) -> bytes:
    """One VCALENDAR with a VEVENT per course, its SEQUENCE the course's version (a changed course replaces the
    entry a calendar has). site_url may be "" (then events carry no URL)."""

    def events(course: Course) -> Iterable[tuple[Course, Event]]:
        """One event, or one per day of a course of several (a calendar shows the days, not the nights between)."""
        days = course.days if len(course.days) > 1 else ()
        spans = [(day.starts_at, day.ends_at) for day in days] or [(course.start, course.end)]
        for n, span in enumerate(spans):
            uid = f"{course.id}@{domain}" if len(spans) == 1 else f"{course.id}-{n + 1}@{domain}"
            made = _event(course, uid, site_url, now, span)
            made.add("sequence", course.version)
            yield course, made

    return _calendar((pair for course in courses for pair in events(course)), name, now)


def registration_event(course: Course, registration: Registration, site_url: str, now: datetime, domain: str) -> bytes:
    """The course as one person's calendar entry, attached to their emails: CONFIRMED with a seat, TENTATIVE while
    waiting. Its UID is the registration's, so that the email after a promotion updates the same entry."""
    event = _event(course, f"{registration.id}@{domain}", site_url, now)
    event.add("status", "CONFIRMED" if registration.confirmed else "TENTATIVE")
    event.add("sequence", max(0, int((now - registration.created_at).total_seconds())))  # later replaces earlier
    return _calendar([(course, event)], course.title, now)
