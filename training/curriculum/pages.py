"""Content pages beside the modules: dated explainers (content/uitleg/) and the trainer's kit
(content/kit/: a session plan per module and pages such as the sources).

Like the modules, each is a Markdown file with YAML front matter; nothing here touches the
database. Problems carry file and line for `flask content check`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from training.curriculum.content import SLUG_RE, Problem
from training.markup import render_markdown

EXPLAINER, KIT = "uitleg", "kit"
# A session plan has these sections, in this order (content/kit/README in cases/README's style).
SESSION_HEADINGS = (
    "Doel van de bijeenkomst",
    "Tijdschema",
    "Opening",
    "Casus samen spelen",
    "Nabespreking",
    "Rollenspel",
    "Observatieschema",
)
HEADING_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$")
EXPLAINER_LINK_RE = re.compile(r"/uitleg/([a-z0-9-]+)")


@dataclass
class PageData:
    kind: str
    slug: str
    title: str
    body_md: str
    source_file: str
    meta: dict = field(default_factory=dict)

    @property
    def body_html(self) -> str:
        return render_markdown(self.body_md)


def _front_matter(text: str, rel: str, problems: list[Problem]) -> tuple[dict, str, int] | None:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(rel, 1, "front matter ontbreekt: begin het bestand met '---'"))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(Problem(rel, 1, "front matter wordt niet afgesloten met een regel '---'"))
        return None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        problems.append(Problem(rel, 2, "front matter is geen geldige YAML"))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(rel, 2, "front matter moet velden bevatten (title, ...)"))
        return None
    return meta, "\n".join(lines[end + 1 :]).strip() + "\n", end + 2


def _text(meta: dict, key: str, rel: str, problems: list[Problem]) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(rel, 2, f"verplicht veld '{key}' ontbreekt of is leeg"))
        return ""
    return value.strip()


def parse_page(path: Path, rel: str, kind: str, problems: list[Problem]) -> PageData | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        problems.append(Problem(rel, 1, "het bestand kan niet als UTF-8 gelezen worden"))
        return None
    if not SLUG_RE.match(path.stem):
        problems.append(Problem(rel, 1, "bestandsnaam: kleine letters, cijfers en streepjes"))
        return None
    found = _front_matter(text, rel, problems)
    if found is None:
        return None
    meta, body, body_line = found
    before = len(problems)
    page = PageData(kind, path.stem, _text(meta, "title", rel, problems), body, rel)
    if not body.strip():
        problems.append(Problem(rel, body_line, "de pagina heeft geen tekst"))
    if kind == EXPLAINER:
        page.meta = _explainer_meta(meta, rel, problems)
    elif "module" in meta:
        page.meta = _session_meta(meta, body, body_line, rel, problems)
    return page if len(problems) == before else None


def _explainer_meta(meta: dict, rel: str, problems: list[Problem]) -> dict:
    """An explainer states rules, so it says from when: a peildatum (YYYY-MM-DD)."""
    date = meta.get("peildatum")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date):
        problems.append(Problem(rel, 2, "een uitleg heeft een 'peildatum' (JJJJ-MM-DD)"))
        return {}
    return {"peildatum": date.isoformat(), "summary": _text(meta, "summary", rel, problems)}


def _session_meta(meta: dict, body: str, body_line: int, rel: str, problems: list[Problem]) -> dict:
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 30 <= minutes <= 480:
        problems.append(Problem(rel, 2, "'minutes' is de duur in minuten (30 tot 480)"))
    headings = [
        (number, match.group(1))
        for number, line in enumerate(body.splitlines(), start=body_line)
        if (match := HEADING_RE.match(line))
    ]
    names = [name for _, name in headings]
    if names != list(SESSION_HEADINGS):
        problems.append(
            Problem(
                rel,
                body_line,
                "een sessieplan heeft precies deze kopjes (##), in deze "
                f"volgorde: {', '.join(SESSION_HEADINGS)}",
            )  # fmt: skip
        )
    return {
        "module": _text(meta, "module", rel, problems),
        "case": _text(meta, "case", rel, problems),
        "minutes": minutes,
    }


def load_pages(root: Path, problems: list[Problem]) -> list[PageData]:
    """Every explainer and kit page under `root` (content/); problems are added to `problems`."""
    pages = []
    for kind in (EXPLAINER, KIT):
        for path in sorted((root / kind).glob("*.md")):
            page = parse_page(path, str(Path(root.name) / kind / path.name), kind, problems)
            if page is not None:
                pages.append(page)
    return pages


def explainer_links(text: str) -> set[str]:
    """Slugs of the explainers a text links to."""
    return set(EXPLAINER_LINK_RE.findall(text or ""))
