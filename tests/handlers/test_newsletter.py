"""The newsletter's form, its confirmation link and the mailing lists' one-click unsubscribe, through the sign-up
function's handler on moto: double opt-in, one email a week to an address however often it is typed, the same
answer whether subscribed or not, and RFC 8058's plain POST."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from common.outbox import address_key
from common.unsubscribe import add_list_headers, opted_out, unsubscribe_token, unsubscribe_url
from local.gateway import Gateway
from tests.support.guard import guarded
from tests.support.roster import day_from_today

FORM = "application/x-www-form-urlencoded"
HTML = {"Accept": "text/html", "Content-Type": FORM}


def ask(api: Gateway, email: str, name: str = "Kari Nordmann", **extra: str) -> Any:
    fields = guarded({"name": name, "email": email, **extra})
    return api.handle("POST", "/api/nyhetsbrev", "", HTML, urlencode(fields).encode())


def to(outbox: Any, address: str) -> list[Any]:
    return [message for message in outbox() if address in str(message["To"])]


def confirm_link(message: Any) -> str:
    text = message.get_body(("plain",)).get_content()
    return text.split("http://127.0.0.1:8000/api/nyhetsbrev/bekreft/")[1].split()[0]


def subscribed(api: Gateway) -> list[Any]:
    from newsletter.live import subscribers

    return subscribers()


def test_subscribing_takes_the_link_in_the_one_email_and_the_button_behind_it(api: Gateway, outbox: Any) -> None:
    answer = ask(api, "kari@example.no")
    assert answer.status == 303 and dict(answer.headers)["Location"] == "/nyhetsbrev/takk/"
    (email,) = to(outbox, "kari@example.no")
    assert "nyhetsbrevet" in str(email["Subject"])
    assert subscribed(api) == [], "double opt-in: nothing until the link's button"
    token = confirm_link(email)
    page = api.handle("GET", f"/api/nyhetsbrev/bekreft/{token}", "", {"Accept": "text/html"}, b"")
    assert page.status == 200 and 'method="post"' in page.body.decode()
    assert subscribed(api) == [], "opening the link (a mail scanner does) changes nothing"
    done = api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", HTML, b"")
    assert done.status == 200 and "Du får nyhetsbrevet" in done.body.decode()
    [subscriber] = subscribed(api)
    assert (subscriber.email, subscriber.name, subscriber.source) == ("kari@example.no", "Kari Nordmann", "form")
    again = api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", HTML, b"")
    assert again.status == 404 and "Har du allerede bekreftet" in again.body.decode()


def test_the_same_address_typed_again_gets_no_second_email_and_the_answer_does_not_tell(
    api: Gateway, outbox: Any
) -> None:
    first = ask(api, "kari@example.no")
    second = ask(api, "KARI@example.no", name="")
    assert (first.status, dict(first.headers)["Location"]) == (second.status, dict(second.headers)["Location"])
    assert len(to(outbox, "kari@example.no")) + len(to(outbox, "KARI@example.no")) == 1, "no mail bombing"
    token = confirm_link(to(outbox, "kari@example.no")[0])
    api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", HTML, b"")
    subscribed_answer = ask(api, "kari@example.no")
    assert (subscribed_answer.status, dict(subscribed_answer.headers)["Location"]) == (303, "/nyhetsbrev/takk/")
    assert len(to(outbox, "kari@example.no")) == 1, "a subscribed address gets nothing"
    scripted = api.handle(
        "POST",
        "/api/nyhetsbrev",
        "",
        {"Accept": "application/json", "Content-Type": "application/json"},
        __import__("json").dumps(guarded({"email": "kari@example.no"})).encode(),
    )
    assert scripted.status == 202 and b"receipt_url" in scripted.body


def test_the_form_comes_back_with_a_message_at_the_field_and_the_guard_refuses_a_robot(
    api: Gateway, outbox: Any
) -> None:
    wrong = ask(api, "ikke-en-adresse")
    html = wrong.body.decode()
    assert wrong.status == 422 and 'id="felt-email-feil"' in html and 'aria-invalid="true"' in html
    assert 'value="ikke-en-adresse"' in html and 'name="form_started"' in html
    robot = ask(api, "robot@example.no", website="http://spam.example")
    assert robot.status == 400
    unstamped = api.handle(
        "POST", "/api/nyhetsbrev", "", HTML, urlencode({"email": "kari@example.no", "form_started": "1.x"}).encode()
    )
    assert unstamped.status == 422
    assert outbox() == [], "nothing written for a refused form"


def test_one_click_unsubscribe_is_a_plain_post_without_guard_cookie_or_origin(api: Gateway, outbox: Any) -> None:
    ask(api, "kari@example.no")
    token = confirm_link(to(outbox, "kari@example.no")[0])
    api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", HTML, b"")
    assert len(subscribed(api)) == 1
    link = unsubscribe_token("newsletter", "Kari@Example.no")
    page = api.handle("GET", f"/api/epostliste/{link}", "", {"Accept": "text/html"}, b"")
    assert page.status == 200 and "Vil du ikke lenger få e-post fra nyhetsbrevet?" in page.body.decode()
    assert len(subscribed(api)) == 1, "the page alone changes nothing"
    one_click = {"Content-Type": FORM}
    for _ in range(2):  # idempotent
        left = api.handle("POST", f"/api/epostliste/{link}", "", one_click, b"List-Unsubscribe=One-Click")
        assert left.status == 200
    assert subscribed(api) == []
    from common.aws import dynamodb

    assert opted_out(dynamodb(), "LindraTable", "newsletter", [address_key("kari@example.no")]) == {
        address_key("kari@example.no")
    }


def test_confirming_again_after_leaving_lifts_the_opt_out(api: Gateway, outbox: Any) -> None:
    link = unsubscribe_token("newsletter", "kari@example.no")
    api.handle("POST", f"/api/epostliste/{link}", "", {"Content-Type": FORM}, b"List-Unsubscribe=One-Click")
    ask(api, "kari@example.no")
    token = confirm_link(to(outbox, "kari@example.no")[0])
    api.handle("POST", f"/api/nyhetsbrev/bekreft/{token}", "", HTML, b"")
    assert [s.email for s in subscribed(api)] == ["kari@example.no"]


def test_leaving_the_roster_list_writes_the_opt_out_and_a_bad_link_is_a_404_page(api: Gateway) -> None:
    link = unsubscribe_token("roster", "nina@example.no")
    left = api.handle("POST", f"/api/epostliste/{link}", "", HTML, b"")
    assert left.status == 200 and "navnelisten" in left.body.decode()
    from common.aws import dynamodb

    key = address_key("nina@example.no")
    assert opted_out(dynamodb(), "LindraTable", "roster", [key, address_key("other@example.no")]) == {key}
    assert opted_out(dynamodb(), "LindraTable", "newsletter", [key]) == set()
    forged = link[:-1] + ("0" if link[-1] != "0" else "1")
    for bad in (forged, "newsletter.abc.def", "x" * 300, "roster"):
        for method in ("GET", "POST"):
            answer = api.handle(method, f"/api/epostliste/{bad}", "", HTML, b"List-Unsubscribe=One-Click")
            assert answer.status == 404 and "<html" in answer.body.decode()


def test_the_list_headers_carry_the_one_click_link(api: Gateway) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["To"] = "kari@example.no"
    add_list_headers(message, "newsletter", "kari@example.no")
    assert message["List-Unsubscribe"] == f"<{unsubscribe_url('newsletter', 'kari@example.no')}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<newsletter." in str(message["List-Id"])
    assert "kari" not in str(message["List-Unsubscribe"]), "the link names a hash, not the address"


def test_an_approved_new_nurse_and_her_unit_leader_are_subscribed_unless_they_left_and_the_leader_is_kept(
    api: Gateway, pool: dict[str, str], outbox: Any
) -> None:
    from roster.live import current_nurses, unit_leaders
    from tests.handlers.test_roster import approve, reported
    from tests.support.leaders_api import token_for
    from tests.support.roster import AREA, REPORTER, UNIT

    gone = unsubscribe_token("newsletter", REPORTER)
    api.handle("POST", f"/api/epostliste/{gone}", "", {"Content-Type": FORM}, b"List-Unsubscribe=One-Click")
    token = token_for("network_leader", api, pool)
    assert approve(api, token, reported(api, effective_date=day_from_today(-300))).status == 200
    assert [(s.email, s.source) for s in subscribed(api)] == [("nora.ny@eidsvoll.kommune.no", "roster")]
    (leader,) = unit_leaders(AREA)
    assert (leader.unit_id, leader.email) == (UNIT, REPORTER) and unit_leaders(None) == [leader]
    assert [n.email for n in current_nurses(AREA)] == ["nora.ny@eidsvoll.kommune.no"]
    welcome = next(m for m in outbox() if "Velkommen" in str(m["Subject"]))
    assert "/api/epostliste/newsletter." in welcome.get_body(("plain",)).get_content()
