"""Case rules: files and versions, playing (steps, score branches, resume), debrief, statistics."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml
from flask_babel import lazy_gettext as _l

from training import safeyaml
from training.accounts.models import User
from training.cases.errors import CaseError
from training.cases.graph import fewest_decisions, nodes_by_id, validate_case
from training.cases.models import Case, CaseAttempt, CaseStep, CaseVersion
from training.cases.nodes import QUALITIES, ReflectionNode, is_ending, kind_of
from training.cases.xapi import queue_step
from training.clock import utcnow
from training.competence import cohorts
from training.competence.service import record_evidence, withdraw_evidence
from training.curriculum import service as curriculum
from training.curriculum.models import Category
from training.extensions import db
from training.netmap import compare as map_compare
from training.netmap import service as netmaps
from training.netmap.models import NetworkMap

# --- YAML ----------------------------------------------------------------------------------


def to_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _line_of(text: str, node_id: str | None) -> int:
    if node_id is None:
        return 1
    match = re.search(rf"^\s*-?\s*id:\s*['\"]?{re.escape(node_id)}['\"]?\s*$", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse_case_text(text: str, known: set[str], filename: str) -> tuple[dict | None, list[str]]:
    """A case from YAML text; problems as 'FILE:LINE: message' (nothing returned on problems)."""
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [
            f"{filename}:{(mark.line + 1) if mark else 1}: ongeldige YAML: {getattr(exc, 'problem', exc)}"
        ]
    problems = validate_case(data, known)
    lines = [f"{filename}:{_line_of(text, p.node)}: {p}" for p in problems]
    if isinstance(data, dict):
        lines += [f"{filename}:1: {problem}" for problem in trainer_problems(data)]
    return (None if lines else data), lines


def library_rules(data: dict) -> list[str]:
    """What our own case library asks beyond a valid graph (cases/README.md)."""
    nodes = data.get("nodes") or []
    problems = []
    fewest = fewest_decisions(data)
    if fewest is not None and fewest < 3:
        problems.append(f"een pad naar een afloop heeft maar {fewest} beslismomenten (minstens 3)")
    if sum(1 for n in nodes if is_ending(n)) < 2:
        problems.append("een casus heeft minstens 2 verschillende aflopen")
    if not any(n.get("type") == ReflectionNode.name for n in nodes):
        problems.append("een casus heeft minstens één reflectievraag")
    if "trainer" not in data:
        problems.append(
            "een casus in de bibliotheek heeft een blok 'trainer' (minutes, discussion_questions)"
        )
    return problems


def trainer_problems(data: dict) -> list[str]:
    """The optional `trainer` block: how long the case takes in a group and what to discuss."""
    kit = data.get("trainer")
    if kit is None:
        return []
    if not isinstance(kit, dict):
        return ["'trainer' bevat de velden minutes en discussion_questions"]
    problems = []
    minutes = kit.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 240:
        problems.append("trainer.minutes is de duur in minuten (5 tot 240)")
    questions = kit.get("discussion_questions")
    if not (
        isinstance(questions, list)
        and 2 <= len(questions) <= 8
        and all(isinstance(q, str) and q.strip() for q in questions)
    ):
        problems.append("trainer.discussion_questions is een lijst van 2 tot 8 vragen (tekst)")
    return problems


def check_case_files(root: Path, known: set[str]) -> tuple[list[tuple[str, dict]], list[str]]:
    """Every cases/*.yaml beside content/; (parsed [(rel, data)], problems)."""
    folder = root.parent / "cases"
    parsed, problems, slugs = [], [], {}
    for path in sorted(folder.glob("*.yaml")):
        rel = str(Path(folder.name) / path.name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            problems.append(f"{rel}:1: het bestand kan niet als UTF-8 gelezen worden")
            continue
        data, found = parse_case_text(text, known, rel)
        problems += found
        if data is None:
            continue
        if data["slug"] != path.stem:
            problems.append(f"{rel}:1: slug '{data['slug']}' moet gelijk zijn aan de bestandsnaam")
        if data["slug"] in slugs:
            problems.append(
                f"{rel}:1: slug '{data['slug']}' wordt al gebruikt in {slugs[data['slug']]}"
            )
        slugs[data["slug"]] = rel
        problems += [f"{rel}:1: {problem}" for problem in library_rules(data)]
        parsed.append((rel, data))
    return parsed, problems


def publish_version(case: Case, data: dict, user: User | None = None) -> CaseVersion:
    """A new numbered version of `case` with `data`, which becomes the published one."""
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CaseVersion.number)).where(CaseVersion.case_id == case.id)
        )
        or 0
    )
    version = CaseVersion(case_id=case.id, number=number + 1, data=data,
                          created_by_id=user.id if user else None)  # fmt: skip
    db.session.add(version)
    db.session.flush()
    case.published_version_id = version.id
    case.published = version
    case.title = data["title"]
    case.updated_at = utcnow()
    return version


def sync_case_files(parsed: list[tuple[str, dict]]) -> dict[str, int]:
    """New or changed files publish a new version; unchanged files write nothing."""
    existing = {c.slug: c for c in db.session.scalars(sa.select(Case))}
    counts: Counter = Counter()
    seen = set()
    for rel, data in parsed:
        seen.add(data["slug"])
        case = existing.get(data["slug"])
        if case is None:
            case = Case(slug=data["slug"], title=data["title"], origin="content", source_file=rel)
            db.session.add(case)
            db.session.flush()
            publish_version(case, data)
            counts["nieuw"] += 1
        elif case.published is None or case.published.data != data or case.retired:
            case.retired = False
            case.source_file = rel
            publish_version(case, data)
            counts["nieuwe versie"] += 1
        else:
            counts["ongewijzigd"] += 1
    for slug, case in existing.items():
        if case.origin == "content" and slug not in seen and not case.retired:
            case.retired = True
            counts["teruggetrokken"] += 1
    db.session.flush()
    return dict(counts)


# --- reading -------------------------------------------------------------------------------


def categories_by_slug() -> dict[str, Category]:
    """The curriculum's categories in their order, by slug (for grouping and labels)."""
    return {c.slug: c for c in curriculum.list_categories()}


def category_slugs() -> set[str]:
    """The category slugs a case may name (what validation accepts)."""
    return set(categories_by_slug())


def cases_by_category(cases: list[Case], categories: dict[str, Category]) -> dict[str, list[Case]]:
    """Each category's published cases; a case shows under every category it practises."""
    grouped: dict[str, list[Case]] = {slug: [] for slug in categories}
    for case in cases:
        for slug in case.published.data.get("categories", []):
            if slug in grouped:
                grouped[slug].append(case)
    return grouped


def published_cases() -> list[Case]:
    return list(
        db.session.scalars(
            sa.select(Case)
            .where(Case.retired.is_(False), Case.published_version_id.is_not(None))
            .order_by(Case.title)
        ).unique()
    )


def get_case(slug: str) -> Case | None:
    return db.session.scalar(sa.select(Case).where(Case.slug == slug, Case.retired.is_(False)))


def latest_attempts(user: User) -> dict[int, CaseAttempt]:
    attempts = db.session.scalars(
        sa.select(CaseAttempt)
        .where(CaseAttempt.user_id == user.id)
        .order_by(CaseAttempt.started_at, CaseAttempt.id)
    ).unique()
    return {a.case_id: a for a in attempts}


def attempt_for_owner(user: User, attempt_id: int) -> CaseAttempt | None:
    attempt = db.session.get(CaseAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


# --- playing -------------------------------------------------------------------------------


def start_or_resume(user: User, case: Case) -> CaseAttempt:
    """An open attempt continues where it stopped; otherwise a new one on the published version."""
    open_attempt = db.session.scalar(
        sa.select(CaseAttempt).where(
            CaseAttempt.user_id == user.id,
            CaseAttempt.case_id == case.id,
            CaseAttempt.state == "open",
        )  # fmt: skip
    )
    if open_attempt is not None:
        return open_attempt
    if case.published is None:
        raise CaseError(str(_l("Deze casus is nog niet gepubliceerd.")))
    attempt = CaseAttempt(
        user_id=user.id, case_id=case.id, version_id=case.published.id,
        current_node=str(case.published.data["start"]),
    )  # fmt: skip
    db.session.add(attempt)
    db.session.flush()
    return attempt


def current_node(attempt: CaseAttempt) -> dict:
    return nodes_by_id(attempt.version.data)[attempt.current_node]


def chosen(attempt: CaseAttempt) -> list[tuple[dict, dict]]:
    """(node, choice) for every decision taken so far, in order."""
    nodes = nodes_by_id(attempt.version.data)
    return [
        (nodes[s.node_id], nodes[s.node_id]["choices"][s.choice_index])
        for s in attempt.steps
        if s.choice_index is not None
    ]


def last_choice(attempt: CaseAttempt) -> tuple[dict, dict] | None:
    """(node, choice) of the step just taken, if it was a choice: its feedback is shown next."""
    if attempt.steps and attempt.steps[-1].choice_index is not None:
        return chosen(attempt)[-1]
    return None


def reflections(attempt: CaseAttempt) -> list[CaseStep]:
    """The steps where the learner wrote a reflection, for the debrief."""
    return [s for s in attempt.steps if s.reflection]


def choice_order(attempt: CaseAttempt, node: dict) -> list[int]:
    """The order a decision's choices are shown in: shuffled, but stable for the attempt.

    Authors tend to write the strong choice first; a fixed shuffle per attempt and node keeps
    that from giving the answer away, while a reload shows the same order.
    """
    indices = list(range(len(node.get("choices") or [])))
    random.Random(f"{attempt.id}:{node.get('id')}").shuffle(indices)  # noqa: S311 - not security
    return indices


def score_so_far(attempt: CaseAttempt) -> float:
    qualities = [QUALITIES[choice["quality"]] for _, choice in chosen(attempt)]
    return sum(qualities) / len(qualities) if qualities else 0.0


def _follow(attempt: CaseAttempt, node: dict) -> str:
    score = score_so_far(attempt)
    for rule in node.get("next_if") or []:
        if score >= float(rule["min_score"]):
            return str(rule["next"])
    return str(node["next"])


def reflection_of_step(
    attempt: CaseAttempt, posted_node: str, choice: str | None, reflection: str | None
) -> str | None:
    """The reflection text this step would store, or None (no reflection, or a stale post).

    Trainers of a cohort the learner accepted read every reflection (the case statistics), so
    the view has the privacy guard check this text before `take_step` stores it.
    """
    if attempt.state != "open" or posted_node != attempt.current_node:
        return None
    node = current_node(attempt)
    try:
        return kind_of(node).read_step(node, choice, reflection).reflection
    except CaseError:
        return None  # take_step refuses it with its own message


def take_step(
    attempt: CaseAttempt, posted_node: str, choice: str | None = None, reflection: str | None = None
) -> bool:
    """Move on from the current node; False (nothing changes) for a repeated or stale post."""
    if attempt.state != "open" or posted_node != attempt.current_node:
        return False
    node = current_node(attempt)
    answer = kind_of(node).read_step(node, choice, reflection)
    drawn = learner_persons(attempt, attempt.current_node) if kind_of(node).maps_network else []
    if kind_of(node).maps_network and not drawn:
        raise CaseError(str(_l("Zet minstens één persoon op de kaart voordat je hem inlevert.")))
    step = CaseStep(
        attempt_id=attempt.id, position=len(attempt.steps), node_id=attempt.current_node,
        choice_index=answer.choice_index, reflection=answer.reflection,
    )  # fmt: skip
    attempt.steps.append(step)
    db.session.flush()
    if drawn:
        _record_map_evidence(attempt, node, drawn)
    target = answer.next if answer.next is not None else _follow(attempt, node)
    attempt.current_node = target
    ended = None
    if is_ending(nodes_by_id(attempt.version.data)[target]):
        _finish(attempt)
        ended = (score_so_far(attempt), category_scores(attempt))
    db.session.flush()
    queue_step(attempt, step, ended)
    return True


def go_back(attempt: CaseAttempt) -> bool:
    if attempt.state != "open" or not attempt.version.data.get("allow_back") or not attempt.steps:
        return False
    last = attempt.steps.pop()
    attempt.current_node = last.node_id
    db.session.delete(last)
    db.session.flush()
    if kind_of(current_node(attempt)).maps_network:
        withdraw_evidence(map_source(attempt, last.node_id))
    return True


def category_scores(attempt: CaseAttempt) -> dict[str, float]:
    """Mean quality of the choices that drew on each category (0..1)."""
    per: dict[str, list[float]] = defaultdict(list)
    for _, choice in chosen(attempt):
        for slug in choice.get("categories") or []:
            per[slug].append(QUALITIES[choice["quality"]])
    return {slug: sum(values) / len(values) for slug, values in per.items()}


def _finish(attempt: CaseAttempt) -> None:
    attempt.state = "finished"
    attempt.ending_node = attempt.current_node
    attempt.finished_at = utcnow()
    scores = category_scores(attempt)
    categories = {
        c.slug: c
        for c in db.session.scalars(sa.select(Category).where(Category.slug.in_(list(scores))))
    }
    for slug, score in scores.items():
        record_evidence(
            attempt.user, categories[slug], "case", score,
            source=f"casus '{attempt.version.data['title']}' (poging {attempt.id})",
        )  # fmt: skip


# --- network maps in cases -----------------------------------------------------------------


def map_label(attempt: CaseAttempt) -> str:
    return str((attempt.version.data.get("client") or {}).get("name") or _l("cliënt"))


def learner_map(attempt: CaseAttempt, node_id: str) -> NetworkMap | None:
    return netmaps.case_maps(attempt.id).get(node_id)


def learner_persons(attempt: CaseAttempt, node_id: str) -> list[dict]:
    found = learner_map(attempt, node_id)
    return netmaps.persons_of(found) if found is not None else []


def editable_map(attempt: CaseAttempt) -> NetworkMap:
    """The learner's map at the current node, which must be a netwerkkaart node of an open attempt."""
    node = current_node(attempt)
    if attempt.state != "open" or not kind_of(node).maps_network:
        raise CaseError(
            str(_l("Deze kaart kun je niet meer wijzigen; je bent verder in de casus."))
        )
    return netmaps.case_map(attempt.user, attempt.id, attempt.current_node, map_label(attempt))


def reference_persons(node: dict) -> list[dict]:
    """The author's reference map as person dicts (keys of their own, defaults filled in)."""
    return [
        {
            **person, "key": f"ref-{index}", "active": bool(person.get("active", True)),
            "gets": list(person.get("gets") or []), "gives": list(person.get("gives") or []),
            "note": "",
        }
        for index, person in enumerate(node.get("reference") or [])
    ]  # fmt: skip


def map_source(attempt: CaseAttempt, node_id: str) -> str:
    """The evidence source of a map handed in at a node (to withdraw it when the learner goes back)."""
    return f"netwerkkaart '{node_id}' in casus '{attempt.version.data['title'][:120]}' (poging {attempt.id})"


@dataclass
class MapReview:
    node: dict
    learner: list[dict]
    reference: list[dict]
    comparison: map_compare.Comparison


def map_reviews(attempt: CaseAttempt) -> list[MapReview]:
    """Each map the learner handed in, beside the reference map (two queries in all)."""
    nodes = nodes_by_id(attempt.version.data)
    maps = netmaps.case_maps(attempt.id)
    reviews = []
    for step in attempt.steps:
        node = nodes.get(step.node_id)
        if node is None or not kind_of(node).maps_network:
            continue
        learner = netmaps.persons_of(maps[step.node_id]) if step.node_id in maps else []
        reference = reference_persons(node)
        reviews.append(MapReview(node, learner, reference, map_compare.compare(learner, reference)))
    return reviews


def _record_map_evidence(attempt: CaseAttempt, node: dict, learner: list[dict]) -> None:
    """Bewustwording for who the learner saw; netwerk-vergroten for the dormant contacts found."""
    comparison = map_compare.compare(learner, reference_persons(node))
    scores = {"bewustwording": comparison.score}
    if comparison.dormant_score is not None:
        scores["netwerk-vergroten"] = comparison.dormant_score
    categories = {
        c.slug: c
        for c in db.session.scalars(sa.select(Category).where(Category.slug.in_(list(scores))))
    }
    source = map_source(attempt, str(node["id"]))
    for slug, score in scores.items():
        if slug in categories:
            record_evidence(attempt.user, categories[slug], "case", score, source=source)


# --- trainers ------------------------------------------------------------------------------


@dataclass
class CaseStatistics:
    version: CaseVersion
    choice_counts: Counter
    endings: Counter
    attempts: int
    finished: int
    reflections: list[tuple[str, str, str]]  # (learner name, node id, text)
    reflection_authors: list[User]  # whose reflections `reflections` shows (for the audit log)


def statistics(case: Case, reader: User) -> CaseStatistics | None:
    """Choice counts and endings of every learner (anonymous), and reflections with names.

    The reflections are only those of learners who accepted a cohort `reader` leads.
    """
    readable = cohorts.learner_ids_for(reader)
    version = case.published
    if version is None:
        return None
    attempts = list(
        db.session.scalars(
            sa.select(CaseAttempt).where(CaseAttempt.version_id == version.id)
        ).unique()
    )
    choice_counts: Counter = Counter()
    reflections = []
    authors: dict[int, User] = {}
    for attempt in attempts:
        for step in attempt.steps:
            if step.choice_index is not None:
                choice_counts[(step.node_id, step.choice_index)] += 1
            if step.reflection and attempt.user_id in readable:
                reflections.append((attempt.user.name, step.node_id, step.reflection))
                authors[attempt.user_id] = attempt.user
    endings = Counter(a.ending_node for a in attempts if a.ending_node)
    return CaseStatistics(
        version, choice_counts, endings, len(attempts),
        sum(1 for a in attempts if a.state == "finished"), reflections, list(authors.values()),
    )  # fmt: skip
