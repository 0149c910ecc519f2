"""The local stand-in for a DynamoDB event source mapping: DynamoDB Local's stream of the table read in a thread,
each record checked against the function's filter (the template's FilterCriteria), and the batch handed to the
function's handler as Lambda would: one batch at a time, so two builds never run at once. `make run` and the tests
run the publisher (infra/template.yaml: PublisherFunction's PublishRequests) and the mail worker (MailFunction's
NewEmails) this way."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Collection
from types import SimpleNamespace
from typing import Any

from botocore.exceptions import ClientError

from local.template import StreamConsumer, stream_consumers

logger = logging.getLogger("local.streams")
POLL_SECONDS = 0.5
LOST_PLACE = {"TrimmedDataAccessException", "ExpiredIteratorException"}
# What a lost place in the stream is taken as: a publish request whose change is not known (a whole build).
LOST_PLACE_RECORD: dict[str, Any] = {
    "eventName": "MODIFY",
    "dynamodb": {"Keys": {"PK": {"S": "PUBLISH"}, "SK": {"S": "STREAM"}}},
}


def matches(pattern: Any, value: Any) -> bool:
    """An EventBridge-style filter pattern as Lambda applies it: a dict matches key by key, a list of values means
    one of them: an exact value, or {"prefix": ...} (what the template's filters use)."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and matches(v, value[k]) for k, v in pattern.items())
    if isinstance(pattern, list):
        return any(
            isinstance(value, str) and value.startswith(option["prefix"])
            if isinstance(option, dict) and "prefix" in option
            else value == option
            for option in pattern
        )
    return bool(pattern == value)


class StreamPoller:
    """Reads the table's stream from now on and calls the consumer's handler with the records its filter takes."""

    def __init__(
        self,
        streams_client: Any,
        dynamodb_client: Any,
        consumer: StreamConsumer,
        table_name: str,
        handler: Callable[[dict[str, Any], Any], Any] | None = None,
    ) -> None:
        self._streams = streams_client
        self._dynamodb = dynamodb_client
        self.consumer = consumer
        self._table = table_name
        self._handler = handler
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"stream-{consumer.function}", daemon=True)
        self._iterators: dict[str, str | None] = {}
        self.batches = 0  # handled, failed or not
        self.busy = False  # a batch is being handled now (tests wait for the worker to be done with what it read)

    def start(self) -> StreamPoller:
        arn = self._dynamodb.describe_table(TableName=self._table)["Table"]["LatestStreamArn"]
        self._arn = arn
        self._refresh_shards(initial=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _refresh_shards(self, initial: bool = False) -> None:
        shards = self._streams.describe_stream(StreamArn=self._arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self._iterators:
                continue
            kind = "LATEST" if initial else "TRIM_HORIZON"  # a new shard after start: all of it is new
            self._iterators[shard_id] = self._streams.get_shard_iterator(
                StreamArn=self._arn, ShardId=shard_id, ShardIteratorType=kind
            )["ShardIterator"]

    def _handler_function(self) -> Callable[[dict[str, Any], Any], Any]:
        if self._handler is None:
            module, _, name = self.consumer.handler.rpartition(".")
            self._handler = getattr(importlib.import_module(module), name)
        return self._handler

    def _read(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for shard_id, iterator in list(self._iterators.items()):
            if iterator is None:
                continue
            try:
                answer = self._streams.get_records(ShardIterator=iterator, Limit=1000)
            except ClientError as error:
                if error.response["Error"]["Code"] not in LOST_PLACE:
                    raise
                # The emulator lost our place in the shard (a stream just enabled on an old table, a long pause):
                # start again from now, and build once, as whatever came between is not known.
                self._iterators[shard_id] = self._streams.get_shard_iterator(
                    StreamArn=self._arn, ShardId=shard_id, ShardIteratorType="LATEST"
                )["ShardIterator"]
                records.append(LOST_PLACE_RECORD)
                continue
            records += answer.get("Records", [])
            self._iterators[shard_id] = answer.get("NextShardIterator")
        return records

    def _loop(self) -> None:
        pending: list[dict[str, Any]] = []
        since = 0.0
        while not self._stop.is_set():
            try:
                taken = [r for r in self._read() if any(matches(p, r) for p in self.consumer.patterns or ({},))]
                if taken and not pending:
                    since = time.monotonic()
                pending += taken
                window_over = time.monotonic() - since >= self.consumer.batching_seconds
                if pending and window_over:
                    batch, pending = pending, []
                    self._invoke(batch)
                if not self._iterators or all(i is None for i in self._iterators.values()):
                    self._refresh_shards()
            except Exception:  # a failed batch is not retried here; the next change builds everything again
                logger.exception("the stream's function failed")
                pending = []
            self._stop.wait(POLL_SECONDS)

    def _invoke(self, batch: list[dict[str, Any]]) -> None:
        event = {"Records": [record | {"eventSource": "aws:dynamodb"} for record in batch]}
        context = SimpleNamespace(
            function_name=self.consumer.function,
            memory_limit_in_mb=2048,
            invoked_function_arn=f"arn:aws:lambda:eu-north-1:000000000000:function:{self.consumer.function}",
            aws_request_id=f"local-{time.time_ns()}",
        )
        started = time.monotonic()
        self.busy = True
        try:
            self._handler_function()(event, context)
        finally:
            self.batches += 1
            self.busy = False
        logger.info("%s: %d records in %.1f s", self.consumer.function, len(batch), time.monotonic() - started)

    def wait_for_batch(self, after: int, timeout: float = 60.0) -> float:
        """Until more than `after` batches have been handled (tests); the seconds it took. TimeoutError if none."""
        started = time.monotonic()
        while self.batches <= after:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{self.consumer.function}: no batch in {timeout:g} s")
            time.sleep(0.05)
        return time.monotonic() - started


def start_pollers(
    dynamodb_client: Any, streams_client: Any, functions: Collection[str] | None = None
) -> list[StreamPoller]:
    """A poller for every function the template gives a DynamoDB stream event (locally a table is named as its
    logical id), or for those of `functions` only (the tests start the mail worker's and the publisher's apart)."""
    return [
        StreamPoller(streams_client, dynamodb_client, consumer, consumer.table).start()
        for consumer in stream_consumers()
        if functions is None or consumer.function in functions
    ]
