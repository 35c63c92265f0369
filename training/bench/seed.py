"""Synthetic data at a region's scale, the same on every machine (`flask bench seed`).

Everything comes from one `random.Random` with a fixed seed and is written with SQLAlchemy Core
`insert()` in batches (executemany), in one transaction: a failed seed leaves nothing behind.
Rows get their ids from here (one counter per table, starting after the highest id present), so
that children can point at parents without reading anything back; on PostgreSQL the sequences
are moved past them at the end.

Besides the background (professionals, trainers, groups, posts, quizzes, cases, evidence,
reflections) the seed makes the fixtures the benchmark's key pages need, under fixed names
(`FIXTURES`): a learner with 10,000 evidence rows, a trainer with a cohort of consenting
learners, an intervision group with a 200-post thread, and players with a pool of open case
and quiz attempts to post to.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from training.accounts.models import User
from training.accounts.passwords import hash_password
from training.cases.models import Case, CaseAttempt, CaseStep, CaseVersion
from training.competence.levels import level_for
from training.competence.models import (
    ACCEPTED,
    INVITED,
    Cohort,
    CohortMember,
    CompetenceEstimate,
    Evidence,
    SelfAssessment,
    TrainerAssessment,
)
from training.curriculum.models import Category, LessonProgress, Module
from training.extensions import db
from training.intervision.methods import METHODS
from training.intervision.models import (
    FACILITATOR,
    MEMBER,
    HelpfulMark,
    IntervisionGroup,
    Membership,
    Notification,
    Post,
    Thread,
    ThreadRead,
)
from training.journal.frameworks import FRAMEWORKS
from training.journal.models import JournalEntry
from training.organisations.models import Organisation
from training.quizzes.models import Question, QuizAttempt, Response
from training.quizzes.types import question_type
from training.rules import RuleError

SEED = 14  # the number: the same data on every machine
DAYS = 730  # two years of history
DOMAIN = "bench.test"
# The fixtures, found by these names (the runner logs in with these addresses).
LEARNER_EMAIL = f"bench-learner@{DOMAIN}"
TRAINER_EMAIL = f"bench-trainer@{DOMAIN}"
PLAYER_EMAIL = "bench-player-{n:02d}@" + DOMAIN
COHORT_NAME = "Benchmark-cohort"
GROUP_NAME = "Benchmark-intervisiegroep"
THREAD_TITLE = "Benchmark: een lange casus"
ORGANISATION_SLUG = "bench-{n}"


class BenchError(RuleError):
    """The seed cannot run on this database; the message says why (in Dutch)."""


@dataclass(frozen=True)
class Size:
    professionals: int
    organisations: int
    trainers: int
    groups: int
    posts: int
    responses: int
    case_attempts: int
    evidence: int
    journal: int
    # fixtures
    learner_evidence: int = 10_000
    thread_posts: int = 200
    cohort: int = 200  # at most the learners of the first organisation
    players: int = 16
    pool: int = 400  # open case and quiz attempts per player, for the POST pages
    learner_journal: int = 250
    learner_notifications: int = 300


SIZES = {
    "S": Size(50, 2, 2, 3, 500, 5_000, 500, 12_500, 1_250),
    "M": Size(500, 2, 10, 25, 5_000, 50_000, 5_000, 125_000, 12_500),
    "L": Size(2_000, 4, 40, 100, 20_000, 200_000, 20_000, 500_000, 50_000),
    # Hidden: for the tests, seeds in about a second.
    "XS": Size(
        12,
        2,
        2,
        2,
        60,
        400,
        40,
        600,
        60,
        learner_evidence=300,
        thread_posts=30,
        cohort=5,
        players=2,
        pool=3,
        learner_journal=5,
        learner_notifications=10,
    ),  # fmt: skip
    # Hidden: XS with fixtures several times larger, for the test that pins each page's
    # queries per request as the same whatever the data size.
    "XS-wide": Size(
        40,
        2,
        2,
        2,
        200,
        1_200,
        80,
        2_000,
        200,
        learner_evidence=1_500,
        thread_posts=120,
        cohort=15,
        players=2,
        pool=3,
        learner_journal=60,
        learner_notifications=80,
    ),  # fmt: skip
}
PUBLIC_SIZES = ("S", "M", "L")

FIRST = ("Anouk", "Bram", "Chaima", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Ilias", "Jasmijn",
         "Koen", "Lotte", "Milan", "Nora", "Omar", "Puck", "Rik", "Sara", "Tess", "Yusuf")  # fmt: skip
LAST = ("Bakker", "El Idrissi", "de Groot", "Hoekstra", "Jansen", "Kok", "Mulder", "Nguyen",
        "Peters", "Smit", "Visser", "Willems", "Yilmaz", "de Wit")  # fmt: skip
SENTENCES = (
    "Ik herken dit uit mijn eigen werk in de nachtopvang.",
    "Wat zou er gebeuren als je de cliënt zelf laat bellen?",
    "Misschien helpt het om eerst samen een netwerkcirkel te tekenen.",
    "Ik vraag me af wat de naaste zelf nodig heeft om weer contact te willen.",
    "Bij ons werkte een kort driegesprek op neutraal terrein goed.",
    "Let op dat je niet de boodschapper wordt tussen de twee.",
    "Welke afspraken heeft de cliënt eerder gemaakt, en wat ging daar mis?",
    "Ik zou het tempo bij de cliënt laten, ook als dat langer duurt.",
    "Goede vraag; daar had ik zelf nog niet aan gedacht.",
    "In de volgende fase wil ik hier graag op terugkomen.",
    "Het netwerkberaad kan pas als iedereen weet waarvoor hij komt.",
    "Wat zegt de cliënt zelf over wie er nog belangrijk voor hem is?",
)


def _text(rng: random.Random, low: int = 2, high: int = 5) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(low, high)))


def _name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n * 7 + n // len(FIRST)) % len(LAST)]}"


# --- writing in batches ----------------------------------------------------------------------


class Writer:
    """Buffers rows per table and writes them with executemany, parents before children."""

    def __init__(self, conn: sa.Connection, batch: int = 5_000, progress: Callable | None = None):
        self.conn = conn
        self.batch = batch
        self.progress = progress
        self.buffers: dict[str, list[dict]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.order = [t.name for t in db.metadata.sorted_tables]
        self.next_ids: dict[str, int] = {}

    def new_id(self, table: sa.Table) -> int:
        if table.name not in self.next_ids:
            highest = self.conn.scalar(sa.select(sa.func.max(table.c.id))) or 0
            self.next_ids[table.name] = highest + 1
        value = self.next_ids[table.name]
        self.next_ids[table.name] = value + 1
        return value

    def add(self, table: sa.Table, **row) -> int | None:
        if "id" in table.c and "id" not in row:
            row["id"] = self.new_id(table)
        self.buffers[table.name].append(row)
        if len(self.buffers[table.name]) >= self.batch:
            self.flush()
        return row.get("id")

    def flush(self) -> None:
        """Everything buffered, in dependency order (a child's parent is written first)."""
        for name in self.order:
            rows = self.buffers.pop(name, None)
            if rows:
                # executemany needs the same keys in every row: a missing one is NULL
                keys = set().union(*rows)
                for row in rows:
                    if len(row) != len(keys):
                        row.update({key: None for key in keys - row.keys()})
                self.conn.execute(db.metadata.tables[name].insert(), rows)
                self.counts[name] += len(rows)
                if self.progress:
                    self.progress(len(rows))

    def fix_sequences(self) -> None:
        """PostgreSQL: the id sequences continue after the ids we chose."""
        if self.conn.dialect.name != "postgresql":
            return
        for name in self.next_ids:
            self.conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - our table names
                    f"(SELECT max(id) FROM {name}))"
                )
            )


def T(model) -> sa.Table:  # noqa: N802 - reads like the table it returns
    return model.__table__


# --- checks ----------------------------------------------------------------------------------


def check_database(conn: sa.Connection) -> None:
    """Refuse a database without content or with bench data already in it (Dutch messages)."""
    if not conn.scalar(sa.select(sa.func.count()).select_from(T(Category))):
        raise BenchError(
            "Deze database heeft nog geen inhoud. Voer eerst `flask content sync` uit en "
            "daarna opnieuw `flask bench seed`."
        )
    if not conn.scalar(
        sa.select(sa.func.count())
        .select_from(T(Case))
        .where(Case.published_version_id.is_not(None))
    ):
        raise BenchError(
            "Er zijn geen gepubliceerde casussen. Voer eerst `flask content sync` uit."
        )
    taken = conn.scalar(
        sa.select(sa.func.count())
        .select_from(T(Organisation))
        .where(Organisation.slug == ORGANISATION_SLUG.format(n=1))
    )
    if taken:
        raise BenchError(
            "Deze database heeft al benchmarkgegevens. Gebruik een nieuwe, lege database "
            "(flask db upgrade en flask content sync) voor een nieuwe seed."
        )


# --- the seed --------------------------------------------------------------------------------


@dataclass
class Content:
    categories: list[Category]
    modules: list[Module]
    questions: dict[int, list[tuple[int, str, list[tuple[dict, float]]]]]  # category id -> ...
    cases: list[tuple[int, int, dict]]  # case id, version id, data


def _given(question: Question, right: bool, rng: random.Random) -> dict | None:
    answers = question.answers
    best = max(answers, key=lambda a: a.fraction)
    worst = min(answers, key=lambda a: a.fraction)
    qtype = question.qtype
    if qtype == "truefalse":
        return {"choice": (best if right else worst).text}
    if qtype == "single":
        return {"answer_ids": [(best if right else worst).id]}
    if qtype == "multiple":
        good = [a.id for a in answers if a.fraction > 0]
        return {"answer_ids": good if right else [worst.id]}
    if qtype == "shortanswer":
        return {"text": best.text.replace("*", "") if right else "weet ik niet"}
    if qtype == "numerical":
        return {"value": best.text if right else "0"}
    if qtype == "matching":
        pairs = {str(a.id): a.match_text for a in answers if a.text}
        if not right and len(pairs) > 1:
            keys = list(pairs)
            pairs[keys[0]], pairs[keys[1]] = pairs[keys[1]], pairs[keys[0]]
        return {"pairs": pairs}
    return None


def _load_content(rng: random.Random) -> Content:
    categories = list(db.session.scalars(sa.select(Category).order_by(Category.number)))
    modules = list(
        db.session.scalars(
            sa.select(Module).where(Module.retired.is_(False)).order_by(Module.position, Module.id)
        )
    )
    questions: dict[int, list] = defaultdict(list)
    for question in db.session.scalars(
        sa.select(Question)
        .where(Question.retired.is_(False), Question.category_id.is_not(None))
        .order_by(Question.id)
    ):
        if not question.kind.carries_marks or question.kind.graded_by_trainer:
            continue
        variants = []
        for right in (True, False):
            given = _given(question, right, rng)
            grade = question_type(question.qtype).grade(question, given).fraction
            variants.append((given, grade if grade is not None else 0.0))
        questions[question.category_id].append((question.id, question.name, variants))
    cases = [
        (case_id, version_id, data)
        for case_id, version_id, data in db.session.execute(
            sa.select(Case.id, CaseVersion.id, CaseVersion.data)
            .join(CaseVersion, CaseVersion.id == Case.published_version_id)
            .where(Case.retired.is_(False))
            .order_by(Case.slug)
        )
    ]
    return Content(categories, modules, questions, cases)


def _walk(data: dict, rng: random.Random, stop_at_decision: bool = False):
    """Steps (node id, choice index, reflection) from the start to an ending, and the ending."""
    nodes = {str(n["id"]): n for n in data["nodes"]}
    current = str(data["start"])
    steps = []
    for _ in range(200):
        node = nodes[current]
        kind = node.get("type")
        if kind == "ending":
            return steps, current
        if kind == "decision":
            if stop_at_decision:
                return steps, current
            index = rng.randrange(len(node["choices"]))
            steps.append((current, index, None))
            current = str(node["choices"][index]["next"])
        else:
            reflection = _text(rng, 1, 2) if kind == "reflection" else None
            steps.append((current, None, reflection))
            current = str(node["next"])
    raise BenchError(f"Casus zonder einde: {data.get('slug')}")


class Seeder:
    def __init__(self, size: Size, password_hash: str, writer: Writer, today: datetime):
        self.size = size
        self.hash = password_hash
        self.w = writer
        self.now = today
        self.start = today - timedelta(days=DAYS)
        self.rng = random.Random(SEED)  # noqa: S311 - synthetic data, the same on every machine
        self.content = _load_content(random.Random(SEED))  # noqa: S311
        self.orgs: list[tuple[int, str]] = []
        self.learners_by_org: dict[int, list[int]] = defaultdict(list)
        self.trainers_by_org: dict[int, list[int]] = defaultdict(list)
        self.professionals: list[int] = []
        self.learner_id = 0
        self.trainer_id = 0
        self.players: list[int] = []

    def when(self, early: float = 0.0) -> datetime:
        """A moment in the two years (from `early` of the way on), at office hours."""
        day = self.start + timedelta(days=self.rng.uniform(early * DAYS, DAYS - 1))
        return day.replace(hour=self.rng.randint(8, 18), minute=self.rng.randint(0, 59))

    def run(self) -> None:
        self.organisations()
        self.users()
        self.progress()
        self.quizzes()
        self.cases()
        self.competence()
        self.cohorts()
        self.intervision()
        self.journal()
        self.w.flush()
        self.w.fix_sequences()

    # --- people

    def organisations(self) -> None:
        for n in range(1, self.size.organisations + 1):
            name = f"Benchmark-organisatie {n}"
            oid = self.w.add(
                T(Organisation), name=name, slug=ORGANISATION_SLUG.format(n=n),
                email_domains=[f"org{n}.{DOMAIN}"], settings={}, created_at=self.start,
            )  # fmt: skip
            self.orgs.append((oid, name))

    def user(self, email: str, name: str, org: tuple[int, str], role: str = "learner") -> int:
        created = self.when() - timedelta(days=DAYS)
        return self.w.add(
            T(User), email=email, name=name, organisation=org[1], organisation_id=org[0],
            password_hash=self.hash, role=role, locale="nl", session_version=1,
            created_at=created, email_verified_at=created, last_login_at=self.when(0.9),
        )  # fmt: skip

    def users(self) -> None:
        size, orgs = self.size, self.orgs
        first = orgs[0]
        self.learner_id = self.user(LEARNER_EMAIL, "Bench Deelnemer", first)
        self.trainer_id = self.user(TRAINER_EMAIL, "Bench Trainer", first, "trainer")
        for n in range(1, size.players + 1):
            self.players.append(self.user(PLAYER_EMAIL.format(n=n), f"Bench Speler {n}", first))
        for n in range(size.professionals):
            org = orgs[n % len(orgs)]
            uid = self.user(
                f"deelnemer{n + 1:05d}@org{orgs.index(org) + 1}.{DOMAIN}", _name(n), org
            )
            self.learners_by_org[org[0]].append(uid)
            self.professionals.append(uid)
        for n in range(size.trainers):
            org = orgs[n % len(orgs)]
            uid = self.user(
                f"trainer{n + 1:03d}@org{orgs.index(org) + 1}.{DOMAIN}",
                _name(n + 7),
                org,
                "trainer",
            )
            self.trainers_by_org[org[0]].append(uid)
        for index, org in enumerate(orgs, start=1):
            self.user(f"beheerder@org{index}.{DOMAIN}", f"Beheerder {index}", org, "beheerder")

    # --- lessons

    def progress(self) -> None:
        modules = [
            (m, [lsn.id for lsn in m.lessons if not lsn.retired]) for m in self.content.modules
        ]
        for uid in [self.learner_id, *self.professionals]:
            for _module, lessons in modules:
                if uid != self.learner_id and self.rng.random() < 0.4:
                    continue
                done = (
                    len(lessons) if self.rng.random() < 0.6 else self.rng.randint(1, len(lessons))
                )
                for lesson_id in lessons[:done]:
                    self.w.add(
                        T(LessonProgress),
                        user_id=uid,
                        lesson_id=lesson_id,
                        completed_at=self.when(),
                    )

    # --- quizzes

    def quiz_modules(self) -> list[Module]:
        return [m for m in self.content.modules if m.category_id in self.content.questions]

    def quizzes(self) -> None:
        modules = self.quiz_modules()
        per = 8
        attempts = self.size.responses // per
        for _ in range(attempts):
            uid = self.rng.choice(self.professionals)
            module = self.rng.choice(modules)
            pool = self.content.questions[module.category_id]
            questions = self.rng.sample(pool, min(per, len(pool)))
            self._graded(uid, module, questions, self.when(), self.rng.uniform(0.3, 0.95))
        # the players' pools: open module quizzes with the same eight closed questions
        module = modules[0]
        closed = [q for q in self.content.questions[module.category_id] if _is_closed(q[2][0][0])][
            :per
        ]
        for uid in self.players:
            for _ in range(self.size.pool):
                aid = self.w.add(
                    T(QuizAttempt), user_id=uid, kind="module", module_id=module.id,
                    categories=[module.category.slug], state="open", max_score=0.0,
                    started_at=self.now - timedelta(minutes=5),
                )  # fmt: skip
                for position, (qid, _name, _variants) in enumerate(closed):
                    self.w.add(
                        T(Response), attempt_id=aid, question_id=qid, position=position,
                        grader_comment="",
                    )  # fmt: skip

    def _graded(self, uid, module, questions, when, ability) -> None:
        drawn = [
            (qid, variants[0 if self.rng.random() < ability else 1])
            for qid, _n, variants in questions
        ]
        score = round(sum(fraction for _qid, (_given, fraction) in drawn), 5)
        aid = self.w.add(
            T(QuizAttempt), user_id=uid, kind="module", module_id=module.id,
            categories=[module.category.slug], state="graded", score=score,
            max_score=float(len(drawn)), started_at=when - timedelta(minutes=12),
            submitted_at=when,
        )  # fmt: skip
        for position, (qid, (given, fraction)) in enumerate(drawn):
            self.w.add(
                T(Response), attempt_id=aid, question_id=qid, position=position, given=given,
                fraction=fraction, answered_at=when - timedelta(minutes=1), grader_comment="",
            )  # fmt: skip

    # --- cases

    def cases(self) -> None:
        walks = {
            case_id: [_walk(data, self.rng) for _ in range(12)]
            for case_id, _version, data in self.content.cases
        }
        for _ in range(self.size.case_attempts):
            uid = self.rng.choice(self.professionals)
            case_id, version_id, _data = self.rng.choice(self.content.cases)
            steps, ending = self.rng.choice(walks[case_id])
            finished = self.rng.random() < 0.75
            if not finished:
                cut = self.rng.randrange(len(steps))
                steps, current = steps[:cut], steps[cut][0]
            else:
                current = ending
            self._case_attempt(uid, case_id, version_id, steps, current, finished, self.when())
        # the players' pools: open attempts waiting at the first decision of the first case
        case_id, version_id, data = self.content.cases[0]
        steps, decision = _walk(data, random.Random(SEED), stop_at_decision=True)  # noqa: S311
        for uid in self.players:
            for _ in range(self.size.pool):
                self._case_attempt(
                    uid, case_id, version_id, steps, decision, False, self.now - timedelta(hours=1)
                )

    def _case_attempt(self, uid, case_id, version_id, steps, current, finished, when) -> None:
        aid = self.w.add(
            T(CaseAttempt), user_id=uid, case_id=case_id, version_id=version_id,
            current_node=current, state="finished" if finished else "open",
            ending_node=current if finished else None, started_at=when,
            finished_at=when + timedelta(minutes=20) if finished else None,
        )  # fmt: skip
        for position, (node_id, choice, reflection) in enumerate(steps):
            self.w.add(
                T(CaseStep), attempt_id=aid, position=position, node_id=node_id,
                choice_index=choice, reflection=reflection,
                taken_at=when + timedelta(minutes=position),
            )  # fmt: skip

    # --- competence

    def competence(self) -> None:
        categories = [c.id for c in self.content.categories]
        share = self.size.evidence / max(1, len(self.professionals))
        for uid in self.professionals:
            count = max(1, int(share * self.rng.uniform(0.4, 1.6)))
            chosen = self.rng.sample(categories, self.rng.randint(3, len(categories)))
            self._evidence(uid, chosen, count)
            for category_id in chosen[: self.rng.randint(1, len(chosen))]:
                self.w.add(
                    T(SelfAssessment), user_id=uid, category_id=category_id,
                    level=self.rng.randint(1, 4), note="", created_at=self.when(0.5),
                )  # fmt: skip
        self._evidence(self.learner_id, categories, self.size.learner_evidence)
        for category_id in categories:
            self.w.add(
                T(SelfAssessment), user_id=self.learner_id, category_id=category_id,
                level=self.rng.randint(1, 4), note="Mijn inschatting (benchmark).",
                created_at=self.when(0.8),
            )  # fmt: skip

    def _evidence(self, uid: int, categories: list[int], count: int) -> None:
        kinds = ("quiz", "case", "trainer", "self", "peer")
        weights = (60, 20, 5, 5, 10)
        per_category: dict[int, list[tuple[datetime, float, str]]] = defaultdict(list)
        base = {c: self.rng.uniform(0.2, 0.6) for c in categories}
        for _ in range(count):
            category_id = self.rng.choice(categories)
            moment = self.when()
            growth = (moment - self.start).days / DAYS * 0.35
            score = min(1.0, max(0.0, base[category_id] + growth + self.rng.uniform(-0.2, 0.2)))
            kind = self.rng.choices(kinds, weights)[0]
            per_category[category_id].append((moment, round(score, 4), kind))
        for category_id, rows in per_category.items():
            rows.sort()
            days: dict = {}
            mastery = None
            for number, (moment, score, kind) in enumerate(rows, start=1):
                self.w.add(
                    T(Evidence), user_id=uid, category_id=category_id, kind=kind, score=score,
                    source=f"{kind} (benchmark) {moment:%Y-%m-%d}", recorded_at=moment,
                )  # fmt: skip
                # the decaying average (weight 65), as update_estimate computes it
                mastery = score if mastery is None else mastery * 0.35 + score * 0.65
                days[moment.date()] = (mastery, number, moment)
            last = max(days)
            for day, (value, number, moment) in days.items():
                rounded = round(value, 2)
                self.w.add(
                    T(CompetenceEstimate), user_id=uid, category_id=category_id, day=day,
                    score=rounded, level=level_for(rounded).number, evidence_count=number,
                    is_current=day == last, updated_at=moment,
                )  # fmt: skip

    def cohorts(self) -> None:
        first = self.orgs[0][0]
        members = [self.learner_id, *self.learners_by_org[first]][: self.size.cohort]
        cid = self.w.add(
            T(Cohort), name=COHORT_NAME, organisation_id=first, trainer_id=self.trainer_id,
            created_at=self.start,
        )  # fmt: skip
        for uid in members:
            self.w.add(
                T(CohortMember), cohort_id=cid, user_id=uid, status=ACCEPTED,
                invited_at=self.start, accepted_at=self.start + timedelta(days=2),
            )  # fmt: skip
        for category in self.content.categories[:3]:
            self.w.add(
                T(TrainerAssessment), learner_id=self.learner_id, trainer_id=self.trainer_id,
                category_id=category.id, level=self.rng.randint(1, 4), indicators=[],
                comment=_text(self.rng, 1, 2), created_at=self.when(0.7),
            )  # fmt: skip
        for (org_id, _name), trainers in [(o, self.trainers_by_org[o[0]]) for o in self.orgs]:
            learners = self.learners_by_org[org_id]
            for trainer in trainers:
                cid = self.w.add(
                    T(Cohort), name=f"Cohort {trainer}", organisation_id=org_id,
                    trainer_id=trainer, created_at=self.start,
                )  # fmt: skip
                for uid in self.rng.sample(learners, min(len(learners), self.rng.randint(15, 30))):
                    accepted = self.rng.random() < 0.85
                    self.w.add(
                        T(CohortMember), cohort_id=cid, user_id=uid,
                        status=ACCEPTED if accepted else INVITED, invited_at=self.start,
                        accepted_at=self.start + timedelta(days=3) if accepted else None,
                    )  # fmt: skip

    # --- intervision

    def intervision(self) -> None:
        size = self.size
        budget = [size.posts // size.groups] * size.groups
        budget[-1] += size.posts - sum(budget)
        for number in range(size.groups):
            org_id = self.orgs[number % len(self.orgs)][0]
            learners = self.learners_by_org[org_id]
            members = self.rng.sample(learners, min(len(learners), self.rng.randint(6, 10)))
            trainers = self.trainers_by_org[org_id]
            facilitator = trainers[number % len(trainers)] if trainers else members[0]
            self._group(f"Intervisiegroep {number + 1}", facilitator, members, budget[number])
        first = self.orgs[0][0]
        others = [u for u in self.learners_by_org[first] if u != self.learner_id][:8]
        self._group(
            GROUP_NAME, self.trainer_id, [self.learner_id, *others], 0,
            fixture_posts=size.thread_posts,
        )  # fmt: skip

    def _group(self, name, facilitator, members, posts, fixture_posts: int = 0) -> None:
        members = [m for m in members if m != facilitator]
        gid = self.w.add(
            T(IntervisionGroup), name=name, purpose=_text(self.rng, 1, 2),
            rules="Wat we hier bespreken, blijft in de groep.", retention_days=None,
            created_at=self.start,
        )  # fmt: skip
        everyone = [facilitator, *members]
        for uid in everyone:
            self.w.add(
                T(Membership), group_id=gid, user_id=uid,
                role=FACILITATOR if uid == facilitator else MEMBER, joined_at=self.start,
            )  # fmt: skip
        if fixture_posts:
            self._thread(gid, everyone, fixture_posts, THREAD_TITLE, closed=False)
            for _ in range(self.size.learner_notifications):
                self.w.add(
                    T(Notification), user_id=self.learner_id, kind="post", group_id=gid,
                    thread_id=self.w.next_ids[T(Thread).name] - 1,
                    actor_id=self.rng.choice(members[1:] or everyone),
                    created_at=self.when(0.9), read_at=None if self.rng.random() < 0.3 else self.now,
                )  # fmt: skip
        while posts > 0:
            length = (
                self.rng.randint(200, 260) if self.rng.random() < 0.04 else self.rng.randint(3, 30)
            )
            length = min(length, posts)
            posts -= length
            title = f"Casus {self.rng.randint(1, 999)}: {self.rng.choice(SENTENCES)[:60]}"
            self._thread(gid, everyone, length, title, closed=self.rng.random() < 0.5)

    def _thread(self, gid, everyone, length, title, closed) -> None:
        method = self.rng.choice(list(METHODS))
        phases = len(METHODS[method].phases)
        phase = phases - 1 if closed else self.rng.randrange(phases)
        inbrenger = self.rng.choice(everyone)
        began = self.when()
        tid = self.w.new_id(T(Thread))
        posts: list[dict] = []
        marks: list[dict] = []
        notices: list[dict] = []
        post_ids: list[int] = []
        moment = began
        for index in range(length):
            moment = moment + timedelta(minutes=self.rng.randint(5, 600))
            author = self.rng.choice(everyone)
            reply = self.rng.choice(post_ids) if post_ids and self.rng.random() < 0.2 else None
            pid = self.w.new_id(T(Post))
            posts.append(
                dict(
                    id=pid, thread_id=tid, author_id=author,
                    phase=min(phase, index * phases // max(1, length)),
                    body=_text(self.rng), categories=[], reply_to_id=reply, created_at=moment,
                    edited_at=moment + timedelta(minutes=3) if self.rng.random() < 0.05 else None,
                    removed_at=moment + timedelta(hours=1) if self.rng.random() < 0.01 else None,
                )
            )  # fmt: skip
            post_ids.append(pid)
            if self.rng.random() < 0.1:
                for uid in self.rng.sample(everyone, min(2, len(everyone))):
                    if uid != author:
                        marks.append(dict(post_id=pid, user_id=uid, created_at=moment))
            for uid in self.rng.sample(everyone, min(2, len(everyone))):
                if uid != author:
                    notices.append(
                        dict(
                            user_id=uid, kind="post", group_id=gid, thread_id=tid,
                            actor_id=author, created_at=moment,
                            read_at=moment + timedelta(hours=2) if self.rng.random() < 0.8 else None,
                        )
                    )  # fmt: skip
        # the thread first (its counters are known now), then what points at it
        self.w.add(
            T(Thread), id=tid, group_id=gid, inbrenger_id=inbrenger, title=title[:200],
            situation=_text(self.rng, 3, 6), question=self.rng.choice(SENTENCES), method=method,
            phase=phase, state="closed" if closed else "open",
            takeaway=_text(self.rng, 1, 2) if closed else None, takeaway_categories=[],
            post_count=length, last_post_id=post_ids[-1] if post_ids else 0,
            last_post_at=moment if post_ids else None, created_at=began,
            closed_at=began + timedelta(days=14) if closed else None,
        )  # fmt: skip
        for table, rows in ((T(Post), posts), (T(HelpfulMark), marks), (T(Notification), notices)):
            for row in rows:
                self.w.add(table, **row)
        for uid in everyone:
            if uid != self.learner_id and self.rng.random() < 0.5 and post_ids:
                self.w.add(
                    T(ThreadRead), thread_id=tid, user_id=uid,
                    last_read_post_id=self.rng.choice(post_ids), seen=True,
                    following=uid == inbrenger,
                )  # fmt: skip

    # --- journal

    def journal(self) -> None:
        frameworks = list(FRAMEWORKS.values())
        reflective = [
            lsn.id for m in self.content.modules for lsn in m.lessons if lsn.reflection_questions
        ]
        owners = [self.learner_id] * self.size.learner_journal + [
            self.rng.choice(self.professionals) for _ in range(self.size.journal)
        ]
        for uid in owners:
            framework = self.rng.choice(frameworks)
            created = self.when()
            category = self.rng.choice(self.content.categories) if self.rng.random() < 0.7 else None
            lesson = self.rng.choice(reflective) if reflective and self.rng.random() < 0.2 else None
            self.w.add(
                T(JournalEntry), user_id=uid, title=f"Reflectie: {self.rng.choice(SENTENCES)[:80]}",
                framework=framework.key,
                answers={phase.key: _text(self.rng, 1, 3) for phase in framework.phases},
                prompt="", category_id=category.id if category else None, lesson_id=lesson,
                shared_with_trainers=self.rng.random() < 0.3, created_at=created,
                updated_at=created,
            )  # fmt: skip


def _is_closed(given: dict | None) -> bool:
    """A question the runner can answer by posting ids or true/false (the pool's questions)."""
    return bool(given) and ("answer_ids" in given or "choice" in given)


def planned_rows(size: Size) -> int:
    """A rough count of the rows a seed writes, for the progress bar."""
    evidence = size.evidence + size.learner_evidence
    pools = size.players * size.pool
    return (
        size.professionals * 25  # users, lesson progress, self-assessments
        + size.responses * 9 // 8
        + pools * 9
        + size.case_attempts * 7
        + pools * 2
        + evidence * 3 // 2  # evidence and estimates
        + size.posts * 4  # posts, notifications, marks, reads
        + size.thread_posts * 4
        + size.journal
        + size.learner_journal
    )


def seed(
    size_name: str,
    password_hash: str | None = None,
    password: str | None = None,
    today: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the synthetic data of one size; returns the rows written per table.

    Commits nothing: the caller commits (the CLI) or rolls back. Raises BenchError with a
    Dutch message when the database is not ready or already seeded.
    """
    size = SIZES[size_name]
    conn = db.session.connection()
    check_database(conn)
    if password_hash is None:
        password_hash = hash_password(password or "")
    today = (today or datetime.now(UTC)).replace(second=0, microsecond=0)
    writer = Writer(conn, progress=progress)
    Seeder(size, password_hash, writer, today).run()
    db.session.expire_all()
    return dict(writer.counts)


# --- finding the fixtures --------------------------------------------------------------------


def fixtures() -> dict:
    """What the benchmark needs to find its pages: ids, slugs and each player's pool."""
    users = dict(
        db.session.execute(
            sa.select(User.email, User.id).where(User.email.like(f"bench-%@{DOMAIN}"))
        ).all()
    )
    if LEARNER_EMAIL not in users:
        raise BenchError("Geen benchmarkgegevens gevonden: voer eerst `flask bench seed` uit.")
    thread_id = db.session.scalar(sa.select(Thread.id).where(Thread.title == THREAD_TITLE))
    cohort_id = db.session.scalar(sa.select(Cohort.id).where(Cohort.name == COHORT_NAME))
    cohort_size = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(CohortMember)
        .where(CohortMember.cohort_id == cohort_id)
    )
    thread_posts = db.session.scalar(
        sa.select(sa.func.count()).select_from(Post).where(Post.thread_id == thread_id)
    )
    learner_evidence = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Evidence)
        .where(Evidence.user_id == users[LEARNER_EMAIL])
    )
    module = db.session.scalar(
        sa.select(Module)
        .where(Module.retired.is_(False), Module.category_id.is_not(None))
        .order_by(Module.position, Module.id)
    )
    lesson = next(lsn for lsn in module.lessons if not lsn.retired)
    players = []
    for email in sorted(e for e in users if e.startswith("bench-player-")):
        uid = users[email]
        case_rows = db.session.execute(
            sa.select(CaseAttempt.id, Case.slug, CaseAttempt.current_node)
            .join(Case, Case.id == CaseAttempt.case_id)
            .where(CaseAttempt.user_id == uid, CaseAttempt.state == "open")
            .order_by(CaseAttempt.id)
        ).all()
        quiz_ids = list(
            db.session.scalars(
                sa.select(QuizAttempt.id)
                .where(QuizAttempt.user_id == uid, QuizAttempt.state == "open")
                .order_by(QuizAttempt.id)
            )
        )
        players.append(
            {
                "email": email,
                "cases": [[r.id, r.slug, r.current_node] for r in case_rows],
                "quizzes": quiz_ids,
            }
        )
    quiz_form = {}
    if players and players[0]["quizzes"]:
        attempt = db.session.get(QuizAttempt, players[0]["quizzes"][0])
        for response in attempt.responses:
            given = _given(response.question, True, random.Random(SEED))  # noqa: S311
            if "choice" in given:
                quiz_form[f"q{response.question_id}"] = [given["choice"]]
            else:
                quiz_form[f"q{response.question_id}"] = [str(i) for i in given["answer_ids"]]
    return {
        "learner": {
            "email": LEARNER_EMAIL,
            "id": users[LEARNER_EMAIL],
            "evidence": learner_evidence,
        },
        "trainer": {"email": TRAINER_EMAIL, "id": users[TRAINER_EMAIL]},
        "cohort": {"id": cohort_id, "members": cohort_size},
        "thread": {"id": thread_id, "posts": thread_posts},
        "module": module.slug,
        "lesson": lesson.slug,
        "players": players,
        "quiz_form": quiz_form,
    }


def table_counts() -> dict[str, int]:
    """Rows per table (for the determinism check and the report)."""
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(table))
    return counts
