"""The item-writing rules: form must not give an answer away."""

from training.content import itemrules
from training.quizzes.gift import parse_gift


def bank(text: str, name: str = "content/questions/proef.gift"):
    return [(name, parse_gift(text))]


def single(name: str, right: str, *wrong: str, tag: str = "toepassing") -> str:
    options = " ".join([f"={right}", *(f"~{w}" for w in wrong)])
    return f"// [tag:{tag}]\n::{name}::Wat doe je? {{ {options} }}\n"


def messages(findings):
    return [str(f) for f in findings]


def test_tags_are_read_from_moodle_comment_lines():
    [question] = parse_gift(single("a", "ja", "nee", "misschien", tag="kennis"))
    assert question.tags == ["kennis"]
    assert itemrules.question_kind(question) == "kennis"


def test_a_right_answer_that_is_clearly_the_longest_is_warned_about():
    text = single(
        "lang", "Je vraagt wat hij zelf wil en spreekt een moment af", "Je belt", "Je wacht"
    )
    figures, findings = itemrules.check_bank(bank(text))
    assert figures.single_choice == 1 and figures.right_longest == 1
    assert any("proef.gift:1" in m and "duidelijk het langste" in m for m in messages(findings))


def test_a_right_answer_of_comparable_length_is_counted_but_not_warned_about():
    text = single("gelijk", "Samen een plan maken", "Zelf een plan maken", "Geen plan maken")
    figures, findings = itemrules.check_bank(bank(text))
    assert figures.right_longest == 1  # strictly longest by one character
    assert not [f for f in findings if "langste" in f.message and not f.error]


def test_markup_does_not_count_towards_length():
    assert itemrules.visible_length("**vet**  en  _schuin_") == len("vet en schuin")


def test_the_share_of_right_longest_over_the_bank_is_an_error_above_a_quarter():
    texts = [single(f"v{i}", "Samen kijken wat past", "Kort", "Wachten") for i in range(2)]
    texts += [single(f"w{i}", "Kort", "Samen kijken wat past", "Wachten") for i in range(6)]
    figures, findings = itemrules.check_bank(bank("\n".join(texts)))
    assert figures.right_longest_share == 2 / 8
    assert not [f for f in findings if f.error]
    texts.append(single("x", "Samen kijken wat past", "Kort", "Wachten"))
    figures, findings = itemrules.check_bank(bank("\n".join(texts)))
    assert figures.right_longest_share == 3 / 9
    assert [f for f in findings if f.error and "meerkeuzevragen" in f.message]


def test_true_false_statements_with_giveaway_words_are_warned_about():
    text = (
        "// [tag:kennis]\n::tf1::Een naaste hoeft niet altijd mee te beslissen. {FALSE}\n\n"
        "// [tag:kennis]\n::tf2::Een naaste beslist mee over de opvang. {FALSE}\n"
    )
    figures, findings = itemrules.check_bank(bank(text))
    assert figures.truefalse == 2 and figures.truefalse_giveaway == 1
    [finding] = [f for f in findings if "verraadt" in f.message]
    assert "'altijd'" in finding.message and "tf1" in finding.message
    assert itemrules.giveaway_words("Kan dat? Soms.") == ["kan", "soms"]
    assert itemrules.giveaway_words("Kanaal en kantoor") == []


def test_untagged_questions_are_warned_about_and_too_few_applications_is_an_error():
    text = "::los::Wat doe je? { =ja ~nee ~soms }\n\n" + single("k", "a", "b", "c", tag="kennis")
    figures, findings = itemrules.check_bank(bank(text))
    assert figures.untagged == 1 and figures.recall == 1 and figures.application == 0
    assert any("zegt niet wat ze toetst" in f.message for f in findings)
    assert [f for f in findings if f.error and "toepassingsvragen" in f.message]


def decision(node_id, *choices):
    return {
        "id": node_id,
        "type": "decision",
        "choices": [{"text": text, "quality": quality} for text, quality in choices],
    }


def case(slug, name, *nodes):
    return (f"cases/{slug}.yaml", {"slug": slug, "client": {"name": name}, "nodes": list(nodes)})


def test_a_sterk_choice_that_is_clearly_the_longest_is_warned_about_and_counted():
    files = [
        case(
            "a", "Anna",
            decision("d1", ("Je vraagt wat zij zelf het belangrijkste vindt", "sterk"),
                     ("Je regelt het", "zwak"), ("Je wacht af", "redelijk")),
            decision("d2", ("Je vraagt het haar", "sterk"),
                     ("Je beslist het zelf voor haar", "zwak"), ("Je belt haar zus", "redelijk")),
        )
    ]  # fmt: skip
    figures, findings = itemrules.check_cases(files)
    assert figures.with_sterk == 2 and figures.sterk_longest == 1
    assert any("'d1'" in f.message and "duidelijk de langste" in f.message for f in findings)
    assert [f for f in findings if f.error and "beslismomenten" in f.message]  # 1 of 2 > a third


def test_decisions_without_sterk_do_not_count_and_patterns_are_counted():
    files = [
        case(
            "b", "Bram",
            decision("d1", ("Je belt de huisarts", "redelijk"), ("Je belt zijn broer", "redelijk")),
            decision("d2", ("Kort", "sterk"), ("Iets langer", "redelijk"), ("Het langste antwoord", "zwak")),
        )
    ]  # fmt: skip
    figures, findings = itemrules.check_cases(files)
    assert figures.decisions == 2 and figures.with_sterk == 1 and figures.sterk_longest == 0
    assert figures.same_pattern == 1
    assert not [f for f in findings if f.error]


def test_the_same_client_name_in_two_cases_is_warned_about():
    files = [case("a", "Dave"), case("b", "dave"), case("c", "Esra")]
    _figures, findings = itemrules.check_cases(files)
    [finding] = [f for f in findings if "naam" in f.message]
    assert "'Dave'" in finding.message and "cases/a.yaml" in finding.message
    assert not finding.error
