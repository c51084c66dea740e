"""The catalogue's shape: what each YAML section may hold, validated with pydantic.

Times in the catalogue are wall-clock times in Europe/Amsterdam, written without offset
("2026-12-12T14:00"). Texts are either a plain Dutch string or {nl: ..., en: ...}.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.timeutil import from_local, local

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Category = Literal["sportief", "creatief", "cognitief"]
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _texts(value: object) -> object:
    """A plain string means Dutch only."""
    return {"nl": value} if isinstance(value, str) else value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Texts(Strict):
    nl: Annotated[str, StringConstraints(min_length=1)]
    en: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("nl", self.nl), ("en", self.en)) if v}


LocalText = Annotated[Texts, BeforeValidator(_texts)]


def _no_offset(value: datetime) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("write local Amsterdam time without an offset, e.g. 2026-12-12T14:00")
    if local(from_local(value)).replace(tzinfo=None) != value:
        raise ValueError(f"{value:%Y-%m-%d %H:%M} does not exist in Amsterdam (clocks go forward)")
    return value


def _hours_span(value: str) -> str:
    if not _HOURS.match(value):
        raise ValueError(f"{value!r} is not like '10:00-17:30'")
    start, end = value.split("-")
    if start >= end:
        raise ValueError(f"{value!r} closes before it opens")
    return value


HoursSpan = Annotated[str, AfterValidator(_hours_span)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class LibraryIn(Strict):
    id: Slug
    name: str
    city: str
    address: str
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: dict[Weekday, list[HoursSpan]] = Field(default_factory=dict)


class PartnerIn(Strict):
    id: Slug
    name: str
    kind: Literal["library", "sports", "culture", "welfare", "club", "other"]
    library: Slug
    description: LocalText | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None


class LocationIn(Strict):
    id: Slug
    name: str
    address: str
    library: Slug


class ActivityIn(Strict):
    slug: Slug
    name: LocalText
    category: Category
    tags: list[Slug] = Field(default_factory=list)
    min_age: int = Field(ge=4, le=18)
    max_age: int = Field(ge=4, le=18)
    description: LocalText | None = None
    cost_note: LocalText | None = None
    partners: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ages(self) -> ActivityIn:
        if self.min_age > self.max_age:
            raise ValueError("min_age is higher than max_age")
        return self


class EventIn(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")]
    kind: Literal["workshop", "lecture", "event_day"]
    title: LocalText
    description: LocalText | None = None
    activity: Slug | None = None
    partner: Slug | None = None
    library: Slug
    location: Slug
    audience: Literal["kids", "parents", "families"]
    start: datetime
    end: datetime
    capacity: int | None = Field(default=None, ge=1, le=10_000)
    min_age: int | None = Field(default=None, ge=0, le=99)
    max_age: int | None = Field(default=None, ge=0, le=99)
    allow_age_override: bool = False
    price: float = Field(default=0, ge=0, le=1000)
    bring: LocalText | None = None
    topic: LocalText | None = None
    speaker: LocalText | None = None
    event_day: str | None = None
    round: int | None = Field(default=None, ge=1, le=20)
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    status: Literal["scheduled", "cancelled"] = "scheduled"

    @field_validator("start", "end", "registration_opens", "registration_closes")
    @classmethod
    def _local_time(cls, value: datetime | None) -> datetime | None:
        return value if value is None else _no_offset(value)

    @model_validator(mode="after")
    def _consistent(self) -> EventIn:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("min_age is higher than max_age")
        if self.kind == "workshop" and self.activity is None:
            raise ValueError("a workshop needs an activity")
        if (self.event_day is None) != (self.round is None):
            raise ValueError("event_day and round go together")
        if self.kind == "event_day" and self.event_day is not None:
            raise ValueError("an event day cannot belong to another event day")
        closes = self.registration_closes
        if closes is not None and closes > self.end:
            raise ValueError("registration_closes is after the event has ended")
        return self


class MaterialIn(Strict):
    id: Slug
    title: LocalText
    kind: Literal["book", "gadget", "instrument", "game", "kit"]
    author: str | None = None
    library: Slug
    copies: int = Field(default=1, ge=0, le=1000)
    loan_days: int = Field(default=21, ge=1, le=180)
    activities: list[Slug] = Field(min_length=1)


FaqTopic = Literal["cost", "location", "bring", "age", "contact", "opening_hours"]


class FaqIn(Strict):
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,40}$")]
    question: LocalText
    answer: LocalText


class HolidayIn(Strict):
    id: Slug
    name: LocalText
    region: Literal["all", "noord", "midden", "zuid"]
    start: date
    end: date
    confirmed: bool = True

    @model_validator(mode="after")
    def _span(self) -> HolidayIn:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


SECTIONS: dict[str, type[Strict]] = {
    "libraries": LibraryIn,
    "partners": PartnerIn,
    "locations": LocationIn,
    "activities": ActivityIn,
    "events": EventIn,
    "materials": MaterialIn,
    "faq": FaqIn,
    "school_holidays": HolidayIn,
}
REQUIRED_FAQ_TOPICS: tuple[str, ...] = FaqTopic.__args__  # type: ignore[attr-defined]
