"""The one Markdown renderer of the app: Markdown to HTML, then sanitised with nh3.

Module texts are ours, but trainers will edit them and learners write journal entries and
posts in Markdown: everything goes through `render_markdown`, nothing is trusted.
"""

from __future__ import annotations

import functools
import threading

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}


# A Markdown converter loads its extensions when made: one per thread, reset between texts
# (a thread of 50 posts renders 50 texts; making a converter each time cost more than the text).
_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return converter


# Texts are read far more often than written (a thread page shows 50 posts to every member on
# every visit): each worker keeps the HTML of the texts it rendered last. Posts of a few
# hundred characters make that about 2 MB per worker; the bound is CACHED_TEXTS texts of at
# most CACHED_LENGTH characters (about 20 MB with their HTML).
CACHED_TEXTS = 2048
CACHED_LENGTH = 4000


def render_markdown(text: str) -> Markup:
    """Safe HTML for a Markdown text; raw HTML in the text is escaped or stripped."""
    text = text or ""
    if len(text) <= CACHED_LENGTH:
        return _render_cached(text)
    return _render(text)


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _render_cached(text: str) -> Markup:
    return _render(text)


def _render(text: str) -> Markup:
    html = _converter().reset().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above


def render_formatted(text: str, fmt: str) -> Markup:
    """Text in one of Moodle's formats (html, markdown, plain, moodle), always sanitised."""
    if fmt == "markdown":
        return render_markdown(text)
    if fmt == "html":
        cleaned = nh3.clean(
            text or "",
            tags=ALLOWED_TAGS | {"span", "div", "sub", "sup", "u"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
        return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above
    escaped = Markup.escape(text or "")
    return Markup("<br>").join(escaped.split("\n"))


def word_count(text: str) -> int:
    return len(text.split())


def init_app(app) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_formatted, "formatted")
