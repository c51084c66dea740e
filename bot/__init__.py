"""Talentbot: the chat assistant of De Talentenkwekerij."""

__version__ = "0.1.0"
