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
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in function_env("unused").items():
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
    from common.aws import dynamodb
    from common.settings import settings
    from courses import app as module

    dynamodb.cache_clear()
    settings.cache_clear()
    module._repository = None
    yield module
    module._repository = None
    dynamodb.cache_clear()
    assert os.environ["TABLE_NAME"] == "LindraTable"
