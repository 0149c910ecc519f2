"""The publisher's figures for `make bench` (bench/run.py): the time from a leader's save to the changed page being
served by the local server (the save through the course editor's service, as the leaders' route calls it; then
DynamoDB Local's stream, the build, the sync into the served folder), and the publisher's time for the sample site
plus 200 courses. The baseline, measured in the same run: a bare build of the same site (Pelican, then Pagefind, as
`make site` runs them) with nothing else."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAVES = int(os.environ.get("BENCH_SAVES", "3"))
EXTRA_COURSES = int(os.environ.get("BENCH_COURSES", "200"))


def bare_build(content: Path, catalogue: Path | None = None) -> float:
    """Pelican and Pagefind into a new folder, process wall: what any build of this site costs."""
    out = Path(tempfile.mkdtemp())
    env = dict(os.environ) | ({"LINDRA_CATALOGUE": str(catalogue)} if catalogue else {})
    started = time.perf_counter()
    pelican = [sys.executable, "-m", "pelican", str(content), "--settings", "pelicanconf.py", "--output", str(out)]
    subprocess.run([*pelican, "--quiet"], check=True, cwd=ROOT, env=env, timeout=300, stdout=subprocess.DEVNULL)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"], check=True, cwd=ROOT, timeout=300
    )
    return time.perf_counter() - started


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode())


def measure() -> dict[str, Any]:
    from common.access import Leader
    from common.leader_api import every_area
    from courses.live import course_editor
    from courses.repository import DynamoCourseRepository
    from local import environment
    from local.dynamodb_local import DynamoDBLocal, free_port
    from local.server import make_server
    from local.streams import start_pollers
    from publishing.catalogue import catalogue, write_catalogue
    from publishing.live import publish_now
    from tests.support.samples import course

    work = Path(tempfile.mkdtemp(prefix="lindra-bench-publish-"))
    output = work / "output"
    with DynamoDBLocal(db_path=work / "db") as database:
        database.create_tables()
        environment.apply(environment.function_env(database.endpoint, work / "outbox"))
        environment.apply(environment.publisher_env(output, ROOT, str(ROOT / "content")))
        client = database.client()
        environment.seed_courses(client, os.environ["TABLE_NAME"], ROOT / "content" / "kurs")
        publish_now()
        server = make_server(output, port=free_port())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        pollers = start_pollers(client, database.streams_client())
        leader = Leader("nettverk@example.no", "Nina", "nettverksleder", None, None, "bench", 0)
        editor = course_editor()
        repo = DynamoCourseRepository(client, os.environ["TABLE_NAME"], cache_seconds=0)
        saves = []
        for number in range(SAVES):
            stored = repo.get_course("fagdag-2027")
            if stored is None:
                raise LookupError("fagdag-2027 is not in the table: the seed changed")
            place = f"Nordbyhagen, sal {number + 1}-{time.time_ns() % 10_000}"
            fields = editor.draft(leader, stored.id)
            form = form_of(fields.course, fields.description) | {"place": place}
            started = time.perf_counter()
            editor.change(leader, stored.id, form, stored.version, notify=False)
            while place not in fetch(f"{url}/kurs/fagdag-2027/"):
                if time.perf_counter() - started > 120:
                    raise TimeoutError("the change was not served within 120 s")
                time.sleep(0.05)
            saves.append(time.perf_counter() - started)
        for poller in pollers:
            poller.stop()
        server.shutdown()
        server.server_close()
        bare_small = bare_build(ROOT / "content")

        now = datetime.now(UTC)
        for number in range(EXTRA_COURSES):
            extra = course(
                f"bench-{number}",
                now=now,
                days_ahead=10 + number,
                kind="nettverksmote",
                area="nedre-romerike",
                title=f"Nettverksmøte {number}",
            )
            repo.create_course(extra, "## Program\n\n- Velkommen\n- Fag\n- Erfaringsdeling", now)
        empty = work / "fresh"
        os.environ["SITE_OUTPUT"] = str(empty)
        started = time.perf_counter()
        full = publish_now()
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        again = publish_now()
        again_s = time.perf_counter() - started
        data = catalogue(repo, every_area())
        bare_big = bare_build(ROOT / "content", write_catalogue(data, work / "catalogue.json"))
    return {
        "save_p50": statistics.median(saves),
        "save_max": max(saves),
        "bare_small": bare_small,
        "courses": full.courses,
        "full_s": full_s,
        "full_written": full.written,
        "again_s": again_s,
        "again_written": again.written,
        "bare_big": bare_big,
    }


def report(goal: Callable[..., bool]) -> list[bool]:
    """Measure, print each figure with its goal or baseline, and return whether each goal was met."""
    figures = measure()
    print(f"\npublishing (DynamoDB Local's stream, the publisher, the local server; {SAVES} saves)")
    save = figures["save_p50"]
    results = [goal("  a leader's save -> page served", save, 10.0, "s", f"(max {figures['save_max']:.2f} s)")]
    lines = [
        ("bare build (pelican + pagefind)", figures["bare_small"], f"save / bare {save / figures['bare_small']:.2f}"),
        (
            f"publisher, {figures['courses']} courses, new",
            figures["full_s"],
            f"{figures['full_written']} files written; / bare {figures['full_s'] / figures['bare_big']:.2f}",
        ),
        (f"bare build, {figures['courses']} courses", figures["bare_big"], "the baseline"),
    ]
    for name, seconds, note in lines:
        print(f"  {name:<32} {seconds:9.2f} s   {note}")
    results.append(
        goal("  publisher again, nothing new", figures["again_s"], 60.0, "s", f"({figures['again_written']} written)")
    )
    return results


def form_of(course: Any, description: str) -> dict[str, Any]:
    from common.formatting import OSLO

    return {
        "title": course.title,
        "kind": course.kind,
        "area": course.area,
        "days": [{"day": f"{d.day}", "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"} for d in course.days],
        "place": course.place,
        "capacity": course.capacity,
        "registration_deadline": f"{course.registration_deadline.astimezone(OSLO).date()}",
        "cancellation_deadline": "",
        "audience": course.audience,
        "summary": course.summary,
        "description": description,
        "questions": list(course.questions),
        "leader_can_join": course.leader_can_join,
    }
