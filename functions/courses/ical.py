"""Courses as iCalendar (RFC 5545): Europe/Oslo times with their VTIMEZONE, so that every calendar program puts a
course at the right hour on both sides of a daylight-saving change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from icalendar import Calendar, Event

from common.formatting import OSLO
from courses.models import Course


def calendar(courses: Iterable[Course], name: str, site_url: str, now: datetime, domain: str) -> bytes:
    """One VCALENDAR with a VEVENT per course. site_url may be "" (then events carry no URL)."""
    cal = Calendar()
    cal.add("prodid", "-//Lindra//Kompetansenettverk i palliasjon//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    cal_courses = list(courses)
    for course in cal_courses:
        event = Event()
        event.add("uid", f"{course.id}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", course.start.astimezone(OSLO))
        event.add("dtend", course.end.astimezone(OSLO))
        event.add("summary", course.title)
        event.add("location", course.place)
        description = "\n\n".join(part for part in (course.summary, course.audience) if part)
        if site_url:
            event.add("url", f"{site_url}/{course.url}")
            description += f"\n\n{site_url}/{course.url}"
        event.add("description", description)
        cal.add_component(event)
    years = [course.start.year for course in cal_courses] or [now.year]
    cal.add_missing_timezones(first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1))
    return bytes(cal.to_ical())
