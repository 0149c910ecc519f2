"""The news editor through the real handlers and the template's routes, on moto: the network leader uploads a picture,
writes an article with it, previews, publishes, changes and brings the version before back; an area leader writes
their own area's only; a picture without alt text, a renamed program and a stale version are refused at the field
or as a conflict, and nothing is stored."""

from __future__ import annotations

import json
import struct
from typing import Any
from urllib.parse import urlsplit

import pytest

from local import files
from local.gateway import Gateway
from news.live import news_repository
from tests.handlers.test_letters import multipart
from tests.support.leaders_api import leader_call, token_for

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 800, 600, 8, 2, 0, 0, 0)


@pytest.fixture
def tokens(api: Gateway, pool: dict[str, str]) -> dict[str, str | None]:
    return {who: token_for(who, api, pool) for who in ("area_leader", "network_leader")}


def body(answer: Any) -> Any:
    return json.loads(answer.body)


def upload(api: Gateway, token: str | None, name: str, data: bytes) -> str:
    started = leader_call(api, "POST", "/api/leder/nyheter/bilde", token, {"name": name, "size": len(data)})
    assert started.status == 201, started.body
    answer = body(started)
    assert urlsplit(answer["url"]).path == "/_vedlegg/opplasting" and answer["fields"]["key"].startswith("nettsted/")
    content_type, raw = multipart(answer["fields"], data, name)
    assert files.upload(content_type, raw)[0] == 204
    return str(answer["id"])


def article(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Sommerfest for ressurssykepleierne",
        "summary": "Vi inviterer til sommerfest i juni.",
        "body": "Velkommen til **sommerfest**!\n\n- mat\n- musikk",
        "area": "alle",
    } | changes


def test_the_network_leader_publishes_an_article_with_a_picture_changes_it_and_brings_the_first_back(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token = tokens["network_leader"]
    picture = upload(api, token, "sommerfest.png", PNG)
    preview = leader_call(
        api, "POST", "/api/leder/nyheter/forhandsvisning", token, article(body="Hei <script>x</script>**du**")
    )
    assert (
        preview.status == 200
        and "<strong>du</strong>" in body(preview)["html"]
        and "<script" not in body(preview)["html"]
    )
    made = leader_call(
        api, "POST", "/api/leder/nyheter", token, article(image=picture, image_alt="Folk i en hage", publish=True)
    )
    assert made.status == 201, made.body
    detail = body(made)
    saved = detail["article"]
    assert (saved["id"], saved["status"], saved["version"]) == ("sommerfest-for-ressurssykepleierne", "published", 1)
    assert saved["image"] == {
        "alt": "Folk i en hage",
        "width": 800,
        "height": 600,
        "site_url": saved["image"]["site_url"],
    }
    assert saved["image"]["site_url"].startswith("/nyheter/bilder/") and saved["url"] == f"/nyheter/{saved['id']}/"
    path = f"/api/leder/nyheter/{saved['id']}"
    change = article(title="Sommerfest 12. juni", image_alt="Folk i en hage", version=1)
    changed = leader_call(api, "PUT", path, token, change)
    assert changed.status == 200 and body(changed)["article"]["image"]["alt"] == "Folk i en hage"
    stale = leader_call(api, "PUT", path, token, article(title="Min endring", version=1))
    assert stale.status == 409
    back = leader_call(api, "POST", f"{path}/tilbakestilling", token, {"version": 2})
    assert back.status == 200 and body(back)["article"]["title"] == "Sommerfest for ressurssykepleierne"
    assert [r["version"] for r in body(back)["revisions"]] == [3, 2, 1] and body(back)["can_restore"]
    down = leader_call(api, "POST", f"{path}/nedtaking", token, {"version": 3})
    assert down.status == 200 and body(down)["article"]["status"] == "withdrawn"
    listed = body(leader_call(api, "GET", "/api/leder/nyheter", token))
    assert saved["id"] in [a["id"] for a in listed["articles"]] and listed["areas"][0]["id"] == "alle"
    assert saved["id"] not in [a.id for a in news_repository().published()]


def test_a_picture_without_alt_text_or_a_renamed_program_is_refused_at_the_field_and_nothing_is_stored(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    token = tokens["network_leader"]
    picture = upload(api, token, "bilde.png", PNG)
    no_alt = leader_call(api, "POST", "/api/leder/nyheter", token, article(image=picture))
    assert no_alt.status == 422 and "image_alt" in body(no_alt)["errors"]
    program = upload(api, token, "bilde.jpg", b"MZ\x90\x00\x03\x00\x00\x00 a program, renamed")
    renamed = leader_call(api, "POST", "/api/leder/nyheter", token, article(image=program, image_alt="Et bilde"))
    assert renamed.status == 422 and "bilde.jpg" in body(renamed)["errors"]["image"]
    exe = leader_call(api, "POST", "/api/leder/nyheter/bilde", token, {"name": "program.exe", "size": 100})
    assert exe.status == 422 and "image" in body(exe)["errors"]
    junk = leader_call(api, "POST", "/api/leder/nyheter/bilde", token, {"name": ["x"], "size": {"a": 1}})
    assert junk.status == 422
    assert news_repository().articles() == []


def test_an_area_leader_writes_their_own_areas_news_and_no_one_elses(
    api: Gateway, tokens: dict[str, str | None]
) -> None:
    area, network = tokens["area_leader"], tokens["network_leader"]
    choices = body(leader_call(api, "GET", "/api/leder/nyheter", area))["areas"]
    assert [c["id"] for c in choices] == ["nedre-romerike"]
    refused = leader_call(api, "POST", "/api/leder/nyheter", area, article())
    assert refused.status == 422 and "area" in body(refused)["errors"]
    own = leader_call(api, "POST", "/api/leder/nyheter", area, article(area="nedre-romerike", title="Møte i Lørenskog"))
    assert own.status == 201
    theirs = body(leader_call(api, "POST", "/api/leder/nyheter", network, article(title="For hele nettverket")))
    hidden = leader_call(api, "GET", f"/api/leder/nyheter/{theirs['article']['id']}", area)
    assert hidden.status == 403
    assert leader_call(api, "GET", "/api/leder/nyheter/finnes-ikke", network).status == 404
    assert leader_call(api, "GET", "/api/leder/nyheter", None).status == 401
