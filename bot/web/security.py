"""Security headers on every response: no framing, no inline scripts, no referrer (a sign-in
link must not leak from the page it opened), and no caching of signed-in pages.

The one exception to "no framing" is the web chat's page (`/chat`, the widget's frame): the
sites in TALENTBOT_CHAT_ORIGINS may show it, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors {ancestors}; base-uri 'none'; object-src 'none'"
)
CONTENT_POLICY = POLICY.format(ancestors="'none'")
FRAMEABLE = "/chat"  # the web chat's page, which the widget shows in a frame
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
NO_FRAMING = [(b"content-security-policy", CONTENT_POLICY.encode()), (b"x-frame-options", b"DENY")]


def framing_headers(origins: Sequence[str]) -> list[tuple[bytes, bytes]]:
    """The web chat's page: framed by its own site and the libraries' sites only."""
    ancestors = " ".join(["'self'", *origins])
    return [(b"content-security-policy", POLICY.format(ancestors=ancestors).encode())]


class SecurityHeaders:
    """Pure ASGI middleware, so streamed responses (server-sent events) pass unbuffered."""

    def __init__(self, app: ASGIApp, chat_origins: Sequence[str] = ()) -> None:
        self.app = app
        self.frameable = framing_headers(chat_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith("/beheer") and "/static/" not in scope["path"]
        extra = HEADERS + (self.frameable if scope["path"] == FRAMEABLE else NO_FRAMING)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in extra if n not in present]
                if private and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
