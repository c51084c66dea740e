"""Graph API error objects as the WhatsApp Cloud API answers them."""

from __future__ import annotations

import secrets
from typing import Any

# code → (HTTP status, title) for the errors the emulator produces.
KNOWN = {
    100: (400, "Invalid parameter"),
    131009: (400, "Parameter value is not valid"),
    131008: (400, "Required parameter is missing"),
    131047: (400, "Re-engagement message"),
    130429: (400, "Rate limit hit"),
    131056: (400, "(Business Account, Consumer Account) pair rate limit hit"),
    131026: (400, "Message undeliverable"),
    131053: (400, "Media upload error"),
    131016: (500, "Service unavailable"),
    131049: (400, "This message was not delivered to maintain healthy ecosystem engagement."),
    132000: (400, "Number of parameters does not match the expected number of params"),
    132001: (400, "Template name does not exist in the translation"),
    132018: (400, "There was an issue with the parameters in your template."),
    190: (401, "Invalid OAuth access token - Cannot parse access token"),
    131030: (400, "Recipient phone number not in allowed list"),
}
DETAILS = {
    131047: "Message failed to send because more than 24 hours have passed since the customer "
    "last replied to this number.",
    130429: "Cloud API message throughput has been reached.",
    131016: "A service is temporarily unavailable.",
    131056: "Too many messages sent from the sender phone number to the same recipient phone "
    "number in a short period of time.",
}


class GraphError(Exception):
    def __init__(self, code: int, details: str = "", *, status: int | None = None) -> None:
        known_status, title = KNOWN.get(code, (400, "Error"))
        super().__init__(f"({code}) {title}: {details}")
        self.code = code
        self.title = title
        self.details = details or DETAILS.get(code, title)
        self.status = status or known_status

    def body(self) -> dict[str, Any]:
        error_type = "OAuthException"
        return {
            "error": {
                "message": f"(#{self.code}) {self.title}",
                "type": error_type,
                "code": self.code,
                "error_data": {"messaging_product": "whatsapp", "details": self.details},
                "fbtrace_id": secrets.token_urlsafe(12),
            }
        }

    def as_status_error(self) -> dict[str, Any]:
        """The same error as it appears in a `failed` status webhook."""
        return {
            "code": self.code,
            "title": self.title,
            "message": self.title,
            "error_data": {"details": self.details},
        }


def invalid(details: str, code: int = 131009) -> GraphError:
    return GraphError(code, details)
