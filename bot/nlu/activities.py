"""Finding the catalogue's hobby in a message: by name (Dutch, English, slug), by a word
only that hobby's name has ("saxofoon" for "Saxofoon spelen"), or by a lexicon synonym.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.nlu.patterns import Found, Part, PhraseTable
from bot.nlu.vocabulary import Token, Vocabulary

MIN_OWN_WORD_LENGTH = 4  # "art" alone is too little to name a hobby
MIN_TITLE_WORDS = 2
VAGUE = "~"  # marks a synonym of several hobbies
NO_HOBBY = "-"  # a phrase whose hobby word means something else: "een ei koken"


@dataclass(frozen=True)
class ActivityName:
    """What understanding needs of an activity (from the catalogue or the database)."""

    slug: str
    names: Mapping[str, str]  # language → name
    category: str
    # Its workshops' titles ("Schrijf je eigen avonturenverhaal", "Fotografie: spelen met
    # licht"): a title, or its part after a colon, named in a message names the hobby.
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityMatch:
    slug: str
    start: int
    end: int  # exclusive token index
    fuzzy: bool  # found through a typo
    negated: bool = False  # "geen voetbal"


def _part(words: Iterable[str]) -> Part:
    return tuple(frozenset((w,)) for w in words)


class ActivityIndex:
    def __init__(
        self,
        activities: Sequence[ActivityName],
        synonyms: Mapping[str, Sequence[str]],
        vocabulary: Vocabulary,
        reserved_words: Collection[str],
        joiners: Collection[str] = (),
    ) -> None:
        """`reserved_words` (lexicon and everyday words) never name a hobby on their own;
        `joiners` ("en", "or") set two hobbies side by side: "tekenen en strips"."""
        self.slugs = frozenset(a.slug for a in activities)
        self._joiners = frozenset(joiners)
        self._name_words = {  # "tekenen" names Tekenen en schilderen; "camera" names none
            a.slug: {w for n in (*a.names.values(), a.slug) for w in n.lower().split()}
            for a in activities
        }
        self._table: PhraseTable[str] = PhraseTable()
        owners: dict[str, set[str]] = {}
        for activity in activities:
            for text in (*activity.names.values(), activity.slug.replace("-", " ")):
                words = vocabulary.add_text(text)
                if not words:
                    continue
                self._add(words, activity.slug, vocabulary, replace=False)
                for word in words:
                    owners.setdefault(word, set()).add(activity.slug)
        self._add_titles(activities, vocabulary)
        for word, slugs in owners.items():
            if len(slugs) == 1 and len(word) >= MIN_OWN_WORD_LENGTH and word not in reserved_words:
                self._table.add(_part((word,)), next(iter(slugs)))
        for phrase, preferred in synonyms.items():
            candidates = [s for s in preferred if s in self.slugs]
            words = vocabulary.add_text(phrase)
            if not preferred and words:  # "ei koken": [] — the longer phrase takes the words
                self._add(words, NO_HOBBY, vocabulary, replace=True)
            elif candidates and words:
                # "camera" (vloggen or fotografie) gives way to a more precise hobby word
                value = candidates[0] if len(candidates) == 1 else VAGUE + candidates[0]
                self._add(words, value, vocabulary, replace=True)

    def _add_titles(self, activities: Sequence[ActivityName], vocabulary: Vocabulary) -> None:
        """Titles of two words or more, whole and after a colon; one title word is the hobby's
        own word already ("Kerstkoken") or too little to name it ("Vlogworkshop" aside)."""
        for activity in activities:
            for title in activity.titles:
                for phrase in {title, title.partition(":")[2]}:
                    # A word is added to the vocabulary only with its phrase: a known
                    # "kerstkoken" would no longer be read as "kerst" + "koken".
                    if len(phrase.split()) >= MIN_TITLE_WORDS:
                        words = vocabulary.add_text(phrase)
                        self._add(words, activity.slug, vocabulary, replace=False)

    def _add(
        self, words: tuple[str, ...], slug: str, vocabulary: Vocabulary, replace: bool
    ) -> None:
        # A name written apart is also known written together ("street art", "streetart").
        phrases = [words] if len(words) == 1 else [words, (vocabulary.add("".join(words)),)]
        for phrase in phrases:
            if replace:
                self._table.replace(_part(phrase), slug)
            else:
                self._table.add(_part(phrase), slug)

    def find(self, tokens: Sequence[Token], negated: Collection[int] = ()) -> ActivityMatch | None:
        """The first hobby named without doubt (a phrase naming two hobbies is skipped), not
        negated ("geen voetbal maar judo": judo) and not by a word of several hobbies
        ("camera lenen om foto's te maken": fotografie), unless the two stand side by side
        ("drawing and comics": the first is the main one). Failing that, such a one."""
        found = [f for f in self._table.find(tokens) if len(f.values) == 1]
        starts = {f.start for f in found if f.values[0] != NO_HOBBY}
        matches = []
        for one in found:
            if one.values[0] != NO_HOBBY:
                fuzzy = any(tokens[i].fuzzy for i in range(one.start, one.end))
                denied = one.start in negated
                slug = one.values[0].removeprefix(VAGUE)
                match = ActivityMatch(slug, one.start, one.end, fuzzy, denied)
                vague = one.values[0].startswith(VAGUE) and not self._listed(tokens, one, starts)
                matches.append((denied, vague, match))
        # "papa wil dat ik op voetbal ga, maar ik wil geen voetbal": the same words said before
        # a refusal are refused too; said after it ("speelt geen sax maar wil sax leren"), not.
        refusals = [(m.start, _said(tokens, m)) for denied, _, m in matches if denied]
        for k, (denied, vague, match) in enumerate(matches):
            if not denied and _refused_later(tokens, match, refusals):
                matches[k] = (True, vague, replace(match, negated=True))
        return min(matches, key=lambda m: m[:2])[2] if matches else None

    def _listed(self, tokens: Sequence[Token], one: Found, starts: set[int]) -> bool:
        """A hobby followed by a joiner and then another: "tekenen en (ook) strips"."""
        at = one.end
        if at >= len(tokens) or tokens[at].raw not in self._joiners:
            return False
        first = tokens[one.start]
        stems = {w[:MIN_OWN_WORD_LENGTH] for w in (first.raw, *first.words)}
        names = self._name_words.get(str(one.values[0]).removeprefix(VAGUE), set())
        named = any(w.startswith(tuple(stems)) for w in names)  # "tekenen", not "camera"
        return named and bool({at + 1, at + 2} & starts)


def _refused_later(
    tokens: Sequence[Token], match: ActivityMatch, refusals: list[tuple[int, tuple[str, ...]]]
) -> bool:
    """The same words as the match are refused later in the message."""
    return any(match.start < at and _said(tokens, match) == said for at, said in refusals)


def _said(tokens: Sequence[Token], match: ActivityMatch) -> tuple[str, ...]:
    """The words that named a hobby, as typed."""
    return tuple(t.raw for t in tokens[match.start : match.end])
