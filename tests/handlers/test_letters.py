"""A leader's letter through the real handlers and the template's routes, on moto: an area leader sends the agenda
(a PDF) to a meeting's confirmed people with their leaders on copy; the outbox holds one email per person and per
distinct leader, each with a working link to the file; the participants' own pages list it; nobody on the waiting
list or outside the leader's scope gets it; a bad form is told at its fields and stores nothing."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from common.tokens import new_token, token_hash
from courses.repository import DynamoCourseRepository
from local import files
from local.gateway import Gateway
from tests.handlers.clock import oslo_today
from tests.support.leaders_api import leader_call, token_for
from tests.support.samples import registration

AREA = "nedre-romerike"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def tokens(api: Gateway, pool: dict[str, str]) -> dict[str, str | None]:
    return {who: token_for(who, api, pool) for who in ("area_leader", "other_area_leader", "network_leader")}


def body(answer: Any) -> Any:
    return json.loads(answer.body)


def a_meeting(api: Gateway, token: str | None) -> str:
    day = oslo_today() + timedelta(days=20)
    form = {
        "title": "Nettverksmøte Nedre Romerike",
        "kind": "nettverksmote",
        "area": AREA,
        "days": [{"day": day.isoformat(), "start": "12:30", "end": "15:30"}],
        "place": "Helsehuset i Lørenskog",
        "capacity": 3,
        "registration_deadline": (day - timedelta(days=3)).isoformat(),
        "cancellation_deadline": "",
        "audience": "Ressurssykepleiere",
        "summary": "",
        "description": "",
        "questions": [],
        "leader_can_join": False,
    }
    made = leader_call(api, "POST", "/api/leder/kurs", token, form)
    assert made.status == 201, made.body
    course_id = str(body(made)["course"]["id"])
    assert leader_call(api, "POST", f"/api/leder/kurs/{course_id}/publisering", token, {"version": 1}).status == 200
    return course_id


def multipart(fields: dict[str, str], data: bytes, name: str) -> tuple[str, bytes]:
    """The form as a browser posts it to S3: the fields first, the file last."""
    boundary = "----lindra-test"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def attach(api: Gateway, token: str | None, name: str = "Agenda.pdf", data: bytes = PDF) -> str:
    started = leader_call(api, "POST", "/api/leder/vedlegg", token, {"name": name, "size": len(data)})
    assert started.status == 201, started.body
    answer = body(started)
    assert urlsplit(answer["url"]).path == "/_vedlegg/opplasting"
    content_type, raw = multipart(answer["fields"], data, name)
    assert files.upload(content_type, raw)[0] == 204
    return str(answer["file"]["id"])


def test_the_agenda_goes_to_each_confirmed_person_and_once_to_each_leader_with_a_working_link(
    api: Gateway, tokens: dict, aws: Any, outbox: Any
) -> None:
    course_id = a_meeting(api, tokens["area_leader"])
    repo = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    own_tokens = {}
    people = [
        ("kari@lorenskog.kommune.no", "Kari", "lise@lorenskog.kommune.no"),
        ("per@lorenskog.kommune.no", "Per", "lise@lorenskog.kommune.no"),
        ("ola@raelingen.kommune.no", "Ola", "berit@raelingen.kommune.no"),
        ("vera@lorenskog.kommune.no", "Vera", "lise@lorenskog.kommune.no"),  # the fourth: on the waiting list
    ]
    for email, name, leader in people:
        secret = new_token()
        own_tokens[name] = secret
        person = registration(course_id, email, name).model_copy(
            update={"leader_email": leader, "leader_name": "Leder", "token_hash": token_hash(secret)}
        )
        repo.add_registrations([person])
    outbox()  # the receipts, out of the way
    before = {m["Message-ID"] for m in outbox()}
    file_id = attach(api, tokens["area_leader"])
    letter = {
        "audience": "course",
        "course_id": course_id,
        "groups": ["confirmed"],
        "leaders_copy": True,
        "subject": "Agenda for nettverksmøtet",
        "text": "Hei! Her er **agendaen**.",
        "attachments": [file_id],
    }
    preview = leader_call(api, "POST", "/api/leder/meldinger/forhandsvisning", tokens["area_leader"], letter)
    assert preview.status == 200, preview.body
    assert body(preview)["recipients"] == 5 and "<strong>agendaen</strong>" in body(preview)["html"]
    letter["send_key"] = "3f2a9c1e-0d4b-4c1a-9e55-7d1c2b3a4f50"
    sent = leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter)
    assert sent.status == 202, sent.body
    letter_id = body(sent)["letter"]["id"]
    again = leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter)
    assert again.status == 202 and body(again)["letter"]["id"] == letter_id, "a double click sends it once"
    emails = [m for m in outbox() if m["Message-ID"] not in before]
    assert sorted(m["To"].addresses[0].addr_spec for m in emails) == sorted(
        [
            "kari@lorenskog.kommune.no",
            "per@lorenskog.kommune.no",
            "ola@raelingen.kommune.no",
            "lise@lorenskog.kommune.no",
            "berit@raelingen.kommune.no",
        ]
    ), "one email per confirmed person and per distinct leader; nobody on the waiting list"
    for message in emails:
        (recipient,) = message["To"].addresses
        raw = message.as_string()
        others = {a for a, *_ in people} | {"lise@lorenskog.kommune.no", "berit@raelingen.kommune.no"}
        assert not [o for o in others - {recipient.addr_spec} if o in raw], "no other recipient's address"
        assert message["Cc"] is None and message["Bcc"] is None and message["List-Unsubscribe"] is None
        text = message.get_body(("plain",)).get_content()
        (link,) = re.findall(r"https?://\S+/api/vedlegg/\S+", text)
        found = api.handle("GET", urlsplit(link).path, "", {"Accept": "text/html"}, b"")
        assert found.status == 303
        location = dict(found.headers)["Location"]
        assert urlsplit(location).path == "/_vedlegg/fil"
        status, headers, data = files.download(urlsplit(location).query)
        assert status == 200 and data == PDF and headers["Content-Type"] == "application/pdf"
    own = api.handle("GET", f"/api/pameldinger/{own_tokens['Kari']}", "", {"Accept": "text/html"}, b"")
    assert "Agenda for nettverksmøtet" in own.body.decode() and "Agenda.pdf" in own.body.decode()
    waiting = api.handle("GET", f"/api/pameldinger/{own_tokens['Vera']}", "", {"Accept": "text/html"}, b"")
    assert "Agenda for nettverksmøtet" not in waiting.body.decode()
    detail = body(leader_call(api, "GET", f"/api/leder/meldinger/{letter_id}", tokens["area_leader"]))
    assert detail["progress"]["sent"] == 5 and detail["progress"]["text"] == "Sendt 5 av 5"
    listed = body(leader_call(api, "GET", f"/api/leder/kurs/{course_id}/meldinger", tokens["area_leader"]))
    assert [item["id"] for item in listed["letters"]] == [letter_id]
    other = leader_call(api, "GET", f"/api/leder/meldinger/{letter_id}", tokens["other_area_leader"])
    assert other.status == 404, "another area's leader does not see it"
    audit = aws.scan(
        TableName="LindraTable",
        FilterExpression="#a = :a",
        ExpressionAttributeNames={"#a": "action"},
        ExpressionAttributeValues={":a": {"S": "letter_sent"}},
    )["Items"]
    assert [(item["actor"]["S"], item["rows"]["N"]) for item in audit] == [("omrade@example.no", "5")]


def test_a_letter_outside_the_leaders_scope_or_with_mistakes_is_refused_and_stores_nothing(
    api: Gateway, tokens: dict, aws: Any
) -> None:
    course_id = a_meeting(api, tokens["area_leader"])
    letter = {"audience": "course", "course_id": course_id, "groups": ["confirmed"], "subject": "Hei", "text": "Hei"}
    refused = leader_call(api, "POST", "/api/leder/meldinger", tokens["other_area_leader"], letter)
    assert refused.status == 403
    roster = {"audience": "roster", "area": "alle", "groups": ["nurses"], "subject": "Hei", "text": "Hei"}
    assert leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], roster).status == 403
    wrong = leader_call(
        api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter | {"groups": "alle", "subject": ""}
    )
    assert wrong.status == 422 and set(body(wrong)["errors"]) == {"groups", "subject"}
    nobody = leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter)
    assert nobody.status == 422 and "Ingen får" in body(nobody)["message"]
    exe = leader_call(api, "POST", "/api/leder/vedlegg", tokens["area_leader"], {"name": "x.exe", "size": 10})
    assert exe.status == 422 and "file" in body(exe)["errors"]
    file_id = attach(api, tokens["area_leader"], "Falsk.pdf", b"MZ\x90\x00 this is a program")
    fake = leader_call(
        api, "POST", "/api/leder/meldinger/forhandsvisning", tokens["area_leader"], letter | {"attachments": [file_id]}
    )
    assert fake.status == 422 and "Falsk.pdf" in body(fake)["errors"]["attachments"]
    stored = aws.scan(
        TableName="LindraTable",
        FilterExpression="begins_with(PK, :l)",
        ExpressionAttributeValues={":l": {"S": "LETTER#"}},
    )["Items"]
    assert stored == []


def test_a_file_goes_to_s3_with_a_form_for_its_size_and_type_and_comes_back_behind_a_short_link(
    aws: Any,
) -> None:
    import boto3
    import requests

    from common.files import S3Store, _regional_s3

    region = os.environ["AWS_REGION"]
    boto3.client("s3").create_bucket(Bucket="vedlegg", CreateBucketConfiguration={"LocationConstraint": region})
    store = S3Store(_regional_s3(region), "vedlegg")
    form = store.upload_form("vedlegg/01FILE", "application/pdf", 1000)
    assert form.url == f"https://vedlegg.s3.{region}.amazonaws.com/", "the CSP's one host: the regional one"
    posted = requests.post(form.url, data=form.fields, files={"file": ("a.pdf", PDF, "application/pdf")}, timeout=5)
    assert posted.status_code in (200, 204), posted.text
    assert store.size("vedlegg/01FILE") == len(PDF) and store.first_bytes("vedlegg/01FILE").startswith(b"%PDF")
    import base64

    policy = json.loads(base64.b64decode(form.fields["policy"]))
    assert ["content-length-range", 1, 1000] in policy["conditions"], "S3 refuses a bigger file (moto does not)"
    assert {"Content-Type": "application/pdf"} in policy["conditions"] and {"key": "vedlegg/01FILE"} in policy[
        "conditions"
    ]
    assert store.size("vedlegg/none") is None
    link = store.download_url("vedlegg/01FILE", "Agenda mars.pdf", "application/pdf")
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["300"] and "Agenda%20mars.pdf" in query["response-content-disposition"][0]


def test_a_roster_letter_goes_to_the_areas_nurses_in_the_role_with_a_one_click_unsubscribe(
    api: Gateway, tokens: dict, aws: Any, outbox: Any
) -> None:
    from local.demo import seed_roster
    from roster.repository import DynamoRosterRepository

    seed_roster(aws, "LindraTable")
    outbox()
    before = {m["Message-ID"] for m in outbox()}
    nurses = {e.email for e in DynamoRosterRepository(aws, "LindraTable").entries_in_area(AREA) if e.end is None}
    assert nurses, "the demo roster has nurses in the area"
    letter = {"audience": "roster", "area": AREA, "groups": ["nurses"], "subject": "Ny strategi", "text": "Les den!"}
    sent = leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter)
    assert sent.status == 202, sent.body
    emails = [m for m in outbox() if m["Message-ID"] not in before]
    assert {m["To"].addresses[0].addr_spec for m in emails} == nurses
    for message in emails:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.fullmatch(r"<https?://\S+/api/epostliste/\S+>", message["List-Unsubscribe"])
        assert "Meld deg av her" in message.get_body(("plain",)).get_content()
    listed = body(leader_call(api, "GET", "/api/leder/meldinger", tokens["area_leader"]))["letters"]
    assert [item["subject"] for item in listed] == ["Ny strategi"]
    assert body(leader_call(api, "GET", "/api/leder/meldinger", tokens["other_area_leader"]))["letters"] == []


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nettverket</title>
<entry><title>Ny strategi vedtatt</title><link href="/nyheter/ny-strategi-vedtatt/" rel="alternate"/>
<published>2026-11-30T09:00:00+01:00</published><summary type="html">&lt;p&gt;Kort.&lt;/p&gt;</summary>
<content type="html">&lt;p&gt;Styringsgruppen har vedtatt &lt;a href="/dokumenter/strategi/"&gt;strategien&lt;/a&gt;.
&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content></entry>
</feed>"""


def test_a_news_article_goes_to_the_confirmed_subscribers_and_one_click_takes_one_off_the_next(
    api: Gateway, tokens: dict, outbox: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from urllib.parse import urlencode

    from tests.support.guard import guarded

    site = tmp_path / "site"
    (site / "nyheter").mkdir(parents=True)
    (site / "nyheter" / "atom.xml").write_text(FEED, encoding="utf-8")
    monkeypatch.setenv("SITE_OUTPUT", str(site))
    from common.settings import settings

    settings.cache_clear()
    form = {"Accept": "text/html", "Content-Type": "application/x-www-form-urlencoded"}
    for address in ("abonnent.en@example.no", "abonnent.to@example.no", "ubekreftet@example.no"):
        api.handle("POST", "/api/nyhetsbrev", "", form, urlencode(guarded({"email": address})).encode())
    for message in outbox():
        if "ubekreftet" in str(message["To"]):
            continue
        token = message.get_body(("plain",)).get_content().split("/api/nyhetsbrev/bekreft/")[1].split()[0]
        assert api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", form, b"").status == 200
    before = {m["Message-ID"] for m in outbox()}
    choices = body(leader_call(api, "GET", "/api/leder/meldinger/valg", tokens["network_leader"]))
    assert choices["newsletter"] and choices["articles"][0]["id"] == "nyheter/ny-strategi-vedtatt/"
    assert body(leader_call(api, "GET", "/api/leder/meldinger/valg", tokens["area_leader"]))["newsletter"] is False
    issue = {"audience": "newsletter", "article": "nyheter/ny-strategi-vedtatt/", "subject": "", "text": ""}
    assert leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], issue).status == 403
    sent = leader_call(api, "POST", "/api/leder/meldinger", tokens["network_leader"], issue)
    assert sent.status == 202, sent.body
    emails = [m for m in outbox() if m["Message-ID"] not in before]
    assert sorted(m["To"].addresses[0].addr_spec for m in emails) == [
        "abonnent.en@example.no",
        "abonnent.to@example.no",
    ]
    first = next(m for m in emails if "abonnent.en" in str(m["To"]))
    assert first["Subject"] == "Ny strategi vedtatt"
    html = first.get_body(("html",)).get_content()
    assert 'href="http://127.0.0.1:8000/dokumenter/strategi/"' in html and "<script" not in html
    one_click = urlsplit(first["List-Unsubscribe"].strip("<>")).path
    left = api.handle(
        "POST", one_click, "", {"Content-Type": "application/x-www-form-urlencoded"}, b"List-Unsubscribe=One-Click"
    )
    assert left.status == 200
    before = {m["Message-ID"] for m in outbox()}
    assert leader_call(api, "POST", "/api/leder/meldinger", tokens["network_leader"], issue).status == 202
    again = [m for m in outbox() if m["Message-ID"] not in before]
    assert [m["To"].addresses[0].addr_spec for m in again] == ["abonnent.to@example.no"]


def test_a_roster_letter_to_the_unit_leaders_goes_once_to_each_leader_as_last_reported(
    api: Gateway, tokens: dict, aws: Any, outbox: Any
) -> None:
    from local.demo import seed_roster
    from roster.live import unit_leaders

    seed_roster(aws, "LindraTable")
    outbox()
    before = {m["Message-ID"] for m in outbox()}
    leaders = {leader.email for leader in unit_leaders(AREA)}
    assert leaders, "the demo roster's reports name a unit leader"
    letter = {
        "audience": "roster",
        "area": AREA,
        "groups": ["unit_leaders"],
        "subject": "Til enhetslederne",
        "text": "Hei!",
    }
    sent = leader_call(api, "POST", "/api/leder/meldinger", tokens["area_leader"], letter)
    assert sent.status == 202, sent.body
    emails = [m for m in outbox() if m["Message-ID"] not in before]
    assert sorted(m["To"].addresses[0].addr_spec for m in emails) == sorted(leaders)
