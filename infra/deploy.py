"""`make deploy`: the Lambda artefacts, a check build of the site, the stack, then the seed and the site.

    python -m deploy [--dry-run]

1. the artefacts (python -m artefact: the functions', and the publisher's with the site's source) and the site with
   publishconf.py and its search index, so that a content error stops the deploy before anything in AWS changes;
2. the WAF web ACL in front of CloudFront (infra/waf.yaml: a rate limit per IP address on the POSTs to /api/*), its
   own stack in us-east-1, where CloudFront's web ACLs must be, and its ARN read back;
3. `sam deploy` with infra/samconfig.toml and the web ACL's ARN (it zips the artefacts, uploads them and changes the
   stack);
4. the stack's outputs: the site bucket, the distribution, the table and the publisher;
5. the courses of content/kurs, and network.json's units and host units, into the table, once: one already there
   (made or changed in /leder/) is kept;
6. the publisher asked to build the site from the table: it uploads what changed to S3 (hashed search files cached
   for a year, the rest for minutes) and invalidates those paths in CloudFront. The same function builds the site
   after every change a leader makes.

--dry-run prints the same steps without running them, and needs neither AWS nor the sam and aws commands.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path("infra") / "template.yaml"
WAF_TEMPLATE = Path("infra") / "waf.yaml"
WAF_REGION = "us-east-1"  # CloudFront's web ACLs (Scope CLOUDFRONT) are made there, whatever the stack's region
SAMCONFIG = Path("infra") / "samconfig.toml"
OUTPUT = Path("output")
SEED = Path("content") / "kurs"
NEWS_SEED = Path("content") / "nyheter"
DOCUMENT_SEED = Path("content") / "dokumenter"
NETWORK = Path("content") / "data" / "network.json"
# The stack outputs the deploy reads.
OUTPUTS = ("SiteBucketName", "DistributionId", "TableName", "PublisherFunctionName")
TOOLS = {
    "sam": "The AWS SAM CLI is missing: install it (https://docs.aws.amazon.com/serverless-application-model/latest/"
    "developerguide/install-sam-cli.html).",
    "aws": "The AWS CLI is missing: install version 2 (https://docs.aws.amazon.com/cli/latest/userguide/"
    "getting-started-install.html).",
}
PLACEHOLDER = "example."
# The first SAM CLI that packages a template with Fn::ForEach (the alarms' loop); older ones stop on it.
SAM_FOR_EACH = (1, 160)


@dataclass(frozen=True)
class Config:
    """What infra/samconfig.toml says about the stack."""

    stack_name: str
    region: str
    parameters: Mapping[str, str]

    @property
    def site_url(self) -> str:
        return self.parameters["SiteUrl"].rstrip("/")

    def placeholders(self) -> list[str]:
        return [name for name, value in self.parameters.items() if PLACEHOLDER in value]


def read_config(path: Path = ROOT / SAMCONFIG) -> Config:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["default"]
    settings: dict[str, Any] = data.get("global", {}).get("parameters", {}) | data["deploy"]["parameters"]
    overrides = settings.get("parameter_overrides", [])
    pairs = shlex.split(overrides) if isinstance(overrides, str) else [str(pair) for pair in overrides]
    parameters = dict(pair.split("=", 1) for pair in pairs)
    return Config(stack_name=settings["stack_name"], region=settings["region"], parameters=parameters)


@dataclass(frozen=True)
class Command:
    """One program to run from the repo's root."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return shlex.join([*(f"{name}={value}" for name, value in self.env.items()), *self.argv])


def python() -> str:
    executable = Path(sys.executable)
    return str(executable.relative_to(ROOT)) if executable.is_relative_to(ROOT) else str(executable)


def build_commands(config: Config) -> list[Command]:
    """The artefact, the production site and its search index: all before the stack changes."""
    return [
        Command((python(), "-m", "artefact")),
        Command(
            (python(), "-m", "pelican", "--settings", "publishconf.py", "--output", str(OUTPUT), "--quiet"),
            {"SITEURL": config.site_url},
        ),
        Command((python(), "-m", "pagefind", "--site", str(OUTPUT), "--silent")),
    ]


def waf_stack(config: Config) -> str:
    return f"{config.stack_name}-waf"


def waf_command(config: Config) -> Command:
    """The web ACL's stack in us-east-1 (plain CloudFormation: no artefact, no transform)."""
    return Command(
        (
            "aws",
            "cloudformation",
            "deploy",
            "--template-file",
            str(WAF_TEMPLATE),
            "--stack-name",
            waf_stack(config),
            "--region",
            WAF_REGION,
            "--no-fail-on-empty-changeset",
        )
    )


def web_acl_arn(config: Config, cloudformation: Any = None) -> str:
    """The WAF stack's WebAclArn output."""
    if cloudformation is None:
        import boto3

        cloudformation = boto3.client("cloudformation", region_name=WAF_REGION)
    (stack,) = cloudformation.describe_stacks(StackName=waf_stack(config))["Stacks"]
    for output in stack.get("Outputs", []):
        if output["OutputKey"] == "WebAclArn":
            return str(output["OutputValue"])
    raise RuntimeError(f"the stack {waf_stack(config)} in {WAF_REGION} has no output WebAclArn")


def stack_command(config: Config | None = None, web_acl: str = "") -> Command:
    """`sam deploy`; with the web ACL's ARN, every parameter of samconfig.toml and WebAclArn on the command line (the
    SAM CLI takes --parameter-overrides instead of the file's, not on top of them)."""
    argv = ["sam", "deploy", "--template-file", str(TEMPLATE), "--config-file", str(ROOT / SAMCONFIG)]
    if config is not None and web_acl:
        pairs = [f"{name}={value}" for name, value in config.parameters.items() if name != "WebAclArn"]
        argv += ["--parameter-overrides", *pairs, f"WebAclArn={web_acl}"]
    return Command(tuple(argv))


def publish_commands(config: Config, outputs: Mapping[str, str]) -> list[Command]:
    """The publisher asked for a build (a publish request through the table's stream, like every leader's change)."""
    return [
        Command(
            (
                "aws",
                "lambda",
                "invoke",
                "--function-name",
                outputs["PublisherFunctionName"],
                "--cli-binary-format",
                "raw-in-base64-out",
                "--payload",
                '{"source": "deploy"}',
                "--region",
                config.region,
                str(Path("build") / "publish-request.json"),
            )
        )
    ]


def stack_outputs(config: Config, cloudformation: Any = None) -> dict[str, str]:
    if cloudformation is None:
        import boto3

        cloudformation = boto3.client("cloudformation", region_name=config.region)
    (stack,) = cloudformation.describe_stacks(StackName=config.stack_name)["Stacks"]
    outputs = {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}
    missing = [name for name in OUTPUTS if name not in outputs]
    if missing:
        raise RuntimeError(f"the stack {config.stack_name} has no output {', '.join(missing)}")
    return outputs


def seed_courses(config: Config, table: str) -> int:
    import boto3
    from botocore.config import Config as BotoConfig

    from local.environment import seed_courses as put_new_courses

    client = boto3.client(
        "dynamodb", region_name=config.region, config=BotoConfig(retries={"mode": "standard", "max_attempts": 5})
    )
    return put_new_courses(client, table, ROOT / SEED)


def seed_news(config: Config, table: str) -> int:
    """The news of content/nyheter/*.md not yet in the table (never over one written or changed in /leder/)."""
    import boto3
    from botocore.config import Config as BotoConfig

    from local.environment import seed_news as put_new_news

    client = boto3.client(
        "dynamodb", region_name=config.region, config=BotoConfig(retries={"mode": "standard", "max_attempts": 5})
    )
    return put_new_news(client, table, ROOT / NEWS_SEED)


def seed_documents(config: Config, table: str) -> int:
    """The documents of content/dokumenter/*.md not yet in the table (never over a version uploaded in /leder/)."""
    import boto3
    from botocore.config import Config as BotoConfig

    from local.environment import seed_documents as put_new_documents

    client = boto3.client(
        "dynamodb", region_name=config.region, config=BotoConfig(retries={"mode": "standard", "max_attempts": 5})
    )
    return put_new_documents(client, table, ROOT / DOCUMENT_SEED)


def seed_units(config: Config, table: str) -> int:
    """network.json's units and host units, governance groups, areas' leaders and contact details into the table,
    those not there yet (never over one changed in /leder/)."""
    import boto3
    from botocore.config import Config as BotoConfig

    from local.environment import seed_governance as put_governance
    from local.environment import seed_units as put_units

    client = boto3.client(
        "dynamodb", region_name=config.region, config=BotoConfig(retries={"mode": "standard", "max_attempts": 5})
    )
    return put_units(client, table) + put_governance(client, table)


def index_people(config: Config, table: str) -> int:
    """The person index's keys (common/person_index.py) given to the items written before the index was there."""
    import boto3
    from botocore.config import Config as BotoConfig

    from local.environment import index_people as give_index_keys

    client = boto3.client(
        "dynamodb", region_name=config.region, config=BotoConfig(retries={"mode": "standard", "max_attempts": 5})
    )
    return give_index_keys(client, table)


def missing_tools() -> list[str]:
    return [hint for tool, hint in TOOLS.items() if shutil.which(tool) is None]


def old_sam(version: str) -> str | None:
    """What to do when `sam --version` says a SAM CLI too old for the template, else None."""
    found = re.search(r"(\d+)\.(\d+)\.\d+", version)
    if found is None or (int(found[1]), int(found[2])) >= SAM_FOR_EACH:
        return None
    needed = ".".join(map(str, SAM_FOR_EACH))
    return f"The AWS SAM CLI is {found[0]}: the template's Fn::ForEach needs {needed} or later; update it."


def sam_version() -> str:
    return subprocess.run(["sam", "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S607


def deploy(
    config: Config,
    *,
    dry_run: bool,
    run: Callable[[Command], None],
    outputs: Callable[[Config], Mapping[str, str]] = stack_outputs,
    web_acl: Callable[[Config], str] = web_acl_arn,
    courses: Callable[[Config, str], int] = seed_courses,
    units: Callable[[Config, str], int] = seed_units,
    news: Callable[[Config, str], int] = seed_news,
    documents: Callable[[Config, str], int] = seed_documents,
    people: Callable[[Config, str], int] = index_people,
    say: Callable[[str], None] = print,
) -> None:
    """Every step, said before it runs; with dry_run only said."""

    def step(command: Command) -> None:
        say(f"+ {command}")
        if not dry_run:
            run(command)

    for command in [*build_commands(config), waf_command(config)]:
        step(command)
    say(f"# the output WebAclArn of the stack {waf_stack(config)} in {WAF_REGION}")
    step(stack_command(config, "<WebAclArn>" if dry_run else web_acl(config)))
    say(f"# the outputs {', '.join(OUTPUTS)} of the stack {config.stack_name} in {config.region}")
    found = {name: f"<{name}>" for name in OUTPUTS} if dry_run else outputs(config)
    say(f"# the courses of {SEED} not yet in the table {found['TableName']} (one made or changed in /leder/ is kept)")
    if not dry_run:
        say(f"# {courses(config, found['TableName'])} new courses in the table")
    say(f"# the units, groups and contacts of {NETWORK} not yet in the table {found['TableName']} into it")
    if not dry_run:
        say(f"# {units(config, found['TableName'])} units, host units, groups and contacts put in the table")
    say(f"# the news of {NEWS_SEED} not yet in the table {found['TableName']} (those in /leder/ are kept)")
    if not dry_run:
        say(f"# {news(config, found['TableName'])} news articles put in the table")
    say(f"# the documents of {DOCUMENT_SEED} not yet in the table {found['TableName']} (those in /leder/ are kept)")
    if not dry_run:
        say(f"# {documents(config, found['TableName'])} document versions put in the table")
    say(f"# the person index's keys for the items in {found['TableName']} written before Min side had the index")
    if not dry_run:
        say(f"# {people(config, found['TableName'])} items given the person index's keys")
    for command in publish_commands(config, found):
        step(command)
    say("# the publisher builds the site from the table and uploads what changed: it is live within a minute")


def run_command(command: Command) -> None:
    subprocess.run(command.argv, cwd=ROOT, env=os.environ | dict(command.env), check=True)  # noqa: S603


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dry-run", action="store_true", help="print the steps, run none")
    args = parser.parse_args(argv)
    config = read_config()
    if config.placeholders():
        message = f"infra/samconfig.toml still has example values for {', '.join(config.placeholders())}"
        if not args.dry_run:
            print(f"{message}: put in your own (docs/deploying.md).", file=sys.stderr)  # noqa: T201
            return 1
        print(f"# {message}")  # noqa: T201
    missing = [] if args.dry_run else missing_tools()
    if not args.dry_run and not missing and (too_old := old_sam(sam_version())):
        missing.append(too_old)
    for hint in missing:
        print(hint, file=sys.stderr)  # noqa: T201
    if missing:
        return 1
    try:
        deploy(config, dry_run=args.dry_run, run=run_command)
    except subprocess.CalledProcessError as error:
        print(f"Stopped: {shlex.join(error.cmd)} exited with {error.returncode}.", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
