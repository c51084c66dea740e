"""Checks a `/messages` payload the way the Cloud API does: its structure, the types it takes
and the documented limits (lengths, numbers of buttons and rows, templates)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import GraphError, invalid
from .media import check_sent

MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_CAPTION = 1024
MAX_BUTTONS, MAX_BUTTON_TITLE, MAX_BUTTON_ID = 3, 20, 256
MAX_ROWS, MAX_SECTIONS = 10, 10
MAX_ROW_TITLE, MAX_ROW_DESCRIPTION, MAX_ROW_ID = 24, 72, 200
MAX_LIST_BUTTON, MAX_SECTION_TITLE = 20, 24
MAX_PARAMETER = 1024
TYPES = ("text", "interactive", "document", "image", "template")
_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")
_BAD_PARAMETER = re.compile(r"[\n\t]| {5,}")


@dataclass(frozen=True)
class Template:
    """A message template as registered (and approved) in WhatsApp Manager."""

    name: str
    language: str
    category: str  # utility|marketing|authentication
    body: str  # with {{1}}, {{2}}, ...

    @property
    def parameter_count(self) -> int:
        return len(set(_PLACEHOLDER.findall(self.body)))

    def fill(self, parameters: list[str]) -> str:
        return _PLACEHOLDER.sub(lambda m: parameters[int(m.group(1)) - 1], self.body)


def check_message(
    payload: Any,
    templates: Mapping[tuple[str, str], Template],
    media_type: Callable[[str], str | None],
) -> str:
    """The message's type when the payload is valid; GraphError otherwise."""
    if not isinstance(payload, dict):
        raise GraphError(100, "The request body must be a JSON object")
    if payload.get("messaging_product") != "whatsapp":
        raise GraphError(100, "messaging_product must be 'whatsapp'")
    if not isinstance(payload.get("to"), str) or not payload["to"].strip():
        raise GraphError(131008, "to is required")
    kind = payload.get("type", "text")
    if kind not in TYPES:
        raise GraphError(100, f"Unsupported message type {kind!r}")
    body = payload.get(kind)
    if not isinstance(body, dict):
        raise GraphError(131008, f"{kind} is required")
    CHECKS[kind](body, templates, media_type)
    return str(kind)


def _text(value: Any, field: str, limit: int, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise GraphError(131008, f"{field} is required")
    if len(value) > limit:
        raise invalid(f"{field}: the text is longer than {limit} characters ({len(value)})")
    return value


def _check_text(body: dict[str, Any], *_: Any) -> None:
    _text(body.get("body"), "text.body", MAX_TEXT)


def _check_interactive(body: dict[str, Any], *_: Any) -> None:
    kind = body.get("type")
    inner = body.get("body")
    _text(
        inner.get("text") if isinstance(inner, dict) else None,
        "interactive.body.text",
        MAX_INTERACTIVE_BODY,
    )
    action = body.get("action")
    if not isinstance(action, dict):
        raise GraphError(131008, "interactive.action is required")
    if kind == "button":
        _check_buttons(action)
    elif kind == "list":
        _check_list(action)
    else:
        raise GraphError(100, f"Unsupported interactive type {kind!r}")


def _check_buttons(action: dict[str, Any]) -> None:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
        raise invalid(f"buttons: between 1 and {MAX_BUTTONS} reply buttons are allowed")
    titles, ids = [], []
    for button in buttons:
        reply = button.get("reply") if isinstance(button, dict) else None
        if (
            not isinstance(button, dict)
            or button.get("type") != "reply"
            or not isinstance(reply, dict)
        ):
            raise invalid("buttons: each button must be of type 'reply' with a reply object")
        titles.append(_text(reply.get("title"), "button title", MAX_BUTTON_TITLE))
        ids.append(_text(reply.get("id"), "button id", MAX_BUTTON_ID))
    if len(set(titles)) != len(titles) or len(set(ids)) != len(ids):
        raise invalid("buttons: button titles and ids must be unique")


def _check_list(action: dict[str, Any]) -> None:
    _text(action.get("button"), "action.button", MAX_LIST_BUTTON)
    sections = action.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= MAX_SECTIONS:
        raise invalid(f"sections: between 1 and {MAX_SECTIONS} sections are allowed")
    ids: list[str] = []
    for section in sections:
        if not isinstance(section, dict) or not isinstance(section.get("rows"), list):
            raise GraphError(131008, "each section needs rows")
        _text(section.get("title"), "section title", MAX_SECTION_TITLE, required=len(sections) > 1)
        for row in section["rows"]:
            if not isinstance(row, dict):
                raise invalid("rows: each row must be an object")
            ids.append(_text(row.get("id"), "row id", MAX_ROW_ID))
            _text(row.get("title"), "row title", MAX_ROW_TITLE)
            _text(row.get("description"), "row description", MAX_ROW_DESCRIPTION, required=False)
    if not 1 <= len(ids) <= MAX_ROWS:
        raise invalid(f"rows: between 1 and {MAX_ROWS} rows are allowed in all sections")
    if len(set(ids)) != len(ids):
        raise invalid("rows: row ids must be unique")


def _check_media(
    body: dict[str, Any], media_type: Callable[[str], str | None], message_type: str
) -> None:
    media_id, link = body.get("id"), body.get("link")
    if (media_id is None) == (link is None):
        raise invalid("media: give either an id or a link")
    uploaded = media_type(media_id) if isinstance(media_id, str) else None
    if media_id is not None and uploaded is None:
        raise invalid(f"media: no uploaded media with id {media_id!r}")
    if uploaded is not None:
        check_sent(message_type, uploaded)
    if link is not None and not (isinstance(link, str) and link.startswith("https://")):
        raise invalid("media: a link must be an https URL")
    _text(body.get("caption"), "caption", MAX_CAPTION, required=False)
    if "filename" in body:
        _text(body.get("filename"), "filename", 240)


def _check_template(
    body: dict[str, Any], templates: Mapping[tuple[str, str], Template], *_: Any
) -> None:
    name = body.get("name")
    language = body.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    template = templates.get((str(name), str(code)))
    if template is None:
        raise GraphError(132001, f"template name ({name}) does not exist in {code}")
    parameters = template_parameters(body)
    if len(parameters) != template.parameter_count:
        raise GraphError(
            132000,
            f"body: number of localizable_params ({len(parameters)}) does not match the "
            f"expected number of params ({template.parameter_count})",
        )
    for text in parameters:
        if not text.strip() or len(text) > MAX_PARAMETER or _BAD_PARAMETER.search(text):
            raise GraphError(
                132018,
                "Param text cannot be empty, have new-line/tab characters or more than 4 "
                "consecutive spaces",
            )


def template_parameters(body: dict[str, Any]) -> list[str]:
    """The body component's text parameters, in order."""
    components = body.get("components") or []
    if not isinstance(components, list):
        raise invalid("template.components must be a list")
    found: list[str] = []
    for component in components:
        if not isinstance(component, dict) or component.get("type") != "body":
            continue
        for parameter in component.get("parameters") or []:
            if not isinstance(parameter, dict) or parameter.get("type") != "text":
                raise invalid("template body parameters must be of type text")
            found.append(str(parameter.get("text", "")))
    return found


CHECKS: dict[str, Callable[..., None]] = {
    "text": _check_text,
    "interactive": _check_interactive,
    "document": lambda body, _, media_type: _check_media(body, media_type, "document"),
    "image": lambda body, _, media_type: _check_media(body, media_type, "image"),
    "template": _check_template,
}
