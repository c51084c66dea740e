"""The webhook side: what the Cloud API POSTs to the business's webhook (user messages and
message statuses), signed with the app secret in X-Hub-Signature-256, and the verification
GET a business answers when its webhook is set up."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

import httpx

SIGNATURE_HEADER = "X-Hub-Signature-256"
WABA_ID = "102290129340398"
DISPLAY_NUMBER = "3197010250000"


def signature(body: bytes, app_secret: str) -> str:
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def envelope(phone_number_id: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": WABA_ID,
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": DISPLAY_NUMBER,
                                "phone_number_id": phone_number_id,
                            },
                            **value,
                        },
                    }
                ],
            }
        ],
    }


def user_message(wa_id: str, name: str, at: float, content: dict[str, Any]) -> dict[str, Any]:
    """The `value` of a message webhook: the contact and one message of `content`'s type."""
    message = {
        "from": wa_id,
        "id": "wamid." + secrets.token_urlsafe(36),
        "timestamp": str(int(at)),
        **content,
    }
    return {"contacts": [{"profile": {"name": name}, "wa_id": wa_id}], "messages": [message]}


def status_value(
    wamid: str, wa_id: str, status: str, at: float, errors: list[dict[str, Any]] | None
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(at)),
        "recipient_id": wa_id,
    }
    if status != "failed":
        entry["conversation"] = {"id": secrets.token_hex(16), "origin": {"type": "service"}}
        entry["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
    if errors:
        entry["errors"] = errors
    return {"statuses": [entry]}


def post(url: str, payload: dict[str, Any], app_secret: str | None) -> httpx.Response:
    """POST as Meta does: compact JSON, signed (app_secret None: unsigned, for tests of the
    refusal)."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if app_secret is not None:
        headers[SIGNATURE_HEADER] = signature(body, app_secret)
    return httpx.post(url, content=body, headers=headers, timeout=10)


def verify(url: str, verify_token: str, challenge: str) -> httpx.Response:
    params = {"hub.mode": "subscribe", "hub.verify_token": verify_token, "hub.challenge": challenge}
    return httpx.get(url, params=params, timeout=10)
