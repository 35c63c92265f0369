"""Item-writing rules: questions and case choices must not give their answer away by their form.

A test-wise learner picks the longest option, trusts hedged statements and distrusts absolute
ones. These checks read the parsed question bank and case library (no database) and report
per item (a warning) and over the whole library (an error when a share passes its limit).
Questions say what they test with a GIFT comment tag, as Moodle writes them: `// [tag:toepassing]`
for a situation that asks for an action or interpretation, `// [tag:kennis]` for recall.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

LONGEST_SHARE_LIMIT = 0.25  # right answer strictly longest: at most a quarter of single choice
STERK_SHARE_LIMIT = 1 / 3  # sterk choice strictly longest: at most a third of decisions
APPLICATION_SHARE_MIN = 0.60  # at least 60% of the questions are application questions
CLEAR_MARGIN = 1.15  # a warning when the giveaway option is 15% longer than the next one
SAME_PATTERN_LIMIT = 0.5  # at most half of the decisions have one sterk, one redelijk, one zwak

APPLICATION, RECALL = "toepassing", "kennis"
KINDS = (APPLICATION, RECALL)

# Words that let a true/false statement be answered from its wording: absolute words make a
# statement likely false, hedges make it likely true.
GIVEAWAY_WORDS = (
    "altijd",
    "nooit",
    "alle",
    "allemaal",
    "iedereen",
    "niemand",
    "geen enkele",
    "uitsluitend",
    "alleen maar",
    "volledig",
    "helemaal",
    "per definitie",
    "in alle gevallen",
    "zonder uitzondering",
    "kan",
    "kunnen",
    "soms",
    "vaak",
    "meestal",
    "zelden",
    "mogelijk",
    "niet per se",
    "hoeft niet",
    "hoef je niet",
    "hoeven niet",
)
_GIVEAWAY = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in GIVEAWAY_WORDS) + r")(?![\w-])", re.IGNORECASE
)
_MARKUP = re.compile(r"<[^>]+>|[*_`#>\[\]()]")


@dataclass(frozen=True)
class Finding:
    where: str  # "content/questions/x.gift:12" or "cases/y.yaml:1"
    message: str
    error: bool = False

    def __str__(self) -> str:
        kind = "fout" if self.error else "waarschuwing"
        return f"{self.where}: {kind}: {self.message}"


def visible_length(text: str) -> int:
    """Characters a reader sees: markup and repeated spaces do not count."""
    return len(" ".join(_MARKUP.sub("", text or "").split()))


def longest_margin(lengths: list[int], index: int) -> float | None:
    """How much longer option `index` is than the longest other option; None if not strictly longest."""
    others = [n for i, n in enumerate(lengths) if i != index]
    if not others or lengths[index] <= max(others):
        return None
    return lengths[index] / max(max(others), 1)


# --- questions --------------------------------------------------------------------------------


def is_single_choice(question) -> bool:
    """Single choice with three or more options and one fully right answer."""
    return (
        question.qtype == "single"
        and len(question.answers) >= 3
        and sum(1 for a in question.answers if a.fraction >= 1.0) == 1
    )


def right_is_longest(question) -> float | None:
    lengths = [visible_length(a.text) for a in question.answers]
    right = next(i for i, a in enumerate(question.answers) if a.fraction >= 1.0)
    return longest_margin(lengths, right)


def giveaway_words(statement: str) -> list[str]:
    return sorted({m.group(1).lower() for m in _GIVEAWAY.finditer(statement or "")})


def question_kind(question) -> str | None:
    kinds = [t for t in getattr(question, "tags", []) if t in KINDS]
    return kinds[0] if len(kinds) == 1 else None


@dataclass
class BankFigures:
    single_choice: int = 0
    right_longest: int = 0
    truefalse: int = 0
    truefalse_giveaway: int = 0
    application: int = 0
    recall: int = 0
    untagged: int = 0

    @property
    def right_longest_share(self) -> float:
        return self.right_longest / self.single_choice if self.single_choice else 0.0

    @property
    def application_share(self) -> float:
        tagged = self.application + self.recall + self.untagged
        return self.application / tagged if tagged else 0.0


def check_bank(files: list[tuple[str, list]]) -> tuple[BankFigures, list[Finding]]:
    """Findings for every question of [(file, questions)] and for the bank as a whole."""
    figures, findings = BankFigures(), []
    for rel, questions in files:
        for q in questions:
            where = f"{rel}:{q.line}"
            kind = question_kind(q)
            if kind == APPLICATION:
                figures.application += 1
            elif kind == RECALL:
                figures.recall += 1
            elif q.qtype != "description":
                figures.untagged += 1
                findings.append(
                    Finding(
                        where,
                        f"vraag '{q.name}' zegt niet wat ze toetst: geef haar "
                        "// [tag:toepassing] of // [tag:kennis]",
                    )
                )
            if is_single_choice(q):
                figures.single_choice += 1
                margin = right_is_longest(q)
                if margin is not None:
                    figures.right_longest += 1
                    if margin >= CLEAR_MARGIN:
                        findings.append(
                            Finding(
                                where,
                                f"vraag '{q.name}': het juiste antwoord is duidelijk het "
                                f"langste ({margin:.0%} van het langste andere)",
                            )
                        )
            elif q.qtype == "truefalse":
                figures.truefalse += 1
                words = giveaway_words(q.text)
                if words:
                    figures.truefalse_giveaway += 1
                    findings.append(
                        Finding(
                            where,
                            f"juist/onjuist-vraag '{q.name}' verraadt zich door "
                            f"{', '.join(repr(w) for w in words)}",
                        )
                    )
    where = "content/questions"
    if figures.single_choice and figures.right_longest_share > LONGEST_SHARE_LIMIT:
        findings.append(
            Finding(
                where,
                f"in {figures.right_longest} van de {figures.single_choice} "
                f"meerkeuzevragen ({figures.right_longest_share:.0%}) is het juiste "
                f"antwoord het langste (hoogstens {LONGEST_SHARE_LIMIT:.0%})",
                error=True,
            )
        )
    total = figures.application + figures.recall + figures.untagged
    if total and figures.application_share < APPLICATION_SHARE_MIN:
        findings.append(
            Finding(
                where,
                f"{figures.application} van de {total} vragen ({figures.application_share:.0%}) "
                f"zijn toepassingsvragen (minstens {APPLICATION_SHARE_MIN:.0%})",
                error=True,
            )
        )
    return figures, findings


# --- cases ------------------------------------------------------------------------------------


@dataclass
class CaseFigures:
    decisions: int = 0
    with_sterk: int = 0
    sterk_longest: int = 0
    same_pattern: int = 0

    @property
    def sterk_longest_share(self) -> float:
        return self.sterk_longest / self.with_sterk if self.with_sterk else 0.0


def sterk_is_longest(choices: list[dict]) -> float | None:
    """The margin when one sterk choice is strictly the longest of the decision, else None."""
    lengths = [visible_length(c.get("text", "")) for c in choices]
    longest = max(range(len(choices)), key=lengths.__getitem__)
    if choices[longest].get("quality") != "sterk":
        return None
    return longest_margin(lengths, longest)


def check_cases(files: list[tuple[str, dict]]) -> tuple[CaseFigures, list[Finding]]:
    figures, findings = CaseFigures(), []
    names: dict[str, list[str]] = {}
    for rel, data in files:
        name = str((data.get("client") or {}).get("name") or "").strip().lower()
        if name:
            names.setdefault(name, []).append(rel)
        for node in data.get("nodes") or []:
            choices = node.get("choices") or []
            if node.get("type") != "decision" or len(choices) < 2:
                continue
            figures.decisions += 1
            qualities = Counter(c.get("quality") for c in choices)
            if sorted(qualities.elements()) == ["redelijk", "sterk", "zwak"]:
                figures.same_pattern += 1
            if not qualities["sterk"]:
                continue
            figures.with_sterk += 1
            margin = sterk_is_longest(choices)
            if margin is not None:
                figures.sterk_longest += 1
                if margin >= CLEAR_MARGIN:
                    findings.append(
                        Finding(
                            f"{rel}:1",
                            f"beslismoment '{node.get('id')}': de sterke keuze is "
                            f"duidelijk de langste ({margin:.0%})",
                        )
                    )
    for name, where in sorted(names.items()):
        if len(where) > 1:
            findings.append(
                Finding(
                    where[0] + ":1",
                    f"de naam '{name.title()}' komt in {len(where)} casussen "
                    f"voor ({', '.join(where)}): kies verschillende namen",
                )
            )
    where = "cases"
    if figures.with_sterk and figures.sterk_longest_share > STERK_SHARE_LIMIT:
        findings.append(
            Finding(
                where,
                f"in {figures.sterk_longest} van de {figures.with_sterk} beslismomenten "
                f"({figures.sterk_longest_share:.0%}) is de sterke keuze de langste "
                f"(hoogstens een derde)",
                error=True,
            )
        )
    if figures.decisions and figures.same_pattern / figures.decisions > SAME_PATTERN_LIMIT:
        findings.append(
            Finding(
                where,
                f"{figures.same_pattern} van de {figures.decisions} beslismomenten hebben "
                "precies één sterke, één redelijke en één zwakke keuze: wissel af",
            )
        )
    return figures, findings
