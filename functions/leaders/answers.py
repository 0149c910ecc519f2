"""The leaders' function's own answers: who is signed in, a step of the sign-in still to take, and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from common.access import LEADER_ROLE_LABELS, Leader
from common.audit import ACTION_LABELS, AuditEntry
from common.formatting import date_nb, time_nb
from common.i18n import gettext
from common.leader_api import area_names


class LeaderAnswer(BaseModel):
    """The signed-in leader: their role and area, when the session ends, and whether they signed in with a code from
    an app (`mfa`) and must (`mfa_required`: the network leader, who reaches nothing else until it is on)."""

    username: str
    name: str
    role: str
    role_label: str
    area: str | None
    area_name: str | None
    unit: str | None
    expires_at: str
    mfa: bool
    mfa_required: bool

    @classmethod
    def of(cls, leader: Leader) -> LeaderAnswer:
        return cls(
            username=leader.username,
            name=leader.name,
            role=leader.role,
            role_label=gettext(LEADER_ROLE_LABELS[leader.role]),
            area=leader.area,
            area_name=area_names().get(leader.area or "") if leader.area else None,
            unit=leader.unit,
            expires_at=datetime.fromtimestamp(leader.expires_at, UTC).isoformat(),
            mfa=leader.mfa,
            mfa_required=leader.needs_mfa,
        )


class Challenge(BaseModel):
    """A step of the sign-in still to take (a new password, a code from the app), and its session."""

    challenge: str
    session: str


class TotpSecret(BaseModel):
    """What the leader's authenticator app is set up with: the secret (as Cognito gives it, and in groups of four to
    read and type), the otpauth:// address a phone opens the app with, and the names the app will show."""

    secret: str
    secret_text: str
    uri: str
    issuer: str
    account: str


class AuditRecord(BaseModel):
    at: str
    at_text: str
    actor: str
    actor_sub: str | None
    action: str
    action_label: str
    subject: str
    rows: int | None

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRecord:
        return cls(
            at=entry.at.isoformat(),
            at_text=f"{date_nb(entry.at)} kl. {time_nb(entry.at)}",
            actor=entry.actor,
            actor_sub=entry.actor_sub,
            action=entry.action,
            action_label=gettext(ACTION_LABELS[entry.action]),
            subject=entry.subject,
            rows=entry.rows,
        )


class AuditMonth(BaseModel):
    """A month of the audit log, oldest first."""

    month: str
    entries: list[AuditRecord]
