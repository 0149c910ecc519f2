"""The function description signed without paper (Ahus: it "skal signeres av ressurssykepleier, nærmeste leder og
leder av Kompetansenettverket og deretter arkiveres"):

1. The nurse signs on Min side (her session proves her address). In the same transaction the unit's leader, as the
   last change report or import named her (`UNIT#<id>` / `LEADER`), is mailed a link to read and sign.
2. The unit leader signs through that link (`FDSIGN#<hash of its token>` / `META`, SIGN_LINK_DAYS; used once).
3. The network leader signs in /leder/ (her sign-in proves her).

Each signature is a `Signature` on the roster entry, with its day in `signed_by_*` as a leader's tick by hand
would give it (the coverage and the annual report count those), and an audit entry without the person's data.
Once the three are in, the signed document is a PDF made from the entry (roster/signed_pdf.py). A signature once
given is not given again; a day ticked by hand (paper signed before) stays as it is and can still be changed there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from common.access import Leader
from common.audit import AuditEntry, AuditLog
from common.errors import AlreadySigned, EntryNotFound, Forbidden, NotYetSigned, RosterChanged, SigningLinkNotFound
from common.formatting import OSLO
from common.outbox import NO_MAIL, Mailing, OutgoingEmail
from common.tokens import new_token, token_hash
from roster.models import RosterEntry, Signature, Signer, SigningLink, UnitLeaderRecord

SIGN_LINK_DAYS = 30
SIGN_PATH = "/api/funksjonsbeskrivelse/"


class SigningRepository(Protocol):
    def entry(self, unit: str, entry_id: str) -> RosterEntry | None: ...

    def unit_leaders(self, unit_ids: list[str]) -> dict[str, UnitLeaderRecord]: ...

    def sign_entry(
        self,
        entry: RosterEntry,
        link: tuple[str, SigningLink] | None = None,
        used_link: str | None = None,
        mailing: Mailing = NO_MAIL,
    ) -> RosterEntry: ...

    def signing_link(self, link_hash: str) -> SigningLink | None: ...


Clock = Callable[[], datetime]
LinkEmail = Callable[[RosterEntry, UnitLeaderRecord, str, datetime], EmailMessage]


def signed(entry: RosterEntry, signature: Signature) -> RosterEntry:
    day = signature.signed_at.astimezone(OSLO).date()
    return entry.model_copy(update={"signatures": (*entry.signatures, signature), f"signed_by_{signature.signer}": day})


@dataclass
class Signing:
    repo: SigningRepository
    audit: AuditLog
    clock: Clock

    def _open(self, entry: RosterEntry | None, signer: Signer) -> RosterEntry:
        if entry is None or not entry.current(self.clock().astimezone(OSLO).date()):
            raise EntryNotFound()
        if entry.signed_without_paper(signer) is not None:
            raise AlreadySigned()
        return entry

    def _audit(self, actor: str, entry: RosterEntry, sub: str | None = None) -> None:
        subject = f"navneliste {entry.id}"
        self.audit.record(AuditEntry(at=self.clock(), actor=actor, actor_sub=sub, action="signature", subject=subject))

    def by_nurse(self, email: str, unit: str, entry_id: str, document: str, link_email: LinkEmail) -> RosterEntry:
        """She signs on Min side: her own open entry only. Her unit's leader (if the table knows one) is mailed the
        link to sign next, in the same write."""
        entry = self.repo.entry(unit, entry_id)
        if entry is None or entry.email_key != email.strip().lower():
            raise EntryNotFound()
        entry = self._open(entry, "nurse")
        now = self.clock()
        signature = Signature(signer="nurse", name=entry.name, signed_at=now, way="min_side", document=document[:300])
        leader = self.repo.unit_leaders([entry.unit]).get(entry.unit)
        link, mailing = None, NO_MAIL
        if leader is not None and entry.signed_without_paper("leader") is None:
            token = new_token()
            expires = int((now + timedelta(days=SIGN_LINK_DAYS)).timestamp())
            link = (token_hash(token), SigningLink(entry.unit, entry.id, leader.name, leader.email, expires))
            message = link_email(entry, leader, f"{SIGN_PATH}{token}", now)
            mailing = Mailing.of([OutgoingEmail("function_description_link", message)], now)
        stored = self.repo.sign_entry(signed(entry, signature), link, None, mailing)
        self._audit("ressurssykepleier (Min side)", stored)
        return stored

    def link(self, token: str) -> tuple[SigningLink, RosterEntry]:
        """The link's leader and the entry to sign: SigningLinkNotFound for a link used, expired or never made."""
        found = self.repo.signing_link(token_hash(token)) if 0 < len(token) <= 64 else None
        if found is None or found.expires_at <= self.clock().timestamp():
            raise SigningLinkNotFound()
        entry = self.repo.entry(found.unit, found.entry_id)
        if entry is None:
            raise SigningLinkNotFound()
        return found, entry

    def by_leader(self, token: str) -> RosterEntry:
        """The unit leader signs through her link, after the nurse; the link is used up in the same write."""
        found, entry = self.link(token)
        entry = self._open(entry, "leader")
        nurse = entry.signed_without_paper("nurse")
        if nurse is None:
            raise NotYetSigned()
        signature = Signature(
            signer="leader", name=found.name, signed_at=self.clock(), way="link", document=nurse.document
        )
        stored = self.repo.sign_entry(signed(entry, signature), None, token_hash(token))
        self._audit("nærmeste leder (lenke)", stored)
        return stored

    def by_network(self, leader: Leader, unit: str, entry_id: str, version: int) -> RosterEntry:
        """The network leader signs in /leder/, after the nurse and her leader; on the version she saw."""
        if leader.role != "nettverksleder":
            raise Forbidden()
        entry = self._open(self.repo.entry(unit, entry_id), "network")
        if entry.version != version:
            raise RosterChanged()
        first = entry.signed_without_paper("nurse")
        if first is None or entry.signed_without_paper("leader") is None:
            raise NotYetSigned()
        signature = Signature(
            signer="network",
            name=leader.name or leader.username,
            signed_at=self.clock(),
            way="leder",
            document=first.document,
        )
        stored = self.repo.sign_entry(signed(entry, signature))
        self._audit(leader.username, stored, leader.sub)
        return stored
