"""Site tests build the real site with Pelican into a temp folder, as of a fixed moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIME = "2026-11-23T12:00:00+00:00"


def build(output: Path, content: Path | None = None) -> Path:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content or ROOT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_CONTENT": False,
        },
    )
    Pelican(settings).run()
    return output


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("LINDRA_BUILD_TIME", BUILD_TIME)
    try:
        return build(tmp_path_factory.mktemp("output"))
    finally:
        mp.undo()
