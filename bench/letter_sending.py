"""A leader's letter to 1,000 resource nurses on DynamoDB Local (bench/run.py calls `report` after the roster import
has put the 1,000 nurses in the table):

- accepting it: the letters service as the route calls it (the nurses read, the opt-outs checked, one transaction
  of the letter, its bundles and the audit entry), against the goal of 2 s, with the bare read of the same nurses
  as the baseline (the roster's own read of the entries by area);
- delivering it: the mail worker writing the bundles out and sending every email into a local folder, with four
  workers at once as the stream's ParallelizationFactor runs them, against SES's default sending rate (14 emails a
  second): the worker must be faster than SES lets it be, so that SES's rate is what paces a letter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

SES_RATE = 14.0  # emails a second: SES's default sending rate for an account out of the sandbox
WORKERS = 4  # the stream's ParallelizationFactor (infra/template.yaml)
ACCEPT_GOAL = 2.0


def report(goal: Callable[..., bool], nurses: int) -> list[bool]:
    from common.access import NETWORK_WIDE, Leader
    from common.site import network
    from letters.forms import LetterDraft
    from letters.live import letters
    from mailing.live import mail_repository, postman

    later = datetime.now(UTC) + timedelta(days=1)
    worker = postman()
    for email_id in mail_repository().waiting_since(later):  # what the import wrote before: not the letter's
        worker.deliver(email_id)
    worker.deliver_all([])
    areas = [area["id"] for area in network()["areas"]]
    leader = Leader("bench@example.no", "Bench", "nettverksleder", None, None, "bench", 2_000_000_000, sub="bench")
    draft = LetterDraft(
        audience="roster",
        area=NETWORK_WIDE,
        groups=("nurses",),
        subject="Ny strategi",
        text="Hei!\n\nLes **strategien**.",
    )
    from common.aws import dynamodb
    from common.settings import settings
    from roster.repository import DynamoRosterRepository

    started = time.perf_counter()
    bare_repository = DynamoRosterRepository(dynamodb(), settings().table_name)
    read = [entry for area in areas for entry in bare_repository.entries_in_area(area)]
    bare = time.perf_counter() - started
    started = time.perf_counter()
    sent = letters().send(leader, draft)
    accepted = time.perf_counter() - started
    count = len(sent.recipients)
    print(f"\na letter to the roster's {count:,} nurses (DynamoDB Local; {len(read):,} read by the baseline)")
    results = [goal("  accepted (read, check, one write)", accepted, ACCEPT_GOAL, "s", f"(bare read {bare:.2f} s)")]
    if count < nurses:
        print(f"  only {count} recipients, expected {nurses}: MISSED")
        results.append(False)

    started = time.perf_counter()
    bundles = mail_repository().bundles_since(later)
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(worker.unbundle, bundles))
        emails = mail_repository().waiting_since(later)
        list(pool.map(worker.deliver, emails))
    delivered = time.perf_counter() - started
    counted = worker.deliver_all([])
    rate = counted.get("sent", 0) / delivered if delivered else 0.0
    print(
        f"  delivered: {counted.get('sent', 0):,} sent of {len(emails):,} in {delivered:.1f} s with {WORKERS} workers"
    )
    ses = count / SES_RATE
    ok = counted.get("sent", 0) == count and rate >= SES_RATE
    print(
        f"  {'worker rate vs SES':<32} {rate:9.1f} /s   goal >= {SES_RATE:g} /s (SES)   ratio {rate / SES_RATE:4.2f}  "
        + ("ok" if ok else "MISSED")
        + f"  (in AWS SES paces it: {ses:.0f} s for {count:,})"
    )
    results.append(ok)
    return results
