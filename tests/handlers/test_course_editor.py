"""The course editor in the leaders' API, through the real handler and the template's routes, on moto: make a
meeting, change it, publish, raise the capacity of a full course (the line gets the seats and an email), cancel it
(everyone is emailed), a version check, an area leader kept to their own area, and a Norwegian message at each field.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from courses.course_form import TEXTS
from courses.repository import DynamoCourseRepository
from local.gateway import Gateway
from tests.handlers.clock import oslo_today
from tests.support.leaders_api import leader_call, token_for
from tests.support.samples import registration

AREA = "nedre-romerike"


def meeting(**overrides: Any) -> dict[str, Any]:
    """The form as the editor sends it: a meeting in Nedre Romerike a month from now."""
    day = oslo_today() + timedelta(days=30)
    values: dict[str, Any] = {
        "title": "Nettverksmøte Nedre Romerike",
        "kind": "nettverksmote",
        "area": AREA,
        "days": [{"day": day.isoformat(), "start": "12:30", "end": "15:30"}],
        "place": "Helsehuset i Lørenskog, møterom 1",
        "capacity": 2,
        "registration_deadline": (day - timedelta(days=7)).isoformat(),
        "cancellation_deadline": "",
        "audience": "Ressurssykepleiere i Nedre Romerike",
        "summary": "Samtaler om livets slutt.",
        "description": "## Program\n\n- **12.30** Velkommen\n\n<script>alert(1)</script>",
        "questions": ["diet"],
        "leader_can_join": False,
    }
    return values | overrides


@pytest.fixture
def tokens(api: Gateway, pool: dict[str, str]) -> dict[str, str | None]:
    return {who: token_for(who, api, pool) for who in ("area_leader", "other_area_leader", "network_leader")}


def body(answer: Any) -> Any:
    return json.loads(answer.body)


def test_an_area_leader_makes_a_meeting_in_their_area_and_publishes_it(api: Gateway, tokens: dict, aws: Any) -> None:
    made = leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting())
    assert made.status == 201, made.body
    course = body(made)["course"]
    assert course["status"] == "draft" and course["version"] == 1
    assert course["id"].startswith("nettverksmote-nedre-romerike-")
    assert course["days"][0]["start"] == "12:30"
    assert course["description"].startswith("## Program")

    repo = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    stored = repo.get_course(course["id"])
    assert stored is not None and stored.status == "draft" and not stored.is_open(stored.start - timedelta(days=8))
    requests = aws.query(
        TableName="LindraTable",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "PUBLISH"}},
    )["Items"]
    assert [item["SK"]["S"] for item in requests] == [f"COURSE#{course['id']}"], "the site is asked to build again"

    published = leader_call(
        api, "POST", f"/api/leder/kurs/{course['id']}/publisering", tokens["area_leader"], {"version": 1}
    )
    assert published.status == 200, published.body
    assert body(published)["course"]["status"] == "published"
    stored = repo.get_course(course["id"])
    assert stored is not None and stored.is_open(stored.start - timedelta(days=8))

    listed = body(leader_call(api, "GET", "/api/leder/kurs", tokens["area_leader"]))["courses"]
    mine = next(c for c in listed if c["id"] == course["id"])
    assert mine["status"] == "published" and mine["editable"] is True


def test_an_area_leader_cannot_make_or_change_another_areas_meeting(api: Gateway, tokens: dict) -> None:
    refused = leader_call(api, "POST", "/api/leder/kurs", tokens["other_area_leader"], meeting())
    assert refused.status == 422
    assert "eget område" in body(refused)["errors"]["area"]
    network_wide = leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting(area="alle"))
    assert network_wide.status == 422 and "area" in body(network_wide)["errors"]

    made = body(leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting()))["course"]
    path = f"/api/leder/kurs/{made['id']}"
    assert leader_call(api, "GET", path, tokens["other_area_leader"]).status == 403
    change = meeting(place="Et annet sted") | {"version": made["version"]}
    assert leader_call(api, "PUT", path, tokens["other_area_leader"], change).status == 403
    assert leader_call(api, "POST", f"{path}/avlysning", tokens["other_area_leader"], {"version": 1}).status == 403
    assert leader_call(api, "GET", path, tokens["network_leader"]).status == 200


def test_every_mistake_gets_a_norwegian_message_at_its_field_and_nothing_is_saved(
    api: Gateway, tokens: dict, aws: Any
) -> None:
    day = oslo_today() + timedelta(days=10)
    wrong = meeting(
        title="",
        kind="kaffe",
        days=[
            {"day": day.isoformat(), "start": "09:00", "end": "15:00"},
            {"day": "10.03.2027", "start": "9", "end": "10:00"},
            {"day": (day + timedelta(days=1)).isoformat(), "start": "15:00", "end": "14:00"},
        ],
        capacity="mange",
        registration_deadline=(day + timedelta(days=1)).isoformat(),
        questions=["skostørrelse"],
    )
    answer = leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], wrong)
    assert answer.status == 422
    errors = body(answer)["errors"]
    assert list(errors) == [
        "title",
        "kind",
        "days.1.day",
        "days.1.start",
        "days.2.end",
        "capacity",
        "registration_deadline",
        "questions",
    ]
    assert errors["days.2.end"] == "Sluttiden må være etter starttiden."
    assert errors["registration_deadline"] == "Påmeldingsfristen må være før første dag."
    wrong_types = leader_call(
        api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting(days="i morgen", title=[1])
    )
    assert wrong_types.status == 422, wrong_types.body
    assert set(body(wrong_types)["errors"]) == {"title", "days"}
    scanned = aws.scan(TableName="LindraTable")["Items"]
    assert not [item for item in scanned if item["PK"]["S"].startswith(("COURSE#", "PUBLISH"))]


def test_a_change_on_an_old_version_is_refused_and_overwrites_nothing(api: Gateway, tokens: dict) -> None:
    made = body(leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting()))["course"]
    path = f"/api/leder/kurs/{made['id']}"
    first = leader_call(api, "PUT", path, tokens["area_leader"], meeting(place="Rom 2") | {"version": 1})
    assert first.status == 200, first.body
    assert body(first)["course"]["version"] == 2
    second = leader_call(api, "PUT", path, tokens["network_leader"], meeting(place="Rom 3") | {"version": 1})
    assert second.status == 409
    assert "Noen andre endret kurset" in body(second)["message"]
    assert body(leader_call(api, "GET", path, tokens["area_leader"]))["place"] == "Rom 2"


def test_raising_a_full_courses_capacity_gives_the_first_in_line_a_seat_and_an_email(
    api: Gateway, tokens: dict, aws: Any, outbox: Any
) -> None:
    made = body(leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting()))["course"]
    course_id = made["id"]
    leader_call(api, "POST", f"/api/leder/kurs/{course_id}/publisering", tokens["area_leader"], {"version": 1})
    repo = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    for n, name in enumerate(["Anne", "Berit", "Cato", "Dina"]):
        repo.add_registrations([registration(course_id, f"p{n}@example.no", name)])
    assert repo.counts(course_id).waiting == 2
    path = f"/api/leder/kurs/{course_id}"
    lower = leader_call(api, "PUT", path, tokens["area_leader"], meeting(capacity=1) | {"version": 2})
    assert lower.status == 422
    assert body(lower)["errors"]["capacity"].startswith("Kurset har allerede 2 påmeldte")
    raised = leader_call(api, "PUT", path, tokens["area_leader"], meeting(capacity=3) | {"version": 2})
    assert raised.status == 200, raised.body
    assert body(raised)["promoted"] == 1
    counts = repo.counts(course_id)
    assert (counts.confirmed, counts.waiting) == (3, 1)
    statuses = {r.name: r.status for r in repo.registrations(course_id)}
    assert statuses == {"Anne": "confirmed", "Berit": "confirmed", "Cato": "confirmed", "Dina": "waitlisted"}
    promoted = [m for m in outbox() if m["Subject"].startswith("Du har fått plass")]
    assert [m["To"] for m in promoted] == ["Cato <p2@example.no>"]


def test_a_new_time_is_emailed_when_asked_and_cancelling_emails_everyone(
    api: Gateway, tokens: dict, aws: Any, outbox: Any
) -> None:
    made = body(leader_call(api, "POST", "/api/leder/kurs", tokens["network_leader"], meeting(capacity=1)))["course"]
    course_id = made["id"]
    leader_call(api, "POST", f"/api/leder/kurs/{course_id}/publisering", tokens["network_leader"], {"version": 1})
    repo = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    repo.add_registrations([registration(course_id, "seat@example.no", "Sete")])
    repo.add_registrations([registration(course_id, "line@example.no", "Linje")])
    path = f"/api/leder/kurs/{course_id}"
    unchanged = meeting(capacity=1, summary="Nytt sammendrag") | {"version": 2, "notify": True}
    assert body(leader_call(api, "PUT", path, tokens["network_leader"], unchanged))["notified"] == 0
    moved = meeting(capacity=1, place="Storsalen") | {"version": 3, "notify": True}
    answer = leader_call(api, "PUT", path, tokens["network_leader"], moved)
    assert body(answer)["notified"] == 2
    changed = [m for m in outbox() if m["Subject"].startswith("Ny tid eller nytt sted")]
    assert sorted(m["To"].addresses[0].username for m in changed) == ["line", "seat"]
    assert "Storsalen" in changed[0].get_body(("plain",)).get_content()

    cancelled = leader_call(api, "POST", f"{path}/avlysning", tokens["network_leader"], {"version": 4})
    assert cancelled.status == 200, cancelled.body
    assert body(cancelled)["course"]["status"] == "cancelled" and body(cancelled)["notified"] == 2
    assert len([m for m in outbox() if m["Subject"].startswith("Avlyst")]) == 2
    stored = repo.get_course(course_id)
    assert stored is not None and stored.cancelled and not stored.is_open(stored.start - timedelta(days=8))
    again = leader_call(api, "PUT", path, tokens["network_leader"], moved | {"version": 5})
    assert again.status == 409
    delete = leader_call(api, "POST", f"{path}/sletting", tokens["network_leader"], {"version": 5})
    assert delete.status == 409, "only a draft can be deleted"


def test_a_draft_is_deleted_copied_and_a_series_is_made(api: Gateway, tokens: dict, aws: Any) -> None:
    made = body(leader_call(api, "POST", "/api/leder/kurs", tokens["network_leader"], meeting(kind="fagdag")))["course"]
    day = date.fromisoformat(made["days"][0]["day"]) + timedelta(days=365)
    copy = leader_call(
        api,
        "POST",
        f"/api/leder/kurs/{made['id']}/kopi",
        tokens["network_leader"],
        {
            "title": "Fagdag neste år",
            "days": [{"day": day.isoformat(), "start": "08:30", "end": "15:30"}],
            "registration_deadline": (day - timedelta(days=14)).isoformat(),
        },
    )
    assert copy.status == 201, copy.body
    copied = body(copy)["course"]
    assert copied["status"] == "draft" and copied["title"] == "Fagdag neste år"
    assert copied["description"] == made["description"] and copied["place"] == made["place"]
    deleted = leader_call(
        api, "POST", f"/api/leder/kurs/{made['id']}/sletting", tokens["network_leader"], {"version": 1}
    )
    assert deleted.status == 200, deleted.body
    assert leader_call(api, "GET", f"/api/leder/kurs/{made['id']}", tokens["network_leader"]).status == 404

    first = oslo_today() + timedelta(days=20)
    series = {key: value for key, value in meeting().items() if key not in ("days", "registration_deadline")} | {
        "dates": [(first + timedelta(weeks=4 * n)).isoformat() for n in range(3)],
        "start": "13:00",
        "end": "15:00",
        "deadline_days": 3,
        "publish": True,
    }
    answer = leader_call(api, "POST", "/api/leder/kurs/serie", tokens["area_leader"], series)
    assert answer.status == 201, answer.body
    courses = body(answer)["courses"]
    assert len(courses) == 3 and {c["status"] for c in courses} == {"published"}
    assert courses[0]["registration_deadline"] == (first - timedelta(days=3)).isoformat()
    assert len({c["id"] for c in courses}) == 3


def test_the_forms_messages_are_in_the_catalogue_to_translate_and_their_keys_are_not() -> None:
    """The messages are looked up by key through course_form.told: a key inside gettext() would be extracted as a text
    to translate ("area", and "daydaytime" from gettext(TEXTS["day" if ... else "time"]))."""
    catalogue = Path(__file__).resolve().parents[2] / "theme" / "locale" / "messages.pot"
    extracted = {message.id for message in read_po(catalogue.open("rb")) if message.id}
    assert set(TEXTS.values()) <= extracted
    assert not (set(TEXTS) | {"daydaytime", "heldpublished"}) & extracted


def test_a_courses_reminders_and_way_there_are_set_in_the_form_and_told_at_the_field(
    api: Gateway, tokens: dict
) -> None:
    wrong = leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting(reminder_days="7, 100"))
    assert wrong.status == 422 and set(body(wrong)["errors"]) == {"reminder_days"}
    assert "høyst tre hele tall fra 0 til 60" in body(wrong)["errors"]["reminder_days"]
    made = leader_call(
        api,
        "POST",
        "/api/leder/kurs",
        tokens["area_leader"],
        meeting(reminder_days="2,14", directions="Buss 300 til Lørenskog sentrum."),
    )
    assert made.status == 201, made.body
    course = body(made)["course"]
    assert course["reminder_days"] == "14, 2" and course["directions"] == "Buss 300 til Lørenskog sentrum."
    none = leader_call(api, "POST", "/api/leder/kurs", tokens["area_leader"], meeting(title="Uten", reminder_days=""))
    assert body(none)["course"]["reminder_days"] == ""
