"""`make run` keeps its data under var/: registrations survive a restart of DynamoDB Local."""

from __future__ import annotations

from pathlib import Path

from courses.repository import DynamoCourseRepository
from local.dynamodb_local import DynamoDBLocal
from tests.integration.test_repository import registration
from tests.support.samples import course


def test_registrations_survive_a_restart(tmp_path: Path) -> None:
    published = course("fagdag-varig")
    with DynamoDBLocal(db_path=tmp_path / "db") as first:
        first.create_tables()
        repository = DynamoCourseRepository(first.client(), "LindraTable")
        repository.put_course(published)
        repository.add_registrations([registration(published, 1)])
    with DynamoDBLocal(db_path=tmp_path / "db") as second:
        assert "LindraTable" in second.create_tables()
        repository = DynamoCourseRepository(second.client(), "LindraTable")
        assert [r.name for r in repository.registrations(published.id)] == ["Deltaker 1"]
        assert repository.counts(published.id).confirmed == 1
