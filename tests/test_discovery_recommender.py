"""The recommender and the reading of typed answers: pure functions, tested as properties."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogue.loader import load_catalogue
from bot.discovery.loader import load_quiz
from bot.discovery.recommender import (
    Answers,
    Hobby,
    Recommendation,
    Tryout,
    points,
    rank,
    recommend,
)
from bot.discovery.understand import read_age, read_answers, says_skip
from tests.conftest import DIALOGS, SAMPLE_CATALOGUE

QUIZ = load_quiz(DIALOGS)
CATEGORIES = ("sportief", "creatief", "cognitief")
SLUGS = [f"hobby-{n}" for n in range(30)]
DECEMBER = datetime(2026, 12, 1, 9, 0)

tryouts = st.builds(
    Tryout,
    event_id=st.sampled_from(["ws-a", "ws-b", "ws-c"]),
    start=st.integers(0, 30 * 24 * 4).map(lambda q: DECEMBER + timedelta(minutes=15 * q)),
    spots_left=st.one_of(st.none(), st.integers(0, 12)),
    min_age=st.one_of(st.none(), st.integers(6, 10)),
    max_age=st.one_of(st.none(), st.integers(10, 16)),
)


@st.composite
def hobby_lists(draw: st.DrawFn) -> list[Hobby]:
    slugs = draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=14))
    hobbies = []
    for slug in slugs:
        low = draw(st.integers(4, 14))
        hobbies.append(
            Hobby(
                slug=slug,
                category=draw(st.sampled_from(CATEGORIES)),
                tags=draw(st.frozensets(st.sampled_from(sorted(QUIZ.tags)), max_size=5)),
                min_age=low,
                max_age=draw(st.integers(low, 16)),
                continues_free=draw(st.booleans()),
                tryouts=tuple(sorted(draw(st.lists(tryouts, max_size=2)), key=lambda t: t.start)),
            )
        )
    return hobbies


@st.composite
def answer_sets(draw: st.DrawFn) -> Answers:
    chosen = {}
    for question in QUIZ.questions:
        if question.is_age or not draw(st.booleans()):
            continue  # skipped
        ids = [o.id for o in question.options]
        picked = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=3))
        chosen[question.id] = tuple(picked if question.multiple else picked[:1])
    return Answers(
        age=draw(st.one_of(st.none(), st.integers(4, 18))),
        chosen=chosen,
        seed=draw(st.one_of(st.just(0), st.integers(1, 2**31))),
    )


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_the_age_filter_always_holds(hobbies: list[Hobby], answers: Answers) -> None:
    for found in recommend(QUIZ, hobbies, answers):
        assert answers.age is None or found.hobby.min_age <= answers.age <= found.hobby.max_age
        assert found.tryout is None or found.tryout.fits(answers.age)


@PROPERTY
@given(hobby_lists(), answer_sets(), st.randoms(use_true_random=False))
def test_the_same_answers_give_the_same_hobbies_in_any_order(
    hobbies: list[Hobby], answers: Answers, shuffler: random.Random
) -> None:
    first = recommend(QUIZ, hobbies, answers)
    shuffled = list(hobbies)
    shuffler.shuffle(shuffled)
    assert recommend(QUIZ, shuffled, answers) == first == recommend(QUIZ, hobbies, answers)


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_three_hobbies_whenever_three_fit(hobbies: list[Hobby], answers: Answers) -> None:
    fitting = [h for h in hobbies if h.fits(answers.age)]
    found = recommend(QUIZ, hobbies, answers)
    assert len(found) == min(QUIZ.scoring.results, len(fitting)) == min(3, len(fitting))
    assert len({r.hobby.slug for r in found}) == len(found)


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_the_why_line_names_real_answers_that_gave_points(
    hobbies: list[Hobby], answers: Answers
) -> None:
    for found in recommend(QUIZ, hobbies, answers):
        assert len(found.reasons) <= QUIZ.scoring.reasons
        assert [r.points for r in found.reasons] == sorted(
            (r.points for r in found.reasons), reverse=True
        )
        for reason in found.reasons:
            assert reason.option in answers.chosen[reason.question]
            option = QUIZ.question(reason.question).option(reason.option)
            total, own = points(option, found.hobby, answers.age)
            assert reason.points == total > 0 and own > 0


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_the_score_is_the_sum_of_the_answers_plus_the_tryout_bonus(
    hobbies: list[Hobby], answers: Answers
) -> None:
    for found in rank(QUIZ, hobbies, answers):
        expected = sum(points(o, found.hobby, answers.age)[0] for _, o in answers.given(QUIZ))
        if found.tryout is not None and found.tryout.has_room:
            expected += QUIZ.scoring.tryout_bonus
        assert found.score == expected


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_three_of_one_kind_only_when_the_answers_clearly_point_there(
    hobbies: list[Hobby], answers: Answers
) -> None:
    found = recommend(QUIZ, hobbies, answers)
    kinds = Counter(r.hobby.category for r in found)
    if len(found) < 3 or max(kinds.values()) < 3:
        return
    third = found[2]
    picked = {r.hobby.slug for r in found}
    others = [
        r
        for r in rank(QUIZ, hobbies, answers)
        if r.hobby.slug not in picked and r.hobby.category != third.hobby.category
    ]
    assert all(third.score - other.score >= QUIZ.scoring.variety_margin for other in others)


@PROPERTY
@given(hobby_lists(), answer_sets())
def test_more_ideas_never_repeat_and_end_with_every_fitting_hobby(
    hobbies: list[Hobby], answers: Answers
) -> None:
    shown: list[str] = []
    while batch := recommend(QUIZ, hobbies, answers, exclude=shown):
        assert not {r.hobby.slug for r in batch} & set(shown)
        shown += [r.hobby.slug for r in batch]
    assert sorted(shown) == sorted(h.slug for h in hobbies if h.fits(answers.age))


def _hobby(slug: str, category: str, tags: set[str], **more: object) -> Hobby:
    return Hobby(slug, category, frozenset(tags), 8, 14, **more)  # type: ignore[arg-type]


def test_a_hobby_with_a_tryout_with_places_goes_first_on_equal_answers() -> None:
    soon = Tryout("ws", DECEMBER, spots_left=3)
    full = Tryout("ws-full", DECEMBER, spots_left=0)
    hobbies = [
        _hobby("a-no-tryout", "creatief", {"kunst"}),
        _hobby("b-full", "creatief", {"kunst"}, tryouts=(full,)),
        _hobby("c-tryout", "creatief", {"kunst"}, tryouts=(soon,)),
    ]
    answers = Answers(chosen={"likes": ("art",)})
    assert recommend(QUIZ, hobbies, answers)[0].hobby.slug == "c-tryout"
    full_one = next(r for r in rank(QUIZ, hobbies, answers) if r.hobby.slug == "b-full")
    assert full_one.tryout == full  # still shown: there is a waiting list


def test_variety_unless_the_answers_clearly_point_to_one_kind() -> None:
    sporty = [_hobby(f"sport-{n}", "sportief", {"bewegen", "buiten", "team"}) for n in range(3)]
    calm = _hobby("tekenen", "creatief", {"kunst", "buiten"})
    mixed = Answers(chosen={"likes": ("outside",)})
    assert [r.hobby.slug for r in recommend(QUIZ, [*sporty, calm], mixed)] == [
        "sport-0",
        "sport-1",
        "tekenen",
    ]
    clearly = Answers(chosen={"likes": ("moving", "outside"), "together": ("team",)})
    assert {r.hobby.category for r in recommend(QUIZ, [*sporty, calm], clearly)} == {"sportief"}


def test_verras_me_shuffles_ties_but_stays_reproducible() -> None:
    hobbies = [_hobby(slug, "creatief", set()) for slug in SLUGS[:12]]
    orders = {
        tuple(r.hobby.slug for r in recommend(QUIZ, hobbies, Answers(seed=seed)))
        for seed in range(1, 8)
    }
    assert len(orders) > 1
    again = recommend(QUIZ, hobbies, Answers(seed=5))
    assert again == recommend(QUIZ, hobbies, Answers(seed=5))


def _sample_hobbies() -> list[Hobby]:
    return [
        Hobby(a.slug, a.category, frozenset(a.tags), a.min_age, a.max_age)
        for a in load_catalogue(SAMPLE_CATALOGUE).activities
    ]


def _why(found: Recommendation) -> list[str]:
    return [f"{r.question}.{r.option}" for r in found.reasons]


def test_drawing_and_playing_outside_with_the_sample_catalogue() -> None:
    read = read_answers(QUIZ, "ik hou van tekenen en buiten spelen")
    assert read.chosen == {"likes": ("art", "outside")}
    found = recommend(QUIZ, _sample_hobbies(), Answers(read.age, read.chosen))
    assert found[0].hobby.slug in {"street-art", "fotografie"}
    assert _why(found[0]) == ["likes.art", "likes.outside"]
    assert len({r.hobby.category for r in found}) >= 2


def test_what_the_typed_answers_say() -> None:
    cases = {
        "wat kan ik proberen?": (None, {}),
        "mijn zoon van 10 zoekt een nieuwe hobby": (10, {}),
        "welke sport is leuk voor een meisje van 11": (11, {"likes": ("moving",)}),
        "iets creatiefs voor mijn dochter": (None, {"likes": ("making",)}),
        "iets waar je over moet nadenken, zoals puzzelen": (None, {"likes": ("thinking",)}),
        "ik hou niet van sport maar wel van tekenen": (None, {"likes": ("art",)}),
        "liefst in mijn eentje en gratis": (None, {"together": ("alone",), "cost": ("free",)}),
        "I love drawing, on my own, at the weekend": (
            None,
            {"likes": ("art",), "together": ("alone",), "when": ("weekend",)},
        ),
        "ik teken graag met vriendinnen, ik ben 9": (
            9,
            {"likes": ("art",), "together": ("together",)},
        ),
        # A sport already done is no wish: what is wished besides it is.
        "hij zit al op voetbal maar wil er iets creatiefs naast": (None, {"likes": ("making",)}),
        "naast voetbal zoekt ze iets creatiefs": (None, {"likes": ("making",)}),
    }
    for text, (age, chosen) in cases.items():
        read = read_answers(QUIZ, text)
        assert (read.age, read.chosen) == (age, chosen), text


def test_ages_typos_and_skips() -> None:
    assert read_age("10", bare=True) == 10
    assert read_age("10") is None  # a lone number counts only when the age was asked
    assert read_age("ik word 3 keer per week moe") is None
    assert read_answers(QUIZ, "programeren").chosen == {"likes": ("thinking",)}  # a typo
    assert read_answers(QUIZ, "rekenen").chosen == {"likes": ("thinking",)}
    assert "thinking" not in read_answers(QUIZ, "tekenen").chosen["likes"]
    assert says_skip(QUIZ, "Maakt niet uit!") and says_skip(QUIZ, "geen idee")
    assert not says_skip(QUIZ, "samen")
