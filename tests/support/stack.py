"""The real local stack for tests: DynamoDB Local on a free port, a site built by Pelican with a course that is open
today, and the local server (static files + /api/* to the real handlers) in front."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from common.settings import settings
from common.site import network
from courses.models import Course
from courses.repository import DynamoCourseRepository
from local import environment
from local.dynamodb_local import DynamoDBLocal, free_port
from local.server import make_server
from local.streams import StreamPoller, start_pollers
from local.user_pool import LocalPool, MotoServer, start_local_pool
from tests.support.mail import MAIL_POLLERS
from tests.support.samples import course

ROOT = Path(__file__).resolve().parents[2]
TABLE = "LindraTable"
OPEN_COURSE_ID = "testkurs-apent"


@dataclass(frozen=True)
class Site:
    url: str
    output: Path
    open_course: str
    content: Path


@dataclass(frozen=True)
class Publisher:
    """The publisher on the table's stream, building into the served site's folder (as `make run` does)."""

    poller: StreamPoller

    def wait(self, after: int, timeout: float = 60.0) -> float:
        """Until a build after the first `after` has finished; returns the seconds waited."""
        return self.poller.wait_for_batch(after, timeout)

    @property
    def builds(self) -> int:
        return self.poller.batches

    def until(self, served: Callable[[], bool], timeout: float = 60.0) -> float:
        """Until served() says the change is on the site (a build that began before the change does not count);
        the seconds it took."""
        started = time.monotonic()
        while not served():
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not served within {timeout:g} s ({self.builds} builds)")
            time.sleep(0.2)
        return time.monotonic() - started


def build_site(content: Path, output: Path, search: bool = True) -> Path:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_CONTENT": False,
        },
    )
    Pelican(settings).run()
    if search:
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"], check=True, timeout=120)
    return output


SAMPLES = sorted(path.name for path in (ROOT / "samples").iterdir() if (path / "data" / "network.json").exists())


def build_sample(name: str, output: Path) -> Path:
    """Build samples/<name> as its own network would (its config, its language), in a process of its own."""
    env = os.environ | {
        "LINDRA_CONTENT": str(ROOT / "samples" / name),
        "LINDRA_BUILD_TIME": "2026-11-23T12:00:00+00:00",
    }
    pelican = str(Path(sys.executable).parent / "pelican")
    subprocess.run(
        [
            pelican,
            str(ROOT / "samples" / name),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--output",
            str(output),
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"], check=True, timeout=120)
    return output


def open_course_file(now: datetime) -> str:
    start = (now + timedelta(days=30)).astimezone(UTC)
    return f"""Title: Testkurs med åpen påmelding
Id: {OPEN_COURSE_ID}
Kind: grunnkurs
Start: {start:%Y-%m-%d} 09:00
End: {start:%Y-%m-%d} 15:00
Place: Nordbyhagen
Area: alle
Capacity: 500
Registration_deadline: {(start - timedelta(days=7)):%Y-%m-%d}
Audience: Ressurssykepleiere
Summary: Et kurs som alltid er åpent i testene.

Program kommer.
"""


@pytest.fixture(scope="session")
def user_pool() -> Iterator[LocalPool]:
    """The leaders' user pool with the demo leaders (and the export bucket), on moto's server."""
    server = MotoServer().start()
    yield start_local_pool(server, network())
    server.stop()


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory: pytest.TempPathFactory, user_pool: LocalPool) -> Iterator[DynamoDBLocal]:
    database = DynamoDBLocal(db_path=tmp_path_factory.mktemp("dynamodb"))
    database.start()
    database.create_tables()
    outbox = tmp_path_factory.mktemp("outbox")
    environment.apply(environment.function_env(database.endpoint, outbox, pool=user_pool))
    environment.seed_units(database.client(), TABLE)  # network.json's units, as `make run` and the deploy put them
    environment.seed_governance(database.client(), TABLE)  # and its groups and contacts
    # the mail worker on the table's stream, as `make run` has it: every email written is sent into the outbox folder
    (mail,) = start_pollers(database.client(), database.streams_client(), {"MailFunction"})
    MAIL_POLLERS.append(mail)
    yield database
    MAIL_POLLERS.remove(mail)
    mail.stop()
    database.stop()


@pytest.fixture
def client(dynamodb_local: DynamoDBLocal) -> Any:
    return dynamodb_local.client()


@pytest.fixture
def repository(client: Any) -> DynamoCourseRepository:
    return DynamoCourseRepository(client, TABLE, cache_seconds=0)


_numbers = iter(range(1_000_000))


@pytest.fixture
def new_course(repository: DynamoCourseRepository) -> Callable[..., Course]:
    """Put an open course with a unique id into the table; return it."""

    def make(capacity: int = 20, **overrides: Any) -> Course:
        now = datetime.now(UTC)
        published = course(f"kurs-{next(_numbers)}-{now:%H%M%S%f}", capacity=capacity, now=now, **overrides)
        repository.put_course(published)
        return published

    return make


@pytest.fixture(scope="session")
def site(dynamodb_local: DynamoDBLocal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample content plus a course open today, built and served; its courses are in the table."""
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    (content / "kurs" / f"{OPEN_COURSE_ID}.md").write_text(open_course_file(datetime.now(UTC)), encoding="utf-8")
    output = build_site(content, tmp_path_factory.mktemp("output"))
    environment.seed_courses(dynamodb_local.client(), TABLE, content / "kurs")
    environment.seed_news(dynamodb_local.client(), TABLE, content / "nyheter")  # as `make run` and the deploy
    environment.seed_documents(dynamodb_local.client(), TABLE, content / "dokumenter")
    server = make_server(output, port=free_port(), outbox_dir=Path(os.environ["MAIL_OUTBOX"]))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ["SITE_URL"] = url  # the links in emails, and the one origin the leaders' API takes requests from
    settings.cache_clear()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(url, output, OPEN_COURSE_ID, content)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def publisher(site: Site, dynamodb_local: DynamoDBLocal) -> Iterator[Publisher]:
    """A change's publish request builds the served site again from the table (its content copy and the table)."""
    environment.apply(environment.publisher_env(site.output, ROOT, str(site.content)))
    (poller,) = start_pollers(dynamodb_local.client(), dynamodb_local.streams_client(), {"PublisherFunction"})
    yield Publisher(poller)
    poller.stop()
