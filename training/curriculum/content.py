"""Reading and checking the content files: content/categories.yaml and content/modules/*.md.

Nothing here touches the database. `load_content` returns what the files say plus every
problem found, each with file and line, so that `flask content check` can list them all and
`flask content sync` can refuse to change anything while one remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from training.markup import render_markdown, word_count

CATEGORY_SLUGS = (
    "basisvoorwaarden",
    "bewustwording",
    "netwerk-vergroten",
    "relatieherstel",
    "gezamenlijke-besluitvorming",
    "sociale-verantwoordelijkheid",
    "sociale-vaardigheden",
    "randvoorwaarden",
)
COMPETENCE_PHASES = ("startbekwaam", "vakbekwaam", "vakvolwassen")
MODULE_FIELDS = ("slug", "category", "title", "objectives", "minutes", "order")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_HEADING_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$")
NUMBERED_ITEM_RE = re.compile(r"^\s*\d+[.)]\s+(.+)$")
REFLECTION_TITLE_RE = re.compile(r"reflectievragen", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class CategoryData:
    slug: str
    number: int
    name_nl: str
    name_en: str
    description: str
    indicators: dict


@dataclass
class LessonData:
    slug: str
    title: str
    body_md: str
    body_html: str
    word_count: int
    reflection_questions: list[str]
    line: int


@dataclass
class ModuleData:
    slug: str
    category: str | None
    title: str
    objectives: list[str]
    minutes: int
    order: int
    intro_html: str
    lessons: list[LessonData]
    source_file: str

    @property
    def word_count(self) -> int:
        return sum(lesson.word_count for lesson in self.lessons)


@dataclass
class Content:
    categories: list[CategoryData] = field(default_factory=list)
    modules: list[ModuleData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def slugify(text: str) -> str:
    replacements = str.maketrans("àáâäèéêëìíîïòóôöùúûüç", "aaaaeeeeiiiioooouuuuc")
    text = re.sub(r"['’]", "", text.lower()).translate(replacements)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:120] or "les"


def _key_lines(node: yaml.Node, offset: int) -> dict[str, int]:
    """Line number (1-based, in the file) of each key of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 + offset for key, _ in node.value}


def _yaml_error_line(exc: yaml.YAMLError, offset: int) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + 1 + offset) if mark else offset + 1


def _read(path: Path, rel: str, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(rel, 1, "het bestand is geen geldige UTF-8-tekst"))
    except OSError as exc:
        problems.append(Problem(rel, 1, f"het bestand kan niet gelezen worden ({exc.strerror})"))
    return None


def _is_text_list(value, minimum: int = 1, maximum: int | None = None) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= minimum
        and (maximum is None or len(value) <= maximum)
        and all(isinstance(item, str) and item.strip() for item in value)
    )


def parse_categories(path: Path, rel: str, problems: list[Problem]) -> list[CategoryData]:
    text = _read(path, rel, problems)
    if text is None:
        return []
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, _yaml_error_line(exc, 0), f"ongeldige YAML: {exc.problem}"))
        return []
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        problems.append(Problem(rel, 1, "het bestand moet een lijst 'categories' bevatten"))
        return []
    top = _key_lines(root, 0)
    category_nodes = next(v for k, v in root.value if k.value == "categories").value
    categories: list[CategoryData] = []
    seen: set[str] = set()
    for item, node in zip(data["categories"], category_nodes, strict=True):
        line = node.start_mark.line + 1
        lines = _key_lines(node, 0)
        if not isinstance(item, dict):
            problems.append(
                Problem(rel, line, "een categorie moet velden hebben (slug, number, ...)")
            )
            continue
        slug = item.get("slug")
        if slug not in CATEGORY_SLUGS:
            problems.append(
                Problem(rel, lines.get("slug", line), f"onbekende categorie '{slug}'; toegestaan: "
                        + ", ".join(CATEGORY_SLUGS))
            )  # fmt: skip
            continue
        if slug in seen:
            problems.append(
                Problem(rel, lines.get("slug", line), f"categorie '{slug}' staat er dubbel in")
            )
            continue
        seen.add(slug)
        expected_number = CATEGORY_SLUGS.index(slug) + 1
        if item.get("number") != expected_number:
            problems.append(
                Problem(rel, lines.get("number", line), f"'{slug}' heeft nummer {expected_number}")
            )
        for key in ("name_nl", "name_en", "description"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                problems.append(
                    Problem(rel, lines.get(key, line), f"veld '{key}' ontbreekt of is leeg")
                )
        indicators = item.get("indicators")
        if not isinstance(indicators, dict):
            problems.append(
                Problem(rel, lines.get("indicators", line), "veld 'indicators' ontbreekt")
            )
            indicators = {}
        else:
            for phase in COMPETENCE_PHASES:
                if not _is_text_list(indicators.get(phase), 2, 3):
                    problems.append(
                        Problem(rel, lines.get("indicators", line),
                                f"'{slug}': geef bij '{phase}' twee of drie indicatoren")
                    )  # fmt: skip
        categories.append(
            CategoryData(
                slug=slug,
                number=expected_number,
                name_nl=str(item.get("name_nl", "")).strip(),
                name_en=str(item.get("name_en", "")).strip(),
                description=" ".join(str(item.get("description", "")).split()),
                indicators={phase: indicators.get(phase, []) for phase in COMPETENCE_PHASES},
            )
        )
    missing = [slug for slug in CATEGORY_SLUGS if slug not in seen]
    if missing:
        problems.append(
            Problem(rel, top.get("categories", 1), "categorieën ontbreken: " + ", ".join(missing))
        )
    return sorted(categories, key=lambda c: c.number)


def _split_lessons(body_lines: list[str], first_line: int) -> tuple[list[str], list[tuple]]:
    """Intro lines, and (title, line number, lines) per `##` lesson; fenced code is skipped."""
    intro: list[str] = []
    lessons: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for index, line in enumerate(body_lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else LESSON_HEADING_RE.match(line)
        if heading:
            lessons.append((heading.group(1), first_line + index, []))
        elif lessons:
            lessons[-1][2].append(line)
        else:
            intro.append(line)
    return intro, lessons


def parse_module(
    path: Path, rel: str, category_slugs: set[str], problems: list[Problem]
) -> ModuleData | None:
    text = _read(path, rel, problems)
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(rel, 1, "front matter ontbreekt: begin het bestand met een regel '---'")
        )
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(Problem(rel, 1, "front matter wordt niet afgesloten met een regel '---'"))
        return None
    front = "\n".join(lines[1:end])
    try:
        node = yaml.compose(front)
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, _yaml_error_line(exc, 1), f"ongeldige YAML: {exc.problem}"))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(rel, 2, "front matter moet velden bevatten (slug, title, ...)"))
        return None
    key_line = _key_lines(node, 1)
    before = len(problems)
    for key in MODULE_FIELDS:
        if key not in meta:
            problems.append(Problem(rel, 1, f"verplicht veld '{key}' ontbreekt in de front matter"))
    for key in meta:
        if key not in MODULE_FIELDS:
            problems.append(Problem(rel, key_line.get(key, 1), f"onbekend veld '{key}'"))
    slug, category = meta.get("slug"), meta.get("category")
    if "slug" in meta and not (isinstance(slug, str) and SLUG_RE.match(slug)):
        problems.append(
            Problem(rel, key_line["slug"], "slug: alleen kleine letters, cijfers en '-'")
        )
    if category is not None and category not in category_slugs:
        problems.append(
            Problem(rel, key_line.get("category", 1), f"onbekende categorie '{category}'")
        )
    if "title" in meta and not (isinstance(meta["title"], str) and meta["title"].strip()):
        problems.append(Problem(rel, key_line["title"], "title mag niet leeg zijn"))
    if "objectives" in meta and not _is_text_list(meta["objectives"]):
        problems.append(
            Problem(rel, key_line["objectives"], "objectives: een lijst van leerdoelen")
        )
    for key in ("minutes", "order"):
        value = meta.get(key)
        if key in meta and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(Problem(rel, key_line[key], f"{key} moet een heel getal zijn"))
    intro_lines, raw_lessons = _split_lessons(lines[end + 1 :], end + 2)
    if not raw_lessons:
        problems.append(
            Problem(rel, end + 2, "geen lessen: elke les begint met een kop '## Titel'")
        )
    lessons: list[LessonData] = []
    seen_slugs: dict[str, int] = {}
    for title, line, body in raw_lessons:
        lesson_slug = slugify(title)
        if lesson_slug in seen_slugs:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"twee lessen met dezelfde titel (ook op regel {seen_slugs[lesson_slug]})",
                )
            )
            continue
        seen_slugs[lesson_slug] = line
        body_md = "\n".join(body).strip()
        if not body_md:
            problems.append(Problem(rel, line, f"les '{title}' heeft geen tekst"))
        try:
            body_html = str(render_markdown(body_md))
        except Exception as exc:  # noqa: BLE001 - any failure of the renderer is a content problem
            problems.append(Problem(rel, line, f"Markdown kan niet worden weergegeven: {exc}"))
            continue
        questions = []
        if REFLECTION_TITLE_RE.search(title):
            questions = [m.group(1).strip() for m in map(NUMBERED_ITEM_RE.match, body) if m]
        lessons.append(
            LessonData(lesson_slug, title, body_md, body_html, word_count(body_md), questions, line)
        )
    if len(problems) > before:
        return None
    return ModuleData(
        slug=slug,
        category=category,
        title=meta["title"].strip(),
        objectives=[o.strip() for o in meta["objectives"]],
        minutes=meta["minutes"],
        order=meta["order"],
        intro_html=str(render_markdown("\n".join(intro_lines).strip())),
        lessons=lessons,
        source_file=rel,
    )


def load_content(root: Path) -> Content:
    """Everything under `root` (the content/ folder), checked; problems sorted by file and line."""
    content = Content()
    problems = content.problems
    categories_file = root / "categories.yaml"
    if categories_file.exists():
        content.categories = parse_categories(
            categories_file, _rel(categories_file, root), problems
        )
    else:
        problems.append(Problem(_rel(categories_file, root), 1, "bestand ontbreekt"))
    known = {c.slug for c in content.categories}
    module_files = sorted((root / "modules").glob("*.md"))
    if not module_files:
        problems.append(Problem(_rel(root / "modules", root), 1, "geen modules gevonden (*.md)"))
    slugs: dict[str, str] = {}
    for path in module_files:
        rel = _rel(path, root)
        module = parse_module(path, rel, known, problems)
        if module is None:
            continue
        if module.slug in slugs:
            problems.append(
                Problem(rel, 2, f"slug '{module.slug}' wordt al gebruikt in {slugs[module.slug]}")
            )
            continue
        slugs[module.slug] = rel
        content.modules.append(module)
    content.problems.sort(key=lambda p: (p.file, p.line))
    return content


def _rel(path: Path, root: Path) -> str:
    """Paths as a person sees them from the project folder: content/modules/x.md."""
    return str(Path(root.name) / path.relative_to(root))
