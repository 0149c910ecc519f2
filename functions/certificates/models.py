"""A kursbevis: the proof that a person attended a course or meeting, as the leaders' attendance mark says.

A certificate is made when it is first asked for (from Min side, or a leader's zip of a course's certificates) and
kept as `CERT#<code>` / `META` for CERTIFICATE_YEARS, so that anyone holding the paper can check it at
/api/kursbevis/<code> (the code and a QR code are printed on it). The check shows what the paper says and nothing
else. The code is an HMAC of the course and the address with the stack's form secret: the same person and course
always get the same code, so a certificate asked for twice is one certificate.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

CERTIFICATE_YEARS = 6  # long enough to document study hours toward a specialist approval
CODE_LENGTH = 12  # characters of base32: 60 bits
CODE_PATTERN = re.compile(r"^[A-Z2-7]{12}$")
VERIFY_PATH = "/api/kursbevis/"
LOOKUP_PAGE = "/kursbevis/"
HOSPITATION_DAY_HOURS = 4  # what one day of hospitation counts for (OUS: "én dag hospitering teller 4 timer")


class Certificate(BaseModel):
    """What a kursbevis says, as kept for its check."""

    model_config = ConfigDict(frozen=True)

    code: str
    course_id: str
    title: str
    first_day: date
    last_day: date
    hours: float
    topics: tuple[str, ...] = ()
    name: str
    email: str  # whose it is: the person index finds it for Min side and erasure; never shown by the check
    network: str
    signer: str = ""  # the network's leader, as the governance groups name her
    issued_at: datetime
    expires_at: int


def certificate_code(secret: str, course_id: str, email: str) -> str:
    """The code for this person's certificate of this course: the same every time."""
    message = f"kursbevis:{course_id}:{email.strip().lower()}".encode()
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def shown_code(code: str) -> str:
    """'ABCD-EFGH-JKLM': easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def typed_code(text: str) -> str | None:
    """A code as a person types it (spaces, dashes, small letters, 0 for O, 1 for I and 8 for B), or None."""
    cleaned = re.sub(r"[\s\-.]", "", text or "").upper()[:40]
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    return cleaned if CODE_PATTERN.match(cleaned) else None
