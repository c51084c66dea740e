"""Benchmark of message understanding (bot/nlu), not part of the test suite.

Times `Understander.understand()` per message on the sample catalogue and on a generated
catalogue of 10,000 activities, against a plain `rapidfuzz.process.extractOne` of each
message over all activity names as baseline. Prints a table and writes bench/results/nlu.json.

    .venv/bin/python bench/nlu_bench.py [--messages 600] [--activities 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process

from bot.catalogue.loader import Catalogue, load_catalogue
from bot.catalogue.schema import ActivityIn
from bot.nlu import Understander
from bot.timeutil import AMSTERDAM

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "nlu.json"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)
SYLLABLES = ["ka", "lo", "mi", "ter", "bra", "vin", "sol", "dre", "pum", "gel", "fi"]
SYLLABLES += ["nor", "sta", "que", "wil", "zen", "ro", "pa", "tu", "mek", "dro"]
TAILS = ["", "", " spelen", " maken", " voor beginners", " junior", " club", " atelier"]
TEMPLATES = [
    "wanneer is de {name} workshop",
    "ik wil me inschrijven voor {name}",
    "boeken over {name}",
    "is er {name} in de kerstvakantie",
    "{name} zaterdag?",
    "kan mijn zoon meedoen met {name}",
    "wat kost {name} eigenlijk",
    "we komen niet naar {name}",
    "when is the {name} class",
]


def synthetic_activities(count: int, rng: random.Random) -> list[ActivityIn]:
    words: set[str] = set()  # each name its own first word, as real hobby names have
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    names = {word.capitalize() + rng.choice(TAILS) for word in words}
    categories = ("sportief", "creatief", "cognitief")
    return [
        ActivityIn(
            slug=f"synth-{i}",
            name={"nl": name, "en": f"{name} (en)"},
            category=categories[i % 3],
            min_age=8,
            max_age=14,
        )
        for i, name in enumerate(sorted(names))
    ]


def typo(word: str, rng: random.Random) -> str:
    """One random deletion, doubling or swap: the kind of slip a kid makes."""
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("delete", "double", "swap"))
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def message_mix(
    catalogue: Catalogue, count: int, rng: random.Random
) -> list[tuple[str, str | None]]:
    """Half real phrasings from the labelled sets, half templates naming a catalogue hobby
    (as named, with a typo, or by its first word); with the slug named, if any."""
    labelled = [
        item["text"]
        for name in ("dev.yaml", "heldout.yaml")
        for item in yaml.safe_load((ROOT / "tests/fixtures/nlu" / name).read_text())
    ]
    messages: list[tuple[str, str | None]] = []
    for i in range(count):
        if i % 2 == 0:
            messages.append((rng.choice(labelled), None))
            continue
        activity = rng.choice(catalogue.activities)
        name = activity.name.nl.lower()
        form = rng.choice(("exact", "typo", "first"))
        if form == "typo":
            name = " ".join(typo(w, rng) for w in name.split())
        elif form == "first":
            name = name.split()[0]
        messages.append((rng.choice(TEMPLATES).format(name=name), activity.slug))
    return messages


def timings(run: Callable[[str], object], messages: Sequence[str]) -> dict[str, float]:
    spent = []
    for text in messages:
        start = time.perf_counter_ns()
        run(text)
        spent.append((time.perf_counter_ns() - start) / 1e6)
    spent.sort()
    return {
        "median_ms": round(statistics.median(spent), 4),
        "p95_ms": round(spent[int(0.95 * (len(spent) - 1))], 4),
        "mean_ms": round(statistics.fmean(spent), 4),
    }


def bench(label: str, catalogue: Catalogue, count: int, rng: random.Random) -> dict[str, Any]:
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    understander = Understander.from_catalogue(catalogue, ROOT / "dialogs")
    build_s = time.perf_counter() - start
    memory_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024
    names = [n.lower() for a in catalogue.activities for n in a.name.as_dict().values()]
    for text, _ in message_mix(catalogue, 200, random.Random(99)):  # warm up, other messages
        understander.understand(text, NOW)
    mix = message_mix(catalogue, count, rng)
    messages = [text for text, _ in mix]
    ours = timings(lambda text: understander.understand(text, NOW), messages)
    baseline = timings(lambda text: process.extractOne(text.lower(), names), messages)
    named = [(text, slug) for text, slug in mix if slug]
    found = sum(understander.understand(text, NOW).activity == slug for text, slug in named)
    return {
        "catalogue": label,
        "activities": len(catalogue.activities),
        "activity_names": len(names),
        "messages": len(messages),
        "build_seconds": round(build_s, 3),
        "build_memory_mb": round(memory_mb, 1),
        "named_activity_found": round(found / len(named), 3),
        "understand": ours,
        "baseline_extractOne": baseline,
        "baseline_over_understand_median": round(baseline["median_ms"] / ours["median_ms"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--activities", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(2026)
    sample = load_catalogue(ROOT / "data")
    big = replace(
        sample, activities=sample.activities + tuple(synthetic_activities(args.activities, rng))
    )
    runs = [
        bench("sample", sample, args.messages, rng),
        bench("synthetic", big, args.messages, rng),
    ]
    print(f"{'catalogue':<10} {'activities':>10} {'build s':>8} {'MB':>5} {'found':>6} "
          f"{'median ms':>10} {'p95 ms':>8} {'baseline median':>16} {'baseline p95':>13} "
          f"{'ratio':>6}")  # fmt: skip
    for r in runs:
        print(
            f"{r['catalogue']:<10} {r['activities']:>10} {r['build_seconds']:>8.2f} "
            f"{r['build_memory_mb']:>5.0f} {r['named_activity_found']:>6.1%} "
            f"{r['understand']['median_ms']:>10.3f} {r['understand']['p95_ms']:>8.3f} "
            f"{r['baseline_extractOne']['median_ms']:>16.3f} "
            f"{r['baseline_extractOne']['p95_ms']:>13.3f} "
            f"{r['baseline_over_understand_median']:>5.1f}x"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "processor_count": os.cpu_count(),
                "goal_median_ms": 2.0,
                "runs": runs,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
