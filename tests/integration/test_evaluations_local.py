"""Course evaluations on DynamoDB Local: the daily run, in this process with a clock of the test's choosing, emails
each participant once (read back from the outbox), however often it runs; a link answered by several at once stores
one answer; and nothing in the table ties an answer to the person who gave it."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlencode

import pytest

from attendance.models import Attendance
from attendance.repository import DynamoAttendanceRepository
from common.errors import EvaluationAnswered
from common.tokens import token_hash
from courses.models import Course
from courses.repository import DynamoCourseRepository
from evaluations.forms import validate_evaluation
from evaluations.models import Participant, send_at
from evaluations.repository import DynamoEvaluationRepository
from evaluations.schedule import run
from evaluations.service import Evaluations, person_hash
from local.gateway import Gateway
from tests.support.guard import guarded
from tests.support.hospitation import emails_to, text_of
from tests.support.samples import course, registration
from tests.support.stack import TABLE

pytestmark = pytest.mark.usefixtures("dynamodb_local")
ANSWER = {
    "overall": "4",
    "useful": "5",
    "practical": "2",
    "recommend": "usikker",
    "best": "Alt.",
    "improve": "Mer tid.",
}


def token_in(message: EmailMessage) -> str:
    return text_of(message).split("/api/evaluering/")[1].split()[0]


def ended_course(client: Any, key: str, emails: list[str]) -> Course:
    """A grunnkurs that ended two days ago, with a confirmed seat for each of these emails."""
    end = datetime.now(UTC) - timedelta(days=2)
    start = end - timedelta(hours=6)
    ended = course(f"grunnkurs-evaluering-{key}", area="nedre-romerike", start=start, end=end)
    ended = ended.model_copy(update={"registration_deadline": start - timedelta(days=7)})
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    repository.put_course(ended)
    for email in emails:
        repository.add_registrations([registration(ended.id, email, f"Navn {email.split('@')[0]}")])
    return ended


def marked(ended: Course, email: str, present: bool) -> Attendance:
    return Attendance(
        course_id=ended.id,
        email=email,
        name=f"Navn {email.split('@')[0]}",
        area="nedre-romerike",
        source="registration" if not present else "walk_in",
        present=present,
        hours=6.0 if present else 0.0,
        marked_by="omradeleder@example.no",
        marked_at=ended.end,
        expires_at=2_000_000_000,
    )


def test_the_run_asks_each_participant_once_and_no_item_ties_an_answer_to_them(client: Any) -> None:
    key = uuid.uuid4().hex[:8]
    seats = [f"deltaker.{n}.{key}@example.no" for n in range(4)]
    absent, walk_in = seats[3], f"uten.plass.{key}@example.no"
    ended = ended_course(client, key, seats)
    DynamoAttendanceRepository(client, TABLE).save([marked(ended, absent, False), marked(ended, walk_in, True)])
    morning = send_at(ended) + timedelta(hours=1, minutes=15)

    run(morning)
    run(morning + timedelta(hours=1))
    run(morning + timedelta(days=1))

    asked = [*seats[:3], walk_in]
    assert [len(emails_to(email)) for email in asked] == [1, 1, 1, 1] and emails_to(absent) == []
    tokens = [token_in(emails_to(email)[0]) for email in asked]
    gateway = Gateway()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
    for token in tokens:
        answer = gateway.handle("POST", f"/api/evaluering/{token}", "", headers, urlencode(guarded(ANSWER)).encode())
        assert answer.status == 200, answer.body[:300]

    scanned = [item for page in client.get_paginator("scan").paginate(TableName=TABLE) for item in page["Items"]]
    mine = [item for item in scanned if ended.id in item["PK"]["S"] or item.get("course_id", {}).get("S") == ended.id]
    answers = [item for item in mine if item["SK"]["S"].startswith("EVALUATION#")]
    links = [item for item in mine if item["PK"]["S"].startswith("EVALTOKEN#")]
    sent = [item for item in mine if item["SK"]["S"].startswith("EVALSENT#")]
    assert (len(answers), len(links), len(sent)) == (4, 4, 4)
    people = {*asked, *(f"Navn {email.split('@')[0]}" for email in asked)}
    hashes = {person_hash(Participant(email, "")) for email in asked}
    secrets = {*tokens, *(token_hash(token) for token in tokens)}
    for item in answers:
        assert set(item) <= {
            "PK",
            "SK",
            "entity",
            "course_id",
            "overall",
            "useful",
            "practical",
            "recommend",
            "best",
            "improve",
            "expires_at",
        }
        values = {str(value) for attribute in item.values() for value in attribute.values()}
        assert not any(secret in value for value in values for secret in people | hashes | secrets)
    for item in links:
        values = {str(value) for attribute in item.values() for value in attribute.values()}
        assert set(item) == {"PK", "SK", "entity", "course_id", "expires_at", "used"}
        assert not any(secret in value for value in values for secret in people | hashes)
    for item in sent:
        assert set(item) == {"PK", "SK", "entity", "expires_at"}
        assert not any(secret in item["SK"]["S"] for secret in secrets)
    assert len({item["expires_at"]["N"] for item in answers}) == 1, "no answer's expiry says when it came"


def test_one_link_answered_from_four_places_at_once_stores_one_answer(client: Any) -> None:
    key = uuid.uuid4().hex[:8]
    ended = ended_course(client, key, [f"samtidig.{key}@example.no"])
    evaluations = Evaluations(
        DynamoEvaluationRepository(client, TABLE), DynamoCourseRepository(client, TABLE, cache_seconds=0)
    )
    evaluations.ask(ended, [Participant(f"samtidig.{key}@example.no", "Samtidig")], datetime.now(UTC))
    (invitation,) = emails_to(f"samtidig.{key}@example.no")
    token = token_in(invitation)
    form = validate_evaluation(ANSWER)
    start = threading.Barrier(4)

    def answer(_: int) -> str:
        start.wait()
        try:
            evaluations.answer(token, form, datetime.now(UTC))
        except EvaluationAnswered:
            return "answered already"
        return "stored"

    with ThreadPoolExecutor(4) as pool:
        results = sorted(pool.map(answer, range(4)))

    assert results == ["answered already"] * 3 + ["stored"]
    assert len(DynamoEvaluationRepository(client, TABLE).answers(ended.id)) == 1
