"""The leaders' API through the real handler and the template's routes, on moto's DynamoDB, Cognito and S3.

The authorization matrix: every admin route against anonymous, an expired token, a token from another pool, a
nurse (in the pool, in no leader group), a host unit, an area leader of another area, the area's own leader, the
network leader (who signs in with a code from an app), and a network leader who has not turned the code on yet.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import moto.cognitoidp
import pytest

from common.formatting import OSLO
from courses.repository import DynamoCourseRepository
from local.gateway import Answer, Gateway
from local.user_pool import DEMO_PASSWORD, EXPORT_BUCKET, DemoLeader, add_leader, create_pool
from tests.handlers.clock import oslo_now
from tests.handlers.conftest import leaders_pool
from tests.support import leaders_api
from tests.support.function import fresh_function
from tests.support.samples import course, registration

SITE = "http://127.0.0.1:8000"
AREA = "nedre-romerike"
OTHER_AREA = "folloregionen"
AREA_COURSE = "nettverksmote-nr"
NETWORK_COURSE = "fagdag-alle"
MOTO_KEYS = Path(moto.cognitoidp.__file__).parent / "resources"

LEADERS = {
    "nurse": DemoLeader("sykepleier@example.no", "Siri Sykepleier", None),
    "host_unit": DemoLeader("vert@example.no", "Vera Vert", "vertsenhet", unit="palliativ-enhet"),
    "other_area_leader": DemoLeader("annen@example.no", "Anne Annen", "omradeleder", area=OTHER_AREA),
    "area_leader": DemoLeader("omrade@example.no", "Olav Område", "omradeleder", area=AREA),
    "network_leader": DemoLeader("nettverk@example.no", "Nina Nettverk", "nettverksleder"),  # the code from an app on
    # A network leader who has not turned on the code from an app: no route until it is on (tests/handlers/test_mfa.py).
    "network_leader_without_code": DemoLeader("uten.kode@example.no", "Una Utenkode", "nettverksleder", mfa=False),
}


@pytest.fixture
def pool(aws: Any, monkeypatch: pytest.MonkeyPatch, keys_url: str) -> dict[str, str]:
    import boto3

    cognito = boto3.client("cognito-idp")
    pool_id, client_id = leaders_pool(cognito, LEADERS)  # the network leader with the code from an app on
    boto3.client("s3").create_bucket(
        Bucket=EXPORT_BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    env = {
        "USER_POOL_ID": pool_id,
        "USER_POOL_CLIENT_ID": client_id,
        "JWKS_URL": keys_url,
        "EXPORT_BUCKET": EXPORT_BUCKET,
        "SITE_URL": SITE,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env | {"pool_id": pool_id, "client_id": client_id}


@pytest.fixture
def api(pool: dict[str, str]) -> Iterator[Gateway]:
    with fresh_function():
        yield Gateway()


@pytest.fixture
def courses(aws: Any) -> DynamoCourseRepository:
    repository = DynamoCourseRepository(aws, "LindraTable", cache_seconds=0)
    area_course = course(AREA_COURSE, title="Nettverksmøte Nedre Romerike", area=AREA, kind="nettverksmote")
    network_course = course(NETWORK_COURSE, title="Fagdag", area="alle", kind="fagdag", days_ahead=40)
    repository.put_course(area_course)
    repository.put_course(network_course)
    repository.add_registrations([registration(AREA_COURSE, "a1@example.no", "Åse Ødegård")])
    repository.add_registrations([registration(AREA_COURSE, "a2@example.no", "Bjørn Bø")])
    repository.add_registrations([registration(NETWORK_COURSE, "n1@example.no", "Nora Nedre")])
    follo = registration(NETWORK_COURSE, "f1@example.no", "Frida Follo").model_copy(
        update={"area": OTHER_AREA, "municipality": "Ås"}
    )
    repository.add_registrations([follo])
    return repository


def sign_in(api: Gateway, username: str, password: str = DEMO_PASSWORD) -> Answer:
    """The password, then the code from the app when the user pool asks (the network leader's is on)."""
    return leaders_api.sign_in(api, username, password)


def request(
    api: Gateway,
    method: str,
    path: str,
    token: str | None = None,
    body: dict[str, Any] | None = None,
    query: str = "",
    origin: str | None = SITE,
) -> Answer:
    headers = {"Accept": "application/json"}
    if origin:
        headers["Origin"] = origin
    if token:
        headers["Cookie"] = f"lindra_leder={token}"
    raw = b""
    if body is not None:
        headers["Content-Type"] = "application/json"
        raw = json.dumps(body).encode()
    return api.handle(method, path, query, headers, raw)


def session_of(answer: Answer) -> str:
    session = leaders_api.cookie_of(answer)
    assert session is not None, answer.headers
    return session


def expired_token(pool: dict[str, str]) -> str:
    """A token just like the pool's own, signed with its key, that expired a minute ago."""
    private = json.loads(gzip.decompress((MOTO_KEYS / "jwks-private.json.gz").read_bytes()))
    key = jwt.PyJWK(private["keys"][0] if "keys" in private else private).key
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.eu-north-1.amazonaws.com/{pool['pool_id']}",
        "aud": pool["client_id"],
        "sub": "00000000-0000-0000-0000-000000000000",
        "token_use": "id",
        "iat": now - 3660,
        "exp": now - 60,
        "jti": "expired",
        "email": "nettverk@example.no",
        "cognito:groups": ["nettverksleder"],
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "dummy"})


def other_pool_token(api: Gateway) -> str:
    """A network leader's token from another user pool (same key at moto, other issuer and client)."""
    import boto3

    cognito = boto3.client("cognito-idp")
    pool_id, client_id = create_pool(cognito)
    add_leader(cognito, pool_id, LEADERS["network_leader"])
    answer = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": LEADERS["network_leader"].email, "PASSWORD": DEMO_PASSWORD},
    )
    token: str = answer["AuthenticationResult"]["IdToken"]
    return token


ROUTES = [
    ("GET", "/api/leder/meg", ""),
    ("GET", "/api/leder/kurs", ""),
    ("GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger", ""),
    ("GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger.csv", ""),
    ("GET", "/api/leder/pameldinger.csv", ""),
    ("GET", "/api/leder/revisjon", ""),
]
EXPECTED = {
    "anonymous": [401, 401, 401, 401, 401, 401],
    "expired": [401, 401, 401, 401, 401, 401],
    "other_pool": [401, 401, 401, 401, 401, 401],
    "nurse": [403, 403, 403, 403, 403, 403],
    "host_unit": [200, 403, 403, 403, 403, 403],
    "other_area_leader": [200, 200, 403, 403, 200, 403],
    "area_leader": [200, 200, 200, 200, 200, 403],
    "network_leader": [200, 200, 200, 200, 200, 200],
    "network_leader_without_code": [403, 403, 403, 403, 403, 403],
}


def token_for(who: str, api: Gateway, pool: dict[str, str]) -> str | None:
    if who == "anonymous":
        return None
    if who == "expired":
        return expired_token(pool)
    if who == "other_pool":
        return other_pool_token(api)
    if who == "nurse":
        # Cognito lets a nurse in the pool sign in; the API gives them no session and no data.
        answer = sign_in(api, LEADERS["nurse"].email)
        assert answer.status == 403
        import boto3

        tokens = boto3.client("cognito-idp").initiate_auth(
            ClientId=pool["client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": LEADERS["nurse"].email, "PASSWORD": DEMO_PASSWORD},
        )
        token: str = tokens["AuthenticationResult"]["IdToken"]
        return token
    answer = sign_in(api, LEADERS[who].email)
    assert answer.status == 200, answer.body
    return session_of(answer)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_admin_route_answers_each_kind_of_caller_as_the_matrix_says(
    who: str, api: Gateway, pool: dict[str, str], courses: DynamoCourseRepository
) -> None:
    token = token_for(who, api, pool)
    statuses = [request(api, method, path, token, query=query).status for method, path, query in ROUTES]
    assert statuses == EXPECTED[who]


@pytest.mark.parametrize("who", ["anonymous", "expired", "other_pool", "nurse"])
def test_a_refused_caller_learns_nothing_and_is_told_in_norwegian(
    who: str, api: Gateway, pool: dict[str, str], courses: DynamoCourseRepository
) -> None:
    answer = request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger", token_for(who, api, pool))
    body = json.loads(answer.body)
    assert set(body) == {"message", "errors"}
    assert "Ødegård" not in answer.body.decode()
    expected = "Økten er utløpt" if who == "expired" else ("Logg inn" if answer.status == 401 else "ikke tilgang")
    assert expected in body["message"]


def test_an_area_leader_sees_their_area_and_only_their_own_people_on_network_wide_courses(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    token = session_of(sign_in(api, LEADERS["area_leader"].email))
    listed = json.loads(request(api, "GET", "/api/leder/kurs", token).body)
    assert [c["id"] for c in listed["courses"]] == [AREA_COURSE, NETWORK_COURSE]
    assert listed["courses"][0]["confirmed"] == 2
    own = json.loads(request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger", token).body)
    assert [r["name"] for r in own["registrations"]] == ["Åse Ødegård", "Bjørn Bø"]
    shared = json.loads(request(api, "GET", f"/api/leder/kurs/{NETWORK_COURSE}/pameldinger", token).body)
    assert [r["name"] for r in shared["registrations"]] == ["Nora Nedre"]

    other = session_of(sign_in(api, LEADERS["other_area_leader"].email))
    listed = json.loads(request(api, "GET", "/api/leder/kurs", other).body)
    assert [c["id"] for c in listed["courses"]] == [NETWORK_COURSE]
    shared = json.loads(request(api, "GET", f"/api/leder/kurs/{NETWORK_COURSE}/pameldinger", other).body)
    assert [r["name"] for r in shared["registrations"]] == ["Frida Follo"]
    period = request(api, "GET", "/api/leder/pameldinger.csv", other)
    assert "Frida Follo" in period.body.decode() and "Nora Nedre" not in period.body.decode()


def test_the_network_leader_exports_a_course_for_norwegian_excel_or_with_commas(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    token = session_of(sign_in(api, LEADERS["network_leader"].email))
    excel = request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger.csv", token)
    headers = dict(excel.headers)
    assert excel.status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    today = datetime.now(OSLO).date().isoformat()  # the file is named by the day in Oslo
    assert headers["Content-Disposition"] == f'attachment; filename="pameldinger-{AREA_COURSE}-{today}.csv"'
    assert excel.body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(excel.body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Status", "Plass på ventelisten", "Navn"]
    assert [row[2] for row in rows[1:]] == ["Åse Ødegård", "Bjørn Bø"]
    assert b"\r\n" in excel.body

    comma = request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger.csv", token, query="format=komma")
    assert not comma.body.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(comma.body.decode(), newline="")))[1][2] == "Åse Ødegård"

    bad = request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger.csv", token, query="format=xlsx")
    assert bad.status == 422
    assert "format" in json.loads(bad.body)["errors"]


def test_each_export_and_sign_in_is_in_the_audit_log_with_who_what_and_how_many_rows(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    area = session_of(sign_in(api, LEADERS["area_leader"].email))
    request(api, "GET", f"/api/leder/kurs/{NETWORK_COURSE}/pameldinger.csv", area)
    network = session_of(sign_in(api, LEADERS["network_leader"].email))
    year = date.today().year  # the fixture's courses are a few weeks ahead of the day the test runs
    period = f"fra={year}-01-01&til={year + 1}-12-31"
    request(api, "GET", "/api/leder/pameldinger.csv", network, query=period)
    log = json.loads(request(api, "GET", "/api/leder/revisjon", network).body)["entries"]
    summary = [(e["actor"], e["action"], e["subject"], e["rows"]) for e in log]
    assert summary == [
        ("nettverk@example.no", "export", f"{year}-01-01–{year + 1}-12-31", 4),
        ("nettverk@example.no", "sign_in", "nettverksleder", None),
        ("omrade@example.no", "export", NETWORK_COURSE, 1),
        ("omrade@example.no", "sign_in", "omradeleder", None),
    ]
    assert log[0]["action_label"] == "Eksport"


def test_sign_in_sets_a_short_lived_httponly_secure_strict_cookie_and_sign_out_ends_the_session(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    answer = sign_in(api, LEADERS["area_leader"].email)
    cookie = next(value for name, value in answer.headers if name == "Set-Cookie")
    attributes = {part.strip().split("=")[0] for part in cookie.split(";")[1:]}
    assert {"Path", "Max-Age", "HttpOnly", "Secure", "SameSite"} <= attributes
    assert "SameSite=Strict" in cookie and "Path=/api/leder" in cookie
    assert 3000 < int(cookie.split("Max-Age=")[1].split(";")[0]) <= 3600
    me = json.loads(answer.body)
    assert (me["role"], me["area"], me["area_name"]) == ("omradeleder", AREA, "Nedre Romerike")

    token = session_of(answer)
    out = request(api, "POST", "/api/leder/utlogging", token, body={})
    assert out.status == 200
    assert "Max-Age=0" in next(value for name, value in out.headers if name == "Set-Cookie")
    # The same token, kept by somebody, no longer works.
    assert request(api, "GET", "/api/leder/meg", token).status == 401


def test_a_wrong_password_is_a_401_with_a_kind_message_and_no_cookie(api: Gateway) -> None:
    answer = sign_in(api, LEADERS["network_leader"].email, "feil-passord-123")
    assert answer.status == 401
    assert "Feil e-post eller passord" in json.loads(answer.body)["message"]
    assert all(name != "Set-Cookie" for name, _ in answer.headers)
    unknown = sign_in(api, "finnes.ikke@example.no", "feil-passord-123")
    assert (unknown.status, json.loads(unknown.body)["message"]) == (401, json.loads(answer.body)["message"])


@pytest.mark.parametrize("answer", [{"new_password": "Nytt-passord-123"}, {"code": "123456"}])
@pytest.mark.parametrize(
    ("session", "message"),
    [
        ("kort", "Feil e-post eller passord"),  # shorter than Cognito's 20 characters: botocore refused it, a 500
        ("x" * 40, "Økten er utløpt"),  # long enough, but no sign-in Cognito knows (gone, or made up): a 500
    ],
)
def test_a_challenge_answered_with_a_session_cognito_cannot_take_is_a_401_not_a_500(
    api: Gateway, answer: dict[str, str], session: str, message: str
) -> None:
    """Both found by the fuzz tier."""
    body = {"username": LEADERS["network_leader"].email, "session": session} | answer
    refused = request(api, "POST", "/api/leder/innlogging", body=body)
    assert refused.status == 401, refused.body
    assert message in json.loads(refused.body)["message"]


def test_an_account_with_a_temporary_password_chooses_a_new_one_first(
    api: Gateway, pool: dict[str, str], courses: DynamoCourseRepository
) -> None:
    import boto3

    cognito = boto3.client("cognito-idp")
    cognito.admin_create_user(
        UserPoolId=pool["pool_id"],
        Username="ny@example.no",
        TemporaryPassword="Midlertidig-1",
        UserAttributes=[{"Name": "email", "Value": "ny@example.no"}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_add_user_to_group(UserPoolId=pool["pool_id"], Username="ny@example.no", GroupName="nettverksleder")
    first = json.loads(sign_in(api, "ny@example.no", "Midlertidig-1").body)
    assert first["challenge"] == "NEW_PASSWORD_REQUIRED"
    body = {"username": "ny@example.no", "session": first["session"], "new_password": "Et-nytt-passord-2026"}
    answer = request(api, "POST", "/api/leder/innlogging", body=body)
    assert answer.status == 200
    me = json.loads(answer.body)
    assert me["role"] == "nettverksleder"
    assert (me["mfa"], me["mfa_required"]) == (False, True), "a new network leader turns the code on next"
    assert request(api, "GET", "/api/leder/kurs", session_of(answer)).status == 403


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example", "Content-Type": "application/json"}, 403),
        ({"Content-Type": "application/json"}, 403),  # a POST must say where it comes from
        ({"Origin": SITE, "Content-Type": "application/x-www-form-urlencoded"}, 400),
        ({"Origin": SITE, "Content-Type": "text/plain"}, 400),
    ],
)
def test_the_admin_api_takes_json_from_the_site_only(api: Gateway, headers: dict[str, str], status: int) -> None:
    body = json.dumps({"username": LEADERS["network_leader"].email, "password": DEMO_PASSWORD}).encode()
    answer = api.handle("POST", "/api/leder/innlogging", "", headers | {"Accept": "application/json"}, body)
    assert answer.status == status
    assert all(name != "Set-Cookie" for name, _ in answer.headers)


def test_a_read_from_another_site_is_refused_even_with_a_valid_session(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    token = session_of(sign_in(api, LEADERS["network_leader"].email))
    answer = request(api, "GET", "/api/leder/kurs", token, origin="https://evil.example")
    assert answer.status == 403


def test_bad_periods_get_a_message_at_the_field(api: Gateway, courses: DynamoCourseRepository) -> None:
    token = session_of(sign_in(api, LEADERS["network_leader"].email))
    for query, field in (
        ("fra=2027-13-01", "fra"),
        ("fra=2027-02-01&til=2027-01-01", "til"),
        ("fra=2020-01-01&til=2027-01-01", "til"),
    ):
        answer = request(api, "GET", "/api/leder/kurs", token, query=query)
        assert answer.status == 422, query
        assert field in json.loads(answer.body)["errors"]


def test_an_export_too_big_for_a_lambda_answer_is_a_short_lived_link(
    api: Gateway, courses: DynamoCourseRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports import files

    monkeypatch.setattr(files, "RESPONSE_LIMIT", 100)
    token = session_of(sign_in(api, LEADERS["network_leader"].email))
    answer = request(api, "GET", f"/api/leder/kurs/{AREA_COURSE}/pameldinger.csv", token)
    assert answer.status == 303
    location = dict(answer.headers)["Location"]
    assert "X-Amz-Expires=300" in location and EXPORT_BUCKET in location
    import boto3

    (stored,) = boto3.client("s3").list_objects_v2(Bucket=EXPORT_BUCKET)["Contents"]
    body = boto3.client("s3").get_object(Bucket=EXPORT_BUCKET, Key=stored["Key"])
    assert "Åse Ødegård" in body["Body"].read().decode("utf-8-sig")
    assert body["ContentDisposition"].startswith("attachment")


def test_the_period_defaults_to_the_last_three_months_and_the_coming_year(
    api: Gateway, courses: DynamoCourseRepository
) -> None:
    token = session_of(sign_in(api, LEADERS["network_leader"].email))
    listed = json.loads(request(api, "GET", "/api/leder/kurs", token).body)
    today = oslo_now().date()  # the app's today, in Oslo
    assert abs(datetime.fromisoformat(listed["from"]).date() - (today - timedelta(days=90))).days <= 1
    assert listed["period_csv_url"].startswith("/api/leder/pameldinger.csv?fra=")


def test_an_event_just_after_midnight_in_oslo_is_in_that_months_audit_log(aws: Any) -> None:
    """Given an export at 00:30 on 1 February in Oslo (23:30 UTC on 31 January), when the network leader lists
    February, then it is there, and January does not have it: the log files entries on Oslo's calendar, as it lists."""
    from common.audit import AuditEntry, DynamoAuditLog

    log = DynamoAuditLog(aws, "LindraTable", retention_months=24)
    at = datetime(2027, 1, 31, 23, 30, tzinfo=UTC)
    log.record(AuditEntry(at=at, actor="nina@example.no", action="export", subject="dekning", rows=3))

    assert [entry.subject for entry in log.month(2027, 2)] == ["dekning"]
    assert list(log.month(2027, 1)) == []
