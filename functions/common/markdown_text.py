"""A leader's Markdown (a course's description and programme) as HTML that is safe to put on the site: Python-Markdown
renders it, and nh3 (the Ammonia sanitiser) keeps only the tags and attributes a page of text needs, so that nothing a
leader pastes can run a script, load from elsewhere or style the page."""

from __future__ import annotations

import markdown  # type: ignore[import-untyped]
import nh3
from markupsafe import Markup

TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote", "code", "pre", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def safe_html(text: str) -> Markup:
    """The Markdown as sanitised HTML; headings start at h2 (the page's title is the h1)."""
    rendered = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above
