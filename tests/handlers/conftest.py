"""Handler tests: the real Lambda handler with events as API Gateway sends them, on moto's DynamoDB."""

from __future__ import annotations

import gzip
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from moto import mock_aws

from local.environment import function_env, seed_governance, seed_units
from local.gateway import Gateway
from local.template import tables
from local.user_pool import TOTP_CHECKS, DemoLeader, add_leaders, create_pool
from tests.support import fast_moto
from tests.support.function import fresh_function
from tests.support.leaders_api import LEADERS, MOTO_KEYS, SITE
from tests.support.moto_state import Snapshots

fast_moto.install()  # moto's answers as it makes them, faster (tests/support/fast_moto.py)

# The tables as the deploy leaves them and the user pools with their leaders: made by the first test of each process
# that asks for them, and a copy of what that left for every later one (tests/support/moto_state.py).
SNAPSHOTS = Snapshots()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Any]:
    for name, value in function_env("unused", outbox=tmp_path / "outbox").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB")
    monkeypatch.setenv(TOTP_CHECKS, "true")  # moto checks the codes from the app, as Cognito does
    with mock_aws():
        import boto3

        client = boto3.client("dynamodb")

        def deployed() -> None:
            for definition in tables().values():
                client.create_table(**definition["create"])
            seed_units(client, "LindraTable")  # network.json's units, as the deploy puts them
            seed_governance(client, "LindraTable")  # and its groups, areas' leaders and contact details

        SNAPSHOTS.tables("deployed", deployed)
        yield client


@pytest.fixture
def app(aws: Any) -> Iterator[Any]:
    """The sign-up function's module, with its per-container state (client, repository, settings) reset."""
    with fresh_function() as module:
        yield module
    assert os.environ["TABLE_NAME"] == "LindraTable"


@pytest.fixture
def outbox(app: Any) -> Any:
    """The emails the function wrote, oldest first, as parsed messages: the outbox's pending emails handed to the
    mail worker first, as the table's stream would."""
    import email
    import email.policy
    from pathlib import Path

    from tests.support.mail import deliver_outbox

    folder = Path(os.environ["MAIL_OUTBOX"])

    def read() -> list[Any]:
        deliver_outbox()
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]

    return read


# The leaders' API: moto's user pool with a leader of every role --------------------------------------------------


@pytest.fixture(scope="module")
def keys_url() -> Iterator[str]:
    """moto's public keys over HTTP, as the pool publishes them (PyJWT fetches keys over HTTP(S) only)."""
    body = gzip.decompress((MOTO_KEYS / "jwks-public.json.gz").read_bytes())

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = HTTPServer(("127.0.0.1", 0), Keys)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


def leaders_pool(cognito: Any, leaders: dict[str, DemoLeader]) -> tuple[str, str]:
    """The template's user pool with these leaders (the network leaders with the code from an app on, unless a leader
    says otherwise): (pool id, client id)."""

    def made() -> tuple[str, str]:
        pool_id, client_id = create_pool(cognito)
        add_leaders(cognito, pool_id, client_id, leaders.values())
        return pool_id, client_id

    ids: tuple[str, str] = SNAPSHOTS.pool(tuple(leaders.items()), made)
    return ids


@pytest.fixture
def pool(aws: Any, monkeypatch: pytest.MonkeyPatch, keys_url: str) -> dict[str, str]:
    import boto3

    cognito = boto3.client("cognito-idp")
    pool_id, client_id = leaders_pool(cognito, LEADERS)
    env = {"USER_POOL_ID": pool_id, "USER_POOL_CLIENT_ID": client_id, "JWKS_URL": keys_url, "SITE_URL": SITE}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def api(pool: dict[str, str]) -> Iterator[Gateway]:
    with fresh_function():
        yield Gateway()
