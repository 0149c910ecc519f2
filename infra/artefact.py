"""The Lambda artefact: one folder that every function's CodeUri points at (infra/template.yaml, Globals).

It holds the functions' packages, their dependencies as wheels for Lambda's Python and architecture (both read from
the template, so the two cannot drift), and under site/ the data the functions render with: theme/templates,
theme/locale and network.json (common/site.py looks there when the repo layout is not around). boto3 is not in it:
the Lambda runtime has it.

The publisher (PublisherFunction) has an artefact of its own, build/publisher/: the same, with the site build's
dependencies (functions/publishing/requirements.txt: Pelican, Pagefind and its binary) and under source/ what the
site is built from (content/, theme/, plugins/, pelicanconf.py, publishconf.py).

    python -m artefact [TARGET]    # default build/lambda and build/publisher; `make package`, and `make deploy`'s
                                   # first step
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common.i18n import LANGUAGES
from common.site import locale_dir, network_file, templates_dir
from local.template import load

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
REQUIREMENTS = FUNCTIONS / "requirements.txt"
PUBLISHER_REQUIREMENTS = FUNCTIONS / "publishing" / "requirements.txt"
TARGET = ROOT / "build" / "lambda"
PUBLISHER_TARGET = ROOT / "build" / "publisher"
# What the site is built from, copied under source/ in the publisher's artefact.
SITE_SOURCE = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")
# Lambda's limit on a function's unzipped code.
LAMBDA_LIMIT = 250 * 1024 * 1024
# The glibc baselines of the wheels that run on Lambda's Amazon Linux 2023 (glibc 2.34). pip does not widen one tag
# to the older ones, so each is named.
MANYLINUX = ("manylinux2014", "manylinux_2_28", "manylinux_2_34")
ARCHITECTURES = {"arm64": "aarch64", "x86_64": "x86_64"}
# Babel's CLDR data (a third of the artefact) is only read to parse the catalogues (common/i18n.py): the site's
# languages, their parent (no), root, and en (a catalogue's headers are dated in it) stay.
BABEL_LOCALES = {"root", "en", "no", *LANGUAGES}


@dataclass(frozen=True)
class Platform:
    """A Python version and CPU the wheels are chosen for, e.g. 3.12 on aarch64 (Lambda's arm64)."""

    python: str
    machine: str

    def pip_args(self) -> list[str]:
        platforms = [arg for tag in MANYLINUX for arg in ("--platform", f"{tag}_{self.machine}")]
        return ["--implementation", "cp", "--python-version", self.python, *platforms]


def lambda_platform() -> Platform:
    """The Runtime and Architectures the template gives every function."""
    function = load()["Globals"]["Function"]
    runtime = str(function["Runtime"])
    (architecture,) = function.get("Architectures", ["x86_64"])
    if not runtime.startswith("python3."):
        raise ValueError(f"not a Python runtime: {runtime}")
    return Platform(python=runtime.removeprefix("python"), machine=ARCHITECTURES[architecture])


def pip_command(target: Path, platform: Platform | None, requirements: Sequence[Path] = (REQUIREMENTS,)) -> list[str]:
    """Wheels only (nothing compiled here), no .pyc (they would be for this Python, not Lambda's). platform None: for
    the Python running this, as the tests import the artefact."""
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--only-binary=:all:",
        "--target",
        str(target),
        *(arg for path in requirements for arg in ("--requirement", str(path))),
        *(platform.pip_args() if platform else []),
    ]


def function_packages() -> list[Path]:
    return sorted(path.parent for path in FUNCTIONS.glob("*/__init__.py"))


def _prune(target: Path) -> None:
    shutil.rmtree(target / "bin", ignore_errors=True)  # the dependencies' console scripts
    for data in (target / "babel" / "locale-data").glob("*.dat"):
        if data.stem not in BABEL_LOCALES:
            data.unlink()


def build(target: Path, platform: Platform | None, requirements: Sequence[Path] = (REQUIREMENTS,)) -> Path:
    """A fresh artefact in target: the dependencies for platform (None: for the Python running this, as the tests
    import the artefact), then the functions' packages and the site data."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    subprocess.run(pip_command(target, platform, requirements), check=True)  # noqa: S603
    _prune(target)
    _copy_code_and_site(target)
    return target


def _copy_code_and_site(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in function_packages():
        if (target / package.name).exists():
            raise FileExistsError(f"a dependency is also called {package.name}: rename the function package")
        shutil.copytree(package, target / package.name, ignore=ignore)
    site = target / "site"
    shutil.copytree(templates_dir(), site / "templates", ignore=ignore)
    shutil.copytree(locale_dir(), site / "locale", ignore=shutil.ignore_patterns("*.pot"))
    shutil.copy2(network_file(), site / "network.json")


def build_publisher(target: Path, platform: Platform | None) -> Path:
    """The publisher's artefact: the functions' artefact, the site build's dependencies, and the site's source."""
    build(target, platform, (REQUIREMENTS, PUBLISHER_REQUIREMENTS))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for name in SITE_SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, target / "source" / name, ignore=ignore)
        else:
            (target / "source").mkdir(exist_ok=True)
            shutil.copy2(path, target / "source" / name)
    return target


def size(target: Path) -> int:
    """Bytes unzipped, as Lambda counts them."""
    return sum(path.stat().st_size for path in target.rglob("*") if path.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else TARGET
    publisher = target.parent / PUBLISHER_TARGET.name
    platform = lambda_platform()
    for folder, make in ((target, build), (publisher, build_publisher)):
        unzipped = size(make(folder, platform))
        megabytes = unzipped / 1024 / 1024
        print(f"Lambda artefact for Python {platform.python} on {platform.machine}: {folder} ({megabytes:.1f} MB)")  # noqa: T201
        if unzipped > LAMBDA_LIMIT:
            print("That is over Lambda's 250 MB limit.", file=sys.stderr)  # noqa: T201
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
