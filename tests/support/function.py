"""The sign-up function's per-container state (clients, settings, the mail worker, idempotency store, repository),
made anew for a test the way a new Lambda container would make it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def fresh_function() -> Iterator[ModuleType]:
    from common import aws as clients
    from common.auth import verifier
    from common.idempotency import persistence
    from common.settings import settings
    from courses.live import shared_repository
    from hospitation.live import forget_host_units
    from letters.live import forget as forget_letters
    from mailing.live import postman
    from roster.live import forget_units
    from signup import app

    resets = (
        clients.client.cache_clear,
        settings.cache_clear,
        postman.cache_clear,
        persistence.cache_clear,
        verifier.cache_clear,
        shared_repository.cache_clear,
        forget_units,
        forget_host_units,
        forget_letters,
    )
    for reset in resets:
        reset()
    try:
        yield app
    finally:
        for reset in resets:
            reset()
