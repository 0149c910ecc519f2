"""The roster's use cases: a unit leader's change report, the area or network leader's decision on it, the welcome,
signatures, and what the leaders see. Repositories, the audit log and the time come in as arguments.

An approval never overwrites an entry: it ends one (sets its end, once) and starts another, in one transaction with
the decided report (repository.py) and the emails it sends (common/outbox.py), which the mail worker sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from aws_lambda_powertools import Logger
from dateutil.relativedelta import relativedelta

from common.access import Leader
from common.audit import AuditEntry, AuditLog
from common.errors import (
    AlreadyOnRoster,
    EntryNotFound,
    Forbidden,
    ImportDone,
    InvalidInput,
    ReportDecided,
    ReportNotFound,
    RosterChanged,
)
from common.formatting import OSLO, date_nb
from common.i18n import N_, gettext
from common.ids import fixed_ulid, new_ulid
from common.outbox import NO_MAIL, Mailing, OutgoingEmail, address_key
from roster.importer import ImportReport, ImportRow, parse
from roster.models import (
    ACTIVE_YEARS,
    APPROVAL_TEXTS,
    LEADER_YEARS,
    AreaContact,
    AttendedCourse,
    ChangeReport,
    ChangeReportForm,
    EmailKind,
    RosterEntry,
    Signatures,
    Unit,
    UnitLeader,
    UnitLeaderRecord,
)
from roster.repository import Along, Ending, ImportState, RosterRepository, entry_about, report_about

logger = Logger(child=True)
STARTED_BEFORE = N_("%(name)s begynte %(start)s. Datoen i meldingen må være etter det.")
NETWORK_SIGNS = N_("Bare nettverkslederen kan registrere nettverksleders signatur.")
IMPORTED_GRUNNKURS = N_("Grunnkurs i palliasjon (fra den importerte navnelisten)")
ENDED = N_("Ressurssykepleieren har sluttet, så signaturene kan ikke endres lenger.")


def epoch(day: date) -> int:
    return int(datetime.combine(day, time(0, 0), OSLO).timestamp())


@dataclass
class Roster:
    repo: RosterRepository
    units: Mapping[str, Unit]
    retention_months: int
    area_contacts: Mapping[str, AreaContact] = field(default_factory=dict)
    # network.json's newsletter.roster_subscribed: a new nurse and the unit leader who reported her are subscribed
    # to the newsletter (source "roster") unless they have left it, and the welcome says how to leave
    newsletter_on_roster: bool = False

    # retention ---------------------------------------------------------------------------------------------------

    def _expiry(self, last: date) -> int:
        return epoch(last + relativedelta(months=self.retention_months))

    def _entry_expiry(self, entry: RosterEntry) -> int:
        """Kept while open (a safety net of ACTIVE_YEARS after it started), then the retention after it ended."""
        return self._expiry(entry.end or entry.start + relativedelta(years=ACTIVE_YEARS))

    def _leader(self, unit: str, name: str, email: str, source: str, now: datetime) -> UnitLeaderRecord:
        day = now.astimezone(OSLO).date()
        return UnitLeaderRecord(
            unit_id=unit,
            name=name,
            email=email,
            source=source,
            updated_at=now,
            expires_at=epoch(day + relativedelta(years=LEADER_YEARS)),
        )

    def _subscriptions(self, people: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Those of (address, name) the roster subscribes to the newsletter: none unless the network says so, and
        never an address that has left the newsletter. One per address."""
        if not self.newsletter_on_roster or not people:
            return ()
        unique = {address_key(email): (email, name) for email, name in people if email}
        gone = self.repo.newsletter_opted_out(list(unique))
        return tuple(person for key, person in unique.items() if key not in gone)

    # a unit leader's report --------------------------------------------------------------------------------------

    def submit(self, form: ChangeReportForm, now: datetime) -> ChangeReport:
        unit = self.units[form.unit]
        assert form.effective_date is not None  # noqa: S101 - forms.py requires it
        values = form.model_dump(exclude={"informed", "unit", "effective_date"})
        values["new_education"] = values["new_education"] or None
        report = ChangeReport(
            **values,
            id=new_ulid(now),
            unit=unit.id,
            area=unit.area,
            effective_date=form.effective_date,
            created_at=now,
            expires_at=self._expiry(now.astimezone(OSLO).date()),
        )
        emails = [self._email("received", report, now), self._email("to_area_leader", report, now)]
        self.repo.add_report(report, self._mailing(emails, now))
        return report

    # the leaders' side -------------------------------------------------------------------------------------------

    def reports(self, leader: Leader, every_area: list[str], status: str | None = None) -> list[ChangeReport]:
        """The reports about the leader's units, newest first, optionally of one status."""
        found = [report for area in leader.roster_areas(every_area) for report in self.repo.reports_in_area(area)]
        chosen = [report for report in found if status is None or report.status == status]
        return sorted(chosen, key=lambda report: report.created_at, reverse=True)

    def report(self, leader: Leader, report_id: str) -> ChangeReport:
        leader.require_courses()
        report = self.repo.report(report_id)
        if report is None:
            raise ReportNotFound()
        if not leader.sees_area(report.area):
            raise Forbidden()
        return report

    def _pending(self, leader: Leader, report_id: str, version: int) -> ChangeReport:
        report = self.report(leader, report_id)
        if report.status != "pending":
            raise ReportDecided()
        if report.version != version:
            raise RosterChanged()
        return report

    def candidates(self, report: ChangeReport) -> list[RosterEntry]:
        """The unit's open entries: whom a report about someone leaving or changing details may concern."""
        return [entry for entry in self.shown(self.repo.entries_for_unit(report.unit)) if entry.open]

    @staticmethod
    def suggested(report: ChangeReport, candidates: Sequence[RosterEntry]) -> str | None:
        """The entry the report most likely means: the same email, else the same name."""
        email = report.leaving_email.strip().lower()
        name = " ".join((report.leaving_name or report.contact_name).split()).casefold()
        for entry in candidates:
            if email and entry.email_key == email:
                return entry.id
        for entry in candidates:
            if name and " ".join(entry.name.split()).casefold() == name:
                return entry.id
        return None

    def approve(
        self, leader: Leader, report_id: str, version: int, chosen_entry: str, audit: AuditLog, now: datetime
    ) -> ChangeReport:
        """End and start the entries the report asks for, and email the reporter and (for a new nurse) the nurse:
        an address the unit leader typed, so a stranger's email (within the worker's daily limit), but not held: it
        follows a leader's approval, not a public form."""
        report = self._pending(leader, report_id, version)
        open_entries = self.candidates(report)
        endings: list[Ending] = []
        starts: list[RosterEntry] = []
        if report.ends_one:
            before = next((entry for entry in open_entries if entry.id == chosen_entry), None)
            if before is None:
                text = APPROVAL_TEXTS["entry"]
                raise InvalidInput(field_errors={"entry": gettext(text.invalid if chosen_entry else text.missing)})
            if report.effective_date <= before.start:
                message = gettext(STARTED_BEFORE) % {"name": before.name, "start": date_nb(before.start)}
                raise InvalidInput(field_errors={"entry": message})
            ended = before.model_copy(
                update={"end": report.effective_date, "end_reason": report.kind, "ended_by": report.id}
            )
            endings.append(Ending(before, ended.model_copy(update={"expires_at": self._entry_expiry(ended)})))
        if report.kind in ("new", "replacement"):
            assert report.new_education is not None  # noqa: S101 - forms.py requires it
            email = report.new_email.strip().lower()
            leaving = {ending.before.id for ending in endings}
            if any(entry.email_key == email and entry.id not in leaving for entry in open_entries):
                raise AlreadyOnRoster()
            entry = RosterEntry(
                id=new_ulid(now),
                nurse_id=new_ulid(now),
                unit=report.unit,
                area=report.area,
                name=report.new_name,
                email=report.new_email,
                phone=report.new_phone,
                education=report.new_education,
                listed=report.new_listed,
                start=report.effective_date,
                start_reason=report.kind,
                started_by=report.id,
                created_at=now,
                expires_at=0,
            )
            starts.append(entry.model_copy(update={"expires_at": self._entry_expiry(entry)}))
        if report.kind == "contact":
            before = endings[0].before
            entry = before.model_copy(
                update={
                    "id": new_ulid(now),
                    "name": report.contact_new_name or before.name,
                    "email": report.contact_new_email or before.email,
                    "phone": report.contact_new_phone or before.phone,
                    "start": report.effective_date,
                    "end": None,
                    "start_reason": "contact",
                    "end_reason": None,
                    "started_by": report.id,
                    "ended_by": "",
                    "import_id": "",
                    "version": 1,
                    "created_at": now,
                }
            )
            if entry.email_key != before.email_key and any(e.email_key == entry.email_key for e in open_entries):
                raise AlreadyOnRoster()
            starts.append(entry.model_copy(update={"expires_at": self._entry_expiry(entry)}))
        decided = report.model_copy(
            update={
                "status": "approved",
                "version": report.version + 1,
                "decided_at": now,
                "decided_by": leader.username,
                "ended_entries": tuple(ending.before.id for ending in endings),
                "started_entries": tuple(entry.id for entry in starts),
            }
        )
        people = [(report.reporter_email, report.reporter_name)]
        if report.kind in ("new", "replacement"):
            people.append((starts[0].email, starts[0].name))
        subscriptions = self._subscriptions(people)
        reporter = self._leader(report.unit, report.reporter_name, report.reporter_email, f"report:{report.id}", now)
        emails = [self._email("approved", decided, now)]
        if report.kind in ("new", "replacement"):
            subscribed = address_key(starts[0].email) in {address_key(email) for email, _ in subscriptions}
            emails.append(self._email("welcome", decided, now, starts[0], subscribed))
        along = Along(leaders=(reporter,), subscriptions=subscriptions)
        self.repo.decide(decided, endings, starts, self._mailing(emails, now), along)
        audit.record(
            AuditEntry(
                at=now,
                actor=leader.username,
                actor_sub=leader.sub,
                action="approval",
                subject=f"endringsmelding {report.id}",
            )
        )
        return decided

    def decline(
        self, leader: Leader, report_id: str, version: int, reason: str, audit: AuditLog, now: datetime
    ) -> ChangeReport:
        report = self._pending(leader, report_id, version)
        decided = report.model_copy(
            update={
                "status": "declined",
                "version": report.version + 1,
                "decided_at": now,
                "decided_by": leader.username,
                "decline_reason": reason,
            }
        )
        self.repo.decide(decided, mailing=self._mailing([self._email("declined", decided, now)], now))
        audit.record(
            AuditEntry(
                at=now,
                actor=leader.username,
                actor_sub=leader.sub,
                action="decline",
                subject=f"endringsmelding {report.id}",
            )
        )
        return decided

    # entries -----------------------------------------------------------------------------------------------------

    def shown(self, entries: Iterable[RosterEntry]) -> list[RosterEntry]:
        """Entries from the first import only once that import is complete: never half an import."""
        state = self.repo.import_state()
        complete = state.import_id if state is not None and state.status == "complete" else None
        return [entry for entry in entries if not entry.import_id or entry.import_id == complete]

    def in_areas(self, areas: Iterable[str]) -> list[RosterEntry]:
        """Every entry (open and ended) of the units in these areas, as shown."""
        return self.shown(entry for area in areas for entry in self.repo.entries_in_area(area))

    def current_nurses(self, areas: Iterable[str], today: date) -> list[RosterEntry]:
        """The nurses in the role today at the open units of these areas, by area, unit name and name."""
        found = [
            entry
            for entry in self.in_areas(areas)
            if entry.active(today) and entry.unit in self.units and self.units[entry.unit].open_on(today)
        ]
        return sorted(found, key=lambda e: (e.area, self.units[e.unit].name.casefold(), e.name.casefold()))

    def unit_leaders(self, area: str | None, today: date) -> list[UnitLeader]:
        """The open units' leaders as last reported, of one area or (None) every area, by area and unit name."""
        chosen = [u for u in self.units.values() if u.open_on(today) and (area is None or u.area == area)]
        found = self.repo.unit_leaders([u.id for u in chosen])
        leaders = [
            UnitLeader(unit_id=u.id, unit_name=u.name, area=u.area, name=found[u.id].name, email=found[u.id].email)
            for u in chosen
            if u.id in found
        ]
        return sorted(leaders, key=lambda leader: (leader.area, leader.unit_name.casefold()))

    def entries(self, leader: Leader, every_area: list[str], area: str | None = None) -> list[RosterEntry]:
        """Every entry (open and ended) of the units the leader sees, or of one of their areas."""
        areas = leader.roster_areas(every_area)
        if area is not None:
            if area not in areas:
                raise Forbidden()
            areas = [area]
        return self.in_areas(areas)

    def history(self, leader: Leader, unit_id: str) -> list[RosterEntry]:
        """A unit's entries, in the order they started: every period, each with why it started and ended."""
        leader.require_courses()
        unit = self.units.get(unit_id)
        if unit is None:
            raise EntryNotFound()
        if not leader.sees_area(unit.area):
            raise Forbidden()
        return sorted(self.shown(self.repo.entries_for_unit(unit_id)), key=lambda e: (e.start, e.created_at, e.id))

    def sign(
        self,
        leader: Leader,
        unit_id: str,
        entry_id: str,
        version: int,
        signatures: Signatures,
        audit: AuditLog,
        now: datetime,
    ) -> RosterEntry:
        """Record the dates the function description was signed. Only the network leader records (or changes) the
        network leader's date."""
        entry = next((e for e in self.history(leader, unit_id) if e.id == entry_id), None)
        if entry is None:
            raise EntryNotFound()
        if entry.version != version:
            raise RosterChanged()
        if not entry.current(now.astimezone(OSLO).date()):
            raise InvalidInput(field_errors={"nurse": gettext(ENDED)})
        if leader.role != "nettverksleder" and signatures.network != entry.signed_by_network:
            raise InvalidInput(field_errors={"network": gettext(NETWORK_SIGNS)})
        changed = entry.model_copy(
            update={
                "signed_by_nurse": signatures.nurse,
                "signed_by_leader": signatures.leader,
                "signed_by_network": signatures.network,
            }
        )
        stored = self.repo.save_entry(changed)
        audit.record(
            AuditEntry(
                at=now,
                actor=leader.username,
                actor_sub=leader.sub,
                action="signature",
                subject=f"navneliste {entry.id}",
            )
        )
        return stored

    # the first import ---------------------------------------------------------------------------------------------

    def import_state(self) -> ImportState | None:
        return self.repo.import_state()

    def check_import(
        self, leader: Leader, filename: str, data: bytes, every_area: list[str], today: date
    ) -> ImportReport:
        """What the file would give, row by row; nothing is written."""
        leader.require("nettverksleder")
        state = self.repo.import_state()
        if state is not None and state.status == "complete":
            raise ImportDone()
        taken = {
            (entry.unit, entry.email_key)
            for area in every_area
            for entry in self.repo.entries_in_area(area)
            if entry.open and not entry.import_id
        }
        return parse(filename, data, dict(self.units), today, taken)

    def run_import(self, leader: Leader, report: ImportReport, audit: AuditLog, now: datetime) -> int:
        """Write a file that read without a problem, all of it; the number of entries."""
        leader.require("nettverksleder")
        if not report.ready:
            raise InvalidInput(N_("Rett radene i filen og last den opp igjen. Ingenting er importert."))
        entries = [self._imported(row, report.import_id, now) for row in report.rows]
        leaders = {
            row.unit.id: self._leader(row.unit.id, row.leader_name, row.leader_email, f"import:{report.import_id}", now)
            for row in report.rows
            if row.leader_email
        }
        people = [(entry.email, entry.name) for entry in entries] + [(one.email, one.name) for one in leaders.values()]
        along = Along(leaders=tuple(leaders.values()), subscriptions=self._subscriptions(people))
        self.repo.import_entries(report.import_id, entries, now, along)
        audit.record(
            AuditEntry(
                at=now,
                actor=leader.username,
                actor_sub=leader.sub,
                action="import",
                subject=report.filename,
                rows=len(entries),
            )
        )
        return len(entries)

    def _imported(self, row: ImportRow, import_id: str, now: datetime) -> RosterEntry:
        start = row.start or now.astimezone(OSLO).date()
        moment = datetime.combine(start, time(0, 0), OSLO)
        courses: tuple[AttendedCourse, ...] = ()
        if row.grunnkurs is not None:
            courses = (AttendedCourse(kind="grunnkurs", title=gettext(IMPORTED_GRUNNKURS), day=row.grunnkurs),)
        entry = RosterEntry(
            id=fixed_ulid(moment, f"{import_id}:{row.line}"),
            nurse_id=fixed_ulid(moment, f"nurse:{row.email_key}"),
            unit=row.unit.id,
            area=row.unit.area,
            name=row.name,
            email=row.email,
            phone=row.phone,
            education=row.education,
            listed=row.listed,
            start=start,
            start_reason="import",
            started_by="import",
            signed_by_nurse=row.signed,
            signed_by_leader=row.signed,
            signed_by_network=row.signed,
            courses=courses,
            import_id=import_id,
            created_at=now,
            expires_at=0,
        )
        return entry.model_copy(update={"expires_at": self._entry_expiry(entry)})

    # email -------------------------------------------------------------------------------------------------------

    def _email(
        self,
        kind: EmailKind,
        report: ChangeReport,
        now: datetime,
        entry: RosterEntry | None = None,
        subscribed: bool = False,
    ) -> OutgoingEmail | None:
        """The email of one step: to the reporter (the unit leader who sent the form), the area's own contact, or
        (the welcome) the new nurse the reporter typed in, a stranger. None for an area without a contact."""
        from roster.emails import roster_email  # Jinja2 only when an email is made

        contact = self.area_contacts.get(report.area)
        if kind == "to_area_leader" and contact is None:
            return None
        message = roster_email(kind, report, self.units[report.unit], contact, entry, now, subscribed)
        if kind == "welcome" and entry is not None:
            return OutgoingEmail(kind, message, about=entry_about(entry), stranger=True)
        return OutgoingEmail(kind, message, about=report_about(report) if kind != "to_area_leader" else None)

    @staticmethod
    def _mailing(emails: Sequence[OutgoingEmail | None], now: datetime) -> Mailing:
        listed = [email for email in emails if email is not None]
        return Mailing.of(listed, now) if listed else NO_MAIL
