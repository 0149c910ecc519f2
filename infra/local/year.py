"""A year of generated activity, for the annual report: the roster through the year (nurses who were there before,
new ones, replacements, leavers, changed contact details, signatures), the year's local meetings, grunnkurs,
introduction course and fagdag with their sign-ups and who came (walk-ins too), and hospitations. Written through the
use cases with a clock set to the day each thing happens (sign-ups before the deadline, approvals on the day), so the
records are what the functions themselves write; only the hospitations are put as they end up, since their workflow
runs on emailed links. Deterministic for a seed.

`python -m local.year [YEAR]` writes it into the table of a running `make run` (last year by default); the
integration test writes it into a table of its own and recounts the report from the raw items.

One liberty: sign-ups are kept 24 months after their course instead of 12, so a past year still has them."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from attendance.repository import DynamoAttendanceRepository
from attendance.service import Attendances
from common.formatting import OSLO
from common.site import municipality_areas
from courses.models import Course, Registration, RegistrationForm
from courses.repository import DynamoCourseRepository, MailFor
from courses.service import sign_up
from hospitation.models import Hospitation, WishedPeriod, configured_host_units
from hospitation.repository import DynamoHospitationRepository
from local.demo import DEMO_LEADER, FIRST_NAMES, LAST_NAMES, Unmailed, _Quiet, discard_emails
from roster.forms import validate_change_report
from roster.models import RosterEntry, Signatures, Unit, area_contacts, configured_units
from roster.service import Roster

KINDS_OF_WORKPLACE = ("langtidshjem", "helsehus", "hjemmetjeneste", "sykehus", "annet")


@dataclass
class Made:
    """What was written, for a person at a terminal."""

    approvals: int = 0
    courses: int = 0
    registrations: int = 0
    marks: int = 0
    hospitations: int = 0
    ids: list[str] = field(default_factory=list)  # the courses
    came: Counter[str] = field(default_factory=Counter)  # the events each address was marked present at

    @property
    def keenest(self) -> str:
        """The address marked present most often: a nurse to try Min side with."""
        return self.came.most_common(1)[0][0] if self.came else ""

    @property
    def summary(self) -> str:
        return (
            f"{self.approvals} roster changes, {self.courses} events, {self.registrations} sign-ups, "
            f"{self.marks} attendance marks, {self.hospitations} hospitations"
        )


class UnmailedCourses(DynamoCourseRepository):
    """The courses in the table, without the emails of the sign-ups: nobody is told about made-up people."""

    def add_registrations(
        self,
        group: Sequence[Registration],
        mailing: MailFor | None = None,
        submission: tuple[str, str] | None = None,
    ) -> list[Registration]:
        return super().add_registrations(group, None, submission)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), OSLO)


class Year:
    def __init__(self, client: Any, table: str, year: int, seed: int = 2025) -> None:
        self.year = year
        self.random = random.Random(seed)  # noqa: S311 - made-up data, repeatable
        self.units: dict[str, Unit] = configured_units()
        self.roster = Roster(Unmailed(client, table), self.units, 36, area_contacts())
        self.courses = UnmailedCourses(client, table, cache_seconds=0)
        self.attendance = Attendances(DynamoAttendanceRepository(client, table))
        self.hospitations = DynamoHospitationRepository(client, table)
        self.made = Made()
        self.people = 0
        self.current: dict[str, str] = {}  # unit -> the open entry this generator made

    # the roster ------------------------------------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        self.people += 1
        name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"
        return name, f"{name.lower().replace(' ', '.')}.{self.year}.{self.people}@example.no"

    def report(self, unit: Unit, kind: str, day: date, approved: date | None = None, **fields: str) -> str:
        """A change report sent and approved three days before its day (or on `approved`); the entry it starts."""
        name, email = self.person()
        values = {
            "reporter_name": "Generert Enhetsleder",
            "reporter_email": "enhetsleder@example.no",
            "unit": unit.id,
            "kind": kind,
            "effective_date": day.isoformat(),
            "informed": "ja",
            "new_name": name,
            "new_email": email,
            "new_education": self.random.choice(("kreftsykepleier", "palliasjon", "ingen", "ingen")),
            "new_listed": self.random.choice(("ja", "")),
        } | fields
        moment = at(approved or day - timedelta(days=3))
        form = validate_change_report(values, self.units, moment.date())
        submitted = self.roster.submit(form, moment)
        chosen = ""
        if submitted.ends_one:
            chosen = self.roster.suggested(submitted, self.roster.candidates(submitted)) or ""
        decided = self.roster.approve(DEMO_LEADER, submitted.id, submitted.version, chosen, _Quiet(), moment)
        self.made.approvals += 1
        started = decided.started_entries[0] if decided.started_entries else ""
        if started:
            self.current[unit.id] = started
        elif kind == "leaving":
            self.current.pop(unit.id, None)
        return started

    def open_entry(self, unit: Unit) -> RosterEntry | None:
        """The unit's nurse from this year's story (the table may hold others, e.g. the demo roster)."""
        entry_id = self.current.get(unit.id)
        return self.roster.repo.entry(unit.id, entry_id) if entry_id else None

    def sign(self, unit: Unit, entry_id: str, days: tuple[date | None, date | None, date | None]) -> None:
        entry = self.roster.repo.entry(unit.id, entry_id)
        if entry is None:
            return
        dates = Signatures(nurse=days[0], leader=days[1], network=days[2])
        moment = at(max(day for day in days if day is not None))
        self.roster.sign(DEMO_LEADER, unit.id, entry.id, entry.version, dates, _Quiet(), moment)

    def roster_year(self) -> None:
        """Two units in three have a nurse from before the year; through the year some are replaced, some leave,
        some change their details, and some units get their first nurse; a few changes take effect next year."""
        y = self.year
        ordered = sorted(self.units.values(), key=lambda unit: unit.id)
        for number, unit in enumerate(ordered):
            if number % 3 == 2:
                continue
            started = date(y - 1, 1, 15) + timedelta(days=5 * number)
            entry = self.report(unit, "new", started)
            signed = started + timedelta(days=20)
            if number % 3 == 0:
                self.sign(unit, entry, (signed, signed, signed))
            elif number % 4 == 1:
                self.sign(unit, entry, (signed, signed, date(y + 1, 1, 10)))  # the network leader signs next year
        changes: list[tuple[date, Unit, str]] = []
        for number, unit in enumerate(ordered):
            day = date(y, 1, 20) + timedelta(days=9 * number)
            if number % 3 == 2 and number % 2 == 0:
                changes.append((day, unit, "new"))
            elif number % 5 == 0:
                changes.append((day, unit, "replacement"))
            elif number % 7 == 1:
                changes.append((day, unit, "leaving"))
            elif number % 6 == 4:
                changes.append((day, unit, "contact"))
        changes.append((date(y + 1, 1, 12), ordered[1], "leaving"))  # approved in December, takes effect in January
        for day, unit, kind in sorted(changes, key=lambda change: (change[0], change[1].id)):
            self.change(unit, kind, day)

    def change(self, unit: Unit, kind: str, day: date) -> None:
        before = self.open_entry(unit)
        if kind != "new" and before is None:
            return
        name, email = self.person()
        fields: dict[str, str] = {}
        if before is not None:
            fields = {
                "leaving_name": before.name,
                "leaving_email": before.email,
                "contact_name": before.name,
                "contact_new_name": name,
                "contact_new_email": email,
            }
        ahead = date(self.year, 12, 15) if day.year > self.year else None  # approved in December
        started = self.report(unit, kind, day, ahead, **fields)
        if started and kind in ("new", "replacement") and self.random.random() < 0.6:
            signed = min(day + timedelta(days=30), date(self.year, 12, 20))
            self.sign(unit, started, (signed, signed, signed if self.random.random() < 0.7 else None))

    # events ------------------------------------------------------------------------------------------------------

    def course(self, course_id: str, kind: str, title: str, area: str, start: datetime, days: int = 1) -> Course:
        end = start.replace(hour=15 if kind != "nettverksmote" else start.hour + 3) + timedelta(days=days - 1)
        course = Course(
            id=course_id,
            title=title,
            kind=kind,
            start=start,
            end=end,
            place="Generert sted",
            area=area,
            capacity=400,
            registration_deadline=start - timedelta(days=2),
            audience="Ressurssykepleiere",
            summary=f"Tema: {title.split(':')[-1].strip()}" if kind == "nettverksmote" else "",
        )
        self.courses.put_course(course)
        self.made.courses += 1
        self.made.ids.append(course.id)
        return course

    def events(self) -> list[Course]:
        y = self.year
        topics = ("Smertelindring", "Samtaler om døden", "Symptomlindring", "Pårørende", "Livets siste dager")
        found = []
        for index, area in enumerate(area_contacts()):
            for meeting, month in enumerate((2, 4, 6, 9, 11)):  # three hours each: 12 by September
                day = date(y, month, 3 + index)
                topic = topics[(index + meeting) % len(topics)]
                name = f"gen-{y}-{area}-{meeting + 1}"
                found.append(self.course(name, "nettverksmote", f"Nettverksmøte: {topic}", area, at(day, 12)))
        for kind, title, day, days in (
            ("introduksjonskurs", "Introduksjonskurs", date(y, 3, 12), 1),
            ("grunnkurs", "Grunnkurs i palliasjon", date(y, 4, 22), 2),
            ("fagdag", "Fagdag i palliasjon", date(y, 10, 16), 1),
        ):
            found.append(self.course(f"gen-{y}-{kind}", kind, title, "alle", at(day), days))
        return found

    def sign_ups(self, course: Course, nurses: list[RosterEntry]) -> None:
        """Most of the invited nurses sign up, plus a few others at a network-wide event; some then cancel."""
        areas = municipality_areas()
        municipalities = {area: town for town, area in sorted(areas.items())}
        chosen = [nurse for nurse in nurses if self.random.random() < 0.7]
        others = self.random.randint(3, 8) if course.area == "alle" else 0
        clock: Callable[[], datetime] = lambda: course.registration_deadline - timedelta(days=5)  # noqa: E731
        for number in range(len(chosen) + others):
            nurse = chosen[number] if number < len(chosen) else None
            unit = self.units.get(nurse.unit) if nurse else None
            name, email = (nurse.name, nurse.email) if nurse else self.person()
            municipality = unit.municipality if unit else self.random.choice(sorted(areas))
            form = RegistrationForm.model_validate(
                {
                    "name": name,
                    "email": email,
                    "phone": "40000000",
                    "workplace": unit.name if unit else "Generert arbeidssted",
                    "municipality": municipality,
                    "role": "ressurssykepleier" if nurse else self.random.choice(("leder", "annet")),
                    "leader_name": "Leder Ledersen",
                    "leader_email": "leder@example.no",
                    "consent": "ja",
                }
            )
            answers = {"workplace_type": self.random.choice(KINDS_OF_WORKPLACE)} if not nurse else {}
            area = areas.get(municipality, next(iter(municipalities)))
            sign_up(course.id, form, area, self.courses, clock, 24, answers)
            self.made.registrations += 1

    def mark(self, course: Course) -> None:
        """Who came: most with a seat, some walk-ins from the roster; the year's last meetings are not marked yet."""
        registrations = list(self.courses.registrations(course.id))
        entries = self.roster.in_areas(list(area_contacts()))
        people = self.attendance.people(DEMO_LEADER, course, registrations, entries, self.units)
        came = {
            person.email_key
            for person in people
            if self.random.random() < (0.85 if person.source == "registration" else 0.15)
        }
        self.made.marks += len(self.attendance.mark(DEMO_LEADER, course, people, came, course.end))
        self.made.came.update(came)

    def activity(self) -> None:
        for course in self.events():
            day = course.start.astimezone(OSLO).date()
            entries = self.roster.in_areas([course.area] if course.area != "alle" else list(area_contacts()))
            nurses = [entry for entry in entries if entry.active(day)]
            if course.kind == "grunnkurs":
                nurses = [entry for entry in nurses if entry.education == "ingen"]
            self.sign_ups(course, nurses)
            if not (course.kind == "nettverksmote" and day.month >= 11):
                self.mark(course)

    # hospitations ------------------------------------------------------------------------------------------------

    def hospitation_year(self) -> None:
        """Requests that ended every way: done (some still waiting for the evaluation), declined, withdrawn,
        expired; some in the year before or after."""
        hosts = sorted(configured_host_units().values(), key=lambda host: host.id)
        statuses = ("completed", "evaluating", "completed", "declined_by_host", "withdrawn", "confirmed", "expired")
        areas = list(area_contacts())
        for number in range(21):
            status = statuses[number % len(statuses)]
            first = date(self.year, 1, 8) + timedelta(days=19 * number - 20)  # from December the year before
            last = first + timedelta(days=1 + number % 3)
            host = hosts[number % len(hosts)]
            name, email = self.person()
            done = status in ("completed", "evaluating", "confirmed")
            request = Hospitation(
                id=f"gen{self.year}{number:03d}",
                status=status,
                name=name,
                email=email,
                phone="40000000",
                workplace="Generert arbeidssted",
                municipality="Generert",
                area=areas[number % len(areas)],
                leader_name="Leder Ledersen",
                leader_email="leder@example.no",
                host_unit=host.id,
                host_area=host.area,
                wishes=(WishedPeriod(first=first, last=last),),
                goals="Lære mer om symptomlindring.",
                created_at=at(first - timedelta(days=40)).astimezone(UTC),
                first_day=first if done else None,
                last_day=last if done else None,
                expires_at=int(at(last + timedelta(days=800)).timestamp()),
            )
            self.hospitations.add(request, [])
            self.made.hospitations += 1

    def run(self) -> Made:
        self.roster_year()
        self.activity()
        self.hospitation_year()
        return self.made


def generate(client: Any, table: str, year: int, seed: int = 2025) -> Made:
    """A year of activity; the emails it would have sent are taken out of the outbox again."""
    made = Year(client, table, year, seed).run()
    discard_emails(client, table)
    return made


def main() -> int:
    import os
    import sys

    from local import environment
    from local.dynamodb_local import ROOT

    year = int(sys.argv[1]) if len(sys.argv) > 1 else datetime.now(OSLO).year - 1
    endpoint = os.environ.get("DYNAMODB_ENDPOINT", f"http://127.0.0.1:{os.environ.get('DYNAMODB_PORT', '8001')}")
    environment.apply(environment.function_env(endpoint, ROOT / "var" / "outbox"))
    from common.aws import dynamodb
    from common.settings import settings

    made = generate(dynamodb(), settings().table_name, year)
    print(f"{year}: {made.summary}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
