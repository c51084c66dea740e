"""dialogs/nlu.yaml: the words and phrasings of understanding, validated with file and line.

Only the shape is checked here; what the phrasings mean is compiled in `patterns.py`.
Synonym slugs are not checked: a lexicon serves many catalogues, unknown slugs are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.nlu.date_lexicon import DateWords, read_dates
from bot.nlu.negation import NegationWords
from bot.nlu.questions import QuestionWords
from bot.nlu.roles import ROLES, RoleWords
from bot.nlu.understanding import CATEGORIES, INTENTS, TOPICS
from bot.yamlsource import ContentError, Problem, SourceMap, field_name, load_yaml

FILE_NAME = "nlu.yaml"
WEIGHTS = {"decisive": 4, "strong": 3, "cues": 2, "weak": 1}


@dataclass(frozen=True)
class Cue:
    """A phrasing that points at `target` (an intent, FAQ topic or category)."""

    target: str
    text: str
    weight: int
    where: str  # file:line, for errors found while compiling


@dataclass(frozen=True)
class AgeWords:
    """ "mijn zoon van 11", "ik ben 10", "10 jaar", "aged 9"."""

    numbers: dict[str, int]  # number words: "tien" → 10
    after: frozenset[str]  # words after the number: jaar, years
    not_before: frozenset[str]  # "over 2 jaar", "sinds 3 jaar": a time, no age
    before: frozenset[str]  # words before it: ben, is, aged
    of: frozenset[str]  # "van", "of", only after a person: "kinderen van 13"
    persons: frozenset[str]
    not_after: frozenset[str]  # "is 10 uur", "is 12 euro": no age
    subjects: frozenset[str] = frozenset()  # "als ik 9 ben": a subject, the age, a verb
    being: frozenset[str] = frozenset()
    softeners: frozenset[str] = frozenset()  # "pas", "bijna": between a verb and the age
    at_age: frozenset[str] = frozenset()  # "met" of "ben ik met 12 te oud"


@dataclass(frozen=True)
class Lexicon:
    spellings: dict[str, str]
    common_words: tuple[str, ...]
    word_classes: dict[str, tuple[str, ...]]
    intent_cues: tuple[Cue, ...]
    topic_cues: tuple[Cue, ...]
    category_cues: tuple[Cue, ...]
    synonyms: dict[str, tuple[str, ...]]
    dates: DateWords
    ages: AgeWords
    negation: NegationWords
    language_words: dict[str, frozenset[str]] = field(default_factory=dict)
    questions: QuestionWords = field(default_factory=QuestionWords)
    roles: RoleWords = field(default_factory=lambda: RoleWords({}))

    @classmethod
    def load(cls, dialogs_dir: Path) -> Lexicon:
        document, source = load_yaml(Path(dialogs_dir) / FILE_NAME)
        reader = _Reader(source)
        lexicon = reader.lexicon(document if isinstance(document, Mapping) else {})
        if reader.problems:
            raise ContentError(reader.problems)
        return lexicon


class _Reader:
    """Reads sections, collecting every problem instead of stopping at the first."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        line = self.source.line_of(path)
        self.problems.append(Problem(self.source.file, line, field_name(path), message))

    def where(self, path: tuple[str | int, ...]) -> str:
        return f"{self.source.file}:{self.source.line_of(path)}"

    def mapping(self, value: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(path, "expected a mapping")
            return {}
        return {str(k): v for k, v in value.items()}

    def words(self, value: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, "expected a list")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:  # YAML reads bare on/no/yes as true/false
                self.problem((*path, i), f"expected a word or phrase in quotes, got {item!r}")
        return tuple(out)

    def lexicon(self, doc: Mapping[str, Any]) -> Lexicon:
        known = {"spellings", "common_words", "word_classes", "intents", "topics"}
        known |= {"categories", "activities", "dates", "ages", "negation", "language"}
        known |= {"questions", "roles"}
        for key in doc:
            if key not in known:
                self.problem((key,), f"unknown section; expected one of {', '.join(known)}")
        spellings = {
            k.lower(): str(v or "").lower()
            for k, v in self.mapping(doc.get("spellings"), ("spellings",)).items()
        }
        classes = {
            name: self.words(words, ("word_classes", name))
            for name, words in self.mapping(doc.get("word_classes"), ("word_classes",)).items()
        }
        for name in classes:
            if not name.isupper():
                self.problem(("word_classes", name), "class names are written in CAPITALS")
        return Lexicon(
            spellings=spellings,
            common_words=self.words(doc.get("common_words"), ("common_words",)),
            word_classes=classes,
            intent_cues=self.cues(doc.get("intents"), "intents", INTENTS),
            topic_cues=self.cues(doc.get("topics"), "topics", TOPICS),
            category_cues=self.categories(doc.get("categories")),
            synonyms=self.synonyms(doc.get("activities")),
            dates=read_dates(self, self.mapping(doc.get("dates"), ("dates",))),
            ages=self.ages(self.mapping(doc.get("ages"), ("ages",))),
            negation=self.negation(self.mapping(doc.get("negation"), ("negation",))),
            language_words=self.language(doc.get("language")),
            questions=self.questions(self.mapping(doc.get("questions"), ("questions",))),
            roles=self.roles(self.mapping(doc.get("roles"), ("roles",))),
        )

    def roles(self, doc: Mapping[str, Any]) -> RoleWords:
        def phrases(key: str) -> list[tuple[str, ...]]:
            return [tuple(p.lower().split()) for p in self.words(doc.get(key), ("roles", key))]

        known = (*ROLES, "frames", "articles", "of", "then", "age_words")
        for key in doc:
            if key not in known:
                self.problem(("roles", key), f"unknown name; expected one of {', '.join(known)}")
        return RoleWords(
            phrases={p: role for role in ROLES for p in phrases(role)},
            frames=tuple(sorted(phrases("frames"), key=len, reverse=True)),
            articles=frozenset(w for (w, *_) in phrases("articles")),
            of=frozenset(w for (w, *_) in phrases("of")),
            then=frozenset(w for (w, *_) in phrases("then")),
            age_words=frozenset(w for (w, *_) in phrases("age_words")),
        )

    def questions(self, doc: Mapping[str, Any]) -> QuestionWords:
        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in self.words(doc.get(key), ("questions", key)))

        return QuestionWords(words("words"), words("openers"), tuple(sorted(words("personal"))))

    def cues(self, value: Any, section: str, targets: tuple[str, ...]) -> tuple[Cue, ...]:
        out: list[Cue] = []
        for target, groups in self.mapping(value, (section,)).items():
            if target not in targets:
                self.problem((section, target), f"unknown name; expected {', '.join(targets)}")
                continue
            for group, texts in self.mapping(groups, (section, target)).items():
                path = (section, target, group)
                if group not in WEIGHTS:
                    self.problem(path, f"expected one of {', '.join(WEIGHTS)}")
                    continue
                for i, text in enumerate(self.words(texts, path)):
                    out.append(Cue(target, text, WEIGHTS[group], self.where((*path, i))))
        return tuple(out)

    def categories(self, value: Any) -> tuple[Cue, ...]:
        out: list[Cue] = []
        for category, texts in self.mapping(value, ("categories",)).items():
            path = ("categories", category)
            if category not in CATEGORIES:
                self.problem(path, f"unknown category; expected {', '.join(CATEGORIES)}")
                continue
            for i, text in enumerate(self.words(texts, path)):
                out.append(Cue(category, text, WEIGHTS["cues"], self.where((*path, i))))
        return tuple(out)

    def synonyms(self, value: Any) -> dict[str, tuple[str, ...]]:
        table = self.mapping(value, ("activities",))
        return {
            phrase: self.words(slugs, ("activities", phrase)) for phrase, slugs in table.items()
        }

    def negation(self, doc: Mapping[str, Any]) -> NegationWords:
        scope = doc.get("scope", 4)
        if not isinstance(scope, int) or isinstance(scope, bool) or not 1 <= scope <= 10:
            self.problem(("negation", "scope"), "expected a number of words from 1 to 10")
            scope = 4
        dislikes = self.words(doc.get("dislikes"), ("negation", "dislikes"))
        already = self.words(doc.get("already"), ("negation", "already"))
        return NegationWords(
            words=frozenset(self.words(doc.get("words"), ("negation", "words"))),
            until=frozenset(self.words(doc.get("until"), ("negation", "until"))),
            scope=scope,
            whether=frozenset(self.words(doc.get("whether"), ("negation", "whether"))),
            wanting=frozenset(self.words(doc.get("wanting"), ("negation", "wanting"))),
            dislikes=tuple(tuple(d.lower().split()) for d in dislikes),
            already=tuple(tuple(a.lower().split()) for a in already),
            asked=frozenset(self.words(doc.get("asked"), ("negation", "asked"))),
        )

    def ages(self, doc: Mapping[str, Any]) -> AgeWords:
        numbers: dict[str, int] = {}
        for word, number in self.mapping(doc.get("numbers"), ("ages", "numbers")).items():
            if isinstance(number, int) and not isinstance(number, bool):
                numbers[str(word)] = number
            else:
                self.problem(("ages", "numbers", word), "expected a number")

        def words(key: str) -> frozenset[str]:
            return frozenset(self.words(doc.get(key), ("ages", key)))

        return AgeWords(
            numbers=numbers,
            after=words("after"),
            not_before=words("not_before"),
            before=words("before"),
            of=words("of"),
            persons=words("persons"),
            not_after=words("not_after"),
            subjects=words("subjects"),
            being=words("being"),
            softeners=words("softeners"),
            at_age=words("at_age"),
        )

    def numbered(
        self, value: Any, path: tuple[str, ...], count: int
    ) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, list) or len(value) != count:
            self.problem(path, f"expected a list of {count} lists of names, in calendar order")
            return tuple(() for _ in range(count))
        return tuple(self.words(names, (*path, i)) for i, names in enumerate(value))

    def language(self, value: Any) -> dict[str, frozenset[str]]:
        table = self.mapping(value, ("language",))
        for lang in table:
            if lang not in ("nl", "en"):
                self.problem(("language", lang), "expected nl or en")
        return {
            lang: frozenset(w.lower() for w in self.words(table.get(lang), ("language", lang)))
            for lang in ("nl", "en")
        }
