"""Site tests build the real site with Pelican into a temp folder, as of a fixed moment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.stack import ROOT, build_site

BUILD_TIME = "2026-11-23T12:00:00+00:00"


def build(output: Path, content: Path | None = None) -> Path:
    return build_site(content or ROOT / "content", output)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINDRA_BUILD_TIME", BUILD_TIME)
        return build(tmp_path_factory.mktemp("output"))
