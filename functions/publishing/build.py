"""The site build the publisher runs: Pelican with the repo's settings, its courses from the catalogue file, then
Pagefind's search index; what `make site` runs, into a folder of its own.

Pelican runs in the publisher's own process (a warm Lambda, or `make run`'s, keeps its imports: a second or two less
than a new Python each time); the settings file is read afresh for every build, and one build runs at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ONE_AT_A_TIME = threading.Lock()  # Pelican's signals and plugins are the process's


class BuildFailed(Exception):
    """Pelican or Pagefind stopped; the message has their last lines (content, never personal data)."""


@dataclass(frozen=True)
class SiteSource:
    """Where the site's source is: the repo locally; the publisher's artefact's source/ in AWS."""

    root: Path
    settings: str = "pelicanconf.py"  # publishconf.py in AWS
    content: str = "content"


def build_site(source: SiteSource, catalogue: Path, output: Path, site_url: str = "") -> Path:
    """The whole site into output (emptied first), with the catalogue's courses, and its search index."""
    with _ONE_AT_A_TIME:
        before = os.environ.get("LINDRA_CATALOGUE")
        os.environ["LINDRA_CATALOGUE"] = str(catalogue)  # what pelicanconf.py reads the units from, when it is run
        try:
            _pelican(source, catalogue, output, site_url)
        finally:
            if before is None:
                os.environ.pop("LINDRA_CATALOGUE", None)
            else:
                os.environ["LINDRA_CATALOGUE"] = before
    _run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"], source.root, dict(os.environ))
    return output


def _pelican(source: SiteSource, catalogue: Path, output: Path, site_url: str) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    for path in (str(source.root), str(source.root / "plugins")):
        if path not in sys.path:
            sys.path.append(path)  # publishconf.py imports pelicanconf; the plugins are imported by name
    sys.modules.pop("pelicanconf", None)  # read afresh: it reads the network's config when it is run
    content = Path(source.content)
    overrides: dict[str, Any] = {
        "PATH": str(content if content.is_absolute() else source.root / content),
        "OUTPUT_PATH": str(output),
        "DELETE_OUTPUT_DIRECTORY": True,
        "CATALOGUE": str(catalogue),
        "THEME": str(source.root / "theme"),
        "PLUGIN_PATHS": [str(source.root / "plugins")],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    if site_url:
        overrides |= {"SITEURL": site_url, "FEED_DOMAIN": site_url}
    try:
        Pelican(read_settings(str(source.root / source.settings), override=overrides)).run()
    except Exception as exc:  # a course the model refuses, a template error: the site stays as it is
        raise BuildFailed(f"pelican stopped: {type(exc).__name__}: {str(exc)[:500]}") from exc


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise BuildFailed(f"{command[2]} stopped ({done.returncode}): {tail}")
