"""Limits a YAML file must keep before it is built into values: catalogue and dialog files
come from staff and partners, and one bad file must not stop or exhaust a bot.

Checked on the text and on the parser's event stream (which needs no recursion and no
memory beyond the nesting), so each refusal is quick and names the file and line:

- size: at most MAX_BYTES per file;
- control characters (a stray \\x00 or \\x0b): none but tab and newlines;
- nesting: at most MAX_DEPTH levels of mappings and lists;
- aliases: none that refers to itself, and all values with aliases expanded at most
  MAX_VALUES (a "billion laughs" file of a few hundred bytes expands to 10⁹).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from bot.plaintext import CONTROL

MAX_BYTES = 2_000_000  # a library's year of events is far below this
MAX_DEPTH = 40
MAX_VALUES = 500_000
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


Found = tuple[int, str]  # (line, what is wrong)


def size_problem(size: int) -> Found | None:
    if size <= MAX_BYTES:
        return None
    return 1, (
        f"the file is {size / 1e6:.1f} MB; at most {MAX_BYTES / 1e6:.0f} MB per file "
        "(split it into several files)"
    )


def text_problems(text: str) -> list[Found]:
    """Control characters, by line (the first few: one is usually all there is)."""
    found = []
    for match in CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(
            (line, f"an invisible control character (U+{ord(match.group()):04X}); remove it")
        )
        if len(found) == 5:
            break
    return found


@dataclass
class _Frame:
    anchor: str | None
    values: int = 1
    depth: int = 1  # levels of collections from this one down (itself included)


def structure_problem(text: str) -> Found | None:
    """Too deep, or aliases that refer to themselves or expand too far (None: fine).
    Syntax errors are left to the composer, which reports them with their line."""
    sizes: dict[str, int] = {}
    depths: dict[str, int] = {}  # an anchored collection's own depth: an alias adds it
    stack = [_Frame(None, 0, 0)]
    try:
        for event in yaml.parse(text, Loader=Loader):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Frame(event.anchor))
                if len(stack) - 1 > MAX_DEPTH:
                    return line, f"nested more than {MAX_DEPTH} deep"
            elif isinstance(event, yaml.CollectionEndEvent):
                frame = stack.pop()
                if frame.anchor is not None:
                    sizes[frame.anchor], depths[frame.anchor] = frame.values, frame.depth
                stack[-1].values += frame.values
                stack[-1].depth = max(stack[-1].depth, frame.depth + 1)
            elif isinstance(event, yaml.ScalarEvent):
                stack[-1].values += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                if any(frame.anchor == event.anchor for frame in stack):
                    return line, f"*{event.anchor} refers to itself"
                if len(stack) - 1 + depths.get(event.anchor, 0) > MAX_DEPTH:
                    return line, f"nested more than {MAX_DEPTH} deep (through *{event.anchor})"
                stack[-1].values += sizes.get(event.anchor, 1)
                stack[-1].depth = max(stack[-1].depth, depths.get(event.anchor, 0) + 1)
            if stack[-1].values > MAX_VALUES:
                return line, f"aliases expand to more than {MAX_VALUES:,} values"
    except yaml.YAMLError:
        return None
    return None
