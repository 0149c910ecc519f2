"""Reminders before a course (courses/schedule.py runs them each morning): each course says how many days before its
start a reminder goes (`reminder_days`, default 7 and 1). On the day a reminder is due, everyone with a seat gets one
email with the time, the place, the way there, the calendar file and their own page's link to free the seat; each
person on the waiting list gets, once, the news of their place in line instead.

Once per person per reminder, whatever happens to the schedule: each email is written in one transaction with a
marker of that reminder for that registration (a conditional put) and the registration's status checked, so a
second run, two runs at once or a retried one send nothing more, and a registration cancelled meanwhile gets
nothing. When a run was missed and two reminders are due at once (the 7-day one on the day before), only the nearest
goes, and the other is marked done with it: nobody gets two at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Protocol

from common.formatting import OSLO
from common.outbox import Mailing
from common.tokens import new_token, token_hash
from courses.emails import EmailKind
from courses.models import Course, Registration, Reminder
from courses.service import registration_mail

WAITING = "WAIT"  # the marker of the one email to the waiting list


def due_days(course: Course, today: date) -> list[int]:
    """The reminders due by `today` (in Oslo) for a course that has not started: those whose day has come, nearest
    first; none for a draft, a cancelled course, one without reminders, or one that has begun."""
    if not course.takes_place or not course.reminder_days:
        return []
    first_day = course.start.astimezone(OSLO).date()
    if today > first_day:
        return []
    return sorted(days for days in course.reminder_days if first_day - timedelta(days=days) <= today)


class ReminderRepository(Protocol):
    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]: ...

    def reminder_markers(self, course_id: str) -> set[str]:
        """The reminders sent for a course's registrations: "<registration id>#<days>" or "#WAIT"."""
        ...

    def place_in_line(self, registration: Registration) -> int | None: ...

    def remind(self, reminder: Reminder) -> bool:
        """The reminder's email, its link and markers in one transaction; False if sent already or the registration
        changed meanwhile (cancelled, or given a seat)."""
        ...


def reminders_for(
    registrations: Iterable[Registration], sent: set[str], days: list[int]
) -> Iterator[tuple[Registration, EmailKind, tuple[str, ...], str]]:
    """Who gets which reminder now: (registration, kind, markers, the marker the condition is on)."""
    nearest = days[0]
    for registration in registrations:
        if registration.status == "confirmed":
            own = f"{registration.id}#{nearest}"
            if own in sent:
                continue
            farther = tuple(f"{registration.id}#{d}" for d in days[1:] if f"{registration.id}#{d}" not in sent)
            yield registration, "reminder", farther, own
        elif registration.status == "waitlisted":
            own = f"{registration.id}#{WAITING}"
            if own not in sent:
                yield registration, "still_waiting", (), own


def send_reminders(repo: ReminderRepository, course: Course, now: datetime) -> int:
    """The reminders due now for one course; how many emails were written."""
    days = due_days(course, now.astimezone(OSLO).date())
    if not days:
        return 0
    sent = repo.reminder_markers(course.id)
    written = 0
    for registration, kind, farther, own in list(reminders_for(repo.registrations(course.id), sent, days)):
        token = new_token()
        email = registration_mail(kind, course, registration, token, now)
        if kind == "still_waiting":
            place = repo.place_in_line(registration)
            if place is None:
                continue  # given a seat meanwhile: the promotion's email said so
            email = replace(email, draft={**(email.draft or {}), "position": place})  # the line has moved
        reminder = Reminder(registration, own, farther, token_hash(token), Mailing.of([email], now))
        if repo.remind(reminder):
            written += 1
    return written
