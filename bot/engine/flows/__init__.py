"""Dialog flows, one module per feature; each marks its handlers with `@action(...)`.

`FLOW_MODULES` is the list an engine's actions are collected from (bot/engine/content.py);
importing a flow registers nothing.
"""

from bot.engine.flows import (
    agenda,
    answers,
    children,
    feedback,
    handoff,
    menu,
    mine,
    moving,
    notify,
    privacy,
    register,
    settings,
    short_notice,
    start,
    who,
)
from bot.engine.flows.discover import browse, interests, quiz
from bot.engine.flows.staff import (
    attendees,
    audience,
    broadcast,
    checkin,
    event_list,
    manage,
    report,
    web_link,
)

FLOW_MODULES = (
    start,
    menu,
    agenda,
    answers,
    feedback,
    register,
    who,
    children,
    mine,
    notify,
    short_notice,
    privacy,
    settings,
    handoff,
    moving,
    quiz,
    browse,
    interests,
    event_list,
    attendees,
    checkin,
    audience,
    broadcast,
    manage,
    report,
    web_link,
)
