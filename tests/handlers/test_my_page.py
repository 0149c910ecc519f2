"""Min side (functions/people/) through the real sign-up handler on moto: the link by email, its one use, the page,
and what she changes herself (a cancelled seat goes to the first in line; a corrected phone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from courses.repository import DynamoCourseRepository
from local.gateway import LambdaContext, http_event
from tests.handlers.test_signup import post as sign_up
from tests.support.guard import aged_stamp
from tests.support.samples import course, form

FORM = "application/x-www-form-urlencoded"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
KARI = "kari.nordmann@example.no"
OLA = "ola.hansen@example.no"
LINK = re.compile(r"https?://[^/\s]+(/api/min-side/inn/[A-Za-z0-9_-]+)")


def call(
    app: Any,
    method: str,
    path: str,
    route: str,
    params: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
    session: str | None = None,
) -> dict[str, Any]:
    headers = {"Accept": BROWSER} | ({"Content-Type": FORM} if fields is not None else {})
    if session:
        headers["Cookie"] = f"lindra_min_side={session}"
    query = path.partition("?")[2]
    event = http_event(
        method,
        path.partition("?")[0],
        headers,
        urlencode(fields) if fields is not None else None,
        query=query,
        path_parameters=params or {},
        route_key=f"{method} {route}",
    )
    if query:
        event["queryStringParameters"] = dict(part.split("=", 1) for part in query.split("&"))
    response: dict[str, Any] = app.lambda_handler(event, LambdaContext("SignupFunction"))
    return response


def ask(app: Any, email: str) -> dict[str, Any]:
    return call(app, "POST", "/api/min-side/lenke", "/api/min-side/lenke", fields={"email": email, **stamp()})


def stamp() -> dict[str, str]:
    return {"form_started": aged_stamp()}


def links_to(outbox: Any, email: str) -> list[str]:
    found = []
    for message in outbox():
        if message["To"].addresses[0].addr_spec == email and "Min side" in message["Subject"]:
            found += LINK.findall(message.get_body(("plain",)).get_content())
    return found


def open_link(app: Any, path: str) -> dict[str, Any]:
    token = path.rsplit("/", 1)[-1]
    return call(app, "POST", path, "/api/min-side/inn/{token}", {"token": token}, fields={})


def session_of(response: dict[str, Any]) -> str:
    (cookie,) = [text for text in response.get("cookies", []) if text.startswith("lindra_min_side=")]
    return cookie.split(";")[0].partition("=")[2]


def page(app: Any, session: str | None, query: str = "") -> dict[str, Any]:
    return call(app, "GET", f"/api/min-side{query}", "/api/min-side", session=session)


def signed_in(app: Any, outbox: Any, email: str) -> str:
    assert ask(app, email)["statusCode"] == 303
    return session_of(open_link(app, links_to(outbox, email)[-1]))


@pytest.fixture
def full_course(aws: Any, app: Any) -> str:
    """A course of one seat: Kari has it, Ola is first in line."""
    DynamoCourseRepository(aws, "LindraTable").put_course(course("grunnkurs-test", capacity=1, now=datetime.now(UTC)))
    for email, name in ((KARI, "Kari Nordmann"), (OLA, "Ola Hansen")):
        assert sign_up(app, "grunnkurs-test", urlencode(form(email=email, name=name)))["statusCode"] == 303
    return "grunnkurs-test"


def registration_ids(html: str) -> list[str]:
    return re.findall(r'action="[^"]*/api/min-side/pameldinger/grunnkurs-test/([^"/]+)/avmelding"', html)


def test_a_known_address_gets_a_link_and_an_unknown_one_the_same_answer_and_no_email(
    app: Any, outbox: Any, full_course: str
) -> None:
    known, unknown = ask(app, KARI), ask(app, "ingen.her@example.no")
    assert known["statusCode"] == unknown["statusCode"] == 303
    assert known["headers"]["Location"] == unknown["headers"]["Location"] == "/min-side/sendt/"
    assert len(links_to(outbox, KARI)) == 1
    assert [m for m in outbox() if m["To"].addresses[0].addr_spec == "ingen.her@example.no"] == []
    again = ask(app, KARI)  # within a minute: the same answer, no second email
    assert again["statusCode"] == 303 and len(links_to(outbox, KARI)) == 1


def test_a_bad_address_is_told_at_the_field(app: Any) -> None:
    response = ask(app, "kari@")
    assert response["statusCode"] == 422
    assert 'id="felt-email-feil"' in response["body"] and "Skriv inn en gyldig e-postadresse" in response["body"]


def test_the_link_opens_the_page_once_with_a_strict_cookie(app: Any, outbox: Any, full_course: str) -> None:
    ask(app, KARI)
    (path,) = links_to(outbox, KARI)
    token = path.rsplit("/", 1)[-1]
    looked = call(app, "GET", path, "/api/min-side/inn/{token}", {"token": token})
    assert looked["statusCode"] == 200 and 'id="til-min-side"' in looked["body"]  # a mail scanner's GET uses nothing
    opened = open_link(app, path)
    assert opened["statusCode"] == 303 and opened["headers"]["Location"] == "/api/min-side"
    (cookie,) = opened["cookies"]
    for part in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/min-side"):
        assert part in cookie
    assert open_link(app, path)["statusCode"] == 404, "a link works once"
    shown = page(app, session_of(opened))
    assert shown["statusCode"] == 200 and "no-store" in shown["headers"]["Cache-Control"]
    assert "Kari Nordmann" in shown["body"] and KARI in shown["body"]
    assert "Grunnkurs i palliasjon" in shown["body"] and "Ola Hansen" not in shown["body"]


def test_without_a_session_the_page_is_the_sign_in_form(app: Any) -> None:
    for session in (None, "not-a-session"):
        response = page(app, session)
        assert response["statusCode"] == 401
        assert 'action="/api/min-side/lenke"' in response["body"] or "/api/min-side/lenke" in response["body"]


def test_she_cancels_and_the_first_in_line_gets_the_seat_and_an_email(
    app: Any, aws: Any, outbox: Any, full_course: str
) -> None:
    session = signed_in(app, outbox, KARI)
    (registration,) = registration_ids(page(app, session)["body"])
    path = f"/api/min-side/pameldinger/{full_course}/{registration}/avmelding"
    route = "/api/min-side/pameldinger/{course_id}/{registration_id}/avmelding"
    done = call(app, "POST", path, route, {"course_id": full_course, "registration_id": registration}, stamp(), session)
    assert done["statusCode"] == 303 and done["headers"]["Location"] == "/api/min-side?endret=avmeldt-videre"
    after = page(app, session, "?endret=avmeldt-videre")["body"]
    assert "Du er meldt av" in after and registration_ids(after) == []
    stored = DynamoCourseRepository(aws, "LindraTable")
    ola = next(r for r in stored.registrations(full_course) if r.email == OLA)
    assert ola.status == "confirmed"
    assert any(m["To"].addresses[0].addr_spec == OLA and "plass" in m["Subject"].lower() for m in outbox())


def test_a_correction_is_checked_at_each_field_and_then_saved(
    app: Any, aws: Any, outbox: Any, full_course: str
) -> None:
    session = signed_in(app, outbox, KARI)
    (registration,) = registration_ids(page(app, session)["body"])
    path = f"/api/min-side/pameldinger/{full_course}/{registration}"
    route = "/api/min-side/pameldinger/{course_id}/{registration_id}"
    params = {"course_id": full_course, "registration_id": registration}
    refused = call(app, "POST", path, route, params, {"phone": "12", "workplace": "", **stamp()}, session)
    assert refused["statusCode"] == 422
    assert (
        f'id="phone-{registration}-feil"' in refused["body"]
        and f'id="workplace-{registration}-feil"' in refused["body"]
    )
    assert 'value="12"' in refused["body"], "what she sent is kept"
    stored = DynamoCourseRepository(aws, "LindraTable")
    assert next(r for r in stored.registrations(full_course) if r.email == KARI).phone == "91234567"
    saved = call(
        app,
        "POST",
        path,
        route,
        params,
        {"phone": "48 00 11 22", "workplace": "Lørenskog hjemmetjeneste", **stamp()},
        session,
    )
    assert saved["statusCode"] == 303 and saved["headers"]["Location"].endswith("endret=rettet")
    kari = next(r for r in stored.registrations(full_course) if r.email == KARI)
    assert (kari.phone, kari.workplace) == ("48001122", "Lørenskog hjemmetjeneste")


def test_another_persons_registration_cannot_be_touched(app: Any, aws: Any, outbox: Any, full_course: str) -> None:
    ola_session = signed_in(app, outbox, OLA)
    (ola_registration,) = registration_ids(page(app, ola_session)["body"])
    kari_session = signed_in(app, outbox, KARI)
    path = f"/api/min-side/pameldinger/{full_course}/{ola_registration}/avmelding"
    route = "/api/min-side/pameldinger/{course_id}/{registration_id}/avmelding"
    params = {"course_id": full_course, "registration_id": ola_registration}
    assert call(app, "POST", path, route, params, stamp(), kari_session)["statusCode"] == 404
    assert call(app, "POST", path, route, params, stamp())["statusCode"] == 401, "nobody signed in"
    stored = DynamoCourseRepository(aws, "LindraTable")
    assert {r.email: r.status for r in stored.registrations(full_course)} == {KARI: "confirmed", OLA: "waitlisted"}


def test_signing_out_ends_the_session(app: Any, outbox: Any, full_course: str) -> None:
    session = signed_in(app, outbox, KARI)
    out = call(app, "POST", "/api/min-side/utlogging", "/api/min-side/utlogging", fields=stamp(), session=session)
    assert out["statusCode"] == 303 and out["headers"]["Location"] == "/min-side/"
    assert any("Max-Age=0" in cookie or "max-age=0" in cookie.lower() for cookie in out["cookies"])
    assert page(app, session)["statusCode"] == 401
