"""`make run`: DynamoDB Local with data under var/, the tables from the template, the courses of content/kurs put
into an empty table once (the table is their one source), a demo roster (local/demo.py), the leaders' user pool on
moto's server with demo leaders, the daily schedules (hourly here), the publisher on the table's stream (a course
changed in /leder/ is on the site within seconds), and the site with working forms on http://127.0.0.1:8000. Ctrl-C
stops everything."""

from __future__ import annotations

import logging
import os
import signal
import sys
from datetime import date
from pathlib import Path
from types import FrameType

from common.site import network
from local import environment
from local.demo import discard_emails, seed_roster
from local.dynamodb_local import ROOT, DynamoDBLocal, SetupError, free_port
from local.schedule import LocalSchedule
from local.server import make_server
from local.streams import start_pollers
from local.user_pool import DEMO_PASSWORD, DEMO_TOTP_SECRET, MotoServer, demo_leaders, start_local_pool
from local.year import generate

VAR = ROOT / "var"
OUTPUT = ROOT / "output"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    feed = OUTPUT / "kurs" / "kurs.json"
    if not feed.exists():
        print("The site is not built: run 'make run' (or 'make site') first.", file=sys.stderr)  # noqa: T201
        return 1
    VAR.mkdir(exist_ok=True)
    database = DynamoDBLocal(
        db_path=VAR / "dynamodb", port=free_port(int(os.environ.get("DYNAMODB_PORT", "8001"))), log=VAR / "dynamodb.log"
    )
    try:
        database.start()
    except SetupError as exc:
        print(exc, file=sys.stderr)  # noqa: T201
        return 1

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started in the background, where SIGINT is ignored
    moto = MotoServer().start()
    try:
        database.create_tables()
        outbox = VAR / "outbox"
        pool = start_local_pool(moto, network())
        environment.apply(environment.function_env(database.endpoint, outbox, f"http://{host}:{port}", pool))
        content = Path(os.environ.get("LINDRA_CONTENT") or ROOT / "content")
        seeded = environment.seed_courses(database.client(), os.environ["TABLE_NAME"], content / "kurs")
        units = environment.seed_units(database.client(), os.environ["TABLE_NAME"])
        environment.seed_governance(database.client(), os.environ["TABLE_NAME"])
        environment.seed_news(database.client(), os.environ["TABLE_NAME"], content / "nyheter")
        environment.seed_documents(database.client(), os.environ["TABLE_NAME"], content / "dokumenter")
        nurses = seed_roster(database.client(), os.environ["TABLE_NAME"])
        last_year = generate(database.client(), os.environ["TABLE_NAME"], date.today().year - 1) if nurses else None
        environment.index_people(database.client(), os.environ["TABLE_NAME"])  # items from before the person index
        if nurses:  # the demo roster's emails, before the worker starts (a later start keeps what waits)
            discard_emails(database.client(), os.environ["TABLE_NAME"])
        environment.apply(environment.publisher_env(OUTPUT, ROOT, str(content)))
        from publishing.live import publish_now  # after the environment points at the local stand-ins

        published = publish_now()  # the site as the table has it, also what an earlier session changed
        pollers = start_pollers(database.client(), database.streams_client())
        server = make_server(OUTPUT, host, port, outbox_dir=outbox)
        schedule = LocalSchedule(float(os.environ.get("SCHEDULE_MINUTES", "60"))).start()
        print(f"DynamoDB Local: {database.endpoint} (data in {VAR / 'dynamodb'})")  # noqa: T201
        print(  # noqa: T201
            f"{published.courses} courses in the table {os.environ['TABLE_NAME']} ({seeded} new from "
            f"{content / 'kurs'}); the site is built again from the table within seconds of a change in /leder/kurs/"
        )
        if units:
            print(f"{units} units and host units from network.json put in the table")  # noqa: T201
        if nurses:
            print(f"Demo roster: {nurses} resource nurses and 2 change reports waiting")  # noqa: T201
        if last_year:
            print(f"Demo activity last year for the annual report: {last_year.summary}")  # noqa: T201
            if last_year.keenest:
                print(  # noqa: T201
                    f"Min side: http://{host}:{port}/min-side/ with {last_year.keenest} (last year's courses, hours "
                    "and kursbevis); the link comes to the outbox"
                )
        print(f"Emails go to {outbox}, listed at http://{host}:{port}/_outbox/")  # noqa: T201
        print(f"Hospitation reminders and evaluations run now and every {schedule.seconds / 60:g} minutes")  # noqa: T201
        print(f"Leaders sign in at http://{host}:{port}/leder/ with the password {DEMO_PASSWORD} as:")  # noqa: T201
        for leader in demo_leaders(network()):
            scope = leader.area or leader.unit or "alle områder"
            code = ", with a code from an app" if leader.enrolled else ""
            print(f"  {leader.email:<45} {leader.group} ({scope}){code}")  # noqa: T201
        print(  # noqa: T201
            f"  The network leader's code: an authenticator app set up with the secret {DEMO_TOTP_SECRET} shows it,\n"
            "  or print it now with: PYTHONPATH=infra .venv/bin/python -m local.totp"
        )
        print(f"Lindra is running on http://{host}:{port}/  (Ctrl-C stops it)", flush=True)  # noqa: T201
        try:
            server.serve_forever()
        finally:
            schedule.stop()
            for poller in pollers:
                poller.stop()
            server.server_close()
    except KeyboardInterrupt:
        print("\nStopping.")  # noqa: T201
    except OSError as exc:
        print(f"Could not serve on {host}:{port}: {exc.strerror}. Is another 'make run' running?", file=sys.stderr)  # noqa: T201
        return 1
    finally:
        moto.stop()
        database.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
