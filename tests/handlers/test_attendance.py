"""Attendance's repository on moto's DynamoDB: marks saved in batches and read back whole, one per person, the newest
winning; an absence reported twice kept once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from attendance.models import Absence, Attendance
from attendance.repository import DynamoAttendanceRepository

TABLE = "LindraTable"
NOW = datetime(2027, 2, 9, 15, 0, tzinfo=UTC)


def mark(number: int, present: bool = True) -> Attendance:
    return Attendance(
        course_id="nettverksmote-follo",
        email=f"Person.{number}@Example.no",
        name=f"Person {number}",
        area="folloregionen",
        source="walk_in",
        present=present,
        hours=3.0 if present else 0.0,
        marked_by="omradeleder@example.no",
        marked_at=NOW,
        expires_at=2_000_000_000,
    )


def test_sixty_marks_are_saved_in_batches_and_marking_again_replaces_them(aws: Any) -> None:
    repository = DynamoAttendanceRepository(aws, TABLE)

    repository.save([mark(number) for number in range(60)])
    repository.save([mark(7, present=False)])

    found = {m.email_key: m for m in repository.attendance("nettverksmote-follo")}
    assert len(found) == 60
    assert (found["person.7@example.no"].present, found["person.7@example.no"].hours) == (False, 0.0)
    assert found["person.8@example.no"].present is True
    assert repository.attendance("another-course") == []


def test_an_absence_reported_twice_is_kept_once_with_the_newest_reason(aws: Any) -> None:
    repository = DynamoAttendanceRepository(aws, TABLE)
    first = Absence(
        course_id="nettverksmote-follo",
        email="ada@as.kommune.no",
        name="Ada Ås",
        reason="Vakt.",
        created_at=NOW,
        expires_at=2_000_000_000,
    )

    repository.add_absence(first)
    repository.add_absence(first.model_copy(update={"email": "ADA@as.kommune.no", "reason": "Syk."}))

    (kept,) = repository.absences("nettverksmote-follo")
    assert kept.reason == "Syk."
    item = aws.get_item(
        TableName=TABLE, Key={"PK": {"S": "COURSE#nettverksmote-follo"}, "SK": {"S": "ABSENCE#ada@as.kommune.no"}}
    )
    assert item["Item"]["expires_at"]["N"] == "2000000000"
