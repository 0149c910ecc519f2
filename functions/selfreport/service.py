"""The yearly self-report's use cases: the network leader opens a year's round with a closing day; every resource
nurse on the roster and every unit leader of theirs gets one email with a link of her own (and whoever is added to
the roster while the round is open, at the next daily run); those who have not answered get one reminder REMIND_DAYS
before it closes; each link takes one answer; the leaders in scope read the answers per area, and the annual report
counts them. Repositories, the roster and the time come in as arguments; each email is written with its invitation
(common/outbox.py), and the mail worker sends it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from common.access import Leader
from common.audit import Action, AuditEntry, AuditLog
from common.errors import (
    Forbidden,
    InvalidInput,
    RoundNotFound,
    SelfReportAnswered,
    SelfReportClosed,
    SelfReportNotFound,
)
from common.formatting import OSLO, date_nb
from common.i18n import N_, gettext
from common.outbox import Mailing, OutgoingEmail, address_key
from common.tokens import new_token, token_hash
from roster.models import RosterEntry, UnitLeader
from selfreport.models import (
    CLOSES_MISSING,
    CLOSES_PAST,
    CLOSES_RANGE,
    LAST_YEAR_UNTIL_MONTH,
    LEADER,
    MAX_DAYS,
    MIN_DAYS,
    NURSE,
    YEAR_CHOICE,
    Invitation,
    LeaderAnswer,
    NurseAnswer,
    Round,
    RoundChange,
    RoundForm,
    link_expires_at,
    round_expires_at,
)
from selfreport.repository import SelfReportRepository, Sending

ROUND_TAKEN = N_("Runden for %(year)s er allerede åpnet.")


@dataclass(frozen=True)
class OnRoster:
    """Whom a round asks, as the roster has them on a day: the resource nurses in the role at open units, and those
    units' leaders as last reported; with the units' names for the emails and the forms."""

    nurses: Sequence[RosterEntry]
    leaders: Sequence[UnitLeader]
    unit_names: Mapping[str, str]


RosterNow = Callable[[date], OnRoster]
# (invitation, the link's path, the round, now, reminder?) -> the email
EmailMaker = Callable[[Invitation, str, Round, datetime, bool], EmailMessage]


@dataclass(frozen=True)
class Sent:
    nurses: int = 0
    leaders: int = 0

    @property
    def total(self) -> int:
        return self.nurses + self.leaders


@dataclass
class AreaCount:
    """A round's answers in one area, counted: what the leaders' view and the annual report show."""

    area: str
    nurses_asked: int = 0
    nurses_answered: int = 0
    leaders_asked: int = 0
    leaders_answered: int = 0
    planned: Counter[str] = field(default_factory=Counter)  # the nurses' "did we meet to plan it"
    time_given: Counter[str] = field(default_factory=Counter)  # the leaders' "is the role given time"


def area_counts(invitations: Iterable[Invitation], areas: Sequence[str]) -> list[AreaCount]:
    """Each area's counts, in the order of `areas`; invitations of other areas are left out."""
    counts = {area: AreaCount(area) for area in areas}
    for invitation in invitations:
        count = counts.get(invitation.area)
        if count is None:
            continue
        if invitation.role == "nurse":
            count.nurses_asked += 1
            if invitation.answered:
                count.nurses_answered += 1
                count.planned[invitation.planned or ""] += 1
        else:
            count.leaders_asked += 1
            if invitation.answered:
                count.leaders_answered += 1
                count.time_given[invitation.time_given or ""] += 1
    return list(counts.values())


def summed(counts: Iterable[AreaCount]) -> AreaCount:
    """The counts of several areas together (the whole network's row)."""
    total = AreaCount("")
    for count in counts:
        total.nurses_asked += count.nurses_asked
        total.nurses_answered += count.nurses_answered
        total.leaders_asked += count.leaders_asked
        total.leaders_answered += count.leaders_answered
        total.planned.update(count.planned)
        total.time_given.update(count.time_given)
    return total


def round_years(today: date) -> list[int]:
    """The years a round may be opened for: this one, and until LAST_YEAR_UNTIL_MONTH the one before (a network
    that asks about the year in January)."""
    return [today.year, *([today.year - 1] if today.month <= LAST_YEAR_UNTIL_MONTH else [])]


def _today(now: datetime) -> date:
    return now.astimezone(OSLO).date()


def invitations_for(year: int, on_roster: OnRoster, now: datetime, expires_at: int) -> list[Invitation]:
    """One invitation per resource nurse (by her id across periods: all her units), and one per unit leader (by her
    address: all her units that have a resource nurse), in the roster's order."""
    nurses: dict[str, list[RosterEntry]] = {}
    for entry in on_roster.nurses:
        if entry.email.strip():
            nurses.setdefault(entry.nurse_id, []).append(entry)
    found = [
        Invitation(
            year=year,
            id=f"{NURSE}{nurse_id}",
            role="nurse",
            area=entries[0].area,
            units=tuple(dict.fromkeys(entry.unit for entry in entries)),
            name=entries[0].name,
            email=entries[0].email,
            invited_at=now,
            expires_at=expires_at,
        )
        for nurse_id, entries in nurses.items()
    ]
    staffed = {entry.unit for entry in on_roster.nurses if entry.email.strip()}
    leaders: dict[str, list[UnitLeader]] = {}
    for leader in on_roster.leaders:
        if leader.unit_id in staffed and leader.email.strip():
            leaders.setdefault(address_key(leader.email), []).append(leader)
    found += [
        Invitation(
            year=year,
            id=f"{LEADER}{key}",
            role="leader",
            area=units[0].area,
            units=tuple(unit.unit_id for unit in units),
            name=units[0].name,
            email=units[0].email,
            invited_at=now,
            expires_at=expires_at,
        )
        for key, units in leaders.items()
    ]
    return found


@dataclass(frozen=True)
class RoundStatus:
    """A round as a leader sees it: the round, and her areas' counts."""

    round: Round
    areas: list[AreaCount]

    def total(self, name: str) -> int:
        return sum(int(getattr(area, name)) for area in self.areas)


@dataclass(frozen=True)
class Results:
    """A round's answers in a leader's scope, by area, unit and name (the nurses first, then the leaders)."""

    round: Round
    invitations: list[Invitation]
    counts: list[AreaCount]


@dataclass
class SelfReports:
    repo: SelfReportRepository
    roster_on: RosterNow
    make_email: EmailMaker
    audit: AuditLog

    # the network leader ------------------------------------------------------------------------------------------

    def open_round(self, leader: Leader, form: RoundForm, now: datetime) -> tuple[Round, Sent]:
        """Open the year's round and mail everyone it asks. The year is one of round_years; the closing day
        MIN_DAYS to MAX_DAYS from today. A year's round is opened once (InvalidInput at the year)."""
        leader.require("nettverksleder")
        today = _today(now)
        errors: dict[str, str] = {}
        if form.year not in round_years(today):
            errors["year"] = gettext(YEAR_CHOICE)
        first, last = today + timedelta(days=MIN_DAYS), today + timedelta(days=MAX_DAYS)
        if form.closes_on is None:
            errors["closes_on"] = gettext(CLOSES_MISSING)
        elif not first <= form.closes_on <= last:
            errors["closes_on"] = gettext(CLOSES_RANGE) % {"first": date_nb(first), "last": date_nb(last)}
        if errors:
            raise InvalidInput(field_errors=errors)
        assert form.closes_on is not None  # noqa: S101 - checked above
        found = Round(
            year=form.year,
            opened_on=today,
            closes_on=form.closes_on,
            opened_by=leader.username,
            expires_at=round_expires_at(form.closes_on),
        )
        if not self.repo.add_round(found):
            raise InvalidInput(field_errors={"year": gettext(ROUND_TAKEN) % {"year": form.year}})
        self._audit(leader, "self_report_opened", found, now)
        return found, self.send(found, now)

    def change_closing(self, leader: Leader, year: int, change: RoundChange, now: datetime) -> Round:
        """The closing day moved: not before today, at most MAX_DAYS after the round was opened. On the version
        seen (RoundChanged otherwise); the reminder, once sent, is not sent again."""
        leader.require("nettverksleder")
        found = self.repo.round(year)
        if found is None:
            raise RoundNotFound()
        today = _today(now)
        last = found.opened_on + timedelta(days=MAX_DAYS)
        if change.closes_on is None:
            raise InvalidInput(field_errors={"closes_on": gettext(CLOSES_MISSING)})
        if change.closes_on < today:
            raise InvalidInput(field_errors={"closes_on": gettext(CLOSES_PAST)})
        if change.closes_on > last:
            values = {"first": date_nb(today), "last": date_nb(last)}
            raise InvalidInput(field_errors={"closes_on": gettext(CLOSES_RANGE) % values})
        changed = found.model_copy(
            update={
                "closes_on": change.closes_on,
                "version": found.version + 1,
                "expires_at": round_expires_at(change.closes_on),
            }
        )
        self.repo.replace_round(changed, change.version)
        self._audit(leader, "self_report_changed", changed, now)
        return changed

    def _audit(self, leader: Leader, action: Action, found: Round, now: datetime) -> None:
        self.audit.record(
            AuditEntry(
                at=now,
                actor=leader.username,
                actor_sub=leader.sub,
                action=action,
                subject=f"egenrapport {found.year}",
            )
        )

    # sending -------------------------------------------------------------------------------------------------------

    def _sending(self, invitation: Invitation, found: Round, now: datetime, reminder: bool) -> Sending:
        from selfreport.models import answer_path

        token = new_token()
        hashed = token_hash(token)
        email = self.make_email(invitation, answer_path(token), found, now, reminder)
        about = (f"SELFREPORT#{found.year}", invitation.id)
        kind = "self_report_reminder" if reminder else "self_report"
        outgoing = Mailing.of([OutgoingEmail(kind, email, about=about)], now).emails[0]
        if not reminder:
            invitation = invitation.model_copy(update={"links": (hashed,)})
        return Sending(invitation, hashed, link_expires_at(found.closes_on), outgoing)

    def send(self, found: Round, now: datetime) -> Sent:
        """Mail everyone on the roster today whom the round has not asked yet, while it is open: at its opening,
        and at each daily run after (a nurse or a leader added to the roster meanwhile)."""
        if not found.open_at(now):
            return Sent()
        asked = {invitation.id for invitation in self.repo.invitations(found.year)}
        new = [
            invitation
            for invitation in invitations_for(found.year, self.roster_on(_today(now)), now, found.expires_at)
            if invitation.id not in asked
        ]
        sendings = [self._sending(invitation, found, now, reminder=False) for invitation in new]
        nurses = [one for one in sendings if one.invitation.role == "nurse"]
        leaders = [one for one in sendings if one.invitation.role == "leader"]
        return Sent(self.repo.invite(nurses, now), self.repo.invite(leaders, now))

    def remind(self, found: Round, now: datetime) -> int:
        """From the reminder's day to the close: one reminder, with a link of its own, to each invitation not yet
        answered; then the round is marked reminded. A run that stops halfway is finished by the next one."""
        if found.reminded or not found.open_at(now) or _today(now) < found.reminder_on:
            return 0
        waiting = [
            invitation
            for invitation in self.repo.invitations(found.year)
            if not invitation.answered and invitation.reminded_at is None
        ]
        sent = self.repo.remind([self._sending(one, found, now, reminder=True) for one in waiting], now)
        self.repo.replace_round(
            found.model_copy(update={"reminded": True, "version": found.version + 1}), found.version
        )
        return sent

    def daily(self, now: datetime) -> tuple[Sent, int]:
        """The daily run over the open rounds: the newly added asked, the reminder when it is due."""
        sent, reminded = Sent(), 0
        for found in self.repo.rounds():
            if not found.open_at(now):
                continue
            more = self.send(found, now)
            sent = Sent(sent.nurses + more.nurses, sent.leaders + more.leaders)
            reminded += self.remind(found, now)
        return sent, reminded

    # answering -----------------------------------------------------------------------------------------------------

    def open(self, token: str, now: datetime) -> tuple[Round, Invitation]:
        """The round and invitation a link opens, if it may be answered now: SelfReportNotFound (forged, erased,
        deleted), SelfReportAnswered, SelfReportClosed (past the closing day)."""
        link = self.repo.link(token_hash(token)) if 0 < len(token) <= 64 else None
        found = self.repo.round(link.year) if link is not None else None
        invitation = self.repo.invitation(link.year, link.invitation) if link is not None else None
        if found is None or invitation is None:
            raise SelfReportNotFound()
        if invitation.answered:
            raise SelfReportAnswered()
        if not found.open_at(now):
            raise SelfReportClosed()
        return found, invitation

    def answer(self, token: str, answer: NurseAnswer | LeaderAnswer, now: datetime) -> Invitation:
        """Her answer on her invitation, once. A nurse's link takes a nurse's answer, a leader's a leader's."""
        _round, invitation = self.open(token, now)
        if (invitation.role == "nurse") != isinstance(answer, NurseAnswer):
            raise SelfReportNotFound()
        answered = invitation.model_copy(update={**answer.model_dump(), "answered_at": now})
        self.repo.answer(answered)
        return answered

    # the leaders ---------------------------------------------------------------------------------------------------

    def overview(self, leader: Leader, every_area: list[str]) -> list[RoundStatus]:
        """Every round kept, the newest first, with the counts of the leader's areas."""
        return [self.status(leader, one, every_area) for one in self.repo.rounds()]

    def status(self, leader: Leader, found: Round, every_area: list[str]) -> RoundStatus:
        """One round with the counts of the leader's areas (after a change: that round's invitations only)."""
        return RoundStatus(found, area_counts(self.repo.invitations(found.year), leader.roster_areas(every_area)))

    def results(self, leader: Leader, year: int, every_area: list[str], area: str | None = None) -> Results:
        """A round's invitations and answers in the leader's areas (or one of them)."""
        areas = leader.roster_areas(every_area)
        if area is not None:
            if area not in areas:
                raise Forbidden()
            areas = [area]
        found = self.repo.round(year)
        if found is None:
            raise RoundNotFound()
        invitations = self.repo.invitations(year)
        order = {name: index for index, name in enumerate(areas)}
        mine = sorted(
            (one for one in invitations if one.area in order),
            key=lambda one: (order[one.area], one.role != "nurse", one.name.casefold()),
        )
        return Results(found, mine, area_counts(mine, areas))
