"""Min side on the real local stack (DynamoDB Local with the person index, the mail worker on the stream, the local
server): a nurse's registrations and hospitation request are found by her address alone, through the index, and an
item written before the index was there is found once the start's backfill has given it the index's keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from common.person_index import backfill
from courses.models import Course
from courses.repository import DynamoCourseRepository
from tests.support.hospitation import Person, emails_to, get_page, http, post_form, submit
from tests.support.samples import form, registration
from tests.support.stack import TABLE, Site

LINK = re.compile(r"https?://[^/\s]+(/api/min-side/inn/[A-Za-z0-9_-]+)")


def sign_in(site: Site, email: str) -> str:
    """The link asked for on /min-side/, taken from her email and used; the session cookie."""
    asked = post_form(site, "/api/min-side/lenke", {"email": email})
    assert asked.status == 303 and asked.location == "/min-side/sendt/", asked.text
    (message,) = emails_to(email, "Lenken til Min side")
    (path,) = LINK.findall(message.get_body(("plain",)).get_content())
    opened = http(site, "POST", path, b"", {"Content-Type": "application/x-www-form-urlencoded"})
    assert opened.status == 303 and opened.location == "/api/min-side"
    assert http(site, "POST", path, b"", {"Content-Type": "application/x-www-form-urlencoded"}).status == 404
    return next(c for c in opened.cookies if c.startswith("lindra_min_side=")).split(";")[0]


def test_her_registrations_and_hospitation_are_found_by_her_address_and_old_items_after_the_backfill(
    site: Site, client: Any, new_course: Callable[..., Course]
) -> None:
    person = Person.new()
    first, second, old = (
        new_course(),
        new_course(title="Fagdag om lindrende sedering"),
        new_course(title="Gammelt kurs"),
    )
    for course in (first, second):
        fields = form(email=person.email.upper(), name=person.name)  # the index does not mind the case
        assert post_form(site, f"/api/kurs/{course.id}/pameldinger", fields).status == 303
    submit(site, person)
    repository = DynamoCourseRepository(client, TABLE, cache_seconds=0)
    repository.add_registrations([registration(old.id, person.email, person.name)])
    for item in client.scan(
        TableName=TABLE,
        FilterExpression="begins_with(PK, :c)",
        ExpressionAttributeValues={":c": {"S": f"COURSE#{old.id}"}},
    )["Items"]:
        if "GSI4PK" in item:  # as it would have been written before the index
            client.update_item(
                TableName=TABLE, Key={"PK": item["PK"], "SK": item["SK"]}, UpdateExpression="REMOVE GSI4PK, GSI4SK"
            )

    cookie = sign_in(site, person.email)
    shown = http(site, "GET", "/api/min-side", headers={"Accept": "text/html", "Cookie": cookie})
    assert shown.status == 200, shown.text
    assert person.name in shown.text and person.email.lower() in shown.text
    assert first.title in shown.text and "Fagdag om lindrende sedering" in shown.text
    assert "Gammelt kurs" not in shown.text, "not in the index yet"
    assert "Palliativt senter, Ahus" in shown.text, "her hospitation request, by its host unit"

    assert backfill(client, TABLE) >= 1
    assert backfill(client, TABLE) == 0, "run again, it finds none"
    after = http(site, "GET", "/api/min-side", headers={"Accept": "text/html", "Cookie": cookie})
    assert "Gammelt kurs" in after.text

    signed_out = get_page(site, "/api/min-side")
    assert signed_out.status == 401 and "/api/min-side/lenke" in signed_out.text


def test_her_kursbevis_is_genuine_and_her_erasure_leaves_nothing_and_gives_her_seat_on(
    site: Site, client: Any, new_course: Callable[..., Course]
) -> None:
    import io
    import json
    from datetime import UTC, datetime
    from urllib.parse import urlencode

    import pypdf

    from attendance.models import Attendance
    from attendance.repository import DynamoAttendanceRepository
    from tests.support.guard import aged_stamp

    person, next_in_line = Person.new(), Person.new("Ola")
    meeting = new_course(capacity=1, title="Nettverksmøte om smertelindring")
    for who in (person, next_in_line):
        assert (
            post_form(site, f"/api/kurs/{meeting.id}/pameldinger", form(email=who.email, name=who.name)).status == 303
        )
    mark = {"course_id": meeting.id, "email": person.email, "name": person.name, "area": "nedre-romerike"}
    mark |= {"source": "registration", "present": True, "hours": 3.0, "marked_by": "omrade@example.no"}
    DynamoAttendanceRepository(client, TABLE).save(
        [Attendance.model_validate(mark | {"marked_at": datetime.now(UTC), "expires_at": 2_000_000_000})]
    )
    cookie = sign_in(site, person.email)
    mine = {"Accept": "text/html", "Cookie": cookie}

    pdf = http(site, "GET", f"/api/min-side/kursbevis/{meeting.id}", headers=mine)
    assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.body)).pages)
    assert person.name in text and "Nettverksmøte om smertelindring" in text and "3 timer" in text
    code = re.search(r"Kode: ([A-Z2-7-]{14})", text)[1].replace("-", "")  # type: ignore[index]
    assert "Kursbeviset er ekte" in get_page(site, f"/api/kursbevis/{code}").text
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert get_page(site, f"/api/kursbevis/{changed}").status == 404

    body = urlencode({"confirm": "ja", "form_started": aged_stamp()}).encode()
    headers = mine | {"Content-Type": "application/x-www-form-urlencoded"}
    assert http(site, "POST", "/api/min-side/sletting", body, headers).status == 200
    left = [
        item
        for page in client.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True)
        for item in page["Items"]
        if person.email.lower() in json.dumps(item, default=str).lower() or person.name in json.dumps(item)
    ]
    assert left == [], "a full scan finds nothing that holds her address or name"
    seats = {
        r.email: r.status for r in DynamoCourseRepository(client, TABLE, cache_seconds=0).registrations(meeting.id)
    }
    assert seats == {next_in_line.email: "confirmed"}
    assert emails_to(next_in_line.email), "the next in line is told"
    assert get_page(site, f"/api/kursbevis/{code}").status == 404, "her certificate went with her"
