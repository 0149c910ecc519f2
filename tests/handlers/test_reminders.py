"""The courses' daily run through its handler on moto: a course seven days ahead gives each person with a seat one
reminder, however often the schedule runs; the waiting list one email with their place; a cancelled registration
nothing; the reminder's link opens the person's own page, where the seat is freed with one click."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from common.formatting import OSLO
from courses.repository import DynamoCourseRepository
from tests.support.samples import course, registration


def test_the_schedule_run_three_times_sends_one_reminder_per_seat_and_one_place_in_line(
    app: Any, aws: Any, outbox: Any
) -> None:
    from courses.schedule import lambda_handler
    from tests.support.mail import CONTEXT

    repo = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    today = datetime.now(UTC).astimezone(OSLO).date()
    start = datetime(today.year, today.month, today.day, 10, 0, tzinfo=OSLO) + timedelta(days=7)
    meeting = course("nettverksmote-om-en-uke", capacity=2, now=start - timedelta(days=7)).model_copy(
        update={"start": start, "end": start + timedelta(hours=3), "days": (), "registration_deadline": start}
    )
    repo.put_course(meeting)
    for name in ("Anne", "Berit", "Cato"):
        repo.add_registrations([registration(meeting.id, f"{name.lower()}@example.no", name)])
    outbox()  # the receipts
    before = len(outbox())
    for _ in range(3):
        lambda_handler({}, CONTEXT)
    new = outbox()[before:]
    subjects = sorted((str(m["To"]), str(m["Subject"]).split(":")[0]) for m in new)
    assert subjects == [
        ("Anne <anne@example.no>", "Påminnelse"),
        ("Berit <berit@example.no>", "Påminnelse"),
        ("Cato <cato@example.no>", "Du står på venteliste"),
    ]
    anne = next(m for m in new if "anne@" in str(m["To"]))
    (link,) = re.findall(r"http\S+/api/pameldinger/(\S+)", anne.get_body(("plain",)).get_content())
    from local.gateway import Gateway

    page = Gateway().handle("GET", f"/api/pameldinger/{link}", "", {"Accept": "text/html"}, b"")
    assert page.status == 200 and "Meld meg av" in page.body.decode()
