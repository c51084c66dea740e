"""Conversation state: typed, stored as JSON in the conversations table."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Buttons of this many recent replies stay valid; older ones say "deze knop werkt niet meer".
KEPT_GENERATIONS = 4
DOUBLE_TAP_SECONDS = 2.0


class ButtonAction(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: str
    args: dict[str, Any] = Field(default_factory=dict)
    once: bool = False  # actions with an effect work once
    generation: int = 0
    used_at: float | None = None


class ConversationState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mode: Literal["parent", "kid"] | None = None
    step: str = "idle"  # what free text means right now
    generation: int = 0
    buttons: dict[str, ButtonAction] = Field(default_factory=dict)
    data: dict[str, Any] = Field(default_factory=dict)
    # Data a flow keeps only while the user is in it (e.g. quiz answers): dropped by the
    # engine as soon as a turn runs actions of other flows only.
    scratch: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> ConversationState:
        """A damaged or outdated stored state starts afresh instead of failing the chat."""
        try:
            return cls.model_validate(stored or {})
        except ValidationError:
            return cls()

    def keep_scratch_of(self, flows: set[str]) -> None:
        """Drop what flows not run this turn kept (nothing is dropped when nothing ran)."""
        if flows:
            self.scratch = {flow: data for flow, data in self.scratch.items() if flow in flows}

    def forget_old_buttons(self) -> None:
        oldest = self.generation - KEPT_GENERATIONS + 1
        self.buttons = {t: a for t, a in self.buttons.items() if a.generation >= oldest}
