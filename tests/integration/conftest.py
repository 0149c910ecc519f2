"""Integration tests: DynamoDB Local (AWS's emulator) on a free port, and the local server in front of the handlers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from courses.models import Course
from courses.repository import DynamoCourseRepository
from local import environment
from local.dynamodb_local import DynamoDBLocal, free_port
from local.server import LocalServer, make_server
from tests.support.samples import course

TABLE = "LindraTable"


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamoDBLocal]:
    database = DynamoDBLocal(db_path=tmp_path_factory.mktemp("dynamodb"), log=Path("/dev/null"))
    database.start()
    database.create_tables()
    environment.apply(environment.function_env(database.endpoint))
    yield database
    database.stop()


@pytest.fixture
def client(dynamodb_local: DynamoDBLocal) -> Any:
    return dynamodb_local.client()


@pytest.fixture
def repository(client: Any) -> DynamoCourseRepository:
    return DynamoCourseRepository(client, TABLE, cache_seconds=0)


_counter = iter(range(1_000_000))


@pytest.fixture
def new_course(repository: DynamoCourseRepository) -> Any:
    """Put an open course with a unique id into the table; return it."""

    def make(capacity: int = 20, **overrides: Any) -> Course:
        published = course(
            f"kurs-{next(_counter)}-{datetime.now(UTC):%H%M%S%f}", capacity=capacity, now=datetime.now(UTC), **overrides
        )
        repository.put_course(published)
        return published

    return make


@pytest.fixture(scope="session")
def site(dynamodb_local: DynamoDBLocal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The local server (static files + /api/* to the real handlers) on a free port; yields its base URL."""
    output = tmp_path_factory.mktemp("output")
    (output / "index.html").write_text("<!doctype html><title>Lindra</title>", encoding="utf-8")
    server: LocalServer = make_server(output, port=free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
