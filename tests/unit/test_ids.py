"""Our ULIDs are real ULIDs: the python-ulid package reads them back to the same millisecond."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ulid import ULID

from common.ids import new_ulid


def test_an_id_is_a_ulid_of_its_moment() -> None:
    now = datetime(2027, 2, 4, 8, 0, 0, 123000, tzinfo=UTC)
    parsed = ULID.from_str(new_ulid(now))
    assert parsed.datetime == now
    assert len(str(parsed)) == 26


def test_ids_sort_in_time_order_and_do_not_repeat() -> None:
    start = datetime(2026, 11, 23, 12, tzinfo=UTC)
    ids = [new_ulid(start + timedelta(milliseconds=n)) for n in range(1000)]
    assert ids == sorted(ids)
    assert len({new_ulid(start) for _ in range(1000)}) == 1000
