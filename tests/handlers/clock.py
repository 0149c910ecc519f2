"""The handler tests' clock: the real moment, read the way the app reads it. The app takes its day and its year in
Oslo (`now().astimezone(OSLO)`); a test that took them in UTC would expect last year in the first hour of a year in
Oslo (23:00 to 24:00 UTC on 31 December) and yesterday in the first hour or two of every day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from common.formatting import OSLO


def oslo_now() -> datetime:
    """Now, in Oslo: the app's `now().astimezone(OSLO)`."""
    return datetime.now(UTC).astimezone(OSLO)


def this_year() -> int:
    """The year the app's year-by-year figures (hours toward the goal, the annual report) default to."""
    return oslo_now().year


def started_today(ago: timedelta) -> datetime:
    """A start `ago` before now, but not before midnight in Oslo: an event that has begun today as the app sees the
    day (just after midnight, half an hour ago would be yesterday, and on 1 January last year)."""
    now = oslo_now()
    return max(now - ago, datetime.combine(now.date(), time(), tzinfo=OSLO)).astimezone(UTC)


def oslo_today() -> date:
    """Today on Oslo's calendar."""
    return oslo_now().date()
