"""A letter on the real local stack (DynamoDB Local, its stream, the mail worker, the local server): a network leader's
letter to a fagdag's 130 confirmed people with their 40 leaders on copy is accepted in one transaction as a few
bundles; the worker on the stream writes them out into one email each, once, and sends them; the leader's view
counts them all as sent; nobody on the waiting list gets one."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

from courses.repository import DynamoCourseRepository
from mailing.live import mail_repository
from tests.support.hospitation import leader_call, outbox, read_email, sign_in
from tests.support.mail import settled_outbox
from tests.support.samples import course, registration
from tests.support.stack import TABLE, Site


def test_a_letter_to_a_fagdag_becomes_one_email_per_person_and_leader_through_the_stream(
    site: Site, client: Any
) -> None:
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    tag = uuid.uuid4().hex[:6]
    fagdag = course(f"fagdag-brev-{tag}", capacity=130, now=datetime.now(UTC), days_ahead=20)
    repository.put_course(fagdag)
    for n in range(132):  # two on the waiting list
        person = registration(fagdag.id, f"p{n}.{tag}@example.no", f"Person {n}")
        leader = f"leder{n % 40}.{tag}@example.no"
        repository.add_registrations([person.model_copy(update={"leader_email": leader})])
    settled_outbox(timeout=120)
    before = set(outbox().glob("*.eml"))
    cookie = sign_in(site, "nettverksleder@example.no")
    letter = {
        "audience": "course",
        "course_id": fagdag.id,
        "groups": ["confirmed"],
        "leaders_copy": True,
        "subject": f"Program for fagdagen {tag}",
        "text": "Velkommen! Programmet kommer her.",
    }
    sent = leader_call(site, "POST", "/api/leder/meldinger", letter, cookie)
    assert sent.status == 202, sent.body
    letter_id = sent.json()["letter"]["id"]
    assert sent.json()["letter"]["recipients"] == 170
    settled_outbox(timeout=300)
    assert mail_repository().bundles_since(datetime.now(UTC).replace(year=2100)) == []
    mine = [read_email(path) for path in set(outbox().glob("*.eml")) - before]
    mine = [m for m in mine if str(m["Subject"]) == f"Program for fagdagen {tag}"]
    to = Counter(addr for m in mine for _name, addr in getaddresses([str(m["To"])]))
    assert len(to) == 170 and set(to.values()) == {1}, "one email per confirmed person and per distinct leader"
    assert f"p130.{tag}@example.no" not in to and f"p131.{tag}@example.no" not in to, "not the waiting list"
    detail = leader_call(site, "GET", f"/api/leder/meldinger/{letter_id}", cookie=cookie).json()
    assert detail["progress"] == {"total": 170, "sent": 170, "waiting": 0, "undelivered": 0, "text": "Sendt 170 av 170"}
