"""Formatted text as Telegram stores it: plain text plus entities, offsets in UTF-16 code units.

Telegram rejects malformed markup with "can't parse entities: ..."; a bot that sends catalogue
text with a stray "<" in HTML mode fails exactly like this in production, so the emulator parses
HTML, MarkdownV2 and (legacy) Markdown instead of storing the markup verbatim.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request

Entities = list[dict[str, Any]]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_text(
    text: str, parse_mode: str | None, entities: Entities | None
) -> tuple[str, Entities]:
    """The plain text and entities Telegram would store for a text or caption."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        text, found = _Parser(text).html()
    elif mode == "markdownv2":
        text, found = _Parser(text).markdown_v2()
    elif mode == "markdown":
        text, found = _Parser(text).markdown()
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    else:
        found = [dict(e) for e in entities or []]
    return _strip(text, found)


def _strip(text: str, entities: Entities) -> tuple[str, Entities]:
    """Telegram trims surrounding whitespace; entities move with the text."""
    left = text.lstrip()
    shift = utf16_len(text[: len(text) - len(left)])
    result = left.rstrip()
    total = utf16_len(result)
    out = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            out.append({**entity, "offset": start, "length": end - start})
    out.sort(key=lambda e: (e["offset"], -e["length"]))
    return result, out


@dataclass
class _Open:
    kind: str
    offset: int  # UTF-16 offset in the output
    at: int  # index in the source, for error messages
    tag: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.out: list[str] = []
        self.pos = 0  # UTF-16 length of the output so far
        self.entities: Entities = []

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += utf16_len(text)

    def _byte(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _error(self, reason: str) -> ApiError:
        return bad_request(f"can't parse entities: {reason}")

    def _close(self, opened: _Open) -> None:
        if self.pos > opened.offset:
            entity = {
                "type": opened.kind,
                "offset": opened.offset,
                "length": self.pos - opened.offset,
            }
            self.entities.append(entity | opened.extra)

    def _result(self) -> tuple[str, Entities]:
        return "".join(self.out), self.entities

    # -- HTML ----------------------------------------------------------------------------------

    def html(self) -> tuple[str, Entities]:
        src, i, stack = self.src, 0, list[_Open]()
        while i < len(src):
            char = src[i]
            if char == "<":
                end = src.find(">", i)
                if end == -1:
                    raise self._error(f"Unclosed start tag at byte offset {self._byte(i)}")
                self._html_tag(src[i + 1 : end], i, stack)
                i = end + 1
                continue
            match = _HTML_ENTITY.match(src, i) if char == "&" else None
            if match:
                self._emit(html.unescape(match.group(0)))
                i = match.end()
            else:
                self._emit(char)
                i += 1
        if stack:
            raise self._error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
        return self._result()

    def _html_tag(self, inner: str, at: int, stack: list[_Open]) -> None:
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise self._error(f'Unexpected end tag "{name}" at byte offset {self._byte(at)}')
            opened = stack.pop()
            if opened.tag != name:
                raise self._error(
                    f"Unmatched end tag at byte offset {self._byte(at)}, "
                    f'expected "</{opened.tag}>", found "</{name}>"'
                )
            language = opened.extra.pop("language", None) if opened.tag == "code" else None
            if language and stack and stack[-1].tag == "pre":
                stack[-1].extra["language"] = language  # <pre><code class="language-x">
            else:
                self._close(opened)
            return
        name_match = re.match(r"[a-zA-Z0-9-]*", inner)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _HTML_TAGS:
            raise self._error(f'Unsupported start tag "{name}" at byte offset {self._byte(at)}')
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(inner[len(name) :].rstrip("/"))
            if m.group(1)
        }
        opened = _Open(_HTML_TAGS[name], self.pos, at, tag=name)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self._error(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        if name == "a":
            opened.extra["url"] = attrs.get("href", "")
        elif name == "code" and attrs.get("class", "").startswith("language-"):
            opened.extra["language"] = attrs["class"].removeprefix("language-")
        elif name == "blockquote" and "expandable" in attrs:
            opened.kind = "expandable_blockquote"
        elif name == "tg-emoji":
            opened.extra["custom_emoji_id"] = attrs.get("emoji-id", "")
        stack.append(opened)

    # -- MarkdownV2 ----------------------------------------------------------------------------

    def markdown_v2(self) -> tuple[str, Entities]:
        src, i, stack = self.src, 0, list[_Open]()
        while i < len(src):
            char = src[i]
            if char == "\\" and i + 1 < len(src) and 0 < ord(src[i + 1]) < 127:
                self._emit(src[i + 1])
                i += 2
                continue
            if stack and stack[-1].kind in {"code", "pre"}:
                i = self._mdv2_in_code(i, stack)
                continue
            if char not in _MDV2_RESERVED:
                self._emit(char)
                i += 1
                continue
            i = self._mdv2_markup(i, stack)
        if stack:
            opened = stack[0]
            name = _ENTITY_NAMES.get(opened.kind, opened.kind)
            raise self._error(
                f"Can't find end of {name} entity at byte offset {self._byte(opened.at)}"
            )
        return self._result()

    def _mdv2_in_code(self, i: int, stack: list[_Open]) -> int:
        opened, src = stack[-1], self.src
        fence = "```" if opened.kind == "pre" else "`"
        if src.startswith(fence, i):
            self._close(stack.pop())
            return i + len(fence)
        self._emit(src[i])
        return i + 1

    def _mdv2_markup(self, i: int, stack: list[_Open]) -> int:
        src, char = self.src, self.src[i]
        if char == "`":
            if src.startswith("```", i):
                newline = src.find("\n", i + 3)
                language = src[i + 3 : newline] if newline != -1 else ""
                opened = _Open("pre", self.pos, i)
                if language.strip():
                    opened.extra["language"] = language.strip()
                stack.append(opened)
                return newline + 1 if language.strip() else i + 3
            stack.append(_Open("code", self.pos, i))
            return i + 1
        if char == "[":
            stack.append(_Open("text_link", self.pos, i))
            return i + 1
        if char == "]" and stack and stack[-1].kind == "text_link":
            return self._mdv2_link_url(i, stack)
        if char == ">" and (i == 0 or src[i - 1] == "\n"):
            return i + 1  # blockquote line: markup only, the emulator keeps no entity for it
        doubled = src.startswith(char * 2, i)
        kinds = {"*": "bold", "~": "strikethrough"}
        if char == "_":
            kind, width = ("underline", 2) if doubled else ("italic", 1)
        elif char == "|" and doubled:
            kind, width = "spoiler", 2
        elif char in kinds:
            kind, width = kinds[char], 1
        else:
            raise self._error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        if stack and stack[-1].kind == kind:
            self._close(stack.pop())
        elif any(o.kind == kind for o in stack):
            name = _ENTITY_NAMES[stack[-1].kind]
            raise self._error(
                f"Can't find end of {name} entity at byte offset {self._byte(stack[-1].at)}"
            )
        else:
            stack.append(_Open(kind, self.pos, i))
        return i + width

    def _mdv2_link_url(self, i: int, stack: list[_Open]) -> int:
        src = self.src
        if not src.startswith("(", i + 1):
            raise self._error(
                "Character ']' is reserved and must be escaped with the preceding '\\'"
            )
        url, j = [], i + 2
        while j < len(src) and src[j] != ")":
            if src[j] == "\\" and j + 1 < len(src):
                j += 1
            url.append(src[j])
            j += 1
        if j >= len(src):
            raise self._error(f"Can't find end of a URL at byte offset {self._byte(i + 2)}")
        opened = stack.pop()
        opened.extra["url"] = "".join(url)
        self._close(opened)
        return j + 1

    # -- legacy Markdown -----------------------------------------------------------------------

    def markdown(self) -> tuple[str, Entities]:
        src, i = self.src, 0
        markers = {"*": "bold", "_": "italic", "`": "code"}
        while i < len(src):
            char = src[i]
            if char == "\\" and i + 1 < len(src) and src[i + 1] in "_*`[":
                self._emit(src[i + 1])
                i += 2
                continue
            if char == "[":
                i = self._md_link(i)
                continue
            if char not in markers:
                self._emit(char)
                i += 1
                continue
            fence = "```" if src.startswith("```", i) else char
            end = src.find(fence, i + len(fence))
            if end == -1:
                raise self._error(
                    f"Can't find end of the entity starting at byte offset {self._byte(i)}"
                )
            opened = _Open("pre" if fence == "```" else markers[char], self.pos, i)
            self._emit(src[i + len(fence) : end])
            self._close(opened)
            i = end + len(fence)
        return self._result()

    def _md_link(self, i: int) -> int:
        src = self.src
        middle = src.find("](", i)
        end = src.find(")", middle + 2) if middle != -1 else -1
        if middle == -1 or end == -1:
            raise self._error(
                f"Can't find end of the entity starting at byte offset {self._byte(i)}"
            )
        opened = _Open("text_link", self.pos, i, extra={"url": src[middle + 2 : end]})
        self._emit(src[i + 1 : middle])
        self._close(opened)
        return end + 1
