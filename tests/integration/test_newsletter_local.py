"""The newsletter on the local stack (DynamoDB Local, the mail worker on the table's stream): subscribe with the
form, confirm with the link's button, and leave with a mail provider's plain one-click POST (RFC 8058)."""

from __future__ import annotations

import uuid

import pytest

from common.unsubscribe import unsubscribe_token
from tests.support.hospitation import http, link_in, post_form, the_email
from tests.support.stack import Site

pytestmark = pytest.mark.usefixtures("site")


def test_subscribe_confirm_and_one_click_unsubscribe(site: Site) -> None:
    from newsletter.live import subscribers

    address = f"nyhetsbrev-{uuid.uuid4().hex[:8]}@example.no"
    asked = post_form(site, "/api/nyhetsbrev", {"name": "Kari Nordmann", "email": address})
    assert asked.status == 303 and asked.headers["Location"] == "/nyhetsbrev/takk/"
    assert post_form(site, "/api/nyhetsbrev", {"email": address}).status == 303
    email = the_email(address, "Bekreft at du vil ha nyhetsbrevet")  # one, however often it is asked
    link = link_in(email, site, "/api/nyhetsbrev/bekreft/")
    assert http(site, "GET", link, headers={"Accept": "text/html"}).status == 200
    assert address not in [s.email for s in subscribers()], "the page alone changes nothing"
    confirmed = http(site, "POST", link, b"", {"Content-Type": "application/x-www-form-urlencoded"})
    assert confirmed.status == 200
    assert address in [s.email for s in subscribers()]

    one_click = f"/api/epostliste/{unsubscribe_token('newsletter', address)}"
    for _ in range(2):
        left = http(
            site,
            "POST",
            one_click,
            b"List-Unsubscribe=One-Click",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert left.status == 200
    assert address not in [s.email for s in subscribers()]
    assert http(site, "POST", "/api/epostliste/newsletter.bad.token", b"List-Unsubscribe=One-Click").status == 404
