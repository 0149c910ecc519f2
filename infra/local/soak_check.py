"""The soak's verdict (bench/soak.py): the whole table after the storm, against what each client was told.

Pure: it takes the table's items (deserialized) and the clients' outcomes, and returns the violations found, each one
line. No violation means nothing was lost, duplicated or half-written:

- lost: a client told "signed up" (or "already signed up" after an answer it never got) whose registration is missing;
- duplicated: two registrations of one email on one course, or a course's counters that do not match its registrations;
- half-written: a registration without its email marker, its link (TOKEN#) or, waiting, its queue entry (WAIT#); or
  one of those without its registration (an orphan).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Final = Literal["success", "already", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What one person's browser ended with, over every try and replay of its one form token.

    final: "success" (201/303, at least once), "already" (409 "already signed up", acceptable only after a try that
    got no answer or a 503: that try stored it and the email has the link), "failed" (never got past 503s in time).
    token_hash: of the secret link in the success answer. status/position: as the JSON answer said (None for a form
    post, whose 303 carries the link only). failed_before: some try got a 503 or no answer."""

    course_id: str
    email: str
    final: Final
    leader_email: str | None = None
    token_hash: str | None = None
    status: str | None = None
    position: int | None = None
    failed_before: bool = False


@dataclass
class Report:
    violations: list[str] = field(default_factory=list)
    items: int = 0
    registrations: int = 0
    confirmed: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    stored_without_success: int = 0  # "already" or "failed" clients whose registration exists (told by email)

    def fail(self, message: str) -> None:
        self.violations.append(message)


def check(
    items: Iterable[Mapping[str, Any]],
    capacities: Mapping[str, int],
    outcomes: Iterable[Outcome],
    emails_sent: Mapping[str, int] | None = None,
) -> Report:
    """Every violation of the sign-up's invariants in the table `items` (the whole table, deserialized), for the
    courses `capacities` (id -> seats) and the clients' `outcomes`. emails_sent: address -> emails in the outbox."""
    report = Report()
    meta: dict[str, Mapping[str, Any]] = {}
    regs: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)  # course -> registration id -> item
    markers: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)  # course -> email key -> item
    queue: dict[str, dict[int, Mapping[str, Any]]] = defaultdict(dict)  # course -> position -> item
    links: dict[str, Mapping[str, Any]] = {}  # token hash -> item
    for item in items:
        report.items += 1
        pk, sk = str(item.get("PK", "")), str(item.get("SK", ""))
        if pk.startswith("TOKEN#") and sk == "META":
            links[pk.removeprefix("TOKEN#")] = item
            continue
        if pk.startswith(("MAIL#", "SUBMISSION#", "CONFIRM#", "ADDRESS#")):
            continue  # the outbox's emails (bench/soak.py accounts for them) and the sign-ups' answers
        course_id = pk.removeprefix("COURSE#")
        if not pk.startswith("COURSE#") or course_id not in capacities:
            report.fail(f"unexpected item {pk} {sk}")
        elif sk == "META":
            meta[course_id] = item
        elif sk.startswith("REG#"):
            regs[course_id][sk.removeprefix("REG#")] = item
        elif sk.startswith("EMAIL#"):
            markers[course_id][sk.removeprefix("EMAIL#")] = item
        elif sk.startswith("WAIT#"):
            queue[course_id][int(sk.removeprefix("WAIT#"))] = item
        elif sk.startswith(("REMINDER#", "LETTER#")):
            continue  # a reminder sent (courses/reminders.py, with a link of its own), a letter's copy (letters/)
        else:
            report.fail(f"unexpected item {pk} {sk}")

    linked: set[str] = set()
    for course_id, capacity in capacities.items():
        _check_course(report, course_id, capacity, meta.get(course_id), regs[course_id], markers[course_id])
        _check_queue(report, course_id, regs[course_id], queue[course_id])
        for reg_id, reg in regs[course_id].items():
            link = links.get(str(reg.get("token_hash", "")))
            if link is None:
                report.fail(f"half-written: {course_id} REG#{reg_id} has no TOKEN# link")
            elif link.get("registration_id") != reg_id or link.get("course_id") != course_id:
                report.fail(f"half-written: {course_id} REG#{reg_id}'s link points at {link.get('registration_id')}")
            else:
                linked.add(str(reg.get("token_hash")))
    for token in links.keys() - linked:
        course_id, reg_id = str(links[token].get("course_id", "")), str(links[token].get("registration_id", ""))
        if reg_id in regs.get(course_id, {}):
            continue  # a further link to a registration there is (a reminder's, a promotion's)
        report.fail(f"half-written: orphan link TOKEN#{token[:12]}… -> {links[token].get('registration_id')}")

    by_email = {
        (course_id, str(reg.get("email", "")).strip().lower()): reg
        for course_id, course_regs in regs.items()
        for reg in course_regs.values()
    }
    _check_outcomes(report, list(outcomes), by_email, links, emails_sent)
    return report


def _check_course(
    report: Report,
    course_id: str,
    capacity: int,
    course: Mapping[str, Any] | None,
    regs: Mapping[str, Mapping[str, Any]],
    markers: Mapping[str, Mapping[str, Any]],
) -> None:
    if course is None:
        report.fail(f"{course_id}: the course's META item is missing")
        return
    report.registrations += len(regs)
    confirmed = [reg for reg in regs.values() if reg.get("status") == "confirmed"]
    waiting = [reg for reg in regs.values() if reg.get("status") == "waitlisted"]
    report.confirmed[course_id], report.waiting[course_id] = len(confirmed), len(waiting)
    if len(confirmed) + len(waiting) != len(regs):
        report.fail(
            f"{course_id}: {len(regs) - len(confirmed) - len(waiting)} registrations neither seated nor waiting"
        )
    counters = (int(course.get("confirmed", -1)), int(course.get("waiting", -1)), int(course.get("waitlisted", -1)))
    if counters[:2] != (len(confirmed), len(waiting)):
        report.fail(
            f"duplicated or lost: {course_id} counters say {counters[0]} seated, {counters[1]} waiting; "
            f"the registrations say {len(confirmed)} and {len(waiting)}"
        )
    if counters[2] != len(waiting):  # the soak cancels nobody, so the last place given is the number waiting
        report.fail(f"{course_id}: last place given is {counters[2]}, {len(waiting)} wait")
    if len(confirmed) > capacity or counters[0] > capacity:
        report.fail(f"overbooked: {course_id} has {len(confirmed)} seated, capacity {capacity}")
    if waiting and len(confirmed) < capacity - 1:  # a pair may wait while one seat is free
        report.fail(f"{course_id}: {len(waiting)} wait while {capacity - len(confirmed)} seats are free")
    emails = Counter(str(reg.get("email", "")).strip().lower() for reg in regs.values())
    for email, count in emails.items():
        if count > 1:
            report.fail(f"duplicated: {email} is registered {count} times on {course_id}")
    for reg_id, reg in regs.items():
        marker = markers.get(str(reg.get("email", "")).strip().lower())
        if marker is None or marker.get("registration_id") != reg_id:
            report.fail(f"half-written: {course_id} REG#{reg_id} has no email marker of its own")
        companion = reg.get("companion_id")
        if companion is not None:
            other = regs.get(str(companion))
            if other is None or other.get("companion_id") != reg_id or other.get("status") != reg.get("status"):
                report.fail(f"half-written: {course_id} REG#{reg_id}'s companion {companion} is missing or split")
            elif (
                reg.get("role") == "leder"
                and reg.get("position") is not None
                and int(reg["position"]) != int(other.get("position", 0)) + 1
            ):
                report.fail(f"{course_id}: pair {companion}/{reg_id} does not wait in places next to each other")
    owners = {reg_id for reg_id in regs}
    for email, marker in markers.items():
        if marker.get("registration_id") not in owners:
            report.fail(f"half-written: orphan email marker {course_id} EMAIL#{email}")


def _check_queue(
    report: Report, course_id: str, regs: Mapping[str, Mapping[str, Any]], queue: Mapping[int, Mapping[str, Any]]
) -> None:
    positions = sorted(int(reg["position"]) for reg in regs.values() if reg.get("position") is not None)
    if positions != list(range(1, len(positions) + 1)):
        report.fail(f"{course_id}: waiting-list places are not 1..{len(positions)} each once")
    for reg_id, reg in regs.items():
        seated = reg.get("status") == "confirmed"
        if seated and reg.get("position") is not None:
            report.fail(f"{course_id} REG#{reg_id} is seated with a place in line")
        if not seated and reg.get("position") is not None:
            entry = queue.get(int(reg["position"]))
            if entry is None or entry.get("registration_id") != reg_id:
                report.fail(f"half-written: {course_id} REG#{reg_id} waits without its WAIT# entry")
    for position, entry in queue.items():
        owner = regs.get(str(entry.get("registration_id")))
        if owner is None or owner.get("position") is None or int(owner["position"]) != position:
            report.fail(f"half-written: orphan queue entry {course_id} WAIT#{position:06d}")


def _check_outcomes(
    report: Report,
    outcomes: list[Outcome],
    by_email: Mapping[tuple[str, str], Mapping[str, Any]],
    links: Mapping[str, Mapping[str, Any]],
    emails_sent: Mapping[str, int] | None,
) -> None:
    known: set[tuple[str, str]] = set()
    for outcome in outcomes:
        people = [outcome.email] + ([outcome.leader_email] if outcome.leader_email else [])
        keys = [(outcome.course_id, person.strip().lower()) for person in people]
        known.update(keys)
        stored = [by_email.get(key) for key in keys]
        if outcome.final == "success":
            for person, reg in zip(people, stored, strict=True):
                if reg is None:
                    report.fail(f"lost: {person} was told signed up on {outcome.course_id}; nothing is stored")
            nurse = stored[0]
            if nurse is not None and outcome.token_hash is not None:
                link = links.get(outcome.token_hash)
                if link is None or link.get("registration_id") != nurse.get("id"):
                    report.fail(f"lost: {outcome.email}'s receipt link does not open their registration")
            told = (outcome.status, outcome.position)
            if (
                nurse is not None
                and outcome.status is not None
                and told != (nurse["status"], _int(nurse.get("position")))
            ):
                report.fail(
                    f"{outcome.email} was told {outcome.status} {outcome.position}, stored is "
                    f"{nurse.get('status')} {nurse.get('position')}"
                )
        elif outcome.final == "already":
            if not outcome.failed_before:
                report.fail(f"{outcome.email} was refused as already signed up on {outcome.course_id} at once")
            if stored[0] is None:
                report.fail(f"lost: {outcome.email} was told already signed up on {outcome.course_id}; not stored")
        if outcome.final != "success" and stored[0] is not None:
            report.stored_without_success += 1
        for person, reg in zip(people, stored, strict=True):
            if reg is None or emails_sent is None:
                continue
            sent = emails_sent.get(person.strip().lower(), 0)
            if sent != 1:
                report.fail(f"{person} is registered on {outcome.course_id} and was emailed {sent} times, not once")
    for key in by_email.keys() - known:
        report.fail(f"a registration nobody asked for: {key[1]} on {key[0]}")


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
