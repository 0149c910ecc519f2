"""Production settings (`make deploy`): only what differs from pelicanconf.py."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)

from pelicanconf import *  # noqa: F403

# The site's address (SiteUrl in infra/samconfig.toml; `make deploy` passes it), no trailing slash: links, the feed's
# and the calendars' URLs are absolute.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
# A fresh build every time: nothing left over from an earlier build or from a cache.
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Drafts are never written (pelicanconf says so too; repeated here because it matters most here).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
