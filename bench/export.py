"""The leaders' CSV export of 20,000 registrations, through the real handler on DynamoDB Local.

`seed(database)` writes the registrations of one course (batch writes: the sign-up path is measured elsewhere).
`measure(database)` runs the handler in a fresh process of its own, as a Lambda container would, and returns its
figures: handler time (median of 3 warm calls, plus the first), peak Python memory of one call (tracemalloc),
the process's peak RSS, the answer's size as Lambda counts it, and a bare paginated Query of the same items as the
baseline for the time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT / "infra"), str(ROOT)]

REGISTRATIONS = int(os.environ.get("BENCH_EXPORT_ROWS", "20000"))
COURSE_ID = "bench-export"
MUNICIPALITIES = [("Lørenskog", "nedre-romerike"), ("Ås", "folloregionen"), ("Ullensaker", "gardermoregionen")]


def seed(database: Any) -> None:
    from courses.repository import DynamoCourseRepository
    from tests.support.samples import course, registration

    client = database.client()
    repository = DynamoCourseRepository(client, "LindraTable")
    now = datetime.now(UTC)
    repository.put_course(
        course(COURSE_ID, capacity=5000, now=now, title="Fagdag om lindrende behandling", questions="diet")
    )

    def item(number: int) -> dict[str, Any]:
        municipality, area = MUNICIPALITIES[number % len(MUNICIPALITIES)]
        person = registration(COURSE_ID, f"deltaker{number}@example.no", f"Åse Ødegård {number}").model_copy(
            update={
                "municipality": municipality,
                "area": area,
                "workplace": "Bjørkelangen sykehjem, avdeling 2",
                "answers": {"diet": "Glutenfri"} if number % 7 == 0 else {},
                "status": "confirmed" if number < 5000 else "waitlisted",
                "position": None if number < 5000 else number - 4999,
            }
        )
        values = person.model_dump(mode="json", exclude_none=True)
        values |= {"PK": f"COURSE#{COURSE_ID}", "SK": f"REG#{person.id}", "entity": "registration"}
        from boto3.dynamodb.types import TypeSerializer

        serialize = TypeSerializer().serialize
        return {name: serialize(value) for name, value in values.items()}

    def write(first: int) -> None:
        batch = [{"PutRequest": {"Item": item(n)}} for n in range(first, min(first + 25, REGISTRATIONS))]
        while batch:
            unprocessed = client.batch_write_item(RequestItems={"LindraTable": batch}).get("UnprocessedItems", {})
            batch = unprocessed.get("LindraTable", [])

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(0, REGISTRATIONS, 25)))


def measure(env: dict[str, str]) -> dict[str, float]:
    """Run the child below in its own process and return what it printed."""
    result = subprocess.run(
        [sys.executable, __file__, "child"],
        env=os.environ | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def _child() -> None:
    import resource
    import tracemalloc

    from common.site import network
    from local.gateway import LambdaContext, http_event
    from local.user_pool import DEMO_PASSWORD, MotoServer, aws_client, start_local_pool

    server = MotoServer().start()
    pool = start_local_pool(server, network())
    from local import environment

    environment.apply(environment.function_env(os.environ["AWS_ENDPOINT_URL_DYNAMODB"], pool=pool))
    os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
    token = aws_client("cognito-idp", pool.endpoint).initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "nettverksleder@example.no", "PASSWORD": DEMO_PASSWORD},
    )["AuthenticationResult"]["IdToken"]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    from leaders.app import lambda_handler

    path = f"/api/leder/kurs/{COURSE_ID}/pameldinger.csv"
    event = http_event(
        "GET",
        path,
        {"Cookie": f"lindra_leder={token}", "Accept": "text/csv"},
        path_parameters={"course_id": COURSE_ID},
        route_key="GET /api/leder/kurs/{course_id}/pameldinger.csv",
    )

    def call() -> tuple[float, dict[str, Any]]:
        start = time.perf_counter()
        answer = lambda_handler(event, LambdaContext("LeaderFunction"))
        return time.perf_counter() - start, answer

    first, answer = call()
    if answer["statusCode"] != 200:
        raise AssertionError(answer.get("body", "")[:300])
    rows = answer["body"].count("\r\n") - 1
    if rows != REGISTRATIONS:
        raise AssertionError(f"{rows} rows exported, expected {REGISTRATIONS}")
    warm = [call()[0] for _ in range(3)]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    from common.aws import dynamodb

    def bare_query() -> float:
        start = time.perf_counter()
        pages = (
            dynamodb()
            .get_paginator("query")
            .paginate(
                TableName="LindraTable",
                KeyConditionExpression="PK = :pk AND begins_with(SK, :reg)",
                ExpressionAttributeValues={":pk": {"S": f"COURSE#{COURSE_ID}"}, ":reg": {"S": "REG#"}},
                ConsistentRead=True,
            )
        )
        count = sum(len(page["Items"]) for page in pages)
        if count != REGISTRATIONS:
            raise AssertionError(f"{count} items read, expected {REGISTRATIONS}")
        return time.perf_counter() - start

    baseline = statistics.median(bare_query() for _ in range(3))
    figures = {
        "first_s": first,
        "warm_s": statistics.median(warm),
        "query_s": baseline,
        "peak_python_mb": peak / 1e6,
        "rss_mb": rss_after / 1024,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "response_mb": len(json.dumps(answer)) / 1e6,
        "file_mb": len(answer["body"].encode()) / 1e6,
    }
    server.stop()
    print(json.dumps(figures))


if __name__ == "__main__" and sys.argv[1:] == ["child"]:
    _child()
