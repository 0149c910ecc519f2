"""Handler tests: the real Lambda handler with events as API Gateway sends them, on moto's DynamoDB."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws

from local.environment import function_env
from local.template import tables
from tests.support.function import fresh_function


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
    with fresh_function() as module:
        yield module
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
