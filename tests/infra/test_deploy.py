"""`make deploy`, checked offline: the SAM transform, the Lambda artefact (built for real from PyPI: its contents,
platform and size, and the handlers imported from it alone), the production site settings and the deploy's steps."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

import artefact
import deploy
from local.environment import LOCAL_AWS
from local.template import function_environment, load

ROOT = Path(__file__).resolve().parents[2]
# Measured 44.7 MB (Python 3.12 on arm64, the pins of functions/requirements.txt), 74.8 MB with ReportLab and the
# Pillow it imports (22 MB of it) for the certificates' PDFs; Lambda allows 250 MB unzipped. The PDF modules are
# imported only by the routes that make a PDF, so the size does not slow the other routes' cold start.
BUDGET_MB = 85
# What the Lambda Python runtime brings (the artefact leaves these out): a test import puts them beside it.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "urllib3", "jmespath", "dateutil", "six.py")
EM_AARCH64 = 183


@pytest.fixture(scope="module")
def lambda_artefact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artefact as `make package` builds it, for the template's Runtime and Architectures."""
    return artefact.build(tmp_path_factory.mktemp("lambda") / "artefact", artefact.lambda_platform())


@pytest.fixture(scope="module")
def host_artefact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same artefact with the wheels for the Python running the tests, so that it can be imported here."""
    return artefact.build(tmp_path_factory.mktemp("host") / "artefact", None)


def functions() -> dict[str, Any]:
    return {name: r for name, r in load()["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def files(folder: Path) -> set[str]:
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


# The SAM transform -------------------------------------------------------------------------------------------------


def test_the_template_transforms_to_cloudformation_with_the_samconfig_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from samtranslator.translator.transform import transform

    template = copy.deepcopy(load())
    config = deploy.read_config()
    parameters = template["Parameters"]
    for name, value in config.parameters.items():
        assert name in parameters, f"samconfig sets {name}, which the template does not have"
        pattern = parameters[name].get("AllowedPattern")
        assert pattern is None or re.fullmatch(pattern, value), f"{name}={value} breaks {pattern}"
    assert template["Globals"]["Function"]["CodeUri"] == "../build/lambda/", "CodeUri is the artefact"
    # What `sam deploy` does before the transform: the local folder becomes the zip it uploaded.
    template["Globals"]["Function"]["CodeUri"] = "s3://aws-sam-cli-managed-default/lindra/artefact.zip"
    publisher = template["Resources"]["PublisherFunction"]["Properties"]
    assert publisher["CodeUri"] == "../build/publisher/", "the publisher has an artefact of its own"
    publisher["CodeUri"] = "s3://aws-sam-cli-managed-default/lindra/publisher.zip"

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            raise AssertionError("the policies name no managed policy")

    values = {name: str(p.get("Default", "")) for name, p in parameters.items()} | dict(config.parameters)
    values |= {"AWS::Region": config.region, "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}
    monkeypatch.setenv("AWS_DEFAULT_REGION", config.region)  # the translator asks boto3 for it all the same
    result = transform(template, values, NoManagedPolicies())

    resources = result["Resources"]
    assert not [name for name, r in resources.items() if r["Type"].startswith("AWS::Serverless::")]
    for name in functions():
        props = resources[name]["Properties"]
        assert resources[name]["Type"] == "AWS::Lambda::Function"
        artefact = "publisher" if name == "PublisherFunction" else "artefact"
        assert props["Code"] == {"S3Bucket": "aws-sam-cli-managed-default", "S3Key": f"lindra/{artefact}.zip"}
        assert props["Runtime"] == "python3.12" and props["Architectures"] == ["arm64"]
        assert props["Role"] == {"Fn::GetAtt": [f"{name}Role", "Arn"]} and "TracingConfig" not in props, name
    # The functions' own roles as the template has them: SAM attaches no AWS-managed policy (basic execution, X-Ray).
    roles = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::IAM::Role"}
    assert {f"{name}Role" for name in functions()} <= set(roles)
    assert not [name for name, role in roles.items() if "ManagedPolicyArns" in role]
    assert set(deploy.OUTPUTS) <= set(result["Outputs"]), "the outputs the deploy reads"


def test_samconfig_deploys_the_stack_in_stockholm_with_a_confirmed_changeset() -> None:
    import tomllib

    data = tomllib.loads((ROOT / deploy.SAMCONFIG).read_text())["default"]
    settings = data["deploy"]["parameters"]
    assert data["global"]["parameters"] == {"stack_name": "lindra", "region": "eu-north-1"}
    assert settings["capabilities"] == ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
    assert settings["confirm_changeset"] is True and settings["resolve_s3"] is True
    assert settings["fail_on_empty_changeset"] is False, "a content-only deploy goes on to the upload"
    config = deploy.read_config()
    assert config.site_url == "https://palliasjon.example.no"
    assert config.placeholders() == ["SiteUrl", "MailDomain", "MailFromAddress"], "the README says to change them"


# The artefact ------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_artefact_has_every_function_module_and_the_site_data(lambda_artefact: Path) -> None:
    for package in artefact.function_packages():
        assert files(package) == files(lambda_artefact / package.name), package.name
    site = lambda_artefact / "site"
    assert files(site / "templates") == files(ROOT / "theme" / "templates")
    assert {"email/notice.html", "email/notice.txt", "email/registration.html"} <= files(site / "templates")
    assert (site / "locale" / "nn" / "LC_MESSAGES" / "messages.po").read_bytes() == (
        ROOT / "theme" / "locale" / "nn" / "LC_MESSAGES" / "messages.po"
    ).read_bytes()
    assert (site / "network.json").read_bytes() == (ROOT / "content" / "data" / "network.json").read_bytes()
    top = {path.name for path in lambda_artefact.iterdir()}
    assert not top & {"boto3", "botocore", "bin", "requirements.txt", "__pycache__"}
    assert not list(lambda_artefact.rglob("*.pyc")), "no .pyc made by this Python for another"


@pytest.mark.slow
def test_the_artefact_is_built_for_lambdas_python_and_arm64(lambda_artefact: Path) -> None:
    assert artefact.lambda_platform() == artefact.Platform(python="3.12", machine="aarch64")
    libraries = list(lambda_artefact.rglob("*.so"))
    assert libraries, "pydantic-core, cryptography and lxml bring compiled code"
    for library in libraries:
        header = library.read_bytes()[:20]
        assert header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == EM_AARCH64, library.name
        assert ".cpython-" not in library.name or ".cpython-312-aarch64-linux-gnu." in library.name, library.name
    for wheel in lambda_artefact.glob("*.dist-info/WHEEL"):
        tags = [tag.split("-") for tag in re.findall(r"^Tag: (.+)$", wheel.read_text(), flags=re.MULTILINE)]
        assert all(platform == "any" or platform.endswith("_aarch64") for _, _, platform in tags), wheel.parent.name
        assert any(python in {"py3", "cp312"} or abi == "abi3" for python, abi, _ in tags), wheel.parent.name


@pytest.mark.slow
def test_the_artefact_fits_lambda_with_room_to_spare(lambda_artefact: Path) -> None:
    megabytes = artefact.size(lambda_artefact) / 1024 / 1024
    print(f"Lambda artefact unzipped: {megabytes:.1f} MB (budget {BUDGET_MB} MB, Lambda's limit 250 MB)")  # noqa: T201
    assert artefact.size(lambda_artefact) < artefact.LAMBDA_LIMIT
    assert megabytes < BUDGET_MB


IMPORT_AND_RENDER = """
import importlib, json, sys
from datetime import UTC, datetime
for handler in json.loads(sys.argv[1]):
    module, _, name = handler.rpartition(".")
    assert callable(getattr(importlib.import_module(module), name)), handler
from common import site
from common.i18n import translations
from common.mail import notice
from common.templates import render
page = render("message.html", title="Fraværet er meldt", message="Takk.", tone="success")
context = {"title": "Svar", "greeting": "Kari", "paragraphs": ["Avsnitt."], "facts": [], "link_url": ""}
email = notice(("Kari Nordmann", "kari@example.no"), "post@example.no", context, datetime.now(UTC))
print(json.dumps({
    "paths": [str(site.templates_dir()), str(site.locale_dir()), str(site.network_file())],
    "modules": sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)}),
    "nynorsk": translations("nn").gettext("Hele nettverket"),
    "page": page,
    "email": email.get_body(("plain",)).get_content(),
    "subject": email["Subject"],
}))
"""


@pytest.mark.slow
def test_the_handlers_import_and_render_from_the_artefact_alone(host_artefact: Path, tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"  # what Lambda's Python runtime has beside the code: boto3 and its own
    runtime.mkdir()
    site_packages = Path(boto3.__file__).parents[1]
    for name in RUNTIME_PACKAGES:
        (runtime / name).symlink_to(site_packages / name)
    handlers = sorted({function["Properties"]["Handler"] for function in functions().values()})
    assert len(handlers) == 10  # the eight, the mail worker and the courses' reminders
    env = {"PATH": os.environ["PATH"]} | LOCAL_AWS | function_environment({"SiteUrl": "https://palliasjon.example.no"})
    # -I -S: no PYTHONPATH, not the current folder, no site-packages; sys.path is set in -c instead.
    code = f"import sys; sys.path[:0] = {[str(host_artefact), str(runtime)]!r}\n{IMPORT_AND_RENDER}"
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, json.dumps(handlers)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert all(path.startswith(f"{host_artefact}/site/") for path in found["paths"]), found["paths"]
    stdlib = (sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
    outside = [
        module
        for module in found["modules"]
        if not module.startswith((str(host_artefact), str(runtime)))
        and not (module.startswith(stdlib) and "site-packages" not in module)
    ]
    assert not outside, "only the artefact, the runtime's boto3 and the standard library"
    assert not [m for m in found["modules"] if m.startswith(str(ROOT))], "nothing from the repo"
    assert found["nynorsk"] == "Heile nettverket"
    assert "<h1>Fraværet er meldt</h1>" in found["page"] and 'lang="nb"' in found["page"]
    assert "Hei, Kari!" in found["email"] and found["subject"] == "Svar"


# The production site -----------------------------------------------------------------------------------------------


def test_publishconf_makes_absolute_links_from_siteurl_with_no_drafts_and_no_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pelican.settings import read_settings

    monkeypatch.setenv("SITEURL", "https://palliasjon.example.no/")
    monkeypatch.chdir(ROOT)
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == "https://palliasjon.example.no"
    assert settings["FEED_DOMAIN"] == settings["SITEURL"]
    assert settings["RELATIVE_URLS"] is False
    assert settings["DELETE_OUTPUT_DIRECTORY"] is True
    assert settings["CACHE_CONTENT"] is False and settings["LOAD_CONTENT_CACHE"] is False
    assert settings["DRAFT_SAVE_AS"] == "" and settings["DRAFT_PAGE_SAVE_AS"] == ""
    assert settings["FEED_ATOM"] == "nyheter/atom.xml"


@pytest.mark.slow
def test_the_deploys_site_build_links_to_the_site_url(tmp_path: Path) -> None:
    config = deploy.read_config()
    command = deploy.build_commands(config)[1]
    argv = list(command.argv)
    argv[argv.index("--output") + 1] = str(tmp_path / "output")
    env = os.environ | dict(command.env)
    subprocess.run(argv, cwd=ROOT, env=env, check=True, timeout=180)
    output = tmp_path / "output"
    front = (output / "index.html").read_text()
    assert 'href="https://palliasjon.example.no/theme/css/site.css"' in front
    feed = (output / "nyheter" / "atom.xml").read_text()
    assert 'href="https://palliasjon.example.no/nyheter/atom.xml"' in feed
    assert "127.0.0.1" not in front + feed
    assert json.loads((output / "kurs" / "kurs.json").read_text()), "the seed's courses built: none of them is refused"


# The deploy's steps ------------------------------------------------------------------------------------------------


def programs(lines: list[str]) -> list[str]:
    """Each command's program and subcommand, e.g. 'sam deploy', 'python -m pelican'."""
    result = []
    for line in lines:
        if not line.startswith("+ "):
            continue
        words = [word for word in line[2:].split() if "=" not in word or word.startswith("-")]
        result.append(" ".join(["python", *words[1:3]] if words[0].endswith("python") else words[:3]))
    return result


EXPECTED = [
    "python -m artefact",
    "python -m pelican",
    "python -m pagefind",
    "aws cloudformation deploy",
    "sam deploy --template-file",
    "aws lambda invoke",
]


def test_make_deploy_dry_run_prints_the_steps_without_sam_or_aws() -> None:
    path = os.pathsep.join(
        folder
        for folder in os.environ["PATH"].split(os.pathsep)
        if not (Path(folder, "sam").exists() or Path(folder, "aws").exists())
    )
    result = subprocess.run(
        # -o: never (re)make the virtual environment here, whatever the timestamps say (PATH lacks its Python).
        ["make", "-s", "-o", ".venv/.installed", "deploy", "DRY_RUN=1"],
        cwd=ROOT,
        env=os.environ | {"PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert programs(lines) == EXPECTED
    assert "# infra/samconfig.toml still has example values for SiteUrl, MailDomain, MailFromAddress" in lines
    assert "+ SITEURL=https://palliasjon.example.no .venv/bin/python -m pelican" in result.stdout
    assert f"--config-file {ROOT / 'infra' / 'samconfig.toml'}" in result.stdout
    seed = "# the courses of content/kurs not yet in the table <TableName> (one made or changed in /leder/ is kept)"
    assert seed in lines
    network = "# the units, groups and contacts of content/data/network.json not yet in the table <TableName> into it"
    assert network in lines
    assert lines[-2].startswith("+ aws lambda invoke --function-name '<PublisherFunctionName>'")
    assert lines[-1].startswith("# the publisher builds the site from the table")


def test_a_real_deploy_refuses_the_example_values_before_touching_anything(capsys: pytest.CaptureFixture[str]) -> None:
    assert deploy.main([]) == 1
    assert "still has example values" in capsys.readouterr().err


def test_a_deploy_builds_first_then_the_stack_then_the_courses_seed_then_asks_the_publisher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = deploy.Config("lindra", "eu-north-1", {"SiteUrl": "https://palliasjon.no"})
    done: list[str] = []

    def outputs(_config: deploy.Config) -> dict[str, str]:
        done.append("outputs")
        return {
            "SiteBucketName": "lindra-site-abc",
            "DistributionId": "E2ABC",
            "TableName": "lindra-LindraTable-1",
            "PublisherFunctionName": "lindra-PublisherFunction-1",
        }

    def courses(_config: deploy.Config, table: str) -> int:
        done.append(f"courses into {table}")
        return 3

    def units(_config: deploy.Config, table: str) -> int:
        done.append(f"units into {table}")
        return 2

    def news(_config: deploy.Config, table: str) -> int:
        done.append(f"news into {table}")
        return 4

    def documents(_config: deploy.Config, table: str) -> int:
        done.append(f"documents into {table}")
        return 7

    def people(_config: deploy.Config, table: str) -> int:
        done.append(f"person index in {table}")
        return 5

    def web_acl(_config: deploy.Config) -> str:
        done.append("web acl")
        return "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lindra-waf-edge/0a1b"

    said: list[str] = []
    deploy.deploy(
        config,
        dry_run=False,
        run=lambda command: done.append(str(command)),
        outputs=outputs,
        web_acl=web_acl,
        courses=courses,
        units=units,
        news=news,
        documents=documents,
        people=people,
        say=said.append,
    )
    synced = ("courses", "units", "news", "documents", "person index")
    shown = [f"+ {line}" for line in done if line not in ("outputs", "web acl") and not line.startswith(synced)]
    assert programs(shown) == EXPECTED
    assert done.index("web acl") == 4, "the web ACL's stack first, its ARN for sam deploy"
    assert done.index("outputs") == 6 and done[7] == "courses into lindra-LindraTable-1", "after sam, before the site"
    assert done[8] == "units into lindra-LindraTable-1", "network.json's units, those not in the table yet"
    assert done[9] == "news into lindra-LindraTable-1", "content/nyheter's news, those not in the table yet"
    assert "SITEURL=https://palliasjon.no" in done[1]
    assert done[-1].startswith("aws lambda invoke --function-name lindra-PublisherFunction-1")
    assert '--payload \'{"source": "deploy"}\' --region eu-north-1' in done[-1]
    assert "# 3 new courses in the table" in said
    assert "# 2 units, host units, groups and contacts put in the table" in said
    assert "# 4 news articles put in the table" in said
    assert done[10] == "documents into lindra-LindraTable-1" and "# 7 document versions put in the table" in said
    assert done[11] == "person index in lindra-LindraTable-1" and "# 5 items given the person index's keys" in said


def test_the_deploy_reads_the_stacks_outputs_and_says_which_are_missing() -> None:
    import boto3

    config = deploy.read_config()
    client = boto3.client("cloudformation", region_name="eu-north-1", aws_access_key_id="x", aws_secret_access_key="x")
    stack = {"StackName": "lindra", "CreationTime": "2026-11-24T00:00:00Z", "StackStatus": "UPDATE_COMPLETE"}
    found = [{"OutputKey": name, "OutputValue": f"value-{name}"} for name in (*deploy.OUTPUTS, "ApiUrl")]
    with Stubber(client) as stubber:
        stubber.add_response("describe_stacks", {"Stacks": [stack | {"Outputs": found}]}, {"StackName": "lindra"})
        stubber.add_response("describe_stacks", {"Stacks": [stack | {"Outputs": found[1:]}]}, {"StackName": "lindra"})
        assert deploy.stack_outputs(config, client)["SiteBucketName"] == "value-SiteBucketName"
        with pytest.raises(RuntimeError, match="no output SiteBucketName"):
            deploy.stack_outputs(config, client)


def test_a_missing_tool_is_named_with_where_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda tool: None if tool == "sam" else f"/usr/bin/{tool}")
    (hint,) = deploy.missing_tools()
    assert hint.startswith("The AWS SAM CLI is missing: install it (https://")


def test_a_sam_cli_too_old_for_the_templates_loop_is_refused_with_what_to_do() -> None:
    assert deploy.old_sam("SAM CLI, version 1.159.2") == (
        "The AWS SAM CLI is 1.159.2: the template's Fn::ForEach needs 1.160 or later; update it."
    )
    assert deploy.old_sam("SAM CLI, version 1.160.0") is None
    assert deploy.old_sam("SAM CLI, version 2.0.1") is None
    assert deploy.old_sam("") is None, "a version it cannot read is left to sam itself"


# The publisher's artefact ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def publisher_artefact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publisher's artefact with the wheels for the Python running the tests."""
    return artefact.build_publisher(tmp_path_factory.mktemp("publisher") / "artefact", None)


def test_the_publishers_requirements_are_pinned_as_the_dev_group() -> None:
    import tomllib

    dev = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["dev"][1:])
    lines = (ROOT / "functions" / "publishing" / "requirements.txt").read_text().splitlines()
    pins = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert pins == {"pelican[markdown]==4.12.0", "pagefind[extended]==1.5.2"}
    assert pins <= {str(entry) for entry in dev}


@pytest.mark.slow
def test_the_publishers_artefact_builds_the_site_from_its_own_source(publisher_artefact: Path, tmp_path: Path) -> None:
    source = publisher_artefact / "source"
    assert {path.name for path in source.iterdir()} == set(artefact.SITE_SOURCE)
    assert files(source / "theme") == {
        f for f in files(ROOT / "theme") if not any(part.startswith(".") for part in Path(f).parts)
    }
    assert (publisher_artefact / "pelican").is_dir() and list(publisher_artefact.glob("pagefind_bin*"))
    assert (publisher_artefact / "publishing" / "app.py").is_file()
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(
        json.dumps(
            {
                "courses": [
                    {
                        "id": "fagdag-fra-tabellen",
                        "title": "Fagdag fra tabellen",
                        "kind": "fagdag",
                        "days": [{"day": "2030-10-10", "start": "09:00", "end": "15:00"}],
                        "place": "Nordbyhagen",
                        "area": "alle",
                        "capacity": 100,
                        "registration_deadline": "2030-10-01",
                        "audience": "Alle",
                        "description": "## Program\n\nKaffe.",
                    }
                ]
            }
        )
    )
    code = (
        f"import sys; sys.path[:0] = [{str(publisher_artefact)!r}]\n"
        "from pathlib import Path\n"
        "from publishing.build import SiteSource, build_site\n"
        f"build_site(SiteSource(Path({str(source)!r}), 'publishconf.py'), Path({str(catalogue)!r}), "
        f"Path({str(tmp_path / 'site')!r}), 'https://palliasjon.example.no')\n"
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    page = (tmp_path / "site" / "kurs" / "fagdag-fra-tabellen" / "index.html").read_text()
    assert "Fagdag fra tabellen" in page and "<h2>Program</h2>" in page
    assert 'href="https://palliasjon.example.no/kurs/"' in page, "publishconf's absolute links"
    assert not (tmp_path / "site" / "kurs" / "fagdag-2027").exists(), "the catalogue's courses, not content/kurs"
    assert list((tmp_path / "site" / "pagefind").glob("pagefind*.js")), "the search index"
