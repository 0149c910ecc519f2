"""`make soak`: 1,000 concurrent sign-ups through the local server, with replays, DynamoDB throttling injected and a
DynamoDB Local restart half-way; then the whole table is checked (infra/local/soak_check.py) and the figures printed.

Exits 1 on any lost, duplicated or half-written record, or any answer that is neither a receipt, a 503 nor (after a
try that got no answer) a 409. Loopback only; bounded in count (SOAK_SIGNUPS) and time (SOAK_SECONDS). Everything
random comes from SOAK_SEED (printed; a fresh one when unset): `make soak SOAK_SEED=7` plays the same plan again,
though thread timing, and so which calls meet the throttle, varies from run to run.

- DynamoDB Local: its own process, a fresh temp folder on disk (-dbPath, so that the restart keeps the data), a
  free port on 127.0.0.1.
- The server: infra/local/server.py in this process, as bench/run.py starts it; the sign-up function's boto3
  DynamoDB client (common.aws, shared by the repository and the idempotency layer) gets a `before-send` hook that
  answers a share (SOAK_THROTTLE) of its calls, and most calls in a few short storms, with a
  ProvisionedThroughputExceededException or ThrottlingException HTTP 400 before they leave the process: botocore's
  own retries see them as AWS's, and those that fail all 3 attempts surface as 503s.
- The restart: once 40 % of the sign-ups are done, DynamoDB Local is stopped (SIGTERM) and started again on the
  same port and folder while requests are in flight.
- The mail worker: on DynamoDB Local's stream as `make run` has it; SES refuses SOAK_SES_FAILURES (30 %) of its
  sends and all of them in short storms. At the end every email the outbox held is sent exactly once (one .eml),
  held for a submitter's confirmation, or in the dead-letter folder, and none is still pending.
- The clients: SOAK_WORKERS threads post the form (half JSON, half form-encoded, as with and without JavaScript),
  each with its own form token; SOAK_REPLAY of them send it again once or twice, some at the same time as the first.
  A 503 or no answer is tried again with the same token after a short, growing wait, as the page asks.
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT / "infra"), str(ROOT)]

from local import environment  # noqa: E402
from local.dynamodb_local import DynamoDBLocal, free_port  # noqa: E402
from local.soak_check import Outcome, check  # noqa: E402
from tests.support.guard import aged_stamp  # noqa: E402

SEED = int(os.environ.get("SOAK_SEED") or random.SystemRandom().randrange(1, 1_000_000))
SIGNUPS = int(os.environ.get("SOAK_SIGNUPS", "1000"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "50"))
THROTTLE = float(os.environ.get("SOAK_THROTTLE", "0.002"))  # share of the function's DynamoDB calls refused, 0: none
SES_FAILURES = float(os.environ.get("SOAK_SES_FAILURES", "0.3"))  # share of the mail worker's sends SES refuses
REPLAY = float(os.environ.get("SOAK_REPLAY", "0.15"))  # share of sign-ups sent again with the same token
SECONDS = float(os.environ.get("SOAK_SECONDS", "300"))  # the whole run, set-up, emails and check included
RESTART_AT = 0.4  # share of sign-ups done when DynamoDB Local restarts
COURSES = {"soak-grunnkurs": 200, "soak-introduksjonskurs": 200, "soak-fagdag": 200}
PAIRS_ON = "soak-introduksjonskurs"  # leaders may join: some sign up in pairs
HOST = "127.0.0.1"


# Throttling, injected inside the server process ------------------------------------------------------------------


class FlakySes:
    """SES as the mail worker meets it on a bad day: a share of sends refused (TooManyRequestsException, which the
    worker waits out), and storms of consecutive refusals (throttling), in which some emails fail every try and go
    to the dead-letter queue. Wraps the worker's sender: what gets through is written as usual."""

    STORM_EVERY = 150  # sends between storms
    STORM_SENDS = 12  # refused one after another in a storm

    def __init__(self, sender: Any, share: float, seed: int) -> None:
        self._sender = sender
        self._share = share
        self._random = random.Random(seed + 1)  # noqa: S311 - a repeatable fault plan, not a secret
        self._lock = threading.Lock()
        self.sends = 0
        self.refused = 0
        self.storm_left = 0

    def send(self, message: Any, email_id: str) -> str:
        from botocore.exceptions import ClientError

        with self._lock:
            self.sends += 1
            if self.sends % self.STORM_EVERY == 0:
                self.storm_left = self.STORM_SENDS
            refuse = self.storm_left > 0 or self._random.random() < self._share
            self.storm_left = max(0, self.storm_left - 1)
            if refuse:
                self.refused += 1
        if refuse:
            error = {"Code": "TooManyRequestsException", "Message": "Maximum sending rate exceeded."}
            raise ClientError({"Error": error}, "SendEmail")
        return str(self._sender.send(message, email_id))

    def reports(self) -> list[dict[str, Any]]:
        return list(self._sender.reports())


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


class Throttle:
    """A `before-send` hook: refuses calls as DynamoDB does when throttling, so that botocore's retry logic (standard
    mode: 3 attempts, backoff, its retry quota) handles them exactly as it would AWS's. A share of calls at any time,
    and storms (a run of STORM_CALLS calls, most of them refused) in which some calls fail all 3 attempts and the
    function answers 503. The function handles one request at a time, as a Lambda container does, and botocore's
    backoff (~0.5-1 s a retry) holds it: the shares are set so that 1,000 sign-ups fit in the time bound."""

    CODES = ("ProvisionedThroughputExceededException", "ThrottlingException")
    STORM_START = 1 / 700  # chance, per call outside a storm, that one begins
    STORM_CALLS = 8
    STORM_SHARE = 0.8

    def __init__(self, share: float, seed: int) -> None:
        self.share = share
        self.chance = random.Random(seed)  # noqa: S311 - a repeatable plan, not a secret
        self.lock = threading.Lock()
        self.calls = 0
        self.storms = 0
        self.storm_left = 0
        self.refused: Counter[str] = Counter()

    def __call__(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        with self.lock:
            self.calls += 1
            if self.storm_left == 0 and self.chance.random() < self.STORM_START * (self.share > 0):
                self.storms += 1
                self.storm_left = self.STORM_CALLS
            share = self.STORM_SHARE if self.storm_left else self.share
            self.storm_left = max(0, self.storm_left - 1)
            if self.chance.random() >= share:
                return None
            code = self.chance.choice(self.CODES)
            self.refused[code] += 1
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "soak: throttled"})
        headers = {"content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "soak"}
        return AWSResponse(request.url, 400, headers, _Body(body.encode()))


# The clients ---------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    number: int
    course_id: str
    fields: dict[str, str]
    as_json: bool
    replays: int  # extra sends of the same request
    concurrent: bool  # the replays go at the same time as the first, else after its answer

    @property
    def email(self) -> str:
        return self.fields["email"]


@dataclass
class Tally:
    """Everything the clients saw; one lock for all."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    request_seconds: list[float] = field(default_factory=list)
    signup_seconds: list[float] = field(default_factory=list)
    retries: int = 0
    done: int = 0
    unsent: int = 0
    answers: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)  # plan -> (final, answer) per send
    failed_before: set[int] = field(default_factory=set)
    refusals: list[float] = field(default_factory=list)  # when each 503 or no answer came (monotonic)
    unexpected: list[str] = field(default_factory=list)


def plans(seed: int) -> list[Plan]:
    chance = random.Random(seed)  # noqa: S311 - a repeatable plan, not a secret
    made = []
    for number in range(SIGNUPS):
        course_id = chance.choice(list(COURSES))
        fields = {
            "name": f"Deltaker {number}",
            "email": f"deltaker{number}.s{seed}@example.no",
            "phone": f"9{chance.randrange(10**7):07d}",
            "workplace": "Fjellhamar sykehjem",
            "municipality": "Lørenskog",
            "role": "ressurssykepleier",
            "leader_name": f"Leder {number}",
            "leader_email": f"leder{number}.s{seed}@example.no",
            "consent": "ja",
            "form_token": f"{chance.getrandbits(128):032x}",
            "form_started": aged_stamp(),  # the form's signed start, a minute ago (common/form_guard.py)
        }
        if course_id == PAIRS_ON and chance.random() < 0.3:
            fields["bring_leader"] = "ja"
        replays = chance.choice((1, 2)) if chance.random() < REPLAY else 0
        made.append(Plan(number, course_id, fields, chance.random() < 0.5, replays, chance.random() < 0.5))
    return made


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def send(base: str, plan: Plan, tally: Tally, chance: random.Random, deadline: float) -> tuple[str, Any]:
    """One send of the plan's form, tried again with the same token while the answer is a 503 or none, as a person
    would; ("success", answer), ("already", None) or ("failed", last status)."""
    url = f"{base}/api/kurs/{plan.course_id}/pameldinger"
    if plan.as_json:
        body = json.dumps(plan.fields).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
    else:
        body = urlencode(plan.fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
    attempt = 0
    while True:
        started = time.perf_counter()
        status, answer = _post(url, body, headers)
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.statuses[status] += 1
            tally.request_seconds.append(elapsed)
            if status in ("503", "no answer"):
                tally.failed_before.add(plan.number)
                tally.refusals.append(time.monotonic())
            if status not in ("201", "303", "409", "503", "no answer"):
                tally.unexpected.append(f"{plan.email}: {status} {str(answer)[:200]}")
        if status in ("201", "303"):
            return "success", answer
        if status == "409":
            return "already", answer
        if status not in ("503", "no answer") or time.monotonic() > deadline:
            return "failed", status
        attempt += 1
        with tally.lock:
            tally.retries += 1
        time.sleep(chance.uniform(0.5, 1.0) * min(2.0, 0.1 * 2**attempt))


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[str, Any]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with OPENER.open(request, timeout=60) as response:
            return str(response.status), json.loads(response.read())
    except urllib.error.HTTPError as answer:
        text = answer.read().decode("utf-8", "replace")
        if answer.code == 303:
            return "303", {"location": answer.headers["Location"]}
        return str(answer.code), text
    except OSError as exc:  # refused, reset, timed out
        return "no answer", repr(exc)


def run_plan(base: str, plan: Plan, tally: Tally, deadline: float, concurrent_pool: ThreadPoolExecutor) -> None:
    chance = random.Random(SEED * 1_000_003 + plan.number)  # noqa: S311 - repeatable waits, not a secret
    started = time.perf_counter()
    if time.monotonic() > deadline:  # out of time: not sent at all, and said so
        with tally.lock:
            tally.unsent += 1
            tally.answers[plan.number] = [("failed", "not sent")]
        return
    extra = []
    if plan.concurrent:  # the replays race the first send (another pool, so that they never wait for this one)
        extra = [
            concurrent_pool.submit(send, base, plan, tally, random.Random(chance.random()), deadline)  # noqa: S311
            for _ in range(plan.replays)
        ]
    results = [send(base, plan, tally, chance, deadline)]
    if plan.replays and not plan.concurrent:
        results += [send(base, plan, tally, chance, deadline) for _ in range(plan.replays)]
    results += [future.result() for future in extra]
    with tally.lock:
        tally.answers[plan.number] = results
        if results[0][0] == "success":
            tally.signup_seconds.append(time.perf_counter() - started)
        tally.done += 1


# The run -------------------------------------------------------------------------------------------------------


def restart_when(database: DynamoDBLocal, tally: Tally, figures: dict[str, float], stop: threading.Event) -> None:
    """Stop DynamoDB Local and start it again on the same port and folder once RESTART_AT of the sign-ups are done."""
    while not stop.is_set() and tally.done < RESTART_AT * SIGNUPS:
        time.sleep(0.05)
    if stop.is_set():
        return
    figures["restart_at_done"] = tally.done
    started = figures["restart_began"] = time.monotonic()
    database.stop()
    for attempt in range(20):  # the port may be held for a moment after the old process exits
        try:
            database.start(timeout=30)
            break
        except Exception:  # noqa: BLE001 - tried again; the last failure is reported by the check
            time.sleep(0.25 * (attempt + 1))
    figures["restart_ended"] = time.monotonic()
    figures["downtime_s"] = figures["restart_ended"] - started


def scan(client: Any, table: str) -> list[dict[str, Any]]:
    from boto3.dynamodb.types import TypeDeserializer

    deserialize = TypeDeserializer().deserialize
    items = []
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items += [{name: deserialize(value) for name, value in item.items()} for item in page["Items"]]
    return items


def emails_sent(outbox: Path) -> Counter[str]:
    sent: Counter[str] = Counter()
    parser = email.parser.BytesHeaderParser(policy=email.policy.default)
    for path in outbox.glob("*.eml"):
        with path.open("rb") as file:
            for _, address in email.utils.getaddresses([str(parser.parse(file)["To"])]):
                sent[address.strip().lower()] += 1
    return sent


def emails_accounted(outbox: Path, items: list[dict[str, Any]]) -> tuple[dict[str, int], list[str], Counter[str]]:
    """Every email the outbox held, as the run left it: sent (one .eml each, no more), held for a confirmation,
    or given up on (in the dead-letter folder); none still pending or lost. Per address hash: how many of its
    emails are accounted for; the violations; the count of each end."""
    from common.outbox import address_key

    delivered = Counter(address_key(address) for address, count in emails_sent(outbox).items() for _ in range(count))
    dead = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))["reason"]
        for path in (outbox / "dead-letters").glob("*.json")
    }
    sent: Counter[str] = Counter()
    cut_off: Counter[str] = Counter()  # cut off between SES and the record of it (the restart): sent, or not
    accounted: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    violations = []
    for item in items:
        if item.get("entity") != "email":
            continue
        email_id, key = str(item["PK"]).removeprefix("MAIL#"), str(item["to_key"])
        status = "held" if item["SK"] == "HELD" else str(item["status"])
        ends[status] += 1
        if status == "sent":
            sent[key] += 1
        elif status == "failed" and email_id not in dead:
            violations.append(f"lost: email {email_id} failed and is not in the dead-letter queue")
        elif status == "failed" and dead[email_id] == "CutOff":
            cut_off[key] += 1
        elif status not in {"held", "failed"}:
            violations.append(f"lost: email {email_id} is still {status}")
        accounted[key] += 1
    for key in sent.keys() | delivered.keys():
        if not sent[key] <= delivered[key] <= sent[key] + cut_off[key]:
            violations.append(f"{sent[key]} emails to {key[:12]}… marked sent, {delivered[key]} in the outbox")
    return dict(accounted), violations, ends


def outcomes(all_plans: list[Plan], tally: Tally) -> tuple[list[Outcome], list[str], dict[str, int]]:
    """Each plan's outcome over its sends, the answers that differ between sends of one request, and counts."""
    from common.tokens import token_hash

    made, mismatched = [], []
    kinds: Counter[str] = Counter()
    for plan in all_plans:
        results = tally.answers.get(plan.number, [("failed", "not run")])
        finals = {final for final, _ in results}
        successes = {json.dumps(answer, sort_keys=True) for final, answer in results if final == "success"}
        if len(successes) > 1:
            mismatched.append(f"{plan.email}: replays answered differently: {sorted(successes)}")
        final = "success" if "success" in finals else "already" if "already" in finals else "failed"
        kinds[final] += 1
        if len(finals) > 1:
            kinds["mixed"] += 1
        answer = next((answer for fin, answer in results if fin == "success"), {})
        link = answer.get("receipt_url") or answer.get("location") or ""
        made.append(
            Outcome(
                course_id=plan.course_id,
                email=plan.email,
                final=final,  # type: ignore[arg-type]
                leader_email=plan.fields["leader_email"] if plan.fields.get("bring_leader") else None,
                token_hash=token_hash(link.rsplit("/", 1)[-1]) if link else None,
                status=answer.get("status"),
                position=answer.get("position"),
                failed_before=plan.number in tally.failed_before,
            )
        )
    return made, mismatched, dict(kinds)


def drain(worker: Any, until: float) -> float:
    """Until the stream's worker has done every email waiting (or `until`); the seconds it took."""
    from mailing.live import mail_repository

    began = time.monotonic()
    far = datetime.now(UTC) + timedelta(days=400)
    while mail_repository().waiting_since(far) and time.monotonic() < until:
        time.sleep(0.2)
    return round(time.monotonic() - began, 1)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    began = time.monotonic()
    deadline = began + SECONDS - 25  # time left for the check and the shutdown
    print(f"Lindra soak: SOAK_SEED={SEED}  {SIGNUPS} sign-ups, {WORKERS} workers, {REPLAY:.0%} replayed;")
    storms = f"{Throttle.STORM_SHARE:.0%} of {Throttle.STORM_CALLS}"
    print(f"DynamoDB throttling on {THROTTLE:.1%} of the function's calls, and in storms ({storms} calls);")
    print(f"DynamoDB Local restarted at {RESTART_AT:.0%} of the sign-ups; at most {SECONDS:.0f} s\n")
    work = Path(tempfile.mkdtemp(prefix="lindra-soak-"))
    database = DynamoDBLocal(db_path=work / "dynamodb", port=free_port(), log=work / "dynamodb.log")
    assert database.endpoint.startswith(f"http://{HOST}:")  # noqa: S101 - loopback only
    database.start()
    database.create_tables()
    outbox = work / "outbox"
    environment.apply(environment.function_env(database.endpoint, outbox) | {"POWERTOOLS_LOG_LEVEL": "CRITICAL"})
    from common.aws import dynamodb
    from courses.models import Course
    from courses.repository import DynamoCourseRepository
    from local.server import make_server
    from local.streams import start_pollers
    from mailing.live import postman

    now = datetime.now(UTC)
    repository = DynamoCourseRepository(database.client(), "LindraTable")
    for number, (course_id, capacity) in enumerate(COURSES.items()):
        start = now + timedelta(days=30 + number)
        values = {
            "id": course_id,
            "title": f"Soak {course_id}",
            "kind": course_id.removeprefix("soak-"),
            "start": start,
            "end": start + timedelta(hours=6),
            "place": "Nordbyhagen",
            "area": "alle",
            "capacity": capacity,
            "registration_deadline": start - timedelta(days=7),
            "audience": "Ressurssykepleiere",
            "summary": "Soak.",
            "leader_can_join": course_id == PAIRS_ON,
        }
        repository.put_course(Course.model_validate(values))

    throttle = Throttle(THROTTLE, SEED)
    dynamodb().meta.events.register("before-send.dynamodb", throttle)
    # The mail worker on the table's stream, as `make run` has it, with SES refusing a share of its sends.
    worker = postman()
    ses = FlakySes(worker.sender, SES_FAILURES, SEED)
    worker.sender = ses
    worker.sleep = lambda seconds: time.sleep(seconds / 10)  # the same backoff, a tenth as long: a bounded run
    (mail_worker,) = start_pollers(database.client(), database.streams_client(), functions={"MailFunction"})
    server = make_server(Path(tempfile.mkdtemp()), host=HOST, port=free_port())
    assert server.server_address[0] == HOST  # noqa: S101 - loopback only
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{HOST}:{server.server_address[1]}"

    all_plans, tally, figures = (
        plans(SEED),
        Tally(),
        {
            "restart_at_done": 0.0,
            "downtime_s": float("nan"),
            "restart_began": float("inf"),
            "restart_ended": float("inf"),
        },
    )
    stop = threading.Event()
    restarter = threading.Thread(target=restart_when, args=(database, tally, figures, stop), daemon=True)
    started = time.monotonic()
    try:
        restarter.start()
        with ThreadPoolExecutor(WORKERS) as pool, ThreadPoolExecutor(WORKERS) as racers:
            for future in [pool.submit(run_plan, base, plan, tally, deadline, racers) for plan in all_plans]:
                future.result()
        duration = time.monotonic() - started
        stop.set()
        restarter.join(timeout=60)
        dynamodb().meta.events.unregister("before-send.dynamodb", throttle)
        mail_began = time.monotonic()
        drained = drain(worker, deadline + 15)
        mail_worker.stop()
        # the schedule's sweep, as it runs a while later: what the stream did not hand over (the restart)
        worker.clock = lambda: datetime.now(UTC) + timedelta(minutes=20)
        swept = worker.sweep()
        mail_seconds = time.monotonic() - mail_began
        items = scan(database.client(), "LindraTable")
    finally:
        stop.set()
        mail_worker.stop()
        server.shutdown()
        server.server_close()
        database.stop()

    made, mismatched, kinds = outcomes(all_plans, tally)
    accounted, mail_violations, ends = emails_accounted(outbox, items)
    from common.outbox import address_key

    people = {o.email for o in made} | {o.leader_email for o in made if o.leader_email}
    sent = {person.strip().lower(): accounted.get(address_key(person), 0) for person in people}
    report = check(items, COURSES, made, sent)
    violations = report.violations + mismatched + mail_violations
    violations += [f"unexpected answer: {line}" for line in tally.unexpected]
    if tally.unsent:
        violations.append(f"only {SIGNUPS - tally.unsent} of {SIGNUPS} sign-ups sent within SOAK_SECONDS={SECONDS:.0f}")
    if time.monotonic() - began > SECONDS:
        violations.append(f"took {time.monotonic() - began:.0f} s, more than SOAK_SECONDS={SECONDS:.0f}")

    sends = sum(len(results) for results in tally.answers.values())
    statuses = ", ".join(f"{count} x {status}" for status, count in sorted(tally.statuses.items()))
    refused = ", ".join(f"{count} {code}" for code, count in sorted(throttle.refused.items()))
    print(f"sign-ups                 {SIGNUPS} ({kinds.get('success', 0)} receipts, {kinds.get('already', 0)} told")
    print(f"                         'already signed up' after a lost answer, {kinds.get('failed', 0)} gave up)")
    print(f"sends of a form          {sends} ({sends - SIGNUPS} replays, same token; {kinds.get('mixed', 0)} sign-ups")
    print("                         answered differently on different sends: a receipt on one, a 409 on another)")
    print(f"HTTP requests            {sum(tally.statuses.values())}: {statuses}")
    # a refusal within the restart, or in the 10 s after it (requests that were queued behind it), is its doing
    by_restart = sum(figures["restart_began"] <= at <= figures["restart_ended"] + 10 for at in tally.refusals)
    print(f"client retries           {tally.retries} (after a 503 or no answer, same token); of the refusals,")
    others = len(tally.refusals) - by_restart
    print(f"                         {by_restart} came during the restart or 10 s after, {others} at other times")
    throttled = sum(throttle.refused.values())
    print(f"DynamoDB calls           {throttle.calls} by the function, {throttled} throttled, {throttle.storms} storms")
    print(f"                         ({refused})")
    print(
        f"DynamoDB Local restart   after {figures['restart_at_done']:.0f} sign-ups, "
        f"down {figures['downtime_s']:.2f} s (stop + start + ready)"
    )
    print(
        f"latency of a request     p50 {percentile(tally.request_seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(tally.request_seconds, 0.95) * 1000:.0f} ms"
    )
    print(
        f"latency of a sign-up     p50 {percentile(tally.signup_seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(tally.signup_seconds, 0.95) * 1000:.0f} ms (first send to receipt, retries included)"
    )
    print(
        f"emails                   {sum(ends.values())} in the outbox: "
        + ", ".join(f"{count} {status}" for status, count in sorted(ends.items()))
    )
    print(
        f"                         SES refused {ses.refused} of {ses.sends} sends ({SES_FAILURES:.0%} and storms of "
        f"{FlakySes.STORM_SENDS}); {drained} s to"
    )
    print(f"                         drain after the sign-ups, the sweep then sent {swept.get('sent', 0)} more")
    print(f"                         ({mail_seconds:.1f} s in all)")
    print(f"duration                 {duration:.1f} s of sign-ups, {time.monotonic() - began:.1f} s in all")
    seated = ", ".join(f"{c}: {report.confirmed.get(c, 0)}+{report.waiting.get(c, 0)}" for c in COURSES)
    print(f"table checked            {report.items} items, {report.registrations} registrations (seated+waiting")
    print(f"                         {seated}), {len(sent)} people emailed;")
    print(f"                         {report.stored_without_success} stored without a receipt (told by email)")
    if violations:
        print(f"\nFAILED: {len(violations)} violations (SOAK_SEED={SEED}; data in {work})")
        for line in violations[:50]:
            print(f"  {line}")
        return 1
    print(f"\nok: nothing lost, duplicated or half-written (SOAK_SEED={SEED})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
