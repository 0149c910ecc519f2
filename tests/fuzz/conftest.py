"""The fuzz tier: one moto account per function, the demo data in it, and the local gateway as a WSGI app."""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from local.gateway import Gateway
from tests.handlers import conftest as handlers
from tests.support import fast_moto
from tests.support.moto_state import copied, moto_state

fast_moto.install()  # moto's answers as it makes them, faster (tests/support/fast_moto.py)

keys_url = handlers.keys_url  # moto's public keys over HTTP, as in the handler tests
# FUZZ_SEED plays one run again; otherwise a new seed each run, shown in pytest's header. FUZZ_CASES per route.
SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))
CASES = int(os.environ.get("FUZZ_CASES") or 1000)


SUMMARY: dict[str, Counter[int]] = {}  # route: how many answers of each status

# The routes whose cases cost most (the reports and exports read much of the table), slowest first as measured with
# `--durations`; then the rest in the template's order. xdist hands the tests out in this order, so that neither
# worker is left with a slow route at the end while the other has nothing to do.
SLOWEST = [
    "GET /api/leder/arsrapport.docx",
    "GET /api/leder/dekning.csv",
    "GET /api/leder/arsrapport.md",
    "GET /api/leder/navneliste",
    "GET /api/leder/navneliste.csv",
    "GET /api/leder/arsrapport",
    "GET /api/leder/arsrapport.csv",
    "GET /api/leder/hospitering-evalueringer.csv",
    "GET /api/leder/timer.csv",
    "GET /api/leder/timer.svg",
    "GET /api/leder/endringsmeldinger",
    "GET /api/leder/navneliste/enheter/{unit_id}",
    "POST /api/leder/navneliste/import",
    "POST /api/leder/endringsmeldinger/{report_id}/godkjenning",
    "GET /api/leder/timer",
    "GET /api/leder/pameldinger.csv",
    "GET /api/leder/dekning.svg",
]


def pytest_report_header() -> str:
    return f"fuzz: FUZZ_SEED={SEED} FUZZ_CASES={CASES} per route"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        callspec = getattr(item, "callspec", None)
        route = callspec.id if callspec else ""
        return SLOWEST.index(route) if route in SLOWEST else len(SLOWEST)

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Per route: the cases sent and the statuses they got (a route that only ever answers 401 or 404 would be a
    fuzz that never reaches its code), then the seed again."""
    summary = {
        report.nodeid.partition("[")[2].rstrip("]"): Counter(dict(report.user_properties).get("statuses", {}))
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if report.when == "call"
    }
    if not summary:
        return
    terminalreporter.section("fuzz: cases per route, by status")
    for route, statuses in sorted(summary.items()):
        counts = " ".join(f"{status}:{n}" for status, n in sorted(statuses.items()))
        terminalreporter.write_line(f"{statuses.total():6d}  {route}  {counts}")
    total = sum(statuses.total() for statuses in summary.values())
    terminalreporter.write_line(f"{total} cases on {len(summary)} routes; FUZZ_SEED={SEED}")


def wsgi(gateway: Gateway) -> Any:
    """The local gateway as a WSGI app, so that schemathesis's WSGI transport sends each case to the real handler
    in-process (no sockets, no threads)."""

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        # The path as sent (percent-encoded), as the local server passes it on (local/server.py); werkzeug keeps the
        # query apart.
        path = urlsplit(environ["RAW_URI"]).path
        answer = gateway.handle(environ["REQUEST_METHOD"], path, environ.get("QUERY_STRING", ""), headers, body)
        start_response(f"{answer.status} -", answer.headers)
        return [answer.body]

    return application


class Stack:
    """The gateway on moto, and the cookie a leaders' case goes with: a network leader's session and the site's Origin
    on most cases (so that the code behind the sign-in is reached), nothing on the rest."""

    def __init__(
        self,
        gateway: Gateway,
        session: str,
        sign_in: Any,
        known: dict[str, dict[str, str]],
        enrolling: dict[str, str] | None = None,
    ) -> None:
        self.gateway = gateway
        self.known = known  # per route path, path values that exist (tests/fuzz/seed.py)
        self.app = wsgi(gateway)
        self.session = session
        self.sign_in = sign_in
        # Turning on the code from an app: an area leader's session and the sign-in's access token (the network
        # leader has the code on, and so no access token).
        self.enrolling = enrolling or {}

    def credentials(self, function: str, path: str, data: Any) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and cookies a case is sent with."""
        from hypothesis import strategies as st

        from tests.support.leaders_api import SITE

        # Not 0 or 9: hypothesis favours the ends of a range.
        if function != "LeaderFunction" or data.draw(st.integers(0, 9), label="anonymous") == 7:
            return {}, {}
        if path.startswith("/api/leder/kode") and self.enrolling:
            return {"Origin": SITE}, dict(self.enrolling)
        # Signing out ends a session for good: that route gets a new one each time.
        session = self.sign_in() if path == "/api/leder/utlogging" else self.session
        return {"Origin": SITE}, {"lindra_leder": session}


@dataclass(frozen=True)
class Seeded:
    """The stack every route starts from, made once per worker: the environment, moto's tables and user pools as the
    seed left them, and the path values that exist."""

    env: dict[str, str]
    tables: dict[str, Any]
    pools: dict[str, Any]
    known: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def seeded(keys_url: str, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """The tables, the user pool with the demo leaders and the seed (tests/fuzz/seed.py), made through the real
    handlers once; each route's stack starts from a copy of what they left."""
    import boto3
    from moto import mock_aws

    from local.environment import function_env, seed_units
    from local.template import tables
    from local.user_pool import add_leaders, create_pool
    from tests.fuzz.seed import seed
    from tests.support.function import fresh_function
    from tests.support.leaders_api import LEADERS, SITE, token_for

    outbox = tmp_path_factory.mktemp("seed") / "outbox"
    with pytest.MonkeyPatch.context() as patch, mock_aws():
        for name, value in function_env("unused", outbox=outbox).items():
            patch.setenv(name, value)
        patch.delenv("AWS_ENDPOINT_URL_DYNAMODB")
        client = boto3.client("dynamodb")
        for definition in tables().values():
            client.create_table(**definition["create"])
        seed_units(client, "LindraTable")
        cognito = boto3.client("cognito-idp")
        pool_id, client_id = create_pool(cognito)
        add_leaders(cognito, pool_id, client_id, LEADERS.values())  # the network leader with the code from an app on
        env = {"USER_POOL_ID": pool_id, "USER_POOL_CLIENT_ID": client_id, "JWKS_URL": keys_url, "SITE_URL": SITE}
        for name, value in env.items():
            patch.setenv(name, value)
        with fresh_function():
            gateway = Gateway()
            session = token_for("network_leader", gateway, env)
            assert session
            known = seed(gateway, client, session, outbox)
        dynamodb, user_pools = moto_state()
        names = set(function_env("unused", outbox=outbox)) - {"AWS_ENDPOINT_URL_DYNAMODB"}
        environment = {name: os.environ[name] for name in names} | env
        return Seeded(environment, copied(dynamodb.tables), copied(user_pools.user_pools), known)


@pytest.fixture
def stack(seeded: Seeded, tmp_path: Path) -> Iterator[Stack]:
    """A stack of its own for each route, the same for every route (a copy of the seeded one, with a new session):
    a route's cases do not depend on which routes ran before it (or on which worker), so FUZZ_SEED plays a failure
    again, and moto's tables stay small."""
    from moto import mock_aws

    from tests.support.function import fresh_function
    from tests.support.leaders_api import LEADERS, cookie_of, token_for
    from tests.support.leaders_api import sign_in as signed_in

    with pytest.MonkeyPatch.context() as patch, mock_aws():
        for name, value in seeded.env.items():
            patch.setenv(name, value)
        patch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
        patch.setenv("MAIL_OUTBOX", str(tmp_path / "outbox"))
        dynamodb, user_pools = moto_state()
        dynamodb.tables = copied(seeded.tables)
        user_pools.user_pools = copied(seeded.pools)
        with fresh_function():
            gateway = Gateway()

            def sign_in() -> str:
                session = token_for("network_leader", gateway, seeded.env)
                assert session
                return session

            answer = signed_in(gateway, LEADERS["area_leader"].email)
            enrolling = {name: cookie_of(answer, name) or "" for name in ("lindra_leder", "lindra_leder_kode")}
            yield Stack(gateway, sign_in(), sign_in, seeded.known, enrolling)
