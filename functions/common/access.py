"""Who may see what, for every capability's leaders' routes. A leader is made from verified token claims; the rules
below decide, for each course, whether
they see it and whose registrations. The handlers ask these rules, and the queries carry the answer (an area
filter), so that nothing outside a leader's scope is read out of the table for them.

- The network leader (nettverksleder) sees every course and every registration.
- An area leader (omradeleder, with custom:area) sees the courses of their area with every registration, and the
  network-wide courses (area "alle") with the registrations of people from their area only.
- A host unit (vertsenhet, with custom:unit) sees no courses: only the hospitation requests to their unit, once the
  nurse's leader has said yes, and answers them.
- Hospitation requests: the network leader sees and answers all; an area leader sees those of nurses from their area
  and, once consented, those to the host units in their area, and answers for those host units.
- The roster: the network leader sees and approves all of it; an area leader the units of their area; a host unit
  nothing. Only the network leader records the network leader's signature and imports the first list.
- Anybody else in the pool (no group) sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from common.errors import Forbidden
from common.i18n import N_

LeaderRole = Literal["nettverksleder", "omradeleder", "vertsenhet"]
LEADER_ROLES: tuple[LeaderRole, ...] = ("nettverksleder", "omradeleder", "vertsenhet")  # the strongest first
LEADER_ROLE_LABELS: dict[str, str] = {
    "nettverksleder": N_("Nettverksleder"),
    "omradeleder": N_("Områdeleder"),
    "vertsenhet": N_("Vertsenhet"),
}
NETWORK_WIDE = "alle"
# The roles that sign in with a code from an authenticator app as well as the password (TOTP): until it is on, their
# session reaches only the routes that turn it on and sign out (common/leader_api.current_leader).
MFA_REQUIRED_ROLES: tuple[LeaderRole, ...] = ("nettverksleder",)


class InArea(Protocol):
    """A course or meeting, as far as the rules care: the area it is for ("alle" for the whole network)."""

    @property
    def area(self) -> str: ...


class HostedRequest(Protocol):
    """A hospitation request, as far as the rules care: whose it is, and where it goes."""

    @property
    def area(self) -> str: ...

    @property
    def host_area(self) -> str: ...

    @property
    def host_unit(self) -> str: ...

    @property
    def reached_host(self) -> bool: ...


@dataclass(frozen=True)
class Leader:
    username: str  # their email: who they are in the audit log
    name: str
    role: LeaderRole
    area: str | None
    unit: str | None
    session_id: str  # the token's jti: what sign-out ends
    expires_at: int  # epoch seconds
    sub: str = ""  # the user pool's id of the person, which stays when their email changes: in the audit log too
    mfa: bool = False  # this session gave the code from an authenticator app (common/sessions.py)

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Leader:
        """Forbidden for a user in no leader group, or an area leader or host unit without their area or unit."""
        groups = claims.get("cognito:groups") or []
        role = next((role for role in LEADER_ROLES if role in groups), None)
        area = str(claims.get("custom:area") or "") or None
        unit = str(claims.get("custom:unit") or "") or None
        if role is None or (role == "omradeleder" and area is None) or (role == "vertsenhet" and unit is None):
            raise Forbidden()
        username = str(claims.get("email") or claims.get("cognito:username") or claims["sub"])
        return cls(
            username=username,
            name=str(claims.get("name") or username),
            role=role,
            area=area if role == "omradeleder" else None,
            unit=unit if role == "vertsenhet" else None,
            session_id=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            sub=str(claims["sub"]),
        )

    @property
    def needs_mfa(self) -> bool:
        """Whether this leader's role must sign in with a code from an app as well (the network leader)."""
        return self.role in MFA_REQUIRED_ROLES

    def require_courses(self) -> None:
        """Forbidden for a role that sees no courses (a host unit)."""
        if self.role not in ("nettverksleder", "omradeleder"):
            raise Forbidden()

    def areas(self, every_area: list[str]) -> list[str]:
        """The areas whose courses this leader lists: every one for the network leader."""
        self.require_courses()
        if self.role == "nettverksleder":
            return [*every_area, NETWORK_WIDE]
        return [str(self.area), NETWORK_WIDE]

    def registrations_area(self, course: InArea) -> str | None:
        """Whose registrations of this course the leader sees: None for all, an area id for that area's people.
        Forbidden for a course outside their scope."""
        if self.role == "nettverksleder" or (self.role == "omradeleder" and course.area == self.area):
            return None
        if self.role == "omradeleder" and course.area == NETWORK_WIDE:
            return self.area
        raise Forbidden()

    def edits_courses_in(self, area: str) -> bool:
        """Who makes and changes courses and meetings: the network leader in every area and for the whole network,
        an area leader their own area's meetings."""
        return self.role == "nettverksleder" or (self.role == "omradeleder" and area == self.area)

    def edits_news_in(self, area: str) -> bool:
        """Who writes the site's news: the network leader for the whole network and every area, an area leader
        their own area's."""
        return self.role == "nettverksleder" or (self.role == "omradeleder" and area == self.area)

    def require_course_editing(self, course: InArea) -> None:
        if not self.edits_courses_in(course.area):
            raise Forbidden()

    def require(self, role: LeaderRole) -> None:
        if self.role != role:
            raise Forbidden()

    def roster_areas(self, every_area: list[str]) -> list[str]:
        """The areas whose roster (units, resource nurses, change reports) this leader sees and approves."""
        self.require_courses()
        return list(every_area) if self.role == "nettverksleder" else [str(self.area)]

    def sees_area(self, area: str) -> bool:
        return self.role == "nettverksleder" or (self.role == "omradeleder" and area == self.area)

    def sees_hospitation(self, request: HostedRequest) -> bool:
        if self.role == "nettverksleder":
            return True
        if self.role == "omradeleder":
            return request.area == self.area or (request.host_area == self.area and request.reached_host)
        return request.host_unit == self.unit and request.reached_host

    def answers_for_host(self, request: HostedRequest) -> bool:
        """Who may set the dates of, or decline, a request to a host unit."""
        if self.role == "nettverksleder":
            return True
        if self.role == "omradeleder":
            return request.host_area == self.area
        return request.host_unit == self.unit and request.reached_host
