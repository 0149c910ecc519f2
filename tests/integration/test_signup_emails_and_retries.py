"""Sign-up as a whole on DynamoDB Local: emails to the right people once each (written with each change, sent by the
mail worker on the table's stream into the outbox folder), a nurse and leader together, replays, and DynamoDB
throttling on 30 % of calls."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError

from common.tokens import token_hash
from courses.models import Course, RegistrationForm
from courses.repository import DynamoCourseRepository
from courses.service import cancel, sign_up
from local.gateway import LambdaContext, http_event
from tests.support.function import fresh_function
from tests.support.hospitation import emails_to
from tests.support.samples import form

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def patient(client: Any) -> DynamoCourseRepository:
    """The course repository with the patience of a whole function's timeout: here ten threads take turns on one
    DynamoDB Local (a Java process beside the mail worker's stream reader, on a small machine), each turn far slower
    than DynamoDB's; what is tested is that the turns come out right, not how fast."""
    return DynamoCourseRepository(client, "LindraTable", cache_seconds=0, patience=25.0)


def address(tag: str, n: int) -> str:
    """A participant's address of this test alone: the outbox folder is the whole session's."""
    return f"deltaker{n}.{tag}@example.no"


def signed_up(repository: DynamoCourseRepository, course: Course, tag: str, n: int, **extra: str) -> Any:
    data = form(email=address(tag, n), name=f"Deltaker {n}", **extra)
    return sign_up(course.id, RegistrationForm.model_validate(data), "oslo", repository)


def subjects_to(address: str) -> list[str]:
    return [str(message["Subject"]).split(":")[0] for message in emails_to(address)]


def test_cancelling_10_at_once_promotes_the_10_first_in_line_and_emails_each_once(
    patient: DynamoCourseRepository, new_course: Any
) -> None:
    repository = patient
    # Given a 20-seat course with 20 in line, every one of them emailed once
    course, tag = new_course(capacity=20), uuid.uuid4().hex[:8]
    receipts = [signed_up(repository, course, tag, n) for n in range(40)]
    assert sum(len(emails_to(address(tag, n))) for n in range(40)) == 40
    # When 10 with seats cancel at once
    with ThreadPoolExecutor(max_workers=10) as pool:
        promoted = [one for ones in pool.map(lambda r: cancel(r.token, repository), receipts[:10]) for one in ones]
    # Then the 10 first in line have the seats, and each got one email saying so, with a link to their page
    first_ten = {address(tag, n) for n in range(20, 30)}
    assert {one.email for one in promoted} == first_ten
    for n in range(40):
        expected = {
            n < 10: ["Du er påmeldt", "Du er meldt av"],
            10 <= n < 20: ["Du er påmeldt"],
            20 <= n < 30: ["Du står på venteliste", "Du har fått plass"],
            n >= 30: ["Du står på venteliste"],
        }[True]
        assert subjects_to(address(tag, n)) == expected, n
    for message in (message for n in range(20, 30) for message in emails_to(address(tag, n))):
        if str(message["Subject"]).startswith("Du har fått plass"):
            token = message.get_body(("plain",)).get_content().split("/api/pameldinger/")[1].split()[0]
            assert repository.registration_by_token(token_hash(token)).confirmed  # type: ignore[union-attr]
    assert repository.counts(course.id).confirmed == 20


def test_pairs_and_singles_at_once_never_split_a_pair_nor_overbook(
    patient: DynamoCourseRepository, new_course: Any
) -> None:
    repository = patient
    # Given a 25-seat introduction course where leaders may join
    course, tag = new_course(capacity=25, kind="introduksjonskurs", leader_can_join=True), uuid.uuid4().hex[:8]

    # When 15 nurses with their leaders (at an employer's domain: mailed at once) and 15 alone sign up at once
    def one(n: int) -> Any:
        extra = {"bring_leader": "ja", "leader_email": f"leder{n}.{tag}@ahus.no"} if n % 2 else {}
        return signed_up(repository, course, tag, n, **extra)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(one, range(30)))
    stored = {r.id: r for r in repository.registrations(course.id)}
    # Then 45 are stored, at most 25 seated, and every pair is seated together or waits in places next to each other
    emailed = [address(tag, n) for n in range(30)] + [f"leder{n}.{tag}@ahus.no" for n in range(1, 30, 2)]
    assert len(stored) == 45 and sum(len(emails_to(one)) for one in emailed) == 45
    assert sum(r.confirmed for r in stored.values()) <= 25
    for r in stored.values():
        if r.companion_id and r.role == "leder":
            nurse = stored[r.companion_id]
            assert nurse.status == r.status
            if not r.confirmed:
                assert r.position == nurse.position + 1  # type: ignore[operator]
    positions = sorted(r.position for r in stored.values() if r.position)
    assert positions == list(range(1, len(positions) + 1))
    counts = repository.counts(course.id)
    assert (counts.confirmed, counts.waiting) == (sum(r.confirmed for r in stored.values()), len(positions))


@pytest.fixture
def handler(dynamodb_local: Any) -> Iterator[Any]:
    """The sign-up function's module with fresh per-container state, called one event at a time as Lambda does."""
    lock = threading.Lock()

    def call(method: str, path: str, body: str = "", **parameters: str) -> dict[str, Any]:
        route = path.replace(parameters.get("course_id", "\0"), "{course_id}").replace(
            parameters.get("token", "\0"), "{token}"
        )
        event = http_event(
            method,
            path,
            {"Content-Type": FORM, "Accept": "text/html"},
            body,
            path_parameters=parameters,
            route_key=f"{method} {route}",
        )
        with lock:
            answer: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
        return answer

    with fresh_function() as app:
        yield call


def post(handler: Any, course: Course, data: dict[str, str]) -> dict[str, Any]:
    return handler(  # type: ignore[no-any-return]
        "POST", f"/api/kurs/{course.id}/pameldinger", urlencode(data), course_id=course.id
    )


def test_one_submission_replayed_three_times_stores_one_registration(
    handler: Any, repository: DynamoCourseRepository, new_course: Any
) -> None:
    course = new_course(capacity=5)
    data = form(form_token=str(uuid.uuid4()))
    answers = [post(handler, course, data) for _ in range(4)]
    assert len({(a["statusCode"], a["headers"]["Location"]) for a in answers}) == 1
    assert answers[0]["statusCode"] == 303
    assert len(list(repository.registrations(course.id))) == 1


def test_with_30_percent_of_dynamodb_calls_throttled_every_2xx_is_one_whole_record_and_the_rest_get_503(
    handler: Any, client: Any, repository: DynamoCourseRepository, new_course: Any, record_property: Any
) -> None:
    from common.aws import dynamodb

    course = new_course(capacity=10)
    chance = random.Random(30)  # noqa: S311 - a repeatable test, not a secret
    refused = {"calls": 0, "throttled": 0}

    def throttle(**_: Any) -> None:
        refused["calls"] += 1
        if chance.random() < 0.3:
            refused["throttled"] += 1
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "call")

    # When 40 people sign up with every third DynamoDB call (or so) throttled, as boto3 raises it after its retries
    shared = dynamodb()
    shared.meta.events.register("before-call.dynamodb", throttle)
    try:
        answers = {n: post(handler, course, form(email=f"d{n}@example.no", form_token=f"token-{n}")) for n in range(40)}
    finally:
        shared.meta.events.unregister("before-call.dynamodb", throttle)
    assert refused["throttled"] > 0.2 * refused["calls"]
    statuses = [a["statusCode"] for a in answers.values()]
    record_property("throttled", f"{refused['throttled']} of {refused['calls']} calls")
    record_property("answers", f"{statuses.count(303)} x 303, {statuses.count(503)} x 503")
    # Then each answer is a receipt or a 503 page that says to try again; never a 500
    assert set(statuses) <= {303, 503} and 303 in statuses and 503 in statuses, statuses
    for answer in answers.values():
        if answer["statusCode"] == 503:
            assert "send skjemaet på nytt" in answer["body"]
            assert answer["headers"]["Content-Type"].startswith("text/html")
    # and every receipt is exactly one stored registration, the one of that person
    stored = {r.email: r for r in repository.registrations(course.id)}
    for n, answer in answers.items():
        if answer["statusCode"] == 303:
            token = answer["headers"]["Location"].rsplit("/", 1)[-1]
            found = repository.registration_by_token(token_hash(token))
            assert found is not None and found.email == f"d{n}@example.no"
    assert_whole(client, course, stored.values())
    # And trying again (as the page asks, the throttling over) registers each once: a 409 is one whose registration
    # was stored when only the idempotency record's completion was throttled; their email has the link
    retried: list[int] = []
    for n, answer in answers.items():
        if answer["statusCode"] == 503:
            again = post(handler, course, form(email=f"d{n}@example.no", form_token=f"token-{n}"))
            assert again["statusCode"] in (303, 409, 503)
            retried.append(again["statusCode"])
    record_property("retried", f"{retried.count(303)} x 303, {retried.count(409)} x 409, {retried.count(503)} x 503")
    stored = {r.email: r for r in repository.registrations(course.id)}
    assert_whole(client, course, stored.values())


def assert_whole(client: Any, course: Course, registrations: Any) -> None:
    """Nothing half-written: each registration has its marker, its link and (waiting) its queue entry, and the
    course's counters say what the registrations say."""
    registrations = list(registrations)
    items = client.query(
        TableName="LindraTable",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"COURSE#{course.id}"}},
        ConsistentRead=True,
    )["Items"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_kind.setdefault(item["SK"]["S"].split("#")[0], []).append(item)
    markers = {item["registration_id"]["S"] for item in by_kind.get("EMAIL", [])}
    queue = {item["registration_id"]["S"] for item in by_kind.get("WAIT", [])}
    assert markers == {r.id for r in registrations}
    assert queue == {r.id for r in registrations if r.status == "waitlisted"}
    for r in registrations:
        link = client.get_item(TableName="LindraTable", Key={"PK": {"S": f"TOKEN#{r.token_hash}"}, "SK": {"S": "META"}})
        assert link["Item"]["registration_id"]["S"] == r.id
    meta = json.loads(json.dumps(by_kind["META"][0]))
    confirmed = sum(r.confirmed for r in registrations)
    assert int(meta["confirmed"]["N"]) == confirmed <= course.capacity
    assert int(meta["waiting"]["N"]) == len(queue)
    assert sorted(r.position for r in registrations if r.position) == list(range(1, len(queue) + 1))
