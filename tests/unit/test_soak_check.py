"""The soak's checker (infra/local/soak_check.py, run by `make soak`) can fail: a whole table passes, and each kind of
lost, duplicated or half-written record in it is found."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from local.soak_check import Outcome, check

CAPACITY = {"c1": 2}


def table() -> list[dict[str, Any]]:
    """Course c1 with 2 seats: a and b seated, c first in line; each with its marker and link, c with its WAIT#."""
    items: list[dict[str, Any]] = [
        {"PK": "COURSE#c1", "SK": "META", "capacity": 2, "confirmed": 2, "waiting": 1, "waitlisted": 1}
    ]
    for name, status, position in (("a", "confirmed", None), ("b", "confirmed", None), ("c", "waitlisted", 1)):
        reg: dict[str, Any] = {
            "PK": "COURSE#c1",
            "SK": f"REG#{name}",
            "id": name,
            "email": f"{name}@example.no",
            "status": status,
            "token_hash": f"hash-{name}",
            "role": "ressurssykepleier",
        }
        if position is not None:
            reg["position"] = position
            items.append({"PK": "COURSE#c1", "SK": f"WAIT#{position:06d}", "registration_id": name})
        items += [
            reg,
            {"PK": "COURSE#c1", "SK": f"EMAIL#{name}@example.no", "registration_id": name},
            {"PK": f"TOKEN#hash-{name}", "SK": "META", "registration_id": name, "course_id": "c1"},
        ]
    return items


def outcomes() -> list[Outcome]:
    return [
        Outcome("c1", "a@example.no", "success", token_hash="hash-a", status="confirmed"),
        Outcome("c1", "b@example.no", "success", token_hash="hash-b"),
        Outcome("c1", "c@example.no", "already", failed_before=True),
    ]


EMAILS = {"a@example.no": 1, "b@example.no": 1, "c@example.no": 1}


def drop(items: list[dict[str, Any]], sk: str) -> list[dict[str, Any]]:
    return [item for item in items if item["SK"] != sk and item["PK"] != sk]


def test_a_whole_table_passes() -> None:
    report = check(table(), CAPACITY, outcomes(), EMAILS)
    assert report.violations == []
    assert (report.items, report.registrations, report.confirmed, report.waiting) == (11, 3, {"c1": 2}, {"c1": 1})
    assert report.stored_without_success == 1


def with_counter(**values: int) -> list[dict[str, Any]]:
    items = table()
    items[0] |= values
    return items


def duplicate_of_a() -> list[dict[str, Any]]:
    items = table()
    extra = copy.deepcopy(next(item for item in items if item["SK"] == "REG#a"))
    extra |= {"SK": "REG#a2", "id": "a2", "token_hash": "hash-a2"}
    return [*items, extra, {"PK": "TOKEN#hash-a2", "SK": "META", "registration_id": "a2", "course_id": "c1"}]


def gap_in_line() -> list[dict[str, Any]]:
    items = table()
    for item in items:
        if item["SK"] == "REG#c":
            item["position"] = 2
        if item["SK"] == "WAIT#000001":
            item["SK"] = "WAIT#000002"
    return items


@pytest.mark.parametrize(
    ("items", "told", "expected"),
    [
        (drop(table(), "EMAIL#b@example.no"), outcomes(), "REG#b has no email marker"),
        (drop(table(), "TOKEN#hash-a"), outcomes(), "REG#a has no TOKEN# link"),
        (drop(table(), "WAIT#000001"), outcomes(), "REG#c waits without its WAIT# entry"),
        (drop(table(), "REG#b"), outcomes(), "lost: b@example.no was told signed up"),
        (drop(table(), "REG#c"), outcomes(), "lost: c@example.no was told already signed up"),
        (with_counter(confirmed=3), outcomes(), "counters say 3 seated"),
        (with_counter(waiting=0), outcomes(), "counters say 2 seated, 0 waiting"),
        (duplicate_of_a(), outcomes(), "a@example.no is registered 2 times"),
        (gap_in_line(), outcomes(), "waiting-list places are not 1..1"),
        (table(), outcomes()[:2], "a registration nobody asked for: c@example.no"),
        (table(), [*outcomes()[:2], Outcome("c1", "c@example.no", "already")], "refused as already signed up"),
        (table(), [Outcome("c1", "a@example.no", "success", token_hash="hash-b"), *outcomes()[1:]], "receipt link"),
        (table(), [Outcome("c1", "a@example.no", "success", status="waitlisted", position=3), *outcomes()[1:]], "told"),
        ([*table(), {"PK": "COURSE#c1", "SK": "EMAIL#x@example.no", "registration_id": "x"}], outcomes(), "orphan"),
        ([*table(), {"PK": "TOKEN#hash-x", "SK": "META", "registration_id": "x"}], outcomes(), "orphan link"),
    ],
    ids=[
        "missing marker",
        "missing link",
        "missing queue entry",
        "lost receipt",
        "lost after 409",
        "seat counter off",
        "waiting counter off",
        "duplicate",
        "gap in line",
        "unasked registration",
        "409 at once",
        "wrong link",
        "wrong status told",
        "orphan marker",
        "orphan link",
    ],
)
def test_each_broken_table_fails(items: list[dict[str, Any]], told: list[Outcome], expected: str) -> None:
    violations = check(items, CAPACITY, told, EMAILS).violations
    assert any(expected in line for line in violations), violations


def test_an_email_sent_twice_or_never_fails() -> None:
    violations = check(table(), CAPACITY, outcomes(), EMAILS | {"a@example.no": 2, "b@example.no": 0}).violations
    assert len(violations) == 2 and all("emailed" in line for line in violations)


def test_an_overbooked_course_fails() -> None:
    violations = check(table(), {"c1": 1}, outcomes(), EMAILS).violations
    assert any("overbooked" in line for line in violations)
