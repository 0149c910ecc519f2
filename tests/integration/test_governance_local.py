"""Governance and contact details on the real local stack: a member the network leader adds to the arbeidsgruppe
(through the governance editor, as the leaders' API saves it, on DynamoDB Local) is on the governance page within
seconds through the table's stream, a changed contact address in the footer of every page and on the contact page,
an area's new leader on the local networks' page; the seed puts network.json's in once and never over a change."""

from __future__ import annotations

import time
import urllib.request
from typing import Any

from common.access import Leader
from governance.live import governance_editor
from local import environment
from tests.support.stack import TABLE, Publisher, Site


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return bytes(answer.read()).decode()


def network_leader() -> Leader:
    claims = {"sub": "sub-nl", "jti": "j", "exp": 2_000_000_000, "email": "nettverksleder@example.no"}
    return Leader.from_claims(claims | {"name": "Marte Lindqvist", "cognito:groups": ["nettverksleder"]})


def test_a_new_member_a_new_contact_address_and_an_areas_leader_are_on_the_site_within_seconds(
    site: Site, publisher: Publisher, client: Any
) -> None:
    editor, leader = governance_editor(), network_leader()
    group = next(g for g in editor.overview(leader).groups if g.id == "arbeidsgruppe")
    name = f"Kari Nordmann {time.time_ns() % 10_000}"
    member = {"name": name, "role": "medlem", "organisation": "Nes kommune", "consent": True}
    editor.add_member(leader, "arbeidsgruppe", member, group.version)
    contact = editor.contact(leader)
    address = f"kontakt{time.time_ns() % 10_000}@example.no"
    editor.change_contact(
        leader, {"email": address, "phone": contact.phone, "address": contact.address}, contact.version
    )
    oslo = editor.area_leader(leader, "oslo")
    editor.change_leader(leader, "oslo", {"name": "Ola Nordmann", "email": "ola@example.no"}, oslo.version)
    pages = ("/styring/", "/lokale-nettverk/", "/kontakt/", "/")  # the build writes one file after the other
    wanted = {"/styring/": name, "/lokale-nettverk/": "Ola Nordmann", "/kontakt/": address, "/": address}
    seconds = publisher.until(lambda: all(wanted[path] in page(f"{site.url}{path}") for path in pages))
    assert seconds < 30, f"on the governance, local networks' and contact pages {seconds:.1f} s after the save"
    assert f'<th scope="row">{name}</th><td>Medlem</td><td>Nes kommune</td>' in page(f"{site.url}/styring/")
    assert environment.seed_governance(client, TABLE) == 0, "network.json's never over the table's"
    now = editor.contact(leader)
    assert now.email == address
    # back as it was, with undo, for the other tests of the session (the emails' Reply-To, the roster's area leader)
    editor.restore(leader, now, now.version)
    editor.restore(leader, editor.area_leader(leader, "oslo"), oslo.version + 1)
    assert (editor.contact(leader).email, editor.area_leader(leader, "oslo").name) == (contact.email, oslo.name)
