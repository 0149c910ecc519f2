"""Governance and contact details through the real handlers and the template's routes, on moto: network.json's
groups, areas' leaders and contact details are in the table (the seed); the network leader adds a member with their
consent and takes them out again, changes the contact details and an area's leader; the functions' own pages and the
roster's emails follow at once. A member without consent, a stale change and an area leader are refused, and nothing
is stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from governance.live import governance_repository
from local.gateway import Gateway
from roster.models import area_contacts
from tests.support.leaders_api import leader_call, token_for


@pytest.fixture
def tokens(api: Gateway, pool: dict[str, str]) -> dict[str, str | None]:
    return {who: token_for(who, api, pool) for who in ("area_leader", "network_leader")}


def body(answer: Any) -> Any:
    return json.loads(answer.body)


NEXT_YEAR = date.today().year + 1  # a member who begins next year: not yet on the site, whatever day the test runs
MEMBER = {"name": "Kari Nordmann", "role": "medlem", "organisation": "Nes kommune", "since": f"01.01.{NEXT_YEAR}"}


def test_a_member_is_added_with_consent_and_taken_out_again(api: Gateway, tokens: dict[str, str | None]) -> None:
    token = tokens["network_leader"]
    shown = body(leader_call(api, "GET", "/api/leder/styring", token))
    group = next(g for g in shown["groups"] if g["id"] == "arbeidsgruppe")
    assert len(group["members"]) == 8 and group["version"] == 1 and not group["can_restore"]
    assert shown["contact"]["version"] == 1 and {a["area"] for a in shown["areas"]} >= {"oslo", "ahus"}
    assert {role["id"] for role in shown["roles"]} >= {"leder", "medlem", "sekretær"}
    path = "/api/leder/styring/grupper/arbeidsgruppe"
    refused = leader_call(api, "POST", f"{path}/medlemmer", token, MEMBER | {"version": 1})
    assert refused.status == 422 and set(body(refused)["errors"]) == {"consent"}
    added = leader_call(api, "POST", f"{path}/medlemmer", token, MEMBER | {"consent": True, "version": 1})
    assert added.status == 201, added.body
    group = body(added)
    new = group["members"][-1]
    assert (new["name"], new["since"], new["current"], group["version"]) == (
        "Kari Nordmann",
        f"{NEXT_YEAR}-01-01",
        False,
        2,
    )
    assert group["can_restore"]
    stale = leader_call(api, "POST", f"{path}/medlemmer", token, MEMBER | {"consent": True, "version": 1})
    assert stale.status == 409
    out = leader_call(api, "POST", f"{path}/medlemmer/{new['id']}/fjerning", token, {"version": 2})
    assert out.status == 200 and "Kari Nordmann" not in {m["name"] for m in body(out)["members"]}
    back = leader_call(api, "POST", f"{path}/tilbakestilling", token, {"version": 3})
    assert back.status == 200 and body(back)["members"][-1]["name"] == "Kari Nordmann"
    assert leader_call(api, "POST", f"{path}/tilbakestilling", token, {"version": "to"}).status == 400
    assert leader_call(api, "GET", "/api/leder/styring", tokens["area_leader"]).status == 403
    assert leader_call(api, "POST", f"{path}/medlemmer", tokens["area_leader"], MEMBER | {"version": 4}).status == 403
    assert (
        leader_call(api, "PUT", "/api/leder/styring/grupper/finnes-ikke", token, {"name": "X", "version": 1}).status
        == 404
    )
    stored = next(g for g in governance_repository().groups() if g.id == "arbeidsgruppe")
    assert stored.version == 4


def test_an_erasure_request_leaves_no_kept_version_that_names_the_person(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token, path = tokens["network_leader"], "/api/leder/styring/grupper/arbeidsgruppe"
    added = body(leader_call(api, "POST", f"{path}/medlemmer", token, MEMBER | {"consent": True, "version": 1}))
    leader_call(api, "POST", f"{path}/medlemmer/{added['members'][-1]['id']}/fjerning", token, {"version": 2})
    repository = governance_repository()
    assert repository.erase_person("kari  nordmann") == 1, "the version that had her; the seed's and the last do not"
    assert repository.revision("GROUP#arbeidsgruppe", 2) is None and repository.revision("GROUP#arbeidsgruppe", 3)
    back = leader_call(api, "POST", f"{path}/tilbakestilling", token, {"version": 3})
    assert back.status == 422, "no undo brings her back"


def test_a_new_group_is_added_once_by_its_name(api: Gateway, tokens: dict[str, str | None]) -> None:
    token = tokens["network_leader"]
    made = leader_call(api, "POST", "/api/leder/styring/grupper", token, {"name": "Styringsgruppen", "mandate": "Mål."})
    assert made.status == 201 and body(made)["id"] == "styringsgruppen"
    again = leader_call(api, "POST", "/api/leder/styring/grupper", token, {"name": "styringsgruppen"})
    assert again.status == 422 and "name" in body(again)["errors"]


def test_the_contact_details_and_an_areas_leader_reach_the_pages_and_emails_at_once(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token = tokens["network_leader"]
    wrong = leader_call(api, "PUT", "/api/leder/styring/kontakt", token, {"email": "ikke-en-adresse", "version": 1})
    assert wrong.status == 422 and set(body(wrong)["errors"]) == {"email"}
    contact = {"email": "ny.kontakt@example.no", "phone": "22 00 00 00", "address": "Postboks 1", "version": 1}
    changed = leader_call(api, "PUT", "/api/leder/styring/kontakt", token, contact)
    assert changed.status == 200 and body(changed)["version"] == 2 and body(changed)["can_restore"]
    page = api.handle("GET", "/api/nyhetsbrev/bekreft/ugyldig", "", {"Accept": "text/html"}, b"")
    text = page.body.decode() if isinstance(page.body, bytes) else str(page.body)
    assert 'href="mailto:ny.kontakt@example.no"' in text, "the footer of a page the function renders"
    leader = {"name": "Ola Nordmann", "title": "Områdeleder", "email": "ola@example.no", "version": 1}
    named = leader_call(api, "PUT", "/api/leder/styring/omrader/oslo", token, leader)
    assert named.status == 200 and body(named)["name"] == "Ola Nordmann"
    assert area_contacts()["oslo"].email == "ola@example.no"
    no_email = leader_call(api, "PUT", "/api/leder/styring/omrader/ahus", token, {"name": "Per", "version": 1})
    assert no_email.status == 422 and set(body(no_email)["errors"]) == {"email"}
    assert leader_call(api, "PUT", "/api/leder/styring/omrader/bergen", token, leader | {"version": 0}).status == 404
    back = leader_call(api, "POST", "/api/leder/styring/kontakt/tilbakestilling", token, {"version": 2})
    assert back.status == 200 and body(back)["email"] == "palliasjonsnettverket@example.no"
