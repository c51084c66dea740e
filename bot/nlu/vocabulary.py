"""Known words and how a message's words are found among them.

Every lexicon word and catalogue name word is a word id. A message word gets the ids it
matches exactly, else by word form (stems, kid spelling), else as a Dutch compound of two
known words ("dansworkshop"), else by a small typo. Typos are found with a deletion index
(SymSpell style): lookup costs the same for 20 or 20,000 activities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import OSA, Levenshtein

from bot.nlu import ordinary_words
from bot.nlu.ordinary_words import is_english_word, is_ordinary
from bot.nlu.text import (
    collapse_doubles,
    dutch_stem,
    is_number,
    normalize,
    number_ids,
    sounded,
    split_words,
    word_forms,
)

NOTHING: frozenset[str] = frozenset()
# A longer message keeps its opening (the child, its age, its hobby) and its end (what it
# asks); the middle of an essay goes.
MAX_WORDS = 150
OPENING_WORDS = 40
MAX_CHARACTERS = 1500
MIN_TYPO_LENGTH = 5  # shorter words must be spelled right ("judo", "hoi")
LONG_WORD = 8  # from this length two typos are forgiven
MAX_GUESS_LENGTH = 30  # longer "words" are not guessed at (the work grows with the square)
MIN_COMPOUND_PART = 3


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a message and the word ids it stands for."""

    raw: str
    words: frozenset[str]
    fuzzy: bool = False  # found as a typo
    whole: str = ""  # the compound this word is a part of ("kerst" of "kerstkoken")


BLANK = Token("", NOTHING)


def shortened(text: str) -> str:
    """At most MAX_WORDS words, the opening and the end, and MAX_CHARACTERS characters."""
    words = text[: MAX_CHARACTERS * 20].split()
    if len(words) > MAX_WORDS:
        text = " ".join([*words[:OPENING_WORDS], "…", *words[OPENING_WORDS - MAX_WORDS :]])
    if len(text) > MAX_CHARACTERS:  # long words: the same share of characters
        opening = MAX_CHARACTERS * OPENING_WORDS // MAX_WORDS
        text = text[:opening] + " … " + text[opening - MAX_CHARACTERS :]
    return text


def typo_budget(word: str) -> int:
    if len(word) < MIN_TYPO_LENGTH:
        return 0
    return 2 if len(word) >= LONG_WORD else 1


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """Finds words within a small edit distance by sharing deletion variants."""

    def __init__(self) -> None:
        self._variants: dict[str, str | tuple[str, ...]] = {}

    def add(self, word: str) -> None:
        for variant in _deletions(word) | {word}:
            held = self._variants.get(variant)
            if held is None:
                self._variants[variant] = word
            elif isinstance(held, str):
                if held != word:
                    self._variants[variant] = (held, word)
            elif word not in held:
                self._variants[variant] = (*held, word)

    def nearest(self, word: str, budget: int) -> list[str]:
        """Indexed words closest to `word` (optimal string alignment), within `budget`, that
        begin with its letter: a typo keeps the first letter ("werkshop", "bibliotek"), a
        word that differs there is another word ("nummer" is no "summer", "zorgen" no
        "morgen")."""
        variants = _deletions(word) | {word}
        if budget >= 2:  # the word side holds one deletion; two more here reach distance 2
            variants |= {d for v in tuple(variants) for d in _deletions(v)}
        candidates: set[str] = set()
        for variant in variants:
            held = self._variants.get(variant)
            if isinstance(held, str):
                candidates.add(held)
            elif held:
                candidates.update(held)
        best, found = budget + 1, []
        for candidate in candidates:
            if candidate[:1] != word[:1]:
                continue
            distance = OSA.distance(word, candidate, score_cutoff=budget)
            if distance < best:
                best, found = distance, [candidate]
            elif distance == best:
                found.append(candidate)
        return found if best <= budget else []


class Vocabulary:
    """Word ids by exact spelling and by form; typo lookup once `finish()` has run."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._by_form: dict[str, set[str]] = {}
        self._pairs: set[tuple[str, str]] = set()  # adjacent words of known phrases
        self._typos = TypoIndex()
        self._finished = False

    def add(self, word: str) -> str:
        if word not in self.words:
            self.words.add(word)
            for form in word_forms(word):
                self._by_form.setdefault(form, set()).add(word)
        return word

    def add_text(self, text: str) -> tuple[str, ...]:
        """The words of a lexicon or catalogue text, added; their ids in order."""
        words = tuple(self.add(w) for w in split_words(normalize(text)) if not is_number(w))
        self.note_phrase(words)
        return words

    def note_phrase(self, words: Iterable[str]) -> None:
        """Remember which words stand together in phrases ("" for a word class)."""
        words = tuple(words)
        self._pairs.update(pair for pair in pairwise(words) if all(pair))

    def in_phrase(self, first: frozenset[str], second: frozenset[str]) -> bool:
        return any((a, b) in self._pairs for a in first for b in second)

    def finish(self) -> None:
        """Build the typo index over every word and its Dutch stem."""
        for word in self.words:
            if len(word) >= MIN_TYPO_LENGTH - 1:
                self._typos.add(word)
                self._typos.add(dutch_stem(word))
        self._finished = True

    def known(self, word: str) -> frozenset[str]:
        """Ids of `word` spelled right: exactly, else by any shared form."""
        if word in self.words:
            return frozenset((word,))
        found: set[str] = set()
        for form in word_forms(word):
            found.update(self._by_form.get(form, ()))
        if len(found) > 1:  # "inschrijve": inschrijven, not inschrijvingen
            distances = {w: Levenshtein.distance(word, w) for w in found}
            nearest = min(distances.values())
            found = {w for w, d in distances.items() if d == nearest}
        return frozenset(found)

    def typo(self, word: str, ending_only: bool = False) -> frozenset[str]:
        """Known words one or two edits away. `ending_only`: only those that differ in the
        ending ("danst" for "dans"), for an ordinary word of its own ("kopen" is no "koken")."""
        budget = typo_budget(word)
        if not budget or not self._finished:
            return NOTHING
        found: set[str] = set()
        for near in self._typos.nearest(word, budget):
            if ending_only and not _same_but_the_ending(near, word):
                continue
            found.update(self._by_form.get(near, ()))
            if near in self.words:
                found.add(near)
        return frozenset(found)


def _same_but_the_ending(one: str, other: str) -> bool:
    """Equal up to the last letter of the shorter: "danst" and "dans", not "kopen", "koken"."""
    shared = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), None)
    shortest = min(len(one), len(other))
    return (shortest if shared is None else shared) >= shortest - 1


class MessageReader:
    """Turns a message into tokens: spelling fixes, split words joined, compounds split."""

    def __init__(self, vocabulary: Vocabulary, spellings: Mapping[str, str]) -> None:
        self._vocabulary = vocabulary
        self._spellings = {k: tuple(split_words(normalize(v))) for k, v in spellings.items()}
        # Signs that say a word: "👋" is "hoi".
        self._signs = {k: v for k, v in spellings.items() if not split_words(normalize(k))}
        ordinary_words.load()

    def read(self, text: str) -> list[Token]:
        """The message's tokens; a message is `shortened` once, before it is read."""
        for sign, word in self._signs.items():
            text = text.replace(sign, f" {word} ")
        raws: list[str] = []
        for word in split_words(normalize(text)):
            raws.extend(self._spellings.get(word, (word,)))
        tokens: list[Token] = []
        for raw in self._join_split_words(raws):
            tokens.extend(self._resolve(raw))
        return tokens

    def _join_split_words(self, raws: list[str]) -> Iterable[str]:
        """ "straat voetbal" → "straatvoetbal", "in schrijven" → "inschrijven": a known word
        written apart; not when the lexicon knows the two words as a phrase ("sign up")."""
        vocabulary = self._vocabulary
        i = 0
        while i < len(raws):
            if i + 1 < len(raws) and raws[i].isalpha() and raws[i + 1].isalpha():
                joined = raws[i] + raws[i + 1]
                if (
                    len(joined) >= 6
                    and joined in vocabulary.words
                    and not vocabulary.in_phrase(
                        vocabulary.known(raws[i]), vocabulary.known(raws[i + 1])
                    )
                ):
                    yield joined
                    i += 2
                    continue
            yield raws[i]
            i += 1

    def _resolve(self, raw: str) -> list[Token]:
        if is_number(raw):
            return [Token(raw, number_ids(raw))]
        vocabulary = self._vocabulary
        words = vocabulary.known(raw)
        if not words and collapse_doubles(raw) != raw:  # "heey", "leuuk"
            words = vocabulary.known(collapse_doubles(raw))
        if not words and sounded(raw) != raw:  # "vrydag", "zondach"
            words = vocabulary.known(sounded(raw))
        if words:
            return [Token(raw, words)]
        if len(raw) > MAX_GUESS_LENGTH:
            return [Token(raw, NOTHING)]
        parts = [] if is_english_word(raw) else self._compound(raw)
        if parts:
            return parts
        # An ordinary word ("kopen", "watches") is itself, or another form of a known word
        # ("danst"), never a typo of a different one.
        typo = vocabulary.typo(raw, ending_only=is_ordinary(raw))
        if not typo and sounded(raw) != raw:  # "kersvakansie": two typos, one of them a sound
            typo = vocabulary.typo(sounded(raw))
        return [Token(raw, typo, fuzzy=bool(typo))]

    def _compound(self, raw: str) -> list[Token]:
        """Split a Dutch compound into two known words, longest first part first."""
        if len(raw) < 2 * MIN_COMPOUND_PART:
            return []
        known = self._vocabulary.known
        for cut in range(len(raw) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            head = known(raw[:cut])
            if head:
                tail = known(raw[cut:])
                if tail:
                    return [Token(raw[:cut], head, whole=raw), Token(raw[cut:], tail, whole=raw)]
        return []
