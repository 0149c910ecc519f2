"""The site build the publisher runs: Pelican with the repo's settings, its courses from the catalogue file, then
Pagefind's search index; the same commands as `make site`, into a folder of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


class BuildFailed(Exception):
    """Pelican or Pagefind stopped; the message has their last lines (content, never personal data)."""


@dataclass(frozen=True)
class SiteSource:
    """Where the site's source is: the repo locally; the publisher's artefact's source/ in AWS."""

    root: Path
    settings: str = "pelicanconf.py"  # publishconf.py in AWS
    content: str = "content"

    def command(self, output: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "pelican",
            self.content,
            "--settings",
            self.settings,
            "--output",
            str(output),
            "--delete-output-directory",
            "--quiet",
        ]


def build_site(source: SiteSource, catalogue: Path, output: Path, site_url: str = "") -> Path:
    """The whole site into output (emptied first), with the catalogue's courses, and its search index."""
    env = dict(os.environ) | {"LINDRA_CATALOGUE": str(catalogue)}
    env.pop("LINDRA_BUILD_TIME", None)
    if site_url:
        env["SITEURL"] = site_url
    code_paths = [str(Path(__file__).resolve().parents[1]), str(source.root / "plugins")]
    env["PYTHONPATH"] = os.pathsep.join([*code_paths, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    _run(source.command(output), source.root, env)
    _run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"], source.root, env)
    return output


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise BuildFailed(f"{command[2]} stopped ({done.returncode}): {tail}")
