"""The calendar: pre-built filter pages, and .ics feeds a calendar library reads back at the right Oslo times."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar

from tests.site.test_build import Page, read


def events(path: Path) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(event["uid"]).split("@")[0]: {
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "summary": str(event["summary"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_the_feed_for_all_has_every_event_at_the_right_time_across_daylight_saving(site: Path) -> None:
    feed = events(site / "kalender" / "alle.ics")
    courses = {path.stem for path in (site / "kurs").iterdir() if path.is_dir()}
    two_days = {"grunnkurs-2027-var-1", "grunnkurs-2027-var-2"}  # a day each: not the night between
    assert set(feed) == courses - {"grunnkurs-2027-var"} | two_days
    summer = feed["fagdag-2027"]["start"]
    winter = feed["introduksjonskurs-2027-var"]["start"]
    assert isinstance(summer, datetime) and isinstance(winter, datetime)
    assert summer.astimezone(UTC) == datetime(2027, 10, 14, 6, 30, tzinfo=UTC)  # 08:30 CEST
    assert winter.astimezone(UTC) == datetime(2027, 2, 4, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert str(summer.tzinfo) == "Europe/Oslo"
    assert b"BEGIN:VTIMEZONE" in (site / "kalender" / "alle.ics").read_bytes()


def test_an_areas_feed_has_its_own_and_the_network_wide_events(site: Path) -> None:
    feed = events(site / "kalender" / "nedre-romerike.ics")
    assert "nettverksmote-nedre-romerike-2027-01" in feed
    assert "fagdag-2027" in feed
    assert "nettverksmote-follo-2027-02" not in feed


def test_each_course_has_its_own_ics_linked_as_add_to_calendar(site: Path) -> None:
    page = read(site / "kurs" / "grunnkurs-2027-var" / "index.html")
    assert 'href="/kurs/grunnkurs-2027-var/grunnkurs-2027-var.ics" download>Legg til i kalender</a>' in page
    days = events(site / "kurs" / "grunnkurs-2027-var" / "grunnkurs-2027-var.ics")
    assert list(days) == ["grunnkurs-2027-var-1", "grunnkurs-2027-var-2"]
    assert [(day["start"].hour, day["end"].hour, day["end"].minute) for day in days.values()] == [(9, 15, 30)] * 2


def test_filter_pages_are_pre_built_for_area_and_type(site: Path) -> None:
    area = read(site / "kalender" / "nedre-romerike" / "index.html")
    assert "/kurs/nettverksmote-nedre-romerike-2027-01/" in area
    assert "/kurs/nettverksmote-follo-2027-02/" not in area
    fagdag = read(site / "kalender" / "alle" / "fagdag" / "index.html")
    assert "/kurs/fagdag-2027/" in fagdag and "/kurs/grunnkurs-2027-var/" not in fagdag
    both = read(site / "kalender" / "folloregionen" / "nettverksmote" / "index.html")
    assert "/kurs/nettverksmote-follo-2027-02/" in both and "/kurs/fagdag-2027/" not in both
    current = [attrs["href"] for tag, attrs in Page(both).tags if tag == "a" and "aria-current" in attrs]
    assert "/kalender/folloregionen/nettverksmote/" in current
