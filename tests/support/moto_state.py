"""moto's in-memory state, copied: a stack seeded once per test process and handed to each test as a copy of its own
(the handler tests' tables and user pools, the fuzz tier's seeded stack). A copy is what the seeding left, item for
item, so a test starts where it would have started had it seeded the stack itself."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Hashable
from typing import Any


def moto_state() -> tuple[Any, Any]:
    """This process's moto DynamoDB and Cognito backends (one account, the functions' region)."""
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    region = os.environ["AWS_REGION"]
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][region], cognitoidp_backends[DEFAULT_ACCOUNT_ID][region]


def copied(state: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of moto's tables or user pools; a pool's signing key (immutable) is shared, not copied."""
    memo: dict[int, Any] = {}
    for value in state.values():
        key = getattr(value, "json_web_key", None)
        if key is not None:
            memo[id(key)] = key
    return copy.deepcopy(state, memo)


class Snapshots:
    """Per process: the first time a state is asked for, `make()` builds it in the running mock (as a test would) and a
    copy of what it left is kept; every later time, a copy of that copy is put in the running mock instead."""

    def __init__(self) -> None:
        self._tables: dict[Hashable, dict[str, Any]] = {}
        self._pools: dict[Hashable, tuple[dict[str, Any], Any]] = {}

    def tables(self, key: Hashable, make: Callable[[], None]) -> None:
        """moto's DynamoDB tables as `make()` leaves them (it creates and fills them in the running mock)."""
        dynamodb, _ = moto_state()
        if key not in self._tables:
            make()
            self._tables[key] = copied(dynamodb.tables)
        else:
            dynamodb.tables = copied(self._tables[key])

    def pool(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """A user pool as `make()` leaves it (it creates it in the running mock and returns its ids), added to the
        running mock's pools; `make()`'s result."""
        _, cognito = moto_state()
        if key not in self._pools:
            before = set(cognito.user_pools)
            made = make()
            self._pools[key] = (copied({k: v for k, v in cognito.user_pools.items() if k not in before}), made)
        else:
            pools, made = self._pools[key]
            cognito.user_pools.update(copied(pools))
        return made
