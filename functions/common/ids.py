"""Record ids: ULIDs (https://github.com/ulid/spec), so that keys sort in the order records were made.

Four lines instead of a dependency: the python-ulid package costs ~28 ms of cold start for its base32 tables.
A unit test checks these ids against that package.
"""

from __future__ import annotations

import secrets
from datetime import datetime

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_ulid(now: datetime) -> str:
    """26 characters: 48 bits of milliseconds since 1970, then 80 random bits, in Crockford's base32."""
    value = (int(now.timestamp() * 1000) << 80) | secrets.randbits(80)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))
