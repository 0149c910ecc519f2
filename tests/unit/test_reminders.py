"""Reminders before a course: which are due on a day, who gets which (a seat: the nearest reminder; the waiting list:
their place in line, once), never twice, and none after a missed run doubled up; with a fake repository."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from common.formatting import OSLO
from courses.emails import draft_message
from courses.models import Course, Registration, Reminder
from courses.reminders import due_days, send_reminders
from tests.support.samples import course, registration

START = datetime(2027, 3, 10, 9, 0, tzinfo=OSLO)


class FakeReminders:
    def __init__(self, people: list[Registration]) -> None:
        self.people = people
        self.markers: set[str] = set()
        self.written: list[Reminder] = []

    def registrations(self, course_id: str, area: str | None = None) -> Iterator[Registration]:
        return iter(self.people)

    def reminder_markers(self, course_id: str) -> set[str]:
        return set(self.markers)

    def place_in_line(self, registration: Registration) -> int | None:
        return 1 if registration.status == "waitlisted" else None

    def remind(self, reminder: Reminder) -> bool:
        current = next(p for p in self.people if p.id == reminder.registration.id)
        if reminder.marker in self.markers or current.status != reminder.registration.status:
            return False
        self.markers |= {reminder.marker, *reminder.also_done}
        self.written.append(reminder)
        return True


def a_course(**changes: object) -> Course:
    return course("grunnkurs-mars", now=START - timedelta(days=30)).model_copy(
        update={"start": START, "end": START + timedelta(hours=6), "days": ()} | changes
    )


def people() -> list[Registration]:
    seat = registration("grunnkurs-mars", "kari@example.no", "Kari")
    line = registration("grunnkurs-mars", "ola@example.no", "Ola").model_copy(
        update={"status": "waitlisted", "position": 3}
    )
    gone = registration("grunnkurs-mars", "per@example.no", "Per").model_copy(update={"status": "cancelled"})
    return [seat, line, gone]


def at(days_before: int, hour: int = 7) -> datetime:
    day = START.date() - timedelta(days=days_before)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=OSLO).astimezone(UTC)


def test_a_reminder_is_due_from_its_day_and_the_nearest_first() -> None:
    meeting = a_course()
    assert due_days(meeting, at(8).astimezone(OSLO).date()) == []
    assert due_days(meeting, at(7).astimezone(OSLO).date()) == [7]
    assert due_days(meeting, at(1).astimezone(OSLO).date()) == [1, 7]
    assert due_days(meeting, at(-1).astimezone(OSLO).date()) == [], "it has begun"
    assert due_days(a_course(reminder_days=()), at(1).astimezone(OSLO).date()) == []
    assert due_days(a_course(status="cancelled"), at(1).astimezone(OSLO).date()) == []


def test_the_seat_gets_each_reminder_once_and_the_line_its_place_once() -> None:
    repo = FakeReminders(people())
    meeting = a_course()
    assert send_reminders(repo, meeting, at(7)) == 2
    kinds = {r.registration.name: r.mailing.emails[0].kind for r in repo.written}
    assert kinds == {"Kari": "reminder", "Ola": "still_waiting"}, "nobody cancelled"
    for _ in range(3):
        assert send_reminders(repo, meeting, at(7, hour=8)) == 0, "the same day again: nothing"
    assert send_reminders(repo, meeting, at(1)) == 1, "the day before: the seat's second reminder, the line nothing"
    assert [r.marker.split("#")[1] for r in repo.written] == ["7", "WAIT", "1"]


def test_a_missed_run_sends_only_the_nearest_reminder_and_marks_the_farther_done() -> None:
    repo = FakeReminders(people()[:1])
    meeting = a_course()
    assert send_reminders(repo, meeting, at(1)) == 1
    (only,) = repo.written
    assert only.marker.endswith("#1") and only.also_done == (f"{only.registration.id}#7",)
    assert send_reminders(repo, meeting, at(0)) == 0


def test_the_reminders_email_has_the_time_place_way_there_calendar_and_the_link_to_free_the_seat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = FakeReminders(people())
    meeting = a_course(directions="Buss 300 til Ski stasjon. Inngang fra baksiden.", place="Ski helsehus")
    send_reminders(repo, meeting, at(7))
    seat, line = repo.written
    message = draft_message(seat.mailing.emails[0].draft or {}, meeting, seat.registration)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert str(message["Subject"]).startswith("Påminnelse: Grunnkurs i palliasjon onsdag 10. mars 2027")
    assert "Ski helsehus" in text and "Buss 300 til Ski stasjon" in text
    assert "/api/pameldinger/" in text and "går plassen til den neste på ventelisten" in text
    assert "ikke en e-postliste" in text and message["List-Unsubscribe"] is None
    assert any(part.get_content_type() == "text/calendar" for part in message.iter_attachments())
    waiting = draft_message(line.mailing.emails[0].draft or {}, meeting, line.registration)
    assert "nummer 1 på ventelisten" in waiting.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert not any(part.get_content_type() == "text/calendar" for part in waiting.iter_attachments())
