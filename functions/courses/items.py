"""How courses and registrations are kept in the table: their keys, the course's counters, and the conversion of
an item to and from DynamoDB's attribute values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from courses.models import Course, CourseLetter, LetterFile, Registration

COURSE_FIELDS = tuple(Course.model_fields)
REGISTRATION_FIELDS = frozenset(Registration.model_fields)
_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize


def course_pk(course_id: str) -> str:
    return f"COURSE#{course_id}"


def course_key(course_id: str) -> dict[str, Any]:
    return {"PK": {"S": course_pk(course_id)}, "SK": {"S": "META"}}


def area_pk(area: str) -> str:
    return f"AREA#{area}"


def course_by_area_sk(course: Course) -> str:
    """Courses sort by their start in UTC within an area (GSI1), so that a period is one key range."""
    return f"COURSE#{utc_key(course.start)}#{course.id}"


def utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_course_item(course: Course) -> dict[str, Any]:
    """A course's META item as first stored: its fields, its keys (and the area index's), its counters at 0."""
    return to_item(course.model_dump(mode="json")) | {
        "PK": {"S": course_pk(course.id)},
        "SK": {"S": "META"},
        "entity": {"S": "course"},
        "GSI1PK": {"S": area_pk(course.area)},
        "GSI1SK": {"S": course_by_area_sk(course)},
        "confirmed": {"N": "0"},
        "waiting": {"N": "0"},
        "waitlisted": {"N": "0"},
    }


def course_letter_item(course_id: str, letter: CourseLetter, expires_at: int) -> dict[str, Any]:
    """A course's letter as its participants' own pages list it (`COURSE#x` / `LETTER#id`)."""
    values = letter.model_dump(mode="json", exclude={"registrations", "attachments"})
    item = to_item(values) | {
        "PK": {"S": course_pk(course_id)},
        "SK": {"S": f"LETTER#{letter.id}"},
        "entity": {"S": "course_letter"},
        "attachments": {"S": json.dumps([file.model_dump() for file in letter.attachments], ensure_ascii=False)},
        "expires_at": {"N": str(expires_at)},
    }
    if letter.registrations:
        item["registrations"] = {"SS": sorted(letter.registrations)}
    return item


def course_letter_from_item(item: dict[str, Any]) -> CourseLetter:
    return CourseLetter(
        id=item["id"]["S"],
        subject=item["subject"]["S"],
        text=item["text"]["S"],
        sent_at=datetime.fromisoformat(item["sent_at"]["S"]),
        attachments=tuple(LetterFile.model_validate(file) for file in json.loads(item["attachments"]["S"])),
        registrations=frozenset(item.get("registrations", {}).get("SS", [])),
    )


def registration_key(registration: Registration) -> dict[str, Any]:
    return {"PK": {"S": course_pk(registration.course_id)}, "SK": {"S": f"REG#{registration.id}"}}


def submission_key(key: str) -> dict[str, Any]:
    """A sign-up submission's answer, by the hash of what was sent (courses/repository.py)."""
    return {"PK": {"S": f"SUBMISSION#{key}"}, "SK": {"S": "META"}}


def registration_about(registration: Registration) -> tuple[str, str]:
    """The registration's key as an email's `about` (common/outbox.py): the worker writes there how it went."""
    return course_pk(registration.course_id), f"REG#{registration.id}"


@dataclass(frozen=True)
class Counts:
    """A course's counters: seats taken, people in line now, and the last place in line ever given."""

    confirmed: int = 0
    waiting: int = 0
    last_position: int = 0

    @classmethod
    def of(cls, course: dict[str, Any]) -> Counts:
        return cls(int(course.get("confirmed", 0)), int(course.get("waiting", 0)), int(course.get("waitlisted", 0)))


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _serialize(value) for name, value in values.items()}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserialize(value) for name, value in item.items()}


def registration_from_item(item: dict[str, Any]) -> Registration:
    """The item's registration fields only (not its keys); an export reads 20,000 of these, so no more than that."""
    return Registration.model_validate({k: _deserialize(v) for k, v in item.items() if k in REGISTRATION_FIELDS})
