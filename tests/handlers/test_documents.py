"""The document editor through the real handlers and the template's routes, on moto: the network leader uploads a new
handlingsplan (a PDF, posted to the local file store), the one before stays as an earlier version; a renamed program
is refused at the file, a stale change is a conflict, an area leader is refused, and nothing is stored."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from documents.live import document_repository
from documents.service import current_versions
from local import files
from local.gateway import Gateway
from tests.handlers.test_letters import PDF, multipart
from tests.support.leaders_api import leader_call, token_for


@pytest.fixture
def tokens(api: Gateway, pool: dict[str, str]) -> dict[str, str | None]:
    return {who: token_for(who, api, pool) for who in ("area_leader", "network_leader")}


def body(answer: Any) -> Any:
    return json.loads(answer.body)


def upload(api: Gateway, token: str | None, name: str, data: bytes) -> str:
    started = leader_call(api, "POST", "/api/leder/dokumenter/fil", token, {"name": name, "size": len(data)})
    assert started.status == 201, started.body
    answer = body(started)
    assert urlsplit(answer["url"]).path == "/_vedlegg/opplasting" and answer["fields"]["key"].startswith("nettsted/")
    content_type, raw = multipart(answer["fields"], data, name)
    assert files.upload(content_type, raw)[0] == 204
    return str(answer["id"])


def plan(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "handlingsplan",
        "title": "Handlingsplan 2024–2026",
        "period": "2024–2026",
        "approved_on": "2024-01-15",
        "approved_by": "Arbeidsgruppen",
        "summary": "Hva nettverket skal gjøre i perioden.",
        "text": "## Mål\n\nAlle ressurssykepleiere har en **funksjonsbeskrivelse**.",
    } | changes


def test_a_new_handlingsplan_with_its_pdf_keeps_the_one_before_listed(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token = tokens["network_leader"]
    first = leader_call(
        api, "POST", "/api/leder/dokumenter", token, plan(file=upload(api, token, "Plan 2024.pdf", PDF))
    )
    assert first.status == 201, first.body
    older = body(first)["document"]
    assert older["file"]["name"] == "Plan 2024.pdf" and older["file"]["url"].startswith("/dokumenter/filer/plan-2024-")
    newer = leader_call(api, "POST", "/api/leder/dokumenter", token, plan(title="Handlingsplan 2027", period="2027"))
    assert newer.status == 201
    listed = body(leader_call(api, "GET", "/api/leder/dokumenter", token))
    mine = [d for d in listed["documents"] if d["kind"] == "handlingsplan"]
    assert [d["title"] for d in mine if d["current"]] == ["Handlingsplan 2027"]
    shelves = current_versions(document_repository().versions())
    assert [v.title for v in shelves["handlingsplan"]] == ["Handlingsplan 2027", "Handlingsplan 2024–2026"]
    path = f"/api/leder/dokumenter/{older['id']}"
    changed = leader_call(api, "PUT", path, token, plan(summary="Ny ingress.", version=1))
    assert changed.status == 200 and body(changed)["document"]["file"]["name"] == "Plan 2024.pdf"
    assert leader_call(api, "PUT", path, token, plan(summary="Min.", version=1)).status == 409
    back = leader_call(api, "POST", f"{path}/tilbakestilling", token, {"version": 2})
    assert back.status == 200 and body(back)["document"]["summary"] == "Hva nettverket skal gjøre i perioden."
    down = leader_call(api, "POST", f"{path}/nedtaking", token, {"version": 3})
    assert down.status == 200 and body(down)["document"]["status"] == "withdrawn"
    assert leader_call(api, "POST", f"{path}/publisering", token, {"version": "x"}).status == 400


def test_a_renamed_program_and_an_area_leader_are_refused_and_nothing_is_stored(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token = tokens["network_leader"]
    program = upload(api, token, "plan.pdf", b"MZ\x90\x00\x03\x00 a program")
    refused = leader_call(api, "POST", "/api/leder/dokumenter", token, plan(file=program))
    assert refused.status == 422 and "plan.pdf" in body(refused)["errors"]["file"]
    exe = leader_call(api, "POST", "/api/leder/dokumenter/fil", token, {"name": "plan.exe", "size": 10})
    assert exe.status == 422 and "file" in body(exe)["errors"]
    missing = leader_call(api, "POST", "/api/leder/dokumenter", token, {"kind": "x", "approved_on": ["2024"]})
    assert missing.status == 422 and {"kind", "title", "approved_on", "summary", "text"} <= set(body(missing)["errors"])
    assert leader_call(api, "GET", "/api/leder/dokumenter", tokens["area_leader"]).status == 403
    assert leader_call(api, "POST", "/api/leder/dokumenter", tokens["area_leader"], plan()).status == 403
    assert leader_call(api, "GET", "/api/leder/dokumenter/finnes-ikke", token).status == 404
    assert document_repository().versions() == []
