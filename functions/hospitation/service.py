"""The hospitation workflow: a nurse's request, the nearest leader's consent, the host's dates, the evaluation, and
the daily schedule that reminds and asks. Repositories and the time come in as arguments.

Every step emails the next person: the leader a one-time consent link, the host unit a note to sign in, the nurse
each answer with a fresh link to their own page (only hashes are stored, so every email gets a link of its own).
The emails are written in the step's own transaction (common/outbox.py); the mail worker sends them. The consent
request goes to an address the nurse typed, so unless it is at an employer's domain it waits until she confirms her
own address through the link in her receipt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from aws_lambda_powertools import Logger
from dateutil.relativedelta import relativedelta

from common.access import Leader
from common.audit import AuditEntry, AuditLog
from common.errors import (
    AlreadyAnswered,
    ChangedMeanwhile,
    Forbidden,
    HospitationNotFound,
    LinkExpired,
    LinkNotFound,
    LinkUsed,
    NotNow,
)
from common.formatting import OSLO
from common.i18n import N_
from common.ids import new_ulid
from common.outbox import Mailing, OutgoingEmail, outside_employers
from common.settings import settings
from common.tokens import new_token, token_hash
from hospitation.models import (
    CONSENT_VALID,
    ConsentAnswer,
    EmailKind,
    EvaluationForm,
    Hospitation,
    HospitationForm,
    HostAnswer,
    HostUnit,
    WishedPeriod,
    status_path,
)
from hospitation.repository import HospitationRepository, Link, Purpose, request_about

logger = Logger(child=True)
LINK_OUTLIVES = 2 * 366 * 24 * 3600  # seconds
EVALUATED = N_("Du har allerede sendt evalueringen. Takk for svarene!")


@dataclass(frozen=True)
class Submitted:
    request: Hospitation
    token: str  # the nurse's own link

    @property
    def url(self) -> str:
        return status_path(self.token)


@dataclass
class Workflow:
    """What every step needs: where requests are kept, the host units, and how long data is kept."""

    repo: HospitationRepository
    units: Mapping[str, HostUnit]
    retention_months: int = 12

    # the nurse -------------------------------------------------------------------------------------------------

    def submit(self, form: HospitationForm, wishes: Sequence[WishedPeriod], area: str, now: datetime) -> Submitted:
        """Store the request with the nurse's link and a consent link for the nearest leader, and the emails to both,
        in one transaction. The leader's waits for the nurse's confirmation of her own address (the link in her
        receipt) unless it is at one of the network's employer domains."""
        unit = self.units[form.host_unit]
        request = Hospitation(
            id=new_ulid(now),
            name=form.name,
            email=str(form.email),
            phone=form.phone,
            workplace=form.workplace,
            municipality=form.municipality,
            area=area,
            leader_name=form.leader_name,
            leader_email=str(form.leader_email),
            host_unit=unit.id,
            host_area=unit.area,
            wishes=tuple(wishes),
            goals=form.goals,
            created_at=now,
            consent_until=now + CONSENT_VALID,
            expires_at=0,
        )
        request = self._kept(request)
        status_token, consent_token = new_token(), new_token()
        confirm = new_token() if outside_employers(request.leader_email) else None
        mailing = Mailing.of(
            [
                self._email("received", request, status_token, now, confirm=confirm),
                self._email("consent_request", request, consent_token, now, stranger=True),
            ],
            now,
            token_hash(confirm) if confirm else None,
        )
        if confirm:
            request = request.model_copy(update={"consent_held_id": mailing.emails[1].id})
        self.repo.add(
            request,
            [self._link(request, status_token, "status"), self._link(request, consent_token, "consent", now)],
            mailing,
        )
        return Submitted(request, status_token)

    def by_status_link(self, token: str) -> Hospitation:
        """The request behind the nurse's own link; LinkNotFound for any other token."""
        link = self._link_of(token, "status")
        request = self.repo.get(link.request_id)
        if request is None:
            raise LinkNotFound()
        return request

    def withdraw(self, token: str, now: datetime) -> Hospitation:
        """The nurse takes the request back, until the hospitation starts. The host is told if it had been asked."""
        request = self.by_status_link(token)
        if request.status == "withdrawn":
            return request
        if not request.can_withdraw(now.astimezone(OSLO).date()):
            raise NotNow()
        changed = request.model_copy(update={"status": "withdrawn", "withdrawn_at": now})
        emails = [self._email("withdrawn", changed, None, now)]
        if request.reached_host:
            emails.append(self._email("withdrawn_host", changed, None, now))
        return self.repo.save(changed, mailing=Mailing.of(emails, now))

    def evaluation_open(self, token: str) -> Hospitation:
        """The request whose evaluation the nurse may send now: AlreadyAnswered once sent, NotNow before it is asked
        for (or after the request ended otherwise)."""
        request = self.by_status_link(token)
        if request.status == "completed":
            raise AlreadyAnswered(EVALUATED)
        if request.status != "evaluating":
            raise NotNow()
        return request

    def evaluate(self, token: str, form: EvaluationForm, now: datetime) -> Hospitation:
        """The nurse's evaluation, once; the request is then completed."""
        request = self.evaluation_open(token)
        changes = {
            "status": "completed",
            "learned": form.learned,
            "recommend": form.recommend,
            "change": form.change,
            "evaluated_at": now,
        }
        return self.repo.save(request.model_copy(update=changes))

    def erase_own(self, token: str) -> None:
        """The nurse's right to erasure: the request is deleted at once, whatever its step."""
        self.repo.erase(self.by_status_link(token))

    # the nearest leader ----------------------------------------------------------------------------------------

    def consent_request(self, token: str, now: datetime) -> tuple[Hospitation, Link]:
        """The request behind a consent link, if the link may still be answered: LinkNotFound (forged), LinkUsed
        (answered through it), LinkExpired (it, or every link of the request, ran out), AlreadyAnswered (answered
        through another link, or withdrawn)."""
        link = self._link_of(token, "consent")
        request = self.repo.get(link.request_id)
        if request is None:
            raise LinkNotFound()
        if link.used_at is not None:
            raise LinkUsed()
        if request.status == "expired":  # nobody answered in time: the link ran out, nothing was answered
            raise LinkExpired()
        if request.status != "awaiting_consent":
            raise AlreadyAnswered()
        if link.expired(now):
            raise LinkExpired()
        return request, link

    def answer_consent(self, token: str, answer: ConsentAnswer, now: datetime) -> Hospitation:
        """Yes sends the request on to the host; no ends it, with the leader's reason to the nurse."""
        request, link = self.consent_request(token, now)
        if answer.decision == "ja":
            changes: dict[str, object] = {"status": "awaiting_host", "answered_at": now}
        else:
            changes = {
                "status": "declined_by_leader",
                "answered_at": now,
                "declined_at": now,
                "decline_reason": answer.reason,
            }
        nurse_token = new_token()
        changed = request.model_copy(update=changes)
        if changed.status == "awaiting_host":
            emails = [
                self._email("consented", changed, nurse_token, now),
                self._email("host_request", changed, None, now),
            ]
        else:
            emails = [self._email("declined_by_leader", changed, nurse_token, now)]
        try:
            return self.repo.save(
                changed,
                [self._link(changed, nurse_token, "status")],
                use=link,
                now=now,
                mailing=Mailing.of(emails, now),
            )
        except ChangedMeanwhile:
            raise AlreadyAnswered() from None

    # the host (in the leaders' area) ---------------------------------------------------------------------------

    def visible(
        self, leader: Leader, every_area: Iterable[str], status: str | None = None, unit: str | None = None
    ) -> list[Hospitation]:
        """The requests the leader may see, newest first, optionally of one status and one host unit."""
        if leader.role == "vertsenhet":
            found = list(self.repo.for_unit(str(leader.unit)))
        else:
            areas = list(every_area) if leader.role == "nettverksleder" else [str(leader.area)]
            found = [request for area in areas for request in self.repo.in_area(area)]
            if leader.role == "omradeleder":  # and those to the host units of their area, from other areas
                hosted = [u.id for u in self.units.values() if u.area == leader.area]
                found += [request for u in hosted for request in self.repo.for_unit(u) if request.area != leader.area]
        unique = {request.id: request for request in found if leader.sees_hospitation(request)}
        chosen = [
            request
            for request in unique.values()
            if (status is None or request.status == status) and (unit is None or request.host_unit == unit)
        ]
        return sorted(chosen, key=lambda request: request.created_at, reverse=True)

    def one(self, leader: Leader, request_id: str) -> Hospitation:
        request = self.repo.get(request_id)
        if request is None:
            raise HospitationNotFound()
        if not leader.sees_hospitation(request):
            raise Forbidden()
        return request

    def _as_host(self, leader: Leader, request_id: str, version: int) -> Hospitation:
        request = self.one(leader, request_id)
        if not leader.answers_for_host(request):
            raise Forbidden()
        if request.version != version:
            raise ChangedMeanwhile()
        return request

    def confirm(
        self, leader: Leader, request_id: str, version: int, answer: HostAnswer, audit: AuditLog, now: datetime
    ) -> Hospitation:
        """The host's dates: the nurse gets them with a calendar entry, the nearest leader a copy. Dates already
        confirmed may be moved until the first day."""
        request = self._as_host(leader, request_id, version)
        today = now.astimezone(OSLO).date()
        moving = request.status == "confirmed" and request.first_day is not None and today < request.first_day
        if request.status != "awaiting_host" and not moving:
            raise NotNow()
        assert answer.first_day is not None and answer.last_day is not None  # noqa: S101 - validated
        as_wished = any(w.first <= answer.first_day and answer.last_day <= w.last for w in request.wishes)
        changed = self._kept(
            request.model_copy(
                update={
                    "status": "confirmed",
                    "first_day": answer.first_day,
                    "last_day": answer.last_day,
                    "meeting_time": answer.meeting_time,
                    "host_message": answer.message,
                    "dates_as_wished": as_wished,
                    "confirmed_at": now,
                    "confirmed_by": leader.name,
                }
            )
        )
        nurse_token = new_token()
        as_stored = changed.model_copy(update={"version": changed.version + 1})  # the calendar entry's SEQUENCE
        emails = [
            self._email("confirmed", as_stored, nurse_token, now),
            self._email("confirmed_leader", as_stored, None, now),
        ]
        stored = self.repo.save(changed, [self._link(changed, nurse_token, "status")], mailing=Mailing.of(emails, now))
        audit.record(
            AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action="approval", subject=request.id)
        )
        return stored

    def decline(
        self, leader: Leader, request_id: str, version: int, reason: str, audit: AuditLog, now: datetime
    ) -> Hospitation:
        """The host cannot take the nurse: the request ends, with the reason to the nurse."""
        request = self._as_host(leader, request_id, version)
        if request.status != "awaiting_host":
            raise NotNow()
        changed = request.model_copy(
            update={"status": "declined_by_host", "decline_reason": reason, "declined_at": now}
        )
        nurse_token = new_token()
        mailing = Mailing.of([self._email("declined_by_host", changed, nurse_token, now)], now)
        stored = self.repo.save(changed, [self._link(changed, nurse_token, "status")], mailing=mailing)
        audit.record(
            AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action="decline", subject=request.id)
        )
        return stored

    def erase(self, leader: Leader, request_id: str, audit: AuditLog, now: datetime) -> None:
        """The network leader erases a request when a person asks for it; written to the audit log."""
        leader.require("nettverksleder")
        request = self.one(leader, request_id)
        self.repo.erase(request)
        audit.record(
            AuditEntry(at=now, actor=leader.username, actor_sub=leader.sub, action="erasure", subject=request.id)
        )

    # the daily schedule ----------------------------------------------------------------------------------------

    def run_schedule(self, now: datetime) -> dict[str, int]:
        """Everything due by now: one reminder to a leader or host a week after they were asked, the end of a
        request whose consent links ran out, and the evaluation the morning after the last day. A request whose
        consent request still waits for the nurse's confirmation when the reminder is due ends without a word to
        anyone ("unconfirmed"): her confirmation link has run out, and the leader was never asked. A request someone
        changes meanwhile is left for the next run. Returns how many of each were done."""
        done: dict[str, int] = {}
        for request in self.repo.due(now):
            try:
                kind = self._due_step(request, now)
            except (ChangedMeanwhile, LinkUsed):
                kind = None
            if kind:
                done[kind] = done.get(kind, 0) + 1
        return done

    def _due_step(self, request: Hospitation, now: datetime) -> str | None:
        due = request.due_at
        if due is None or due > now:
            return None
        if request.status == "awaiting_consent" and request.consent_held_id and self.repo.held(request.consent_held_id):
            self.repo.save(request.model_copy(update={"status": "expired"}))
            return "unconfirmed"
        if request.status == "awaiting_consent" and request.consent_reminded_at is None:
            token = new_token()
            changed = request.model_copy(update={"consent_reminded_at": now, "consent_until": now + CONSENT_VALID})
            # still to an address the nurse typed, which the leader has not used: counted by the worker's daily limit
            mailing = Mailing.of([self._email("consent_reminder", changed, token, now, stranger=True)], now)
            self.repo.save(changed, [self._link(changed, token, "consent", now)], mailing=mailing)
            return "consent_reminder"
        if request.status == "awaiting_consent":
            token = new_token()
            changed = request.model_copy(update={"status": "expired"})
            mailing = Mailing.of([self._email("expired", changed, token, now)], now)
            self.repo.save(changed, [self._link(changed, token, "status")], mailing=mailing)
            return "expired"
        if request.status == "awaiting_host":
            changed = request.model_copy(update={"host_reminded_at": now})
            self.repo.save(changed, mailing=Mailing.of([self._email("host_reminder", changed, None, now)], now))
            return "host_reminder"
        if request.status == "confirmed":
            token = new_token()
            changed = request.model_copy(update={"status": "evaluating", "evaluation_sent_at": now})
            mailing = Mailing.of([self._email("evaluation", changed, token, now)], now)
            self.repo.save(changed, [self._link(changed, token, "status")], mailing=mailing)
            return "evaluation"
        return None

    # parts -----------------------------------------------------------------------------------------------------

    def _kept(self, request: Hospitation) -> Hospitation:
        """Kept until `retention_months` after the last day it concerns (the stay, or the last wished day)."""
        end = datetime.combine(request.last_date, time.max, OSLO) + relativedelta(months=self.retention_months)
        return request.model_copy(update={"expires_at": int(end.timestamp())})

    def _link(self, request: Hospitation, token: str, purpose: Purpose, now: datetime | None = None) -> Link:
        return Link(
            token_hash=token_hash(token),
            request_id=request.id,
            purpose=purpose,
            # a link holds no personal data; it outlives its request, whose dates may still move up to a year ahead
            expires_at=request.expires_at + LINK_OUTLIVES,
            valid_until=now + CONSENT_VALID if purpose == "consent" and now is not None else None,
        )

    def _link_of(self, token: str, purpose: Purpose) -> Link:
        link = self.repo.link(token_hash(token)) if 0 < len(token) <= 64 else None
        if link is None or link.purpose != purpose:
            raise LinkNotFound()
        return link

    def _email(
        self,
        kind: EmailKind,
        request: Hospitation,
        token: str | None,
        now: datetime,
        stranger: bool = False,
        confirm: str | None = None,
    ) -> OutgoingEmail:
        """The email of one step, about the request as its change stores it. `stranger`: to the address the nurse
        typed for her leader, before the leader has used it. `confirm`: the nurse's confirmation token, whose link
        her receipt carries."""
        from hospitation.emails import hospitation_email  # Jinja2 and icalendar only when an email is made

        confirm_url = f"{settings().site_url.rstrip('/')}/api/epost/{confirm}" if confirm else None
        message = hospitation_email(kind, request, self.units[request.host_unit], token, now, confirm_url)
        return OutgoingEmail(kind, message, about=request_about(request), stranger=stranger)
