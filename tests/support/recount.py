"""The annual report's figures recounted from the raw DynamoDB items, written apart from the functions: it imports
nothing from functions/, reads only the items (in DynamoDB's attribute-value form, as a scan gives them) and
network.json, and follows the definitions in docs/features.md ("The annual report"). The integration test compares
it with the report the leaders download."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
NETWORK = json.loads((Path(__file__).parents[2] / "content" / "data" / "network.json").read_text(encoding="utf-8"))
KINDS = ("langtidshjem", "helsehus", "hjemmetjeneste", "sykehus", "annet")


def plain(value: dict[str, Any]) -> Any:
    """One attribute value as Python: S, N, BOOL, NULL, L, M."""
    ((kind, inner),) = value.items()
    if kind == "N":
        return float(inner) if "." in inner else int(inner)
    if kind == "NULL":
        return None
    if kind == "L":
        return [plain(one) for one in inner]
    if kind == "M":
        return {name: plain(one) for name, one in inner.items()}
    return inner


def record(item: dict[str, Any]) -> dict[str, Any]:
    return {name: plain(value) for name, value in item.items()}


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def oslo_day(text: str) -> date:
    return datetime.fromisoformat(text).astimezone(OSLO).date()


@dataclass
class Recount:
    nurses: dict[tuple[str, str], int] = field(default_factory=dict)  # (area, unit kind)
    new: Counter[str] = field(default_factory=Counter)
    departed: Counter[str] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)
    covered: Counter[str] = field(default_factory=Counter)
    signed: Counter[str] = field(default_factory=Counter)
    meetings: Counter[str] = field(default_factory=Counter)
    in_role: Counter[str] = field(default_factory=Counter)
    at_goal: Counter[str] = field(default_factory=Counter)
    hospitations: Counter[str] = field(default_factory=Counter)
    events: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # course id -> (registered, came)
    by_type: Counter[str] = field(default_factory=Counter)


def recount(items: list[dict[str, Any]], year: int, today: date, area: str | None = None) -> Recount:
    """The figures of one area, or (None) the whole network, from every item of the table."""
    rows = [record(item) for item in items]
    areas = [area] if area else [one["id"] for one in NETWORK["areas"]]
    unit_of = {unit["id"]: unit for unit in NETWORK["units"]}
    as_of = min(date(year, 12, 31), today)
    first = date(year, 1, 1)
    out = Recount()

    state = next((r for r in rows if r["PK"] == "ROSTER" and r["SK"] == "IMPORT"), None)
    complete = state["import_id"] if state and state.get("status") == "complete" else None
    entries = [
        r
        for r in rows
        if r["SK"].startswith("NURSE#")
        and r["PK"].startswith("UNIT#")
        and r.get("import_id", "") in ("", complete)
        and r["area"] in areas
    ]
    active = [e for e in entries if day(e["start"]) <= as_of and (e.get("end") is None or as_of < day(e["end"]))]
    for e in active:
        kind = unit_of[e["unit"]]["kind"] if e["unit"] in unit_of else "annet"
        out.nurses[(e["area"], kind)] = out.nurses.get((e["area"], kind), 0) + 1
        signatures = [day(e.get(f"signed_by_{who}")) for who in ("nurse", "leader", "network")]
        if all(s is not None and s <= as_of for s in signatures):
            out.signed[e["area"]] += 1
    for e in entries:
        if first <= day(e["start"]) <= as_of and e["start_reason"] in ("new", "replacement"):
            out.new[e["area"]] += 1
        end = day(e.get("end"))
        if end is not None and first <= end <= as_of and e.get("end_reason") in ("leaving", "replacement"):
            out.departed[e["area"]] += 1
    for unit in NETWORK["units"]:
        if unit["area"] in areas:
            out.units[unit["area"]] += 1
            if any(e["unit"] == unit["id"] for e in active):
                out.covered[unit["area"]] += 1

    courses = {
        r["PK"].removeprefix("COURSE#"): r
        for r in rows
        if r["PK"].startswith("COURSE#")
        and r["SK"] == "META"
        and oslo_day(r["start"]).year == year
        and oslo_day(r["start"]) <= as_of
        and (r["area"] in areas or r["area"] == "alle")
    }
    people = None if area is None else {area}
    by_course: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["PK"].startswith("COURSE#") and r["PK"].removeprefix("COURSE#") in courses:
            by_course[r["PK"].removeprefix("COURSE#")].append(r)
    for course_id, course in courses.items():
        scope = people if course["area"] == "alle" else None
        mine = by_course[course_id]
        registered = sum(
            1
            for r in mine
            if r["SK"].startswith("REG#") and r["status"] == "confirmed" and (scope is None or r["area"] in scope)
        )
        marks = [r for r in mine if r["SK"].startswith("ATTEND#")]
        came = [m for m in marks if m["present"] and (scope is None or m["area"] in scope)]
        out.events[course_id] = (registered, len(came) if marks else None)
        out.by_type.update(m.get("workplace_type", "") if m.get("workplace_type", "") in KINDS else "" for m in came)
        if course["kind"] == "nettverksmote" and course["area"] in areas:
            out.meetings[course["area"]] += 1

    # 12 hours: a nurse is their nurse_id; their marks are found by any email they had in the year's entries.
    last = date(year, 12, 31)
    every_entry = [r for r in rows if r["SK"].startswith("NURSE#") and r.get("import_id", "") in ("", complete)]
    in_year = [
        e
        for e in every_entry
        if e["area"] in areas and day(e["start"]) <= last and (e.get("end") is None or day(e["end"]) > first)
    ]
    latest: dict[str, dict[str, Any]] = {}
    nurse_of: dict[str, str] = {}
    for e in sorted(in_year, key=lambda e: (e["start"], e["created_at"])):
        latest[e["nurse_id"]] = e
        nurse_of[e["email"].strip().lower()] = e["nurse_id"]
    hours: Counter[str] = Counter()
    for course_id, course in courses.items():
        if course["kind"] != "nettverksmote":
            continue
        for m in by_course[course_id]:
            if m["SK"].startswith("ATTEND#") and m["present"]:
                nurse = nurse_of.get(m["email"].strip().lower())
                if nurse is not None:
                    hours[nurse] += m["hours"]
    for nurse, entry in latest.items():
        out.in_role[entry["area"]] += 1
        if hours[nurse] >= 12:
            out.at_goal[entry["area"]] += 1

    for r in rows:
        if r["PK"].startswith("HOSP#") and r["SK"] == "META" and r["area"] in areas:
            last_day = day(r.get("last_day"))
            if r["status"] in ("confirmed", "evaluating", "completed") and last_day and first <= last_day <= as_of:
                out.hospitations[r["area"]] += 1
    return out
