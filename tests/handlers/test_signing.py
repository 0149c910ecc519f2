"""The function description signed without paper, through the real handlers on moto: the new nurse signs on Min
side, her unit leader (as the approved report named her) gets a link by email and signs through it once, the network
leader signs in /leder/ (an area leader may not), and the signed PDF names all three with their days; each step
audited without the person's data."""

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import urlencode

import pypdf

from local.gateway import Gateway
from roster.repository import DynamoRosterRepository
from tests.handlers.test_attendance import on_roster
from tests.handlers.test_certificates import FORM, header, signed_in
from tests.support.guard import aged_stamp
from tests.support.leaders_api import leader_call, token_for
from tests.support.mail import delivered_links
from tests.support.roster import REPORTER

NURSE = "nora.ny@lillestrom.kommune.no"
UNIT = "lillestrom-helsehus"
LINK = re.compile(r"https?://[^/\s]+(/api/funksjonsbeskrivelse/[A-Za-z0-9_-]+)")


def links_to(address: str) -> list[str]:
    return delivered_links(address, "funksjonsbeskrivelsen", LINK)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_nurse_her_leader_and_the_network_leader_sign_and_the_pdf_names_all_three(
    api: Gateway, pool: Any, aws: Any
) -> None:
    on_roster(aws, "Nora Ny", NURSE, UNIT)
    (entry,) = [e for e in DynamoRosterRepository(aws, "LindraTable").entries_for_unit(UNIT) if e.email_key == NURSE]
    session = signed_in(api, NURSE)
    mine = {"Cookie": session, "Accept": "text/html"}
    page = api.handle("GET", "/api/min-side", "", mine, b"").body.decode()
    action = f"/api/min-side/navneliste/{UNIT}/{entry.id}/signering"
    assert f'action="{action}"' in page and "Signer funksjonsbeskrivelsen" in page

    unticked = api.handle("POST", action, "", FORM | mine, urlencode({"form_started": aged_stamp()}).encode())
    assert unticked.status == 422 and f'id="lest-{entry.id}-feil"' in unticked.body.decode()
    assert links_to(REPORTER) == [], "nothing signed, nothing sent"
    body = urlencode({"read": "ja", "form_started": aged_stamp()}).encode()
    signed = api.handle("POST", action, "", FORM | mine, body)
    assert signed.status == 303 and header(signed, "Location") == "/api/min-side?endret=signert"
    assert api.handle("POST", action, "", FORM | mine, body).status == 409, "signed once"

    (link,) = links_to(REPORTER)
    shown = api.handle("GET", link, "", {"Accept": "text/html"}, b"")
    assert shown.status == 200 and "Nora Ny" in shown.body.decode() and 'id="signer"' in shown.body.decode()
    assert api.handle("POST", link, "", FORM, b"").status == 200
    assert api.handle("POST", link, "", FORM, b"").status == 404, "the link works once"

    roster_path = f"/api/leder/navneliste/enheter/{UNIT}"
    area = token_for("area_leader", api, pool)
    listed = next(
        e for e in json.loads(leader_call(api, "GET", roster_path, area).body)["entries"] if e["id"] == entry.id
    )
    assert listed["signatures"]["nurse"] and listed["signatures"]["leader"] and not listed["signatures"]["network"]
    assert "Signert uten papir" in listed["electronic_text"] and listed["network_sign_url"]
    sign_url = f"{roster_path}/{entry.id}/signering"
    assert leader_call(api, "POST", sign_url, area, {"version": listed["version"]}).status == 403
    network = token_for("network_leader", api, pool)
    done = leader_call(api, "POST", sign_url, network, {"version": listed["version"]})
    assert done.status == 200, done.body
    answer = json.loads(done.body)
    assert answer["signed"] is True and answer["signed_pdf_url"].endswith("/signert.pdf")
    assert leader_call(api, "POST", sign_url, network, {"version": answer["version"]}).status == 409

    document = leader_call(api, "GET", answer["signed_pdf_url"], network)
    assert document.status == 200 and header(document, "Content-Type") == "application/pdf"
    text = text_of(document.body)
    for words in ("Signert funksjonsbeskrivelse", "Nora Ny", "Une Enhetsleder", "Nina Nettverk", "Min side"):
        assert words in text
    hers = api.handle("GET", f"/api/min-side/navneliste/{UNIT}/{entry.id}/signert", "", mine, b"")
    assert hers.status == 200 and text_of(hers.body) == text
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", network).body)["entries"]
    signatures = [e for e in audit if e["action"] == "signature" and e["subject"] == f"navneliste {entry.id}"]
    assert len(signatures) == 3
    assert not any(NURSE in json.dumps(e) or "Nora" in json.dumps(e) for e in signatures)
