"""The local stand-in for EventBridge Scheduler: the hospitation schedule (reminders, ends, evaluations), the
roster's (courses recorded on the entries), the course evaluations' (a link to each participant) with the yearly
self-report's (late invitations, the reminder), the courses'
reminders, the publisher's (a publish request, so that courses pass from upcoming to past on the site) and the mail
worker's sweep run once at start and then every SCHEDULE_MINUTES (default 60) in a thread of the local server,
through the very functions the template schedules. `python -m local.schedule` runs them once, e.g. against the data
of a running `make run`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger("local.schedule")


def run_once() -> dict[str, int]:
    from courses.schedule import run as run_reminders
    from evaluations.schedule import run as run_evaluations
    from hospitation.schedule import run  # after the environment points at the local stand-ins
    from mailing.live import postman
    from publishing.live import ask_for_build
    from roster.schedule import run as run_roster
    from selfreport.schedule import run as run_self_reports

    done = run() | run_roster() | run_evaluations() | run_self_reports() | run_reminders()
    done |= {f"emails {status}": count for status, count in postman().sweep().items()}  # the mail worker's sweep
    ask_for_build("SCHEDULE")  # the publisher's hourly run: the site built again as time passes
    return done


class LocalSchedule:
    def __init__(self, minutes: float, job: Callable[[], dict[str, int]] = run_once) -> None:
        self.seconds = minutes * 60
        self.job = job
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="local-schedule", daemon=True)

    def start(self) -> LocalSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                done = self.job()
                if done:
                    logger.info("schedule: %s", ", ".join(f"{count} {kind}" for kind, count in sorted(done.items())))
            except Exception:  # a failed run is tried again at the next interval, as the real schedule retries
                logger.exception("the schedule failed")
            self._stop.wait(self.seconds)


def main() -> int:
    import os
    import sys

    from local import environment
    from local.dynamodb_local import ROOT

    endpoint = os.environ.get("DYNAMODB_ENDPOINT", f"http://127.0.0.1:{os.environ.get('DYNAMODB_PORT', '8001')}")
    environment.apply(environment.function_env(endpoint, ROOT / "var" / "outbox"))
    try:
        done = run_once()
    except Exception as exc:  # noqa: BLE001 - one line for a person at a terminal
        print(f"The schedule could not run: {exc}. Is 'make run' running?", file=sys.stderr)  # noqa: T201
        return 1
    print(done or "Nothing was due.")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
