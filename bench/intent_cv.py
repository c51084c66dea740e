"""Cross-validation of intent understanding on the training corpus, not part of the test suite.

Splits the example messages of `dialogs/examples/*.yaml` into k stratified folds with a
fixed seed, trains the intent model on k-1 of them and understands the held-out fold with
the whole pipeline (`Understander.understand`: phrasings + model + its overrides). Two
splits: `grouped` keeps each label block of a file (one writer's paraphrases of one label)
in one fold, so near-duplicates cannot leak from training into testing; `plain` splits
message by message. Also scores the four non-blind labelled sets with the model trained on
the whole corpus. Prints a table and writes bench/results/intent_cv.json.

    .venv/bin/python bench/intent_cv.py [--folds 5] [--seed 0]
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from bot.catalogue.loader import load_catalogue
from bot.nlu.evaluate import evaluate, load_labelled
from bot.nlu.model import Example, load_examples
from bot.nlu.understander import Understander
from bot.nlu.understanding import LABELS
from bot.timeutil import AMSTERDAM

ROOT = Path(__file__).resolve().parent.parent
DIALOGS = ROOT / "dialogs"
RESULTS = ROOT / "bench" / "results" / "intent_cv.json"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)  # the labelled sets' reference moment
# The sets that have been tuned on (weak evidence); never the blind-* sets.
SETS = ("dev.yaml", "heldout.yaml", "fresh.yaml", "tune-2026-12e.yaml")


def label_of(intent: str, topic: str | None) -> str:
    return f"faq.{topic}" if intent == "faq" else intent


def split(examples: Sequence[Example], folds: int, seed: int, grouped: bool) -> list[list[int]]:
    """Indexes of the held-out examples of each fold."""
    labels = [e.label for e in examples]
    if grouped:
        groups = [f"{e.where.rsplit(':', 1)[0]}|{e.label}" for e in examples]
        splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
        parts = splitter.split(examples, labels, groups)
    else:
        parts = StratifiedKFold(folds, shuffle=True, random_state=seed).split(examples, labels)
    return [list(test) for _, test in parts]


def cross_validate(
    rules: Understander, examples: Sequence[Example], held_out: list[list[int]]
) -> dict[str, Any]:
    """Label (intent and FAQ topic) and intent accuracy of the pipeline and of the model."""
    counts: Counter[str] = Counter()
    for test in held_out:
        chosen = set(test)
        understander = copy.copy(rules)
        understander._model = rules._train([e for i, e in enumerate(examples) if i not in chosen])
        for i in test:
            example = examples[i]
            got = understander.understand(example.text, NOW)
            counts["label"] += label_of(got.intent, got.topic) == example.label
            counts["intent"] += got.intent == example.label.split(".")[0]
            read = understander._read(example.text, NOW.date())
            document = understander._features(read) + _rule_features(understander, read)
            probabilities = understander._model.probabilities(document)
            counts["model"] += max(probabilities, key=probabilities.__getitem__) == example.label
    n = len(examples)
    return {key: round(counts[key] / n, 4) for key in ("label", "intent", "model")}


def _rule_features(understander: Understander, read: Any) -> list[str]:
    from bot.nlu.intents import rule_features as features_of

    return features_of(understander._rules(read))


def labelled_sets(understander: Understander) -> dict[str, float]:
    directory = ROOT / "tests" / "fixtures" / "nlu"
    return {
        name: round(evaluate(understander, load_labelled(directory / name), NOW).intent_accuracy, 4)
        for name in SETS
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "data")
    examples = load_examples(DIALOGS, LABELS)
    start = time.perf_counter()
    full = Understander.from_catalogue(catalogue, DIALOGS)
    build_seconds = time.perf_counter() - start
    rules = copy.copy(full)
    rules._model = None
    result: dict[str, Any] = {
        "examples": len(examples),
        "folds": args.folds,
        "seed": args.seed,
        "build_seconds": round(build_seconds, 2),
    }
    for grouped in (True, False):
        held_out = split(examples, args.folds, args.seed, grouped)
        result["grouped" if grouped else "plain"] = cross_validate(rules, examples, held_out)
    result["rules_only_sets"] = labelled_sets(rules)
    result["sets"] = labelled_sets(full)
    print(f"{len(examples)} examples, {args.folds} folds, seed {args.seed}, "
          f"start-up with the model {build_seconds:.2f} s")  # fmt: skip
    print(f"{'split':<8} {'label':>7} {'intent':>7} {'model':>7}")
    for name in ("grouped", "plain"):
        r = result[name]
        print(f"{name:<8} {r['label']:>7.1%} {r['intent']:>7.1%} {r['model']:>7.1%}")
    for name, accuracy in result["sets"].items():
        rules_only = result["rules_only_sets"][name]
        print(f"{name:<20} intent {accuracy:>6.1%} (phrasings only {rules_only:.1%})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
