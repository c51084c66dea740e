"""Words in free text that lead to a part of the menu, from dialogs/phrasings.yaml.

Typo tolerant (rapidfuzz), so "agnda" and "hobbie" still find their way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.yamlsource import ContentError, Problem, load_yaml

FILE_NAME = "phrasings.yaml"
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_SCORE = 85


@dataclass(frozen=True)
class Phrasings:
    keyword_actions: Mapping[str, str]  # keyword → action
    keywords: tuple[str, ...]

    @classmethod
    def load(cls, dialogs_dir: Path, known_actions: Collection[str]) -> Phrasings:
        document, source = load_yaml(Path(dialogs_dir) / FILE_NAME)
        table = (document or {}).get("keywords") if isinstance(document, Mapping) else None
        if not isinstance(table, Mapping):
            raise ContentError([Problem(source.file, 1, "keywords", "expected a mapping")])
        problems: list[Problem] = []
        keyword_actions: dict[str, str] = {}
        for target, words in table.items():
            where = source.line_of(("keywords", target))
            if target not in known_actions:
                problems.append(Problem(source.file, where, f"keywords.{target}", "unknown action"))
            for word in words or []:
                keyword_actions[str(word).lower()] = target
        if problems:
            raise ContentError(problems)
        return cls(keyword_actions, tuple(keyword_actions))

    def match(self, text: str, language: str = "nl") -> str | None:
        """The action most words of the text point at, or None."""
        votes: Counter[str] = Counter()
        for word in WORD.findall(text.lower())[:50]:
            if len(word) < 2:
                continue
            scorer = fuzz.ratio if len(word) > 3 else _exact
            hit = process.extractOne(word, self.keywords, scorer=scorer, score_cutoff=MIN_SCORE)
            if hit is not None:
                votes[self.keyword_actions[hit[0]]] += 1
        return votes.most_common(1)[0][0] if votes else None


def _exact(a: str, b: str, **_: object) -> float:
    return 100.0 if a == b else 0.0
