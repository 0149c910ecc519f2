"""The leaders' API in the handler tests: the demo leaders of every role, and calls as /leder/ makes them (JSON, from
the site's own origin, with the session cookie)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import moto.cognitoidp

from local.gateway import Answer, Gateway
from local.user_pool import DEMO_PASSWORD, DemoLeader

JSON = "application/json"
# The partitions the test tables are seeded with: network.json's units and host units.
SEEDED = ("UNITS", "HOST_UNITS")
SITE = "http://127.0.0.1:8000"
MOTO_KEYS = Path(moto.cognitoidp.__file__).parent / "resources"
LEADERS = {
    "nurse": DemoLeader("sykepleier@example.no", "Siri Sykepleier", None),
    "host_unit": DemoLeader("vert@example.no", "Vera Vert", "vertsenhet", unit="ahus-palliativt-senter"),
    "other_host_unit": DemoLeader("solstua@example.no", "Solveig Stua", "vertsenhet", unit="solstua-hospice"),
    "area_leader": DemoLeader("omrade@example.no", "Olav Område", "omradeleder", area="nedre-romerike"),
    "host_area_leader": DemoLeader("ahus@example.no", "Aud Ahus", "omradeleder", area="ahus"),
    "other_area_leader": DemoLeader("annen@example.no", "Anne Annen", "omradeleder", area="folloregionen"),
    "network_leader": DemoLeader("nettverk@example.no", "Nina Nettverk", "nettverksleder"),
}


def leader_call(
    api: Gateway, method: str, path: str, token: str | None = None, body: Any = None, query: str = ""
) -> Answer:
    """The leaders' API as /leder/ calls it: JSON, from the site's own origin, with the session cookie."""
    headers = {"Accept": JSON, "Origin": SITE}
    if token:
        headers["Cookie"] = f"lindra_leder={token}"
    raw = b""
    if body is not None:
        headers["Content-Type"] = JSON
        raw = json.dumps(body).encode()
    return api.handle(method, path, query, headers, raw)


def token_for(who: str, api: Gateway, pool: dict[str, str]) -> str | None:
    """No token, a pool member's token the API gives no session (a nurse), or a leader's session."""
    if who == "anonymous":
        return None
    credentials = {"username": LEADERS[who].email, "password": DEMO_PASSWORD}
    answer = leader_call(api, "POST", "/api/leder/innlogging", body=credentials)
    if who == "nurse":
        assert answer.status == 403
        import boto3

        tokens = boto3.client("cognito-idp").initiate_auth(
            ClientId=pool["USER_POOL_CLIENT_ID"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": LEADERS[who].email, "PASSWORD": DEMO_PASSWORD},
        )
        token: str = tokens["AuthenticationResult"]["IdToken"]
        return token
    assert answer.status == 200, answer.body
    cookie = next(value for name, value in answer.headers if name == "Set-Cookie")
    return cookie.split(";")[0].split("=", 1)[1]
