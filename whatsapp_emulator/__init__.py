"""A WhatsApp Cloud API emulator for tests: ``with WhatsAppEmulator() as api: ...``.

Test infrastructure only: the bot never imports it. It needs aiohttp (the ``test`` extra).
"""

from .api import (
    DEFAULT_APP_SECRET,
    DEFAULT_PHONE_NUMBER_ID,
    DEFAULT_TOKEN,
    DEFAULT_VERIFY_TOKEN,
    WhatsAppEmulator,
)
from .errors import GraphError
from .limits import Template
from .state import Call, Sent, User
from .webhook import SIGNATURE_HEADER, signature

__all__ = [
    "DEFAULT_APP_SECRET",
    "DEFAULT_PHONE_NUMBER_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_VERIFY_TOKEN",
    "SIGNATURE_HEADER",
    "Call",
    "GraphError",
    "Sent",
    "Template",
    "User",
    "WhatsAppEmulator",
    "signature",
]
