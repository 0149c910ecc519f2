"""Course evaluations through the real handlers with API Gateway events, on moto's DynamoDB (and Cognito for the
leaders): the daily run's emails, the form behind a link (answered once; junk refused at its field with nothing
stored; a forged or late link), and the leaders' page and CSV (who may see which course; fewer than three answers
show only the counts)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from common.tokens import new_token, token_hash
from courses.models import Course
from courses.repository import DynamoCourseRepository
from evaluations.models import link_expires_at, send_at
from evaluations.repository import DynamoEvaluationRepository
from local.gateway import Answer, Gateway
from tests.support.guard import guarded
from tests.support.leaders_api import leader_call, token_for
from tests.support.samples import course, registration

TABLE = "LindraTable"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ANSWER = {"overall": "4", "useful": "5", "practical": "3", "recommend": "ja", "best": "Samtalene.", "improve": ""}


@pytest.fixture
def gateway(app: Any) -> Gateway:
    return Gateway()


def finished(aws: Any, course_id: str, area: str = "nedre-romerike", people: int = 2, days_ago: int = 2) -> Course:
    """A grunnkurs that ended `days_ago`, with `people` confirmed registrations."""
    end = datetime.now(UTC) - timedelta(days=days_ago)
    start = end - timedelta(hours=6)
    ended = course(course_id, area=area, start=start, end=end, registration_deadline=start - timedelta(days=7))
    repository = DynamoCourseRepository(aws, TABLE, cache_seconds=0)
    repository.put_course(ended)
    for number in range(people):
        repository.add_registrations([registration(course_id, f"deltaker.{number}@example.no", f"Deltaker {number}")])
    return ended


def run_schedule(ended: Course) -> dict[str, int]:
    from evaluations.schedule import run

    return run(send_at(ended) + timedelta(hours=1, minutes=15))


def tokens(outbox: Any) -> list[str]:
    return [message.get_body(("plain",)).get_content().split("/api/evaluering/")[1].split()[0] for message in outbox()]


def post(api: Gateway, token: str, fields: dict[str, Any], as_json: bool = False) -> Answer:
    fields = guarded(fields)  # filled in a minute ago
    if as_json:
        return api.handle(
            "POST", f"/api/evaluering/{token}", "", {"Content-Type": JSON, "Accept": JSON}, json.dumps(fields).encode()
        )
    headers = {"Content-Type": FORM, "Accept": BROWSER}
    return api.handle("POST", f"/api/evaluering/{token}", "", headers, urlencode(fields).encode())


def get(api: Gateway, token: str) -> Answer:
    return api.handle("GET", f"/api/evaluering/{token}", "", {"Accept": BROWSER}, b"")


def items(aws: Any, prefix: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = aws.scan(TableName=TABLE, ConsistentRead=True)["Items"]
    return [item for item in found if item["SK"]["S"].startswith(prefix) or item["PK"]["S"].startswith(prefix)]


def with_answers(api: Gateway, aws: Any, outbox: Any, course_id: str, area: str, answers: int) -> Course:
    """A course whose daily run asked answers + 1 people, `answers` of whom answered."""
    before = len(outbox())
    ended = finished(aws, course_id, area, people=answers + 1)
    run_schedule(ended)
    for number, token in enumerate(tokens(outbox)[before : before + answers]):
        assert post(api, token, ANSWER | {"best": f"Svar {number}"}, as_json=True).status == 201
    return ended


# The daily run and the form ------------------------------------------------------------------------------------------


def test_the_run_asks_each_participant_once_and_a_link_answers_once(gateway: Gateway, aws: Any, outbox: Any) -> None:
    ended = finished(aws, "grunnkurs-nr")

    assert run_schedule(ended) == {"evaluations_sent": 2}
    assert run_schedule(ended) == {}
    token = tokens(outbox)[0]
    page = get(gateway, token)
    answered = post(gateway, token, ANSWER)
    again = post(gateway, token, ANSWER)
    again_json = post(gateway, token, ANSWER, as_json=True)
    revisited = get(gateway, token)

    assert len(outbox()) == 2 and {m["To"].addresses[0].username for m in outbox()} == {"deltaker.0", "deltaker.1"}
    assert page.status == 200 and "Hvor fornøyd er du med kurset alt i alt?" in page.body.decode()
    headers = dict(page.headers)
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Robots-Tag"] == "noindex"
    assert answered.status == 200 and "Takk for svarene!" in answered.body.decode()
    assert again.status == 409 and "Du har allerede svart – takk!" in again.body.decode()
    assert again_json.status == 409 and json.loads(again_json.body)["message"].startswith("Evalueringen kan bare")
    assert revisited.status == 409
    (stored,) = items(aws, "EVALUATION#")
    assert {name: value for name, value in stored.items() if name not in ("PK", "SK", "expires_at")} == {
        "entity": {"S": "evaluation"},
        "course_id": {"S": "grunnkurs-nr"},
        "overall": {"N": "4"},
        "useful": {"N": "5"},
        "practical": {"N": "3"},
        "recommend": {"S": "ja"},
        "best": {"S": "Samtalene."},
    }
    link = aws.get_item(TableName=TABLE, Key={"PK": {"S": f"EVALTOKEN#{token_hash(token)}"}, "SK": {"S": "META"}})
    assert set(link["Item"]) == {"PK", "SK", "entity", "course_id", "expires_at", "used"}
    assert {item["expires_at"]["N"] for item in items(aws, "EVALSENT#")} == {str(link_expires_at(ended))}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"overall": "9"}, "overall"),
        ({"useful": ""}, "useful"),
        ({"practical": "<3"}, "practical"),
        ({"recommend": "kanskje"}, "recommend"),
        ({"best": "<b>alt</b>"}, "best"),
        ({"improve": "x" * 1001}, "improve"),
    ],
)
def test_junk_gets_a_422_at_its_field_and_nothing_is_stored(
    gateway: Gateway, aws: Any, outbox: Any, changes: dict[str, str], field: str
) -> None:
    run_schedule(finished(aws, "grunnkurs-nr", people=1))
    (token,) = tokens(outbox)

    page = post(gateway, token, ANSWER | changes)
    as_json = post(gateway, token, ANSWER | changes, as_json=True)

    html = page.body.decode()
    assert page.status == 422 and f'id="felt-{field}-feil"' in html and 'href="#felt-' + field + '"' in html
    assert ">Samtalene.</textarea>" in html or field == "best", "the answers as sent"
    assert as_json.status == 422 and list(json.loads(as_json.body)["errors"]) == [field]
    assert items(aws, "EVALUATION#") == [] and "used" not in items(aws, "EVALTOKEN#")[0]
    assert post(gateway, token, ANSWER).status == 200


def test_a_forged_link_is_not_found_and_a_late_one_is_closed(gateway: Gateway, aws: Any) -> None:
    ended = finished(aws, "grunnkurs-gammelt", people=0, days_ago=40)
    late = new_token()
    DynamoEvaluationRepository(aws, TABLE).add_invitation(ended.id, "x", token_hash(late), link_expires_at(ended))

    forged = get(gateway, new_token())
    forged_post = post(gateway, "ikke-en-lenke", ANSWER, as_json=True)
    closed = get(gateway, late)

    assert forged.status == 404 and "Vi finner ikke evalueringen" in forged.body.decode()
    assert forged_post.status == 404
    assert closed.status == 410 and "Evalueringen er avsluttet" in closed.body.decode()
    assert post(gateway, late, ANSWER).status == 410 and items(aws, "EVALUATION#") == []


# The leaders ----------------------------------------------------------------------------------------------------------


def test_leaders_see_the_evaluations_of_the_courses_in_their_scope(
    api: Gateway, pool: Any, aws: Any, outbox: Any
) -> None:
    courses = {
        "nr": with_answers(api, aws, outbox, "grunnkurs-nr", "nedre-romerike", 3),
        "alle": finished(aws, "grunnkurs-alle", "alle", people=0),
        "follo": finished(aws, "grunnkurs-follo", "folloregionen", people=0),
    }
    who = ("anonymous", "nurse", "host_unit", "area_leader", "network_leader")
    sessions = {name: token_for(name, api, pool) for name in who}

    def status(name: str, key: str, csv_file: bool = False) -> int:
        path = f"/api/leder/kurs/{courses[key].id}/evaluering" + (".csv" if csv_file else "")
        return leader_call(api, "GET", path, sessions[name]).status

    assert [status(name, "nr") for name in who] == [303, 403, 403, 200, 200]
    assert [status(name, "nr", csv_file=True) for name in who] == [401, 403, 403, 200, 200]
    assert [status(name, key) for name in ("area_leader", "network_leader") for key in ("alle", "follo")] == [
        200,
        403,
        200,
        200,
    ]
    assert leader_call(api, "GET", "/api/leder/kurs/finnes-ikke/evaluering", sessions["network_leader"]).status == 404
    page = leader_call(api, "GET", "/api/leder/kurs/grunnkurs-nr/evaluering", sessions["area_leader"])
    html = page.body.decode()
    assert dict(page.headers)["Content-Type"].startswith("text/html") and html.count("<svg") == 3
    assert "Svar 0" in html and "3 (75 prosent)" in html and 'href="/leder/"' in html
    exported = leader_call(api, "GET", "/api/leder/kurs/grunnkurs-nr/evaluering.csv", sessions["area_leader"])
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Hvor fornøyd er du med kurset alt i alt?" and len(rows) == 4
    assert sorted(row[4] for row in rows[1:]) == ["Svar 0", "Svar 1", "Svar 2"]
    assert all("@" not in cell for row in rows for cell in row), "no email in the export"
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", sessions["network_leader"]).body)
    assert any(e["action"] == "export" and e["subject"] == "evaluering-grunnkurs-nr" for e in audit["entries"])


def test_fewer_than_three_answers_show_only_the_counts(api: Gateway, pool: Any, aws: Any, outbox: Any) -> None:
    with_answers(api, aws, outbox, "grunnkurs-to", "nedre-romerike", 2)
    session = token_for("network_leader", api, pool)

    page = leader_call(api, "GET", "/api/leder/kurs/grunnkurs-to/evaluering", session).body.decode()
    exported = leader_call(api, "GET", "/api/leder/kurs/grunnkurs-to/evaluering.csv", session, query="format=komma")

    assert "For få svar til å vise resultatene" in page and "<svg" not in page and "Svar 0" not in page
    assert "2 (67 prosent)" in page
    assert exported.status == 200 and exported.body.decode("utf-8-sig").strip().count("\n") == 0, "the header only"
