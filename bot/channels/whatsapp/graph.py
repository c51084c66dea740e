"""The two Graph API calls the bot makes, over plain httpx: send a message and upload media.

Errors come back as `GraphError` with the Cloud API's code (131047, 130429, ...), or with
code 0 for a network failure or a server error without one."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.channels.whatsapp.pacing import Pacer

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(20.0, connect=5.0)


class GraphError(Exception):
    def __init__(self, code: int, message: str, status: int = 0) -> None:
        super().__init__(f"({code}) {message}" if code else message)
        self.code = code
        self.status = status
        self.message = message

    @property
    def transient(self) -> bool:
        """A network failure or a server error: worth another try."""
        return self.code == 0 or self.status >= 500


class GraphClient:
    def __init__(
        self, base_url: str, phone_number_id: str, token: str, pacer: Pacer | None = None
    ) -> None:
        self.base = f"{base_url.rstrip('/')}/{phone_number_id}"
        self.pacer = pacer  # None: as fast as the Graph API answers
        self.http = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
            limits=httpx.Limits(max_connections=8),
        )

    async def send(self, to: str, kind: str, content: dict[str, Any]) -> str:
        """Send one message; returns its wamid."""
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": kind,
            kind: content,
        }
        if self.pacer is not None:
            await self.pacer.wait(to)
        answer = await self._post("/messages", json=payload)
        return str(answer["messages"][0]["id"])

    async def upload(self, filename: str, content: bytes, mime_type: str) -> str:
        """Upload a file (an .ics, a QR code); returns its media id."""
        answer = await self._post(
            "/media",
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename, content, mime_type)},
        )
        return str(answer["id"])

    async def _post(self, path: str, **request: Any) -> dict[str, Any]:
        try:
            response = await self.http.post(self.base + path, **request)
        except httpx.HTTPError as error:
            raise GraphError(0, f"{type(error).__name__} talking to the Graph API") from error
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200 and isinstance(body, dict) and "error" not in body:
            return body
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        code = error.get("code") if isinstance(error.get("code"), int) else 0
        message = str(error.get("message") or f"HTTP {response.status_code}")[:200]
        raise GraphError(code, message, response.status_code)

    async def close(self) -> None:
        await self.http.aclose()
