"""The guards in front of every public form, through the real handlers: a filled-in honeypot is a 400, a form sent
without its signed start (a browser without JavaScript), with a forged one or too soon is a 422, and neither stores
anything. A browser gets the form back with its answers, a fresh start and a kind message, and one more click
sends it; a script gets the message and a fresh start in the JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from courses.repository import DynamoCourseRepository
from local.gateway import Answer, Gateway
from tests.support.guard import aged_stamp
from tests.support.hospitation import Person, request_fields
from tests.support.leaders_api import SEEDED
from tests.support.roster import report_fields
from tests.support.samples import course, form

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
AGAIN = "Se over skjemaet og send det på nytt."
COURSE = "grunnkurs-vakt"
MEETING = "nettverksmote-vakt"


def stored(aws: Any) -> list[dict[str, Any]]:
    """The table without the units seeded from network.json."""
    return [item for item in aws.scan(TableName="LindraTable")["Items"] if item["PK"]["S"] not in SEEDED]


def nurse() -> dict[str, str]:
    return request_fields(Person("Åse Vakt", "ase.vakt@example.no", "Lise Leder", "lise.vakt@example.no"))


FORMS: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "sign-up": (f"/api/kurs/{COURSE}/pameldinger", lambda: form()),
    "absence": (
        f"/api/kurs/{MEETING}/fravaer",
        lambda: {"name": "Kari Nordmann", "email": "kari@example.no", "reason": "Syk", "form_started": aged_stamp()},
    ),
    "hospitation": ("/api/hospitering", nurse),
    "change report": ("/api/endringsmeldinger", lambda: report_fields("new")),
}


@pytest.fixture
def site(api: Gateway, aws: Any) -> Gateway:
    repository = DynamoCourseRepository(aws, "LindraTable")
    repository.put_course(course(COURSE, now=datetime.now(UTC)))
    repository.put_course(course(MEETING, now=datetime.now(UTC), kind="nettverksmote", area="nedre-romerike"))
    return api


def send(api: Gateway, path: str, fields: dict[str, Any], as_json: bool = False) -> Answer:
    if as_json:
        headers = {"Content-Type": JSON, "Accept": JSON}
        return api.handle("POST", path, "", headers, json.dumps(fields).encode())
    headers = {"Content-Type": FORM, "Accept": BROWSER}
    return api.handle("POST", path, "", headers, urlencode(fields).encode())


def stamp_in(page: str) -> str:
    found = re.search(r'name="form_started" value="([^"]*)"', page)
    assert found, "the page has a form with a start"
    return found.group(1)


@pytest.mark.parametrize("name", FORMS)
def test_a_filled_in_honeypot_is_a_400_and_stores_nothing(site: Gateway, aws: Any, name: str) -> None:
    path, fields = FORMS[name]
    before = stored(aws)
    for as_json in (False, True):
        answer = send(site, path, fields() | {"website": "https://billig.example"}, as_json)
        assert answer.status == 400, answer.body[:300]
    assert stored(aws) == before


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_too_soon_forged_or_without_its_start_is_a_422_and_stores_nothing(
    site: Gateway, aws: Any, name: str
) -> None:
    from common.form_guard import new_stamp

    path, fields = FORMS[name]
    before = stored(aws)
    forged = aged_stamp().rsplit(".", 1)[0] + ".0123456789abcdef0123456789abcdef"
    for started in ("", new_stamp(), forged, "1800000000000"):
        answer = send(site, path, fields() | {"form_started": started}, as_json=True)
        body = json.loads(answer.body)
        assert (answer.status, body["message"], body["errors"]) == (422, AGAIN, {}), started
        assert body["form_started"], "a fresh start to send the form with"
    assert stored(aws) == before


@pytest.mark.parametrize("name", FORMS)
def test_without_javascript_the_form_comes_back_once_with_its_answers_and_one_more_click_sends_it(
    site: Gateway, aws: Any, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common import form_guard

    path, fields = FORMS[name]
    sent = {key: value for key, value in fields().items() if key != "form_started"} | {"form_started": ""}
    before = stored(aws)

    first = send(site, path, sent)

    page = first.body.decode()
    assert first.status == 422 and AGAIN in page
    assert "Kari Nordmann" in page or "Åse Vakt" in page or "Une Enhetsleder" in page, "the answers are kept"
    assert 'aria-hidden="true"' in page and 'tabindex="-1"' in page and 'name="website" value=""' in page
    assert stored(aws) == before
    started = stamp_in(page)
    later = form_guard.clock() + 5  # the person looks the form over, and sends it again
    monkeypatch.setattr(form_guard, "clock", lambda: later)

    second = send(site, path, sent | {"form_started": started})

    assert second.status in (201, 303), second.body[:500]
    assert len(stored(aws)) > len(before)


def test_the_static_pages_script_gets_a_start_that_is_never_cached(site: Gateway) -> None:
    from common.form_guard import stamp_time

    answer = site.handle("GET", "/api/skjema/start", "", {"Accept": JSON}, b"")
    headers = dict(answer.headers)
    assert answer.status == 200 and headers["Cache-Control"] == "no-store"
    assert stamp_time(json.loads(answer.body)["stamp"]) is not None


def test_the_cancel_button_needs_its_pages_start_and_an_empty_honeypot(site: Gateway, aws: Any) -> None:
    receipt = send(site, f"/api/kurs/{COURSE}/pameldinger", form()).headers
    location = dict(receipt)["Location"]
    page = site.handle("GET", location, "", {"Accept": BROWSER}, b"").body.decode()
    started = stamp_in(page)
    cancel = f"{location}/avmelding"

    trapped = send(site, cancel, {"form_started": started, "website": "x"})
    without = send(site, cancel, {"website": ""})
    at_once = send(site, cancel, {"form_started": started, "website": ""})

    assert (trapped.status, without.status) == (400, 422)
    assert at_once.status == 303, "a button alone may be pressed at once"
