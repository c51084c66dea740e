"""Whether a word the lexicon does not know is an ordinary Dutch or English word, by the
word-frequency lists of `wordfreq` (Wikipedia, subtitles, news, web text).

Such a word is what it says, not a typo of a lexicon word: "kopen" is no "koken", "watches"
no "wat" + "chess", "Sam" no "samen". Without this, every ordinary word that happens to lie
one letter from a lexicon word had to be listed by hand in `common_words`. Kid spelling
("egt", "wnr", "dansuh") is rare in the lists and is still read as a typo.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping

import wordfreq

# A Zipf frequency of 3 is once per million words: "hamster", "personage", "watches".
ORDINARY_ZIPF = 3.0
LANGUAGES = ("nl", "en")

_lists: dict[str, Mapping[str, float]] = {}
_lock = threading.Lock()


def _frequencies(language: str) -> Mapping[str, float]:
    """The language's ordinary words (about 30,000) and their frequencies, loaded once per
    process on first use (half a second for both languages)."""
    with _lock:
        if language not in _lists:
            least = 10 ** (ORDINARY_ZIPF - 9)
            every = wordfreq.get_frequency_dict(language)
            _lists[language] = {w: f for w, f in every.items() if f >= least}
            # wordfreq keeps its whole lists (300,000 words each) cached; only ours are needed.
            wordfreq.get_frequency_dict.cache_clear()
            wordfreq.get_frequency_list.cache_clear()
        return _lists[language]


def load() -> None:
    """Read the lists now (at start-up) rather than during a family's first message."""
    for language in LANGUAGES:
        _frequencies(language)


def zipf(word: str, language: str) -> float:
    frequency = _frequencies(language).get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def is_ordinary(word: str) -> bool:
    """An ordinary word in Dutch or English: never read as a typo of another word."""
    return any(zipf(word, language) >= ORDINARY_ZIPF for language in LANGUAGES)


def is_english_word(word: str) -> bool:
    """An ordinary English word more than a Dutch one: no Dutch compound to split."""
    english = zipf(word, "en")
    return english >= ORDINARY_ZIPF and english > zipf(word, "nl")
