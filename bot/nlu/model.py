"""The learned intent model: a linear classifier over word and character n-grams.

Trained at start-up (seconds; `model_cache` keeps it for the next process) on the example
messages in `dialogs/examples/`, with the phrasings' verdict (`dialogs/nlu.yaml`) as
features too, so staff add a phrasing by adding a line of YAML. Hobby names, dates and
numbers are replaced by placeholders before learning: "judo proberen" and "quegelpum
proberen" are the same question, and a catalogue of 10,000 activities adds no features.
Character n-grams make it robust to typos and kid spelling.

scikit-learn fits the model; predicting one message is a few dictionary lookups and one
small matrix product done here, as sklearn's per-call checks cost more than the sum itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import diags
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from bot.nlu.vocabulary import Token
from bot.yamlsource import ContentError, Problem, load_yaml

EXAMPLES_DIR = "examples"
HOBBY, DATE, NUMBER = "§hobby", "§date", "§number"
CHAR_GRAMS = (3, 4, 5)
# Chosen by cross-validation on the corpus (bench/intent_cv.py): weak regularisation, and
# whole words and word pairs counting twice as much as character n-grams (of which a word
# has many), the lexicon's readings and the phrasings' verdict.
INVERSE_REGULARISATION = 64.0
WORD_WEIGHT = 2.0
NOT_WORDS = ("#", "=", "!")  # character n-grams, lexicon words, the phrasings' verdict


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # an intent, or "faq.<topic>"
    where: str  # file:line, for messages about the corpus


def load_examples(dialogs_dir: Path, labels: Iterable[str]) -> list[Example]:
    """Every example of `dialogs/examples/*.yaml` (label → list of messages)."""
    known = frozenset(labels)
    examples: list[Example] = []
    problems: list[Problem] = []
    for path in sorted((Path(dialogs_dir) / EXAMPLES_DIR).glob("*.yaml")):
        document, source = load_yaml(path)
        if not isinstance(document, dict):
            problems.append(Problem(source.file, 1, "(file)", "expected label: [messages]"))
            continue
        for label, texts in document.items():
            line = source.line_of((label,))
            if label not in known:
                problems.append(Problem(source.file, line, str(label), "unknown label"))
            elif not isinstance(texts, list):
                problems.append(Problem(source.file, line, str(label), "expected a list"))
            else:
                for i, text in enumerate(texts):
                    where = f"{source.file}:{source.line_of((label, i))}"
                    examples.append(Example(str(text), str(label), where))
    if problems:
        raise ContentError(problems)
    return examples


def features(tokens: Sequence[Token], masked: dict[int, str]) -> list[str]:
    """What the model sees of a message: words (hobby, date and number as placeholders),
    word pairs, the lexicon words each word was read as, and character n-grams."""
    words: list[str] = []
    out: list[str] = []
    for i, token in enumerate(tokens):
        if not token.raw:
            continue
        placeholder = masked.get(i) or (NUMBER if token.raw[:1].isdigit() else None)
        if placeholder:
            if not words or words[-1] != placeholder:
                words.append(placeholder)
            continue
        words.append(token.raw)
        out.extend("=" + w for w in token.words if w != token.raw)
        padded = f" {token.raw} "
        for n in CHAR_GRAMS:
            out.extend("#" + padded[j : j + n] for j in range(len(padded) - n + 1))
    out.extend(words)
    out.extend(f"{a} {b}" for a, b in zip(["^", *words], [*words, "$"], strict=True))
    return out


class IntentModel:
    """Probabilities of each label for a message's features."""

    def __init__(
        self,
        labels: Sequence[str],
        features: Sequence[str],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
    ) -> None:
        self.labels: tuple[str, ...] = tuple(labels)
        self._index: dict[str, int] = {f: i for i, f in enumerate(features)}
        self._idf = np.asarray(idf, dtype=np.float64)  # idf and feature weight
        # Column-major weights per feature: one row lookup per feature of the message.
        self._weights = np.ascontiguousarray(weights, dtype=np.float64)
        self._bias = np.asarray(bias, dtype=np.float64)

    @classmethod
    def train(cls, documents: Sequence[list[str]], labels: Sequence[str]) -> IntentModel:
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None)
        counted = vectorizer.fit_transform(documents)
        weight = np.ones(len(vectorizer.vocabulary_))
        for feature, i in vectorizer.vocabulary_.items():
            if not feature.startswith(NOT_WORDS):
                weight[i] = WORD_WEIGHT
        matrix = normalize(counted @ diags(weight))
        # saga: ten times faster here than lbfgs, the same model
        classifier = LogisticRegression(
            C=INVERSE_REGULARISATION, solver="saga", max_iter=300, tol=1e-3, random_state=0
        )
        classifier.fit(matrix, labels)
        features = [""] * len(vectorizer.vocabulary_)
        for feature, i in vectorizer.vocabulary_.items():
            features[i] = feature
        return cls(
            [str(c) for c in classifier.classes_],
            features,
            vectorizer.idf_ * weight,
            classifier.coef_.T,
            classifier.intercept_,
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays (no objects), for `model_cache`."""
        features = sorted(self._index, key=self._index.__getitem__)
        return {
            "labels": np.array(self.labels, dtype=np.str_),
            "features": np.array(features, dtype=np.str_),
            "idf": self._idf,
            "weights": self._weights,
            "bias": self._bias,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> IntentModel:
        labels = [str(label) for label in arrays["labels"]]
        features = [str(feature) for feature in arrays["features"]]
        weights, bias, idf = arrays["weights"], arrays["bias"], arrays["idf"]
        if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
            raise ValueError("arrays of different sizes")
        if idf.shape != (len(features),):
            raise ValueError("arrays of different sizes")
        return cls(labels, features, idf, weights, bias)

    def knows(self, word: str) -> bool:
        """Whether `word` was in a training example (a word only staff's examples use)."""
        return word in self._index

    def probabilities(self, document: list[str]) -> dict[str, float]:
        counts: dict[int, int] = {}
        for feature in document:
            index = self._index.get(feature)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        scores = self._bias.copy()
        if counts:
            indexes = np.fromiter(counts, dtype=np.intp, count=len(counts))
            tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float64)
            values = tf * self._idf[indexes]
            values /= np.sqrt(values @ values)
            scores += values @ self._weights[indexes]
        scores -= scores.max()
        exp = np.exp(scores)
        exp /= exp.sum()
        return dict(zip(self.labels, exp.tolist(), strict=True))


def probability_of(ranked: Sequence[tuple[str, float]], intent: str) -> float:
    """An intent's probability, its FAQ topics together ("faq.cost" + "faq.age" ...)."""
    return sum(p for label, p in ranked if label.split(".")[0] == intent)


def _identity(document: list[str]) -> list[str]:
    return document


UNSURE = 0.2  # below this the model's best intent is no more than a guess: "unknown"
GUESS_UNSURE = 0.3  # the same for one unknown word read as another (a first name: "Sam")
LONE_UNSURE = 0.5  # and for one word the lexicon does not know at all ("Lotte")


def needed_certainty(tokens: Sequence[Token], model: IntentModel) -> float:
    """How sure the model must be of a message of one word: a word of the lexicon as is,
    one read as another ("Sam" as "samen"), or one the lexicon does not know ("Lotte"); a
    word of the training messages is one step surer. Longer messages: UNSURE."""
    if len(tokens) != 1:
        return UNSURE
    only = tokens[0]
    known = model.knows(only.raw)
    if not only.words:
        return GUESS_UNSURE if known else LONE_UNSURE
    return UNSURE if only.raw in only.words or known else GUESS_UNSURE
