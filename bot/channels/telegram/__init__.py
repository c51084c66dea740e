"""The Telegram channel: a thin adapter between python-telegram-bot and the engine."""
