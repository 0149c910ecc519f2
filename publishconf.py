"""Production settings: only what differs from pelicanconf.py."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
