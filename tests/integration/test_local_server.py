"""The whole slice over HTTP: the local server turns requests into API Gateway events for the real handler, which
writes to DynamoDB Local. What a nurse's browser and the JavaScript do, and what junk gets."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest

from courses.repository import DynamoCourseRepository
from tests.support.mail import settled_outbox
from tests.support.samples import form
from tests.support.stack import Site

FORM = "application/x-www-form-urlencoded"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


opener = urllib.request.build_opener(NoRedirect)


def post(
    site: Site, course_id: str, body: bytes | str, content_type: str = FORM, accept: str = "text/html"
) -> tuple[int, dict[str, str], str]:
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(
        f"{site.url}/api/kurs/{course_id}/pameldinger",
        data=data,
        method="POST",
        headers={"Content-Type": content_type, "Accept": accept},
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def stored(repository: DynamoCourseRepository, course_id: str) -> int:
    return len(list(repository.registrations(course_id)))


def test_a_browser_signs_up_and_is_sent_to_the_receipt(
    site: Site, new_course: Any, repository: DynamoCourseRepository
) -> None:
    course = new_course()
    status, headers, _ = post(site, course.id, urlencode(form()))
    assert status == 303
    assert headers["Location"].startswith("/api/pameldinger/")
    with urllib.request.urlopen(site.url + headers["Location"], timeout=10) as response:
        assert "Takk! Du er påmeldt" in response.read().decode()
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert stored(repository, course.id) == 1


def test_the_same_email_again_gets_a_clear_message(
    site: Site, new_course: Any, repository: DynamoCourseRepository
) -> None:
    course = new_course()
    assert post(site, course.id, urlencode(form(form_token="first-visit")))[0] == 303
    status, _, page = post(site, course.id, urlencode(form(form_token="second-visit")))
    assert status == 409
    assert "Denne e-postadressen er allerede påmeldt kurset" in page
    assert stored(repository, course.id) == 1


def test_javascript_gets_json(site: Site, new_course: Any) -> None:
    course = new_course()
    status, _, body = post(site, course.id, json.dumps(form()), "application/json", "application/json")
    assert status == 201
    assert json.loads(body)["receipt_url"].startswith("/api/pameldinger/")


def test_25_sign_ups_at_once_on_a_20_seat_course_give_20_seats_and_5_places_in_line(
    site: Site, new_course: Any, repository: DynamoCourseRepository
) -> None:
    course = new_course(capacity=20)
    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(
            pool.map(
                lambda n: post(
                    site,
                    course.id,
                    json.dumps(form(email=f"person{n}@example.no")),
                    "application/json",
                    "application/json",
                ),
                range(25),
            )
        )
    bodies = [json.loads(body) for status, _, body in answers if status == 201]
    assert len(bodies) == 25
    assert sorted(b["position"] for b in bodies if b["status"] == "waitlisted") == [1, 2, 3, 4, 5]
    registrations = list(repository.registrations(course.id))
    assert sum(r.confirmed for r in registrations) == 20 and len(registrations) == 25
    assert repository.counts(course.id).confirmed == 20


JUNK = [
    pytest.param("", FORM, id="missing fields"),
    pytest.param(urlencode(form(name="x" * 10_000)), FORM, id="10 kB name"),
    pytest.param(urlencode(form(email="kari.example.no")), FORM, id="bad email"),
    pytest.param(urlencode(form(name="<script>alert(1)</script>")), FORM, id="script in name"),
    pytest.param(b"name=K%E5re" + b"&x=\xe5", FORM, id="not utf-8"),
    pytest.param(urlencode(form()), "text/plain", id="wrong content type"),
    pytest.param(json.dumps(["not", "an", "object"]), "application/json", id="json not an object"),
]


@pytest.mark.parametrize(("body", "content_type"), JUNK)
def test_junk_gets_a_4xx_with_a_message_and_nothing_is_stored(
    site: Site, new_course: Any, repository: DynamoCourseRepository, body: bytes | str, content_type: str
) -> None:
    course = new_course()
    status, _, page = post(site, course.id, body, content_type)
    assert 400 <= status < 500
    assert "Skjemaet" in page or "skjemaet" in page
    assert stored(repository, course.id) == 0
    assert repository.counts(course.id).confirmed == 0


def test_an_unknown_route_is_a_404_not_a_crash(site: Site) -> None:
    request = urllib.request.Request(f"{site.url}/api/finnes-ikke", method="GET")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 404


def test_the_built_course_page_and_receipt_are_served(site: Site) -> None:
    with urllib.request.urlopen(f"{site.url}/kurs/{site.open_course}/", timeout=10) as response:
        page = response.read().decode()
    assert f'action="/api/kurs/{site.open_course}/pameldinger"' in page
    status, headers, _ = post(site, site.open_course, urlencode(form(email="side@example.no")))
    assert status == 303
    with urllib.request.urlopen(site.url + headers["Location"], timeout=10) as response:
        assert "Takk! Du er påmeldt" in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(site.url + "/api/pameldinger/" + "forfalsket" * 4, timeout=10)
    assert caught.value.code == 404 and "Vi finner ikke påmeldingen" in caught.value.read().decode()


def get_page(site: Site, path: str) -> tuple[int, str, bytes]:
    try:
        with opener.open(f"{site.url}{path}", timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_the_local_outbox_lists_the_emails_and_shows_each_with_its_parts(site: Site, new_course: Any) -> None:
    # Given a sign-up by Kari
    course = new_course()
    post(site, course.id, urlencode(form(email="kari.outbox@example.no")))
    settled_outbox()  # the mail worker on the table's stream has sent it into the folder
    # Then /_outbox/ lists her confirmation, newest first, and opens it: text, HTML part, the .eml itself
    status, kind, listing = get_page(site, "/_outbox/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    page = listing.decode()
    assert "kari.outbox@example.no" in page and "Du er påmeldt: Grunnkurs i palliasjon" in page
    name = page.split('href="/_outbox/', 1)[1].split('"', 1)[0]
    status, _, shown = get_page(site, f"/_outbox/{name}")
    assert status == 200 and "/api/pameldinger/" in shown.decode() and f"{course.id}.ics" in shown.decode()
    assert get_page(site, f"/_outbox/{name}.eml")[1] == "message/rfc822"
    assert b"<html" in get_page(site, f"/_outbox/{name}.html")[2]
    # and nothing else is served from there
    for wrong in ("/_outbox/finnes-ikke", "/_outbox/..%2F..%2Fetc%2Fpasswd", f"/_outbox/{name}.txt"):
        assert get_page(site, wrong)[0] == 404, wrong


def test_the_local_schedule_runs_at_start_then_at_its_interval_and_survives_a_failed_run() -> None:
    import threading

    from local.schedule import LocalSchedule

    runs: list[int] = []
    twice = threading.Event()

    def job() -> dict[str, int]:
        runs.append(1)
        if len(runs) >= 2:
            twice.set()
        if len(runs) == 1:
            raise RuntimeError("DynamoDB Local not up yet")
        return {"evaluation": 1}

    schedule = LocalSchedule(minutes=0.001, job=job).start()
    assert twice.wait(5), "a failed run must not stop the schedule"
    schedule.stop()
    count = len(runs)
    threading.Event().wait(0.2)
    assert len(runs) == count, "stopped means stopped"
