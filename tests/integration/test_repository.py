"""The sign-up transaction on DynamoDB Local: conditions, all-or-nothing, and no overbooking under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from common.errors import AlreadyRegistered, CourseFull, CourseNotFound
from courses.models import Course, Registration
from courses.repository import DynamoCourseRepository
from tests.support.samples import registration as sample_registration


def registration(course: Course, number: int, email: str | None = None) -> Registration:
    return sample_registration(course.id, email or f"deltaker{number}@example.no", f"Deltaker {number}")


def items_of(client: Any, course: Course) -> list[dict[str, Any]]:
    response = client.query(
        TableName="LindraTable",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"COURSE#{course.id}"}},
        ConsistentRead=True,
    )
    return response["Items"]


def test_a_registration_is_three_writes_or_none(
    repository: DynamoCourseRepository, client: Any, new_course: Any
) -> None:
    course = new_course(capacity=1)
    repository.add_registration(registration(course, 1))
    assert repository.confirmed_count(course.id) == 1
    assert sorted(item["SK"]["S"].split("#")[0] for item in items_of(client, course)) == ["EMAIL", "META", "REG"]
    with pytest.raises(CourseFull):
        repository.add_registration(registration(course, 2))
    assert len(items_of(client, course)) == 3
    assert repository.confirmed_count(course.id) == 1


def test_the_same_email_is_refused_and_the_seat_is_not_taken(
    repository: DynamoCourseRepository, new_course: Any
) -> None:
    course = new_course(capacity=5)
    repository.add_registration(registration(course, 1, "Kari@Example.no"))
    with pytest.raises(AlreadyRegistered):
        repository.add_registration(registration(course, 2, "kari@example.no"))
    assert repository.confirmed_count(course.id) == 1
    assert [r.email for r in repository.registrations(course.id)] == ["Kari@Example.no"]


def test_an_unknown_course_is_refused(repository: DynamoCourseRepository, new_course: Any) -> None:
    course = new_course()
    ghost = course.model_copy(update={"id": "finnes-ikke"})
    with pytest.raises(CourseNotFound):
        repository.add_registration(registration(ghost, 1))


def test_republishing_a_course_keeps_its_seat_count(repository: DynamoCourseRepository, new_course: Any) -> None:
    course = new_course(capacity=3)
    repository.add_registration(registration(course, 1))
    repository.put_course(course.model_copy(update={"title": "Nytt navn", "capacity": 4}))
    assert repository.confirmed_count(course.id) == 1
    assert repository.get_course(course.id) == course.model_copy(update={"title": "Nytt navn", "capacity": 4})


def test_25_at_once_on_a_20_seat_course_store_exactly_20(
    repository: DynamoCourseRepository, new_course: Any, client: Any
) -> None:
    course = new_course(capacity=20)

    def attempt(number: int) -> str:
        try:
            repository.add_registration(registration(course, number))
            return "confirmed"
        except CourseFull:
            return "full"

    with ThreadPoolExecutor(max_workers=25) as pool:
        outcomes = list(pool.map(attempt, range(25)))
    assert outcomes.count("confirmed") == 20
    assert outcomes.count("full") == 5
    assert repository.confirmed_count(course.id) == 20
    kinds = [item["SK"]["S"].split("#")[0] for item in items_of(client, course)]
    assert kinds.count("REG") == 20 and kinds.count("EMAIL") == 20
