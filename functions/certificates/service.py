"""Certificates: made from an attendance mark and the course, kept for their check (models.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from attendance.models import Attendance
from certificates.models import CERTIFICATE_YEARS, Certificate, certificate_code, typed_code
from common.errors import NotPresent
from common.formatting import OSLO
from courses.models import Course

Clock = Callable[[], datetime]

# A programme's lines that are no topic: the breaks, the coffee, the welcome.
NOT_TOPICS = re.compile(
    r"^(registrering|kaffe|lunsj|lunch|pause|velkommen|velkomen|oppsummering|avslutning|middag|frukost|frokost)\b",
    re.IGNORECASE,
)
TIME_AT_START = re.compile(
    r"^\s*(?:\*\*)?\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\s*(?:[–-]\s*\d{1,2}[.:]\d{2})?\s*(?:\*\*)?\s*"
)


def programme_topics(description: str) -> tuple[str, ...]:
    """The topics of a course's description: the list under its "Program" heading, without the times and breaks."""
    topics: list[str] = []
    inside = False
    for line in description.splitlines():
        heading = re.match(r"^#{1,6}\s+(.*)$", line.strip())
        if heading:
            inside = heading.group(1).strip().lower().startswith(("program", "tema", "innhald", "innhold"))
            continue
        item = re.match(r"^\s*[-*+]\s+(.*)$", line)
        if not inside or not item:
            continue
        text = TIME_AT_START.sub("", item.group(1))
        text = re.sub(r"[*_`]", "", text).strip(" :–-")
        if text and not NOT_TOPICS.match(text):
            topics.append(text[:160])
    return tuple(topics[:20])


class CertificateRepository(Protocol):
    def put(self, certificate: Certificate) -> None: ...

    def get(self, code: str) -> Certificate | None: ...


@dataclass
class Certificates:
    repo: CertificateRepository
    secret: str
    clock: Clock

    def issue(
        self, course: Course, mark: Attendance | None, description: str, network: str, signer: str
    ) -> Certificate:
        """Her certificate of the course, kept for its check: NotPresent unless she was marked present. Asked for
        again, it is the same certificate (the same code), with the hours the mark gives now."""
        if mark is None or not mark.present or mark.course_id != course.id:
            raise NotPresent()
        now = self.clock()
        days = [day.day for day in course.days] or [
            course.start.astimezone(OSLO).date(),
            course.end.astimezone(OSLO).date(),
        ]
        certificate = Certificate(
            code=certificate_code(self.secret, course.id, mark.email),
            course_id=course.id,
            title=course.title,
            first_day=min(days),
            last_day=max(days),
            hours=mark.hours,
            topics=programme_topics(description),
            name=mark.name,
            email=mark.email_key,
            network=network,
            signer=signer,
            issued_at=now,
            expires_at=int((now + timedelta(days=365 * CERTIFICATE_YEARS)).timestamp()),
        )
        self.repo.put(certificate)
        return certificate

    def check(self, text: str) -> Certificate | None:
        """The certificate with this code (as typed), if there is one and it has not run out."""
        code = typed_code(text)
        if code is None:
            return None
        found = self.repo.get(code)
        if found is None or found.expires_at <= self.clock().timestamp():
            return None
        return found
