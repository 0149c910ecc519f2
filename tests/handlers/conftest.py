"""Handler tests: the real Lambda handler with events as API Gateway sends them, on moto's DynamoDB."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws

from local.environment import function_env
from local.template import tables


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Any]:
    for name, value in function_env("unused", outbox=tmp_path / "outbox").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB")
    with mock_aws():
        import boto3

        client = boto3.client("dynamodb")
        for definition in tables().values():
            client.create_table(**definition["create"])
        yield client


@pytest.fixture
def app(aws: Any) -> Iterator[Any]:
    """The sign-up function's module, with its per-container state (client, repository, settings) reset."""
    from common import aws as clients
    from common.idempotency import persistence
    from common.mail import mailer
    from common.settings import settings
    from courses import app as module

    resets = (clients.client.cache_clear, settings.cache_clear, mailer.cache_clear, persistence.cache_clear)
    for reset in resets:
        reset()
    module._repository = None
    yield module
    module._repository = None
    for reset in resets:
        reset()
    assert os.environ["TABLE_NAME"] == "LindraTable"


@pytest.fixture
def outbox(app: Any) -> Any:
    """The emails the function wrote, oldest first, as parsed messages."""
    import email
    import email.policy
    from pathlib import Path

    folder = Path(os.environ["MAIL_OUTBOX"])

    def read() -> list[Any]:
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]

    return read
