"""Hospitation on the real local stack, for the integration and browser tiers: a filled-in request form, HTTP calls
as a browser or the leaders' page makes them (no redirect followed), the emails in the outbox, and the request's item
in DynamoDB Local."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from common.formatting import OSLO
from common.tokens import token_hash
from local.totp import fresh_code
from local.user_pool import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.support.guard import aged_stamp, guarded
from tests.support.stack import TABLE, Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

HOST_UNIT = "ahus-palliativt-senter"  # its coordinator is the demo user vertsenhet@example.no
HOST_UNIT_EMAIL = "palliativt.senter@example.no"
HOST_COORDINATOR = "vertsenhet@example.no"
FORM = "application/x-www-form-urlencoded"


def today() -> date:
    return datetime.now(OSLO).date()


@dataclass(frozen=True)
class Person:
    """A nurse and her nearest leader with names and addresses of their own, so that a test finds its own emails in
    the outbox every test writes to."""

    name: str
    email: str
    leader_name: str
    leader_email: str

    @classmethod
    def new(cls, first: str = "Åse") -> Person:
        tag = uuid.uuid4().hex[:10]
        return cls(
            name=f"{first} Ødegård {tag}",
            email=f"sykepleier.{tag}@example.no",
            leader_name=f"Lise Leder {tag}",
            leader_email=f"leder.{tag}@lorenskog.kommune.no",  # an employer domain: mailed at once
        )


def request_fields(person: Person, **overrides: str) -> dict[str, str]:
    """The request form as a browser sends it: a nurse in Lørenskog (Nedre Romerike) who wants to visit Ahus's
    palliative centre in one of two periods, three and six weeks from today."""
    start = today()
    values = {
        "name": person.name,
        "email": person.email,
        "phone": "912 34 567",
        "workplace": "Fjellhamar sykehjem",
        "municipality": "Lørenskog",
        "leader_name": person.leader_name,
        "leader_email": person.leader_email,
        "host_unit": HOST_UNIT,
        "period1_first": (start + timedelta(days=20)).isoformat(),
        "period1_last": (start + timedelta(days=34)).isoformat(),
        "period2_first": (start + timedelta(days=41)).isoformat(),
        "period2_last": (start + timedelta(days=55)).isoformat(),
        "goals": "Jeg vil lære hvordan palliativt team kartlegger smerter.\nJeg vil se en familiesamtale.",
        "consent": "ja",
        "form_started": aged_stamp(),  # filled in a minute ago (tests/support/guard.py)
    }
    return values | overrides


# HTTP --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: tuple[str, ...] = ()  # every Set-Cookie (headers keeps the last one only)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http(
    site: Site, method: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> Answer:
    request = urllib.request.Request(site.url + path, data=data, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=30) as response:
            cookies = tuple(response.headers.get_all("Set-Cookie") or ())
            return Answer(response.status, dict(response.headers.items()), response.read(), cookies)
    except urllib.error.HTTPError as error:
        return Answer(
            error.code, dict(error.headers.items()), error.read(), tuple(error.headers.get_all("Set-Cookie") or ())
        )


def get_page(site: Site, path: str) -> Answer:
    return http(site, "GET", path, headers={"Accept": "text/html"})


def post_form(site: Site, path: str, fields: dict[str, str]) -> Answer:
    """A plain form post, as a browser without JavaScript sends it."""
    body = urlencode(guarded(fields)).encode("utf-8")  # filled in a minute ago (tests/support/guard.py)
    return http(site, "POST", path, body, {"Content-Type": FORM, "Accept": "text/html"})


def leader_call(site: Site, method: str, path: str, body: Any = None, cookie: str | None = None) -> Answer:
    """The leaders' API as /leder/ calls it: JSON, from the site's own origin, with the session cookie."""
    headers = {"Accept": "application/json", "Origin": site.url}
    if cookie:
        headers["Cookie"] = cookie
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode("utf-8")
    return http(site, method, path, data, headers)


def sign_in(site: Site, username: str) -> str:
    """Sign a demo leader in (with the code from the app when the user pool asks, as for the demo network leader); the
    session cookie to send back."""
    answer = leader_call(site, "POST", "/api/leder/innlogging", {"username": username, "password": DEMO_PASSWORD})
    assert answer.status == 200, answer.body
    step = answer.json()
    if step.get("challenge") == "SOFTWARE_TOKEN_MFA":
        code = {"username": username, "session": step["session"], "code": fresh_code(DEMO_TOTP_SECRET)}
        answer = leader_call(site, "POST", "/api/leder/innlogging", code)
        assert answer.status == 200, answer.body
    cookie = next(c for c in answer.cookies if c.startswith("lindra_leder=")).split(";")[0]
    return cookie


def submit(site: Site, person: Person, **overrides: str) -> str:
    """Send the request form; the nurse's own page (its path) that the 303 points to."""
    answer = post_form(site, "/api/hospitering", request_fields(person, **overrides))
    assert answer.status == 303, answer.text
    assert answer.location.startswith("/api/hospitering/")
    return answer.location


# The outbox --------------------------------------------------------------------------------------------------------


def outbox() -> Path:
    return Path(os.environ["MAIL_OUTBOX"])


def read_email(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def emails_to(address: str, subject: str = "") -> list[EmailMessage]:
    """The emails to one address whose subject starts with `subject`, oldest first: once the mail worker on the
    table's stream has sent every email written so far."""
    from tests.support.mail import settled_outbox

    settled_outbox()
    found = []
    for path in sorted(outbox().glob("*.eml")):
        message = read_email(path)
        recipients = [addr.lower() for _name, addr in getaddresses([str(message["To"])])]
        if address.lower() in recipients and str(message["Subject"]).startswith(subject):
            found.append(message)
    return found


def the_email(address: str, subject: str) -> EmailMessage:
    """The one email to `address` with that subject; fails if there is none or more than one."""
    found = emails_to(address, subject)
    assert len(found) == 1, f"{len(found)} emails to {address} starting {subject!r}"
    return found[0]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_in(message: EmailMessage, site: Site, prefix: str) -> str:
    """The path of the one link in the email's text that starts with site url + prefix (e.g. /api/samtykke/)."""
    links = re.findall(re.escape(site.url + prefix) + r"[^\s]+", text_of(message))
    assert len(set(links)) == 1, links
    return str(links[0]).removeprefix(site.url)


def token_of(path: str) -> str:
    return path.rstrip("/").split("#")[0].split("/")[3]


# DynamoDB ----------------------------------------------------------------------------------------------------------


def request_id(client: Any, link_path: str) -> str:
    """The request a secret link (the nurse's page or a consent link) opens, from the link's item."""
    key = {"PK": {"S": f"LINK#{token_hash(token_of(link_path))}"}, "SK": {"S": "META"}}
    item = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    return str(item["request_id"]["S"])


def stored(client: Any, request_id: str) -> dict[str, Any]:
    """The request's item as DynamoDB holds it, once the mail worker has done the emails written so far (it writes
    how each went on the request)."""
    from tests.support.mail import settled_outbox

    settled_outbox()
    key = {"PK": {"S": f"HOSP#{request_id}"}, "SK": {"S": "META"}}
    item: dict[str, Any] = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True)["Item"]
    return item


def status(client: Any, request_id: str) -> str:
    return str(stored(client, request_id)["status"]["S"])


def link_item(client: Any, link_path: str) -> dict[str, Any] | None:
    key = {"PK": {"S": f"LINK#{token_hash(token_of(link_path))}"}, "SK": {"S": "META"}}
    item: dict[str, Any] | None = client.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")
    return item


# Whole steps -------------------------------------------------------------------------------------------------------


def consent_link(site: Site, person: Person) -> str:
    return link_in(the_email(person.leader_email, f"{person.name} ber om samtykke"), site, "/api/samtykke/")


def consent_yes(site: Site, person: Person) -> None:
    answer = post_form(site, consent_link(site, person), {"decision": "ja"})
    assert answer.status == 200, answer.text


def confirm_as_host(site: Site, request_id: str, first_day: date, last_day: date, cookie: str | None = None) -> Any:
    """The host unit's coordinator sets the dates; the request as the leaders' API answers."""
    cookie = cookie or sign_in(site, HOST_COORDINATOR)
    shown = leader_call(site, "GET", f"/api/leder/hospiteringer/{request_id}", cookie=cookie)
    assert shown.status == 200, shown.body
    body = {
        "version": shown.json()["version"],
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "meeting_time": "08:30",
        "message": "Møt i resepsjonen i første etasje. Ta med navneskilt.",
    }
    answer = leader_call(site, "POST", f"/api/leder/hospiteringer/{request_id}/bekreft", body, cookie)
    assert answer.status == 200, answer.body
    return answer.json()


def morning_after(day: date) -> datetime:
    """09:00 Oslo time the day after `day`: an hour after the evaluation of a stay that ended that day is due."""
    return datetime.combine(day + timedelta(days=1), time(9, 0), OSLO)


def to_evaluation(site: Site, client: Any, person: Person) -> tuple[str, str]:
    """A request walked through to its evaluation over HTTP (sent, consented, dates set by the host), then the daily
    schedule run in this process the morning after the stay; the request's id and the evaluation email's link."""
    from hospitation.schedule import run

    page = submit(site, person)
    consent_yes(site, person)
    request = request_id(client, page)
    first_day = today() + timedelta(days=21)
    confirm_as_host(site, request, first_day, first_day + timedelta(days=1))
    run(now=morning_after(first_day + timedelta(days=1)))
    message = the_email(person.email, "Hvordan var hospiteringen?")
    return request, link_in(message, site, "/api/hospitering/")


# In the browser ----------------------------------------------------------------------------------------------------


def fill_request_form(page: Page, person: Person, first: date, last: date) -> None:
    """Fill in the request form by its labels, as a person with a mouse or a screen reader finds the fields."""
    page.get_by_label("Navn", exact=True).fill(person.name)
    page.get_by_label("E-post", exact=True).fill(person.email)
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_label("Arbeidssted").fill("Fjellhamar sykehjem")
    page.get_by_label("Kommune eller bydel").select_option("Lørenskog")
    page.get_by_label("Nærmeste leders navn").fill(person.leader_name)
    page.get_by_label("Nærmeste leders e-post").fill(person.leader_email)
    page.get_by_label("Hvor vil du hospitere?").select_option(HOST_UNIT)
    page.get_by_label("Første ønskede periode, fra").fill(first.isoformat())
    page.get_by_label("Første ønskede periode, til").fill(last.isoformat())
    page.get_by_label("Læringsmål").fill("Jeg vil lære hvordan palliativt team kartlegger smerter.")
    page.get_by_label(re.compile("Jeg samtykker")).check()


def same_in_any_order(after: date, count: int) -> list[date]:
    """The next `count` days after `after` whose day and month are the same number (01.01, 02.02, … 12.12): typed
    digit by digit they give the same date whether the browser's date field reads day or month first."""
    found: list[date] = []
    day = after + timedelta(days=1)
    while len(found) < count:
        if day.day == day.month:
            found.append(day)
        day += timedelta(days=1)
    return found
