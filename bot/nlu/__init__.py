"""Understanding typed messages: intent, hobby, kind of hobby, FAQ topic and dates."""

from bot.nlu.understander import Understander
from bot.nlu.understanding import CATEGORIES, INTENTS, TOPICS, Understanding

__all__ = ["CATEGORIES", "INTENTS", "TOPICS", "Understander", "Understanding"]
