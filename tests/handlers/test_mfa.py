"""The code from an authenticator app (TOTP, Cognito's software token) through the real handler, on moto's Cognito.

moto 5.2 serves AssociateSoftwareToken, VerifySoftwareToken and SetUserMFAPreference with an access token, and asks
for SOFTWARE_TOKEN_MFA at USER_PASSWORD_AUTH once a user's code is on and preferred. It gives every user the same
secret (DEMO_TOTP_SECRET) and, with MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true (set by the handler tests' `aws`
fixture), checks a code against the current 30-second step only (without it, it takes any code). Its MFA_SETUP
challenge comes only with a pool whose MFA is ON, which ours is not (the area leaders may go without): not used here.

A network leader without the code reaches no leaders' route (every one of the template's, but turning the code on and
signing out) until it is on: a 403 with reason "mfa_enrolment_required", or the HTML pages' 403 page.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from common.audit import AuditEntry, DynamoAuditLog
from local.gateway import Answer, Gateway
from local.template import routes
from local.totp import code, fresh_code
from local.user_pool import DEMO_TOTP_SECRET, DemoLeader, add_leader
from tests.support.leaders_api import JSON, LEADERS, SITE, cookie_of, sign_in

NEW_NETWORK_LEADER = DemoLeader("ny.nettverksleder@example.no", "Nora Ny", "nettverksleder", mfa=False)
AREA_LEADER = LEADERS["area_leader"]
REASON = "mfa_enrolment_required"
ENROLMENT = {"POST /api/leder/kode", "POST /api/leder/kode/bekreftelse", "POST /api/leder/utlogging"}
SIGN_IN = "POST /api/leder/innlogging"


@pytest.fixture
def new_leader(pool: dict[str, str]) -> DemoLeader:
    add_leader(boto3.client("cognito-idp"), pool["USER_POOL_ID"], NEW_NETWORK_LEADER)
    return NEW_NETWORK_LEADER


def call(api: Gateway, method: str, path: str, cookies: dict[str, str | None], body: Any = None) -> Answer:
    """As /leder/ calls the API: JSON from the site's origin, with the cookies the browser has for the path."""
    headers = {"Accept": JSON, "Origin": SITE}
    sent = "; ".join(f"{name}={value}" for name, value in cookies.items() if value)
    if sent:
        headers["Cookie"] = sent
    raw = b""
    if body is not None or method != "GET":
        headers["Content-Type"] = JSON
        raw = json.dumps(body if body is not None else {}).encode()
    return api.handle(method, path, "", headers, raw)


def signed_in_without_code(api: Gateway, email: str) -> dict[str, str | None]:
    answer = sign_in(api, email)
    assert answer.status == 200, answer.body
    return {"lindra_leder": cookie_of(answer), "lindra_leder_kode": cookie_of(answer, "lindra_leder_kode")}


def leaders_routes() -> list[tuple[str, str]]:
    """Every leaders' route in the template but sign-in, its parameters filled in."""
    found = []
    for route in routes():
        key = f"{route.method} {route.path}"
        if route.path.startswith("/api/leder/") and key != SIGN_IN:
            found.append((route.method, re.sub(r"\{\w+\}", "x1", route.path)))
    return found


def test_every_leaders_route_but_turning_the_code_on_and_signing_out_refuses_the_network_leader_without_it(
    api: Gateway, new_leader: DemoLeader
) -> None:
    answer = sign_in(api, new_leader.email)
    assert answer.status == 200, answer.body
    me = json.loads(answer.body)
    assert (me["role"], me["mfa"], me["mfa_required"]) == ("nettverksleder", False, True)
    enrolment = [value for name, value in answer.headers if name == "Set-Cookie" and "lindra_leder_kode=" in value]
    assert len(enrolment) == 1 and "Path=/api/leder/kode" in enrolment[0] and "HttpOnly" in enrolment[0]
    cookies = {"lindra_leder": cookie_of(answer)}

    checked = 0
    for method, path in leaders_routes():
        if f"{method} {path}" in ENROLMENT:
            continue
        refused = call(api, method, path, cookies)
        assert refused.status == 403, (method, path, refused.status, refused.body[:200])
        if refused.headers and dict(refused.headers).get("Content-Type", "").startswith("text/html"):
            assert "Slå på innlogging med kode" in refused.body.decode(), path  # a page for a person in a browser
        else:
            body = json.loads(refused.body)
            assert body["reason"] == REASON, (method, path)
            assert "nettverksleder" in body["message"] and "kode" in body["message"]
        checked += 1
    assert checked == len(leaders_routes()) - len(ENROLMENT) >= 50
    # The session still is one: signing out ends it.
    assert call(api, "POST", "/api/leder/utlogging", cookies).status == 200
    assert call(api, "GET", "/api/leder/meg", cookies).status == 401


def test_the_network_leader_turns_the_code_on_and_then_reaches_the_whole_area(
    api: Gateway, new_leader: DemoLeader, aws: Any
) -> None:
    cookies = signed_in_without_code(api, new_leader.email)
    started = call(api, "POST", "/api/leder/kode", cookies)
    assert started.status == 200, started.body
    secret = json.loads(started.body)
    assert secret["secret"] == DEMO_TOTP_SECRET  # moto's one secret for every user
    assert secret["secret_text"] == "ASDF ASDF ASDF"  # noqa: S105
    assert secret["uri"].startswith("otpauth://totp/")
    assert f"secret={DEMO_TOTP_SECRET}" in secret["uri"] and "issuer=" in secret["uri"]
    assert secret["account"] == new_leader.email and new_leader.email in secret["uri"]

    wrong = call(api, "POST", "/api/leder/kode/bekreftelse", cookies, {"code": wrong_code()})
    assert wrong.status == 422
    assert "Koden stemmer ikke" in json.loads(wrong.body)["errors"]["code"]
    badly_typed = call(api, "POST", "/api/leder/kode/bekreftelse", cookies, {"code": "12a"})
    assert badly_typed.status == 422 and "sekssifrede" in json.loads(badly_typed.body)["errors"]["code"]
    assert call(api, "GET", "/api/leder/kurs", cookies).status == 403, "nothing changed yet"

    done = call(api, "POST", "/api/leder/kode/bekreftelse", cookies, {"code": fresh_code(secret["secret"])})
    assert done.status == 200, done.body
    assert json.loads(done.body)["mfa"] is True
    gone = [value for name, value in done.headers if name == "Set-Cookie" and value.startswith("lindra_leder_kode=")]
    assert gone and "Max-Age=0" in gone[0], "the access token's cookie goes once the code is on"
    assert call(api, "GET", "/api/leder/kurs", cookies).status == 200
    assert call(api, "GET", "/api/leder/meg", cookies).status == 200
    log = json.loads(call(api, "GET", "/api/leder/revisjon", cookies).body)["entries"]
    assert [e["action"] for e in log] == ["mfa_enabled", "sign_in"]
    assert log[0]["action_label"] == "Innlogging med kode slått på"

    # From now on the user pool asks for the code at every sign-in; the session that gave it reaches everything.
    first = json.loads(
        call(
            api, "POST", "/api/leder/innlogging", {}, {"username": new_leader.email, "password": "Palliasjon-2026"}
        ).body
    )
    assert first["challenge"] == "SOFTWARE_TOKEN_MFA"
    body = {"username": new_leader.email, "session": first["session"], "code": wrong_code()}
    refused = call(api, "POST", "/api/leder/innlogging", {}, body)
    assert refused.status == 422 and "Koden stemmer ikke" in json.loads(refused.body)["errors"]["code"]
    again = sign_in(api, new_leader.email)
    assert again.status == 200, again.body
    assert json.loads(again.body)["mfa"] is True
    assert cookie_of(again, "lindra_leder_kode") is None, "no access token for one who has the code on"
    assert call(api, "GET", "/api/leder/revisjon", {"lindra_leder": cookie_of(again)}).status == 200


def wrong_code() -> str:
    right = fresh_code(DEMO_TOTP_SECRET)
    return "000000" if right != "000000" else "111111"


def test_turning_the_code_on_needs_the_sign_ins_access_token_and_a_session(
    api: Gateway, new_leader: DemoLeader
) -> None:
    cookies = signed_in_without_code(api, new_leader.email)
    without = call(api, "POST", "/api/leder/kode", {"lindra_leder": cookies["lindra_leder"]})
    assert without.status == 401 and "Logg inn på nytt" in json.loads(without.body)["message"]
    made_up = call(api, "POST", "/api/leder/kode", cookies | {"lindra_leder_kode": "x" * 40})
    assert made_up.status == 401
    someone_elses = signed_in_without_code(api, AREA_LEADER.email)["lindra_leder_kode"]
    mixed = call(api, "POST", "/api/leder/kode", cookies | {"lindra_leder_kode": someone_elses})
    assert mixed.status == 401, "another leader's access token turns nothing on for this session"
    no_session = call(api, "POST", "/api/leder/kode", {"lindra_leder_kode": cookies["lindra_leder_kode"]})
    assert no_session.status == 401
    out = call(api, "POST", "/api/leder/utlogging", cookies)
    assert out.status == 200
    cleared = [value for name, value in out.headers if name == "Set-Cookie"]
    assert any(v.startswith("lindra_leder=") and "Max-Age=0" in v for v in cleared)
    assert any(v.startswith("lindra_leder_kode=") and "Max-Age=0" in v for v in cleared)
    assert call(api, "POST", "/api/leder/kode", cookies).status == 401, "the session signed out"


def test_an_area_leader_needs_no_code_but_may_turn_it_on(api: Gateway, courses_for_area: None) -> None:
    cookies = signed_in_without_code(api, AREA_LEADER.email)
    me = json.loads(call(api, "GET", "/api/leder/meg", cookies).body)
    assert (me["mfa"], me["mfa_required"]) == (False, False)
    assert call(api, "GET", "/api/leder/kurs", cookies).status == 200
    started = json.loads(call(api, "POST", "/api/leder/kode", cookies).body)
    done = call(api, "POST", "/api/leder/kode/bekreftelse", cookies, {"code": fresh_code(started["secret"])})
    assert done.status == 200 and json.loads(done.body)["mfa"] is True
    first = json.loads(
        call(
            api, "POST", "/api/leder/innlogging", {}, {"username": AREA_LEADER.email, "password": "Palliasjon-2026"}
        ).body
    )
    assert first["challenge"] == "SOFTWARE_TOKEN_MFA"


@pytest.fixture
def courses_for_area() -> None:
    """The area leader's routes answer without any course too."""


def test_the_audit_log_keeps_the_users_sub_beside_the_email_and_reads_entries_made_before(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    cognito = boto3.client("cognito-idp")
    user = cognito.admin_get_user(UserPoolId=pool["USER_POOL_ID"], Username=LEADERS["network_leader"].email)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    # An entry written before the sub was kept: no actor_sub attribute.
    old = DynamoAuditLog(aws, "LindraTable", 36)
    old.record(AuditEntry(at=datetime.now(UTC), actor="tidligere@example.no", action="export", subject="dekning"))

    session = cookie_of(sign_in(api, LEADERS["network_leader"].email))
    log = json.loads(call(api, "GET", "/api/leder/revisjon", {"lindra_leder": session}).body)["entries"]
    entries = {(e["actor"], e["action"]): e for e in log}
    assert entries[("nettverk@example.no", "sign_in")]["actor_sub"] == sub
    assert entries[("tidligere@example.no", "export")]["actor_sub"] is None
    stored = aws.scan(
        TableName="LindraTable", FilterExpression="entity = :a", ExpressionAttributeValues={":a": {"S": "audit"}}
    )
    signed = [i for i in stored["Items"] if i["action"]["S"] == "sign_in"]
    assert signed and signed[0]["actor_sub"]["S"] == sub and signed[0]["actor"]["S"] == "nettverk@example.no"


def test_a_code_from_the_step_before_is_refused_as_moto_checks_only_the_current_one(
    api: Gateway, new_leader: DemoLeader
) -> None:
    """What moto does (and so what these tests lean on): the current step's code only; AWS allows some clock drift."""
    import time

    cookies = signed_in_without_code(api, new_leader.email)
    call(api, "POST", "/api/leder/kode", cookies)
    fresh_code(DEMO_TOTP_SECRET)  # not at a step's end
    old = code(DEMO_TOTP_SECRET, time.time() - 30)
    if old == code(DEMO_TOTP_SECRET):
        pytest.skip("the two steps' codes happen to be the same")
    assert call(api, "POST", "/api/leder/kode/bekreftelse", cookies, {"code": old}).status == 422
