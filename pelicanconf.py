"""Pelican settings for the Lindra site. Flat UPPERCASE settings; publishconf.py overrides for production."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "functions"))

from common.formatting import JINJA_FILTERS  # noqa: E402
from common.site import site_context  # noqa: E402
from hospitation.models import configured_host_units, open_host_units  # noqa: E402
from hospitation.pages import form_context as hospitation_form_context  # noqa: E402
from roster.models import configured_units, open_units  # noqa: E402
from roster.pages import form_context as roster_form_context  # noqa: E402

# The same names the functions render their pages with (common/site.py reads content/data/network.json).
_SITE = site_context()
SITENAME = _SITE["SITENAME"]
SITEURL = _SITE["SITEURL"]
NETWORK = _SITE["NETWORK"]
AREA_NAMES = _SITE["AREA_NAMES"]
LANG = _SITE["LANG"]
MEMBER_ROLES = _SITE["MEMBER_ROLES"]
# The units the forms offer: network.json's, or with CATALOGUE (a path, from LINDRA_CATALOGUE) those of the publisher's
# catalogue file, made from the table (plugins/catalogue: {"units": [...], "host_units": [...], "courses": [...]}).
CATALOGUE = os.environ.get("LINDRA_CATALOGUE") or None
_TODAY = datetime.now(ZoneInfo("Europe/Oslo")).date()
# The hospitation request form's labels and host units (theme/templates/hospitation.html), as the function has them.
HOSPITATION_FORM = hospitation_form_context(open_host_units(configured_host_units(), _TODAY))
# The roster's change report form: labels and the units by area (theme/templates/roster_change.html), as the function
# has them.
ROSTER_FORM = roster_form_context(open_units(configured_units(), _TODAY))
RELATIVE_URLS = False
TIMEZONE = "Europe/Oslo"
DEFAULT_LANG = _SITE["LANG"]
DEFAULT_DATE_FORMAT = "%d.%m.%Y"

PATH = os.environ.get("LINDRA_CONTENT", "content")  # or a sample's folder, e.g. samples/bergen
THEME = "theme"
OUTPUT_PATH = "output"
PAGE_PATHS = ["pages", "dokumenter"]
ARTICLE_PATHS = ["nyheter"]
STATIC_PATHS = ["dokumenter/filer", "images"]  # files a document offers for download; the logo
IGNORE_FILES = [".#*", "*.swp"]

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["site_language", "catalogue", "course_pages", "news_pages", "document_pages", "leader_views", "retention"]
COURSE_PATHS = ["kurs"]

PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_URL = "nyheter/{slug}/"
ARTICLE_SAVE_AS = "nyheter/{slug}/index.html"

# Only what the theme defines is written: the news list (index.html) and its feed; no archives, tags or authors.
DIRECT_TEMPLATES = ["index", "search"]
INDEX_SAVE_AS = "nyheter/index.html"
SEARCH_SAVE_AS = "sok/index.html"
# The leaders' area: a page per view (plugins/leader_views), each from theme/templates/leader.html with the view's
# partial (partials/leder/{view}.html) and script module (js/leder/{view}.js). Not in the menu, feeds or search
# (noindex, no data-pagefind-body). The start page ("Til behandling") first; the addresses are the views' own.
LEADER_VIEWS = {
    "start": "leder/",
    "courses": "leder/kurs/",
    "letters": "leder/meldinger/",
    "news": "leder/nyheter/",
    "documents": "leder/dokumenter/",
    "governance": "leder/styring/",
    "hospitation": "leder/hospitering/",
    "roster": "leder/navneliste/",
    "units": "leder/enheter/",
    "hours": "leder/timer/",
    "annual_report": "leder/arsrapport/",
    "self_report": "leder/egenrapport/",
    "people": "leder/personer/",
    "audit": "leder/revisjon/",
}
FEED_ATOM = "nyheter/atom.xml"
ARCHIVES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_FILTERS = JINJA_FILTERS
# Autoescape as in the functions: the same templates render what people type in. Trusted HTML says |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": ["jinja2.ext.i18n"], "autoescape": True}
DEFAULT_PAGINATION = False
CACHE_CONTENT = False
SLUGIFY_SOURCE = "basename"
