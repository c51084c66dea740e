"""A child of the family found by a typed first name: case, accents and small typos forgiven
("daan", "Dann", "zoe" for Zoë). In a sentence ("voor Daan graag") only the exact name
counts: a typo there could be any word ("wil" is one letter from Wim)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from bot import plaintext
from bot.db.models import Child


def fold(text: str) -> str:
    """Lower case without accents, one space between words."""
    plain = plaintext.fold(text)
    return " ".join("".join(c if c.isalpha() or c in "'-" else " " for c in plain).split())


def allowed_typos(name: str) -> int:
    """Typos forgiven in a name: none in "Bo" (every letter counts), one in "Daan", two in
    "Maximiliaan"; more would confuse siblings."""
    return 0 if len(name) <= 2 else 1 if len(name) <= 5 else 2


def children_named(children: Sequence[Child], text: str) -> list[Child]:
    """The children the text names: one, several when it is not clear which (a typo between
    two names), or none. An exact name wins over typos."""
    typed = fold(text)
    if not typed:
        return []
    exact = [c for c in children if _in_words(fold(c.first_name), typed)]
    if exact:
        return exact
    distances = {c.id: OSA.distance(fold(c.first_name), typed) for c in children}
    close = [c for c in children if distances[c.id] <= allowed_typos(fold(c.first_name))]
    return sorted(close, key=lambda c: distances[c.id])


def _in_words(name: str, typed: str) -> bool:
    return f" {name} " in f" {typed} "
