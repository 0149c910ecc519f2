"""The code an authenticator app shows (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30 seconds, as Cognito's software
token), for `make run`'s demo network leader and the tests, with the standard library only.

    PYTHONPATH=infra .venv/bin/python -m local.totp            # the demo network leader's code now
    PYTHONPATH=infra .venv/bin/python -m local.totp SECRET     # another secret's
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import sys
import time

STEP = 30
DIGITS = 6


def secret_bytes(secret: str) -> bytes:
    """A base32 secret as Cognito gives it (upper or lower case, spaces allowed, with or without padding)."""
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def code(secret: str, at: float | None = None) -> str:
    """The code for the 30-second step that `at` (epoch seconds; now without it) falls in."""
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(secret_bytes(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def fresh_code(secret: str, margin: float = 3.0) -> str:
    """The code now, waiting for the next step first if this one ends within `margin` seconds: moto accepts the
    current step's code only, so a code made at a step's last moment could be refused when it arrives."""
    left = STEP - time.time() % STEP
    if left < margin:
        time.sleep(left + 0.05)
    return code(secret)


def main(argv: list[str]) -> int:
    from local.user_pool import DEMO_TOTP_SECRET

    secret = argv[0] if argv else DEMO_TOTP_SECRET
    print(fresh_code(secret, margin=1.0))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
