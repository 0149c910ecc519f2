"""The sign-up transaction on DynamoDB Local: conditions, all-or-nothing, and no overbooking under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from common.errors import AlreadyRegistered, CourseNotFound
from common.tokens import token_hash
from courses.models import Course, Registration
from courses.repository import DynamoCourseRepository
from tests.support.samples import registration as sample_registration


def add_one(repository: DynamoCourseRepository, one: Registration) -> Registration:
    return repository.add_registrations([one])[0]


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


def kinds(client: Any, course: Course) -> list[str]:
    return sorted(item["SK"]["S"].split("#")[0] for item in items_of(client, course))


def test_a_seat_and_then_a_place_in_line_are_written_whole(
    repository: DynamoCourseRepository, client: Any, new_course: Any
) -> None:
    course = new_course(capacity=1)
    first = add_one(repository, registration(course, 1))
    assert (first.status, first.position) == ("confirmed", None)
    assert kinds(client, course) == ["EMAIL", "META", "REG"]
    second = add_one(repository, registration(course, 2))
    assert (second.status, second.position) == ("waitlisted", 1)
    assert kinds(client, course) == ["EMAIL", "EMAIL", "META", "REG", "REG", "WAIT"]
    assert repository.registration_by_token(second.token_hash) == second
    with pytest.raises(AlreadyRegistered):
        add_one(repository, registration(course, 3, email=second.email))
    assert len(items_of(client, course)) == 6
    assert repository.counts(course.id).confirmed == 1


def test_the_same_email_is_refused_and_the_seat_is_not_taken(
    repository: DynamoCourseRepository, new_course: Any
) -> None:
    course = new_course(capacity=5)
    add_one(repository, registration(course, 1, "Kari@Example.no"))
    with pytest.raises(AlreadyRegistered):
        add_one(repository, registration(course, 2, "kari@example.no"))
    assert repository.counts(course.id).confirmed == 1
    assert [r.email for r in repository.registrations(course.id)] == ["Kari@Example.no"]


def test_an_unknown_course_is_refused(repository: DynamoCourseRepository, new_course: Any) -> None:
    course = new_course()
    ghost = course.model_copy(update={"id": "finnes-ikke"})
    with pytest.raises(CourseNotFound):
        add_one(repository, registration(ghost, 1))


def test_republishing_a_course_keeps_its_seat_count(repository: DynamoCourseRepository, new_course: Any) -> None:
    course = new_course(capacity=3)
    add_one(repository, registration(course, 1))
    repository.put_course(course.model_copy(update={"title": "Nytt navn", "capacity": 4}))
    assert repository.counts(course.id).confirmed == 1
    assert repository.get_course(course.id) == course.model_copy(update={"title": "Nytt navn", "capacity": 4})


def test_25_at_once_on_a_20_seat_course_give_20_seats_and_5_in_line(
    repository: DynamoCourseRepository, new_course: Any
) -> None:
    course = new_course(capacity=20)
    with ThreadPoolExecutor(max_workers=25) as pool:
        stored = list(pool.map(lambda n: add_one(repository, registration(course, n)), range(25)))
    assert sum(r.confirmed for r in stored) == 20
    assert sorted(r.position for r in stored if not r.confirmed) == [1, 2, 3, 4, 5]
    assert repository.counts(course.id).confirmed == 20


def test_1000_at_once_on_five_20_seat_courses_give_100_seats_and_900_unique_gap_free_places(
    new_course: Any, client: Any
) -> None:
    # DynamoDB Local answers ~135 transactions a second under this load, three in four of them lost races: the
    # sign-ups get the patience that takes (a function gives up after 6 s with "try again").
    repository = DynamoCourseRepository(client, "LindraTable", cache_seconds=0, patience=120)
    courses = [new_course(capacity=20) for _ in range(5)]
    requests = [(courses[n % 5], n) for n in range(1000)]
    # 20 at a time: four sign-ups racing for each course's next place all the time
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda request: add_one(repository, registration(*request)), requests))
    assert sum(r.confirmed for r in answers) == 100
    for course in courses:
        stored = list(repository.registrations(course.id))
        assert len(stored) == 200
        assert len({r.email_key for r in stored}) == 200
        assert sum(r.confirmed for r in stored) == 20
        assert sorted(r.position for r in stored if not r.confirmed) == list(range(1, 181))
        assert kinds(client, course).count("WAIT") == 180
        assert sorted((r.id, r.status, r.position) for r in stored) == sorted(
            (r.id, r.status, r.position) for r in answers if r.course_id == course.id
        ), "every answer is what was stored"


def test_cancelling_10_seats_at_once_promotes_exactly_the_10_first_in_line(
    repository: DynamoCourseRepository, new_course: Any, client: Any
) -> None:
    course = new_course(capacity=20)
    stored = [add_one(repository, registration(course, n)) for n in range(40)]
    seats = [r for r in stored if r.confirmed][:10]
    with ThreadPoolExecutor(max_workers=10) as pool:
        promoted = [
            one for ones in pool.map(lambda seat: repository.cancel(seat, [token_hash(seat.id)]), seats) for one in ones
        ]
    waiting = {r.position: r.id for r in stored if not r.confirmed}
    assert sorted(p.id for p in promoted) == sorted(waiting[position] for position in range(1, 11))
    now = {r.id: r for r in repository.registrations(course.id)}
    assert sum(r.confirmed for r in now.values()) == 20
    assert sum(r.status == "cancelled" for r in now.values()) == 10
    assert repository.counts(course.id).confirmed == 20
    assert kinds(client, course).count("WAIT") == 10
    assert [repository.place_in_line(now[waiting[position]]) for position in range(11, 21)] == list(range(1, 11))


def test_a_seat_given_back_with_nobody_waiting_is_free_again_and_the_email_may_sign_up_again(
    repository: DynamoCourseRepository, new_course: Any
) -> None:
    course = new_course(capacity=1)
    first = add_one(repository, registration(course, 1))
    assert repository.cancel(first, ["a" * 64]) == []
    assert repository.cancel(first, ["b" * 64]) == [], "twice is harmless"
    assert repository.counts(course.id).confirmed == 0
    again = add_one(repository, registration(course, 2, email=first.email))
    assert again.confirmed
