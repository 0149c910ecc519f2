"""Reminders on DynamoDB Local: two runs of the courses' schedule at the same moment, and a third after, give each
person with a seat exactly one reminder and the waiting list one email each; a registration cancelled before the run
gets none; the mail worker on the stream sends each once."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses
from typing import Any

from common.formatting import OSLO
from courses.repository import DynamoCourseRepository
from courses.schedule import run
from tests.support.hospitation import outbox, read_email
from tests.support.mail import settled_outbox
from tests.support.samples import course, registration
from tests.support.stack import TABLE


def test_runs_at_the_same_time_and_again_send_each_reminder_once(client: Any) -> None:
    repo = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    tag = uuid.uuid4().hex[:6]
    today = datetime.now(UTC).astimezone(OSLO).date()
    start = datetime(today.year, today.month, today.day, 12, 0, tzinfo=OSLO) + timedelta(days=7)
    meeting = course(f"paaminnelse-{tag}", capacity=20, now=start - timedelta(days=8)).model_copy(
        update={"start": start, "end": start + timedelta(hours=3), "days": (), "registration_deadline": start}
    )
    repo.put_course(meeting)
    people = [registration(meeting.id, f"p{n}.{tag}@example.no", f"Person {n}") for n in range(22)]
    for person in people:
        repo.add_registrations([person])
    gone = repo.registration(meeting.id, people[0].id)
    assert gone is not None
    repo.cancel(gone)
    settled_outbox(timeout=120)
    before = set(outbox().glob("*.eml"))
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: run(), range(2)))
    run()
    settled_outbox(timeout=120)
    mine = [read_email(path) for path in set(outbox().glob("*.eml")) - before]
    mine = [m for m in mine if tag in str(m["To"])]
    to = [addr for m in mine for _name, addr in getaddresses([str(m["To"])])]
    reminded = sorted(a for a, m in zip(to, mine, strict=True) if str(m["Subject"]).startswith("Påminnelse"))
    waiting = sorted(a for a, m in zip(to, mine, strict=True) if str(m["Subject"]).startswith("Du står på venteliste"))
    stored = list(repo.registrations(meeting.id))
    seats = sorted(r.email for r in stored if r.status == "confirmed")
    line = sorted(r.email for r in stored if r.status == "waitlisted")
    assert len(seats) >= 19 and len(line) >= 1, "22 signed up for 20 seats, one cancelled"
    assert reminded == seats, "one reminder per seat, to each"
    assert waiting == line, "the waiting list: the place in line, once each"
    assert f"p0.{tag}@example.no" not in to, "nothing to a cancelled registration"
