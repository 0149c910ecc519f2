"""Certificates through the real handlers (the local gateway's routes to the sign-up and leaders' functions, on
moto): the area leader marks who came; the nurse signs in to Min side and downloads her kursbevis, whose text names
her, the meeting and its hours and whose code the public check finds (and a changed code not); her hours statement;
the leader's zip of the meeting's certificates, with the same code, audited; another area's leader gets none."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any
from urllib.parse import urlencode

import pypdf

from local.gateway import Gateway
from tests.handlers.test_attendance import local_meeting
from tests.support.guard import aged_stamp
from tests.support.leaders_api import leader_call, token_for
from tests.support.mail import delivered_links

MEETING = "nettverksmote-nr-i-dag"
KARI = "kari@lorenskog.kommune.no"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
LINK = re.compile(r"https?://[^/\s]+(/api/min-side/inn/[A-Za-z0-9_-]+)")


def header(answer: Any, name: str) -> str:
    return next((value for key, value in answer.headers if key.lower() == name.lower()), "")


def signed_in(api: Gateway, address: str) -> str:
    """Min side's session cookie, by the link in her email."""
    asked = api.handle(
        "POST", "/api/min-side/lenke", "", FORM, urlencode({"email": address, "form_started": aged_stamp()}).encode()
    )
    assert asked.status == 303
    paths = delivered_links(address, "Min side", LINK)
    opened = api.handle("POST", paths[-1], "", FORM, b"")
    assert opened.status == 303
    return next(v for k, v in opened.headers if k == "Set-Cookie" and v.startswith("lindra_min_side=")).split(";")[0]


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_her_kursbevis_is_checked_by_its_code_and_the_leader_gets_the_same_in_a_zip(
    api: Gateway, pool: Any, aws: Any
) -> None:
    local_meeting(aws, MEETING)
    leader = token_for("area_leader", api, pool)
    marked = leader_call(api, "POST", f"/api/leder/kurs/{MEETING}/oppmote", leader, {"present": [KARI]})
    assert marked.status == 200
    assert json.loads(marked.body)["certificates_url"] == f"/api/leder/kurs/{MEETING}/kursbevis.zip"
    session = signed_in(api, KARI)
    mine = {"Cookie": session, "Accept": "text/html"}

    page = api.handle("GET", "/api/min-side", "", mine, b"")
    assert page.status == 200 and f"/api/min-side/kursbevis/{MEETING}" in page.body.decode()
    pdf = api.handle("GET", f"/api/min-side/kursbevis/{MEETING}", "", mine, b"")
    assert pdf.status == 200 and header(pdf, "Content-Type") == "application/pdf"
    assert header(pdf, "Content-Disposition").startswith('attachment; filename="kursbevis-')
    text = text_of(pdf.body)
    assert "Kari Nordmann" in text and "Grunnkurs i palliasjon" in text and "3 timer" in text
    code = re.search(r"Kode: ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})", text)[1]  # type: ignore[index]
    plain = code.replace("-", "")
    assert f"/api/kursbevis/{plain}" in text

    genuine = api.handle("GET", f"/api/kursbevis/{plain}", "", {"Accept": "text/html"}, b"")
    assert genuine.status == 200 and "Kursbeviset er ekte" in genuine.body.decode()
    assert "Kari Nordmann" in genuine.body.decode() and KARI not in genuine.body.decode(), "what the paper says only"
    changed = plain[:-1] + ("A" if plain[-1] != "A" else "B")
    refused = api.handle("GET", f"/api/kursbevis/{changed}", "", {"Accept": "text/html"}, b"")
    assert refused.status == 404 and "Vi finner ikke noe kursbevis med denne koden" in refused.body.decode()
    typed = api.handle("GET", "/api/kursbevis", urlencode({"kode": code.lower()}), {"Accept": "text/html"}, b"")
    assert typed.status == 303 and header(typed, "Location") == f"/api/kursbevis/{plain}"

    other = api.handle("GET", "/api/min-side/kursbevis/fagdag-som-ikke-finnes", "", mine, b"")
    assert other.status == 404 and "Kursbeviset kommer når lederen har registrert det" in other.body.decode()
    year = api.handle(
        "GET", "/api/min-side/timer/" + re.search(r"Timene dine i (\d{4})", page.body.decode())[1], "", mine, b""
    )  # type: ignore[index]
    assert (
        year.status == 200 and "Timeoversikt" in text_of(year.body) and "Grunnkurs i palliasjon" in text_of(year.body)
    )
    assert api.handle("GET", "/api/min-side/timer/1999", "", mine, b"").status == 404
    assert api.handle("GET", f"/api/min-side/kursbevis/{MEETING}", "", {"Accept": "text/html"}, b"").status == 401

    archive = leader_call(api, "GET", f"/api/leder/kurs/{MEETING}/kursbevis.zip", leader)
    assert archive.status == 200 and header(archive, "Content-Type") == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.body)) as files:
        (name,) = files.namelist()
        assert name == "kursbevis-kari-nordmann.pdf"
        assert code in text_of(files.read(name)), "the same certificate as hers"
    assert (
        leader_call(
            api, "GET", f"/api/leder/kurs/{MEETING}/kursbevis.zip", token_for("other_area_leader", api, pool)
        ).status
        == 403
    )
    audit = json.loads(leader_call(api, "GET", "/api/leder/revisjon", token_for("network_leader", api, pool)).body)
    assert any(e["action"] == "export" and e["subject"] == f"kursbevis {MEETING}" for e in audit["entries"])
