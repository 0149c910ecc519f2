"""Record ids: ULIDs (https://github.com/ulid/spec), so that keys sort in the order records were made.

Four lines instead of a dependency: the python-ulid package costs ~28 ms of cold start for its base32 tables.
A unit test checks these ids against that package.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _encoded(milliseconds: int, randomness: int) -> str:
    value = (milliseconds << 80) | (randomness & ((1 << 80) - 1))
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def new_ulid(now: datetime) -> str:
    """26 characters: 48 bits of milliseconds since 1970, then 80 random bits, in Crockford's base32."""
    return _encoded(int(now.timestamp() * 1000), secrets.randbits(80))


def fixed_ulid(moment: datetime, seed: str) -> str:
    """A ULID whose 80 bits come from a seed instead of chance: the same seed gives the same id, so that a job
    done again (an import sent twice) writes the same items."""
    return _encoded(int(moment.timestamp() * 1000), int(hashlib.sha256(seed.encode()).hexdigest()[:20], 16))
