"""A Telegram Bot API emulator for tests: ``with BotApiEmulator() as api: ...``."""

from .api import DEFAULT_TOKEN, BotApiEmulator
from .errors import ApiError
from .objects import StoredFile
from .spec import UploadedFile
from .state import ApiCall, Delivery
from .users import DEFAULT_GROUP_ID, DEFAULT_SUPERGROUP_ID

__all__ = [
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "Delivery",
    "StoredFile",
    "UploadedFile",
]
