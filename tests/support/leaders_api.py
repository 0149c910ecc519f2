"""The leaders' API in the handler tests: the demo leaders of every role, and calls as /leder/ makes them (JSON, from
the site's own origin, with the session cookie)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import moto.cognitoidp

from common.site import network
from governance.live import seed_records
from local.gateway import Answer, Gateway
from local.totp import fresh_code
from local.user_pool import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoLeader

JSON = "application/json"
# The partitions the test tables are seeded with: network.json's units and host units, and its governance groups,
# areas' leaders and contact details (each with its first version kept).
GOVERNANCE_SEED = tuple(f"GOVERNANCE#{record.key}" for record in seed_records(network()))
SEEDED = ("UNITS", "HOST_UNITS", "GOVERNANCE", *GOVERNANCE_SEED)
SITE = "http://127.0.0.1:8000"
MOTO_KEYS = Path(moto.cognitoidp.__file__).parent / "resources"
LEADERS = {
    "nurse": DemoLeader("sykepleier@example.no", "Siri Sykepleier", None),
    "host_unit": DemoLeader("vert@example.no", "Vera Vert", "vertsenhet", unit="ahus-palliativt-senter"),
    "other_host_unit": DemoLeader("solstua@example.no", "Solveig Stua", "vertsenhet", unit="solstua-hospice"),
    "area_leader": DemoLeader("omrade@example.no", "Olav Område", "omradeleder", area="nedre-romerike"),
    "host_area_leader": DemoLeader("ahus@example.no", "Aud Ahus", "omradeleder", area="ahus"),
    "other_area_leader": DemoLeader("annen@example.no", "Anne Annen", "omradeleder", area="folloregionen"),
    "network_leader": DemoLeader("nettverk@example.no", "Nina Nettverk", "nettverksleder"),  # the code from an app on
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


def sign_in(api: Gateway, username: str, password: str = DEMO_PASSWORD, secret: str = DEMO_TOTP_SECRET) -> Answer:
    """Sign in as /leder/ does: the password, then the code from the app when the user pool asks for it."""
    answer = leader_call(api, "POST", "/api/leder/innlogging", body={"username": username, "password": password})
    step = json.loads(answer.body) if answer.status == 200 else {}
    if step.get("challenge") == "SOFTWARE_TOKEN_MFA":
        # In process, the code reaches moto within milliseconds: a second's margin is plenty, and waits for the next
        # step one sign-in in thirty (the fuzz tier signs in for each case of the sign-out route), not one in ten.
        code = {"username": username, "session": step["session"], "code": fresh_code(secret, margin=1.0)}
        answer = leader_call(api, "POST", "/api/leder/innlogging", body=code)
    return answer


def cookie_of(answer: Answer, name: str = "lindra_leder") -> str | None:
    """The value of a cookie the answer sets (the session's by default), or None."""
    for header, value in answer.headers:
        if header == "Set-Cookie" and value.startswith(f"{name}="):
            return value.split(";")[0].split("=", 1)[1]
    return None


def token_for(who: str, api: Gateway, pool: dict[str, str]) -> str | None:
    """No token, a pool member's token the API gives no session (a nurse), or a leader's session."""
    if who == "anonymous":
        return None
    answer = sign_in(api, LEADERS[who].email)
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
    return cookie_of(answer)
