"""Whether a message asks something: a "?", or a question word first ("en hoe laat…",
"mag ik…", "can we…"), and whether it is one for a person: a wheelchair, an allergy, a
child's special needs. The words are the lexicon's (`questions:` in dialogs/nlu.yaml)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionWords:
    words: frozenset[str] = frozenset()  # wat, wanneer, hoe, mag, kan, what, when, can
    openers: frozenset[str] = frozenset()  # en, maar, oh, trouwens: skipped before it
    # Word beginnings ("allergi", "rolstoel") found anywhere in a word: "notenallergie".
    personal: tuple[str, ...] = ()

    def asks(self, text: str, raws: list[str]) -> bool:
        if "?" in text:
            return True
        first = next((raw for raw in raws if raw not in self.openers), "")
        return first in self.words

    def needs_person(self, raws: list[str]) -> bool:
        return any(stem in raw for raw in raws for stem in self.personal)
