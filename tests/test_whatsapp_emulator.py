"""The WhatsApp Cloud API emulator itself: payloads checked as the Cloud API checks them
(limits of buttons, lists and texts, templates, media), its errors (24-hour window, rate
limits, blocked users), and the webhook it sends, signed with the app secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest

from bot.channels.whatsapp.images import as_rgb_png
from bot.services.qrcodes import qr_png
from whatsapp_emulator import SIGNATURE_HEADER, WhatsAppEmulator

PARENT = "31612345678"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def _send(api: WhatsAppEmulator, payload: dict[str, Any], token: str | None = None) -> Any:
    url = f"{api.base_url}/{api.world.phone_number_id}/messages"
    headers = {"Authorization": f"Bearer {token or api.world.token}"}
    body = {"messaging_product": "whatsapp", "to": PARENT, **payload}
    return httpx.post(url, json=body, headers=headers, timeout=10)


def _code(response: httpx.Response) -> int:
    return int(response.json()["error"]["code"])


def _buttons(*titles: str) -> dict[str, Any]:
    buttons = [
        {"type": "reply", "reply": {"id": f"b{i}", "title": t}} for i, t in enumerate(titles)
    ]
    return {
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": "Kies"}, "action": {"buttons": buttons}},
    }


def _list(rows: list[dict[str, Any]], button: str = "Kies") -> dict[str, Any]:
    action = {"button": button, "sections": [{"rows": rows}]}
    return {
        "type": "interactive",
        "interactive": {"type": "list", "body": {"text": "Kies"}, "action": action},
    }


def _rows(count: int, title: str = "Judo") -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "title": f"{title} {i}"[:24]} for i in range(count)]


def test_a_text_inside_the_window_is_accepted_and_recorded(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    answer = _send(api, {"type": "text", "text": {"body": "Hallo!"}})
    assert answer.status_code == 200
    (wamid,) = [m["id"] for m in answer.json()["messages"]]
    assert wamid.startswith("wamid.")
    (sent,) = api.messages_to(PARENT)
    assert (sent.wamid, sent.kind, sent.text) == (wamid, "text", "Hallo!")


def test_outside_the_window_only_templates_are_delivered(api: WhatsAppEmulator) -> None:
    assert _code(_send(api, {"type": "text", "text": {"body": "Hallo"}})) == 131047
    api.register_template("talentbot_herinnering", "nl", "utility", "Denk aan {{1}} op {{2}}.")
    template = {
        "name": "talentbot_herinnering",
        "language": {"code": "nl"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Judo"},
                    {"type": "text", "text": "zaterdag 10:00"},
                ],
            }
        ],
    }
    assert _send(api, {"type": "template", "template": template}).status_code == 200
    assert [m.text for m in api.messages_to(PARENT)] == ["Denk aan Judo op zaterdag 10:00."]
    one_short = {
        **template,
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "Judo"}]}],
    }
    assert _code(_send(api, {"type": "template", "template": one_short})) == 132000
    newline = {
        **template,
        "components": [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": "Ju\ndo"}, {"type": "text", "text": "nu"}],
            }
        ],
    }
    assert _code(_send(api, {"type": "template", "template": newline})) == 132018
    english = {**template, "language": {"code": "en"}}
    assert _code(_send(api, {"type": "template", "template": english})) == 132001


def test_button_and_list_limits(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    assert _send(api, _buttons("Ja", "Nee", "Misschien")).status_code == 200
    assert _code(_send(api, _buttons("A", "B", "C", "D"))) == 131009
    assert _code(_send(api, _buttons("Een titel van 21 tekens"[:21]))) == 131009
    assert _code(_send(api, _buttons("Ja", "Ja"))) == 131009
    assert _send(api, _list(_rows(10))).status_code == 200
    assert _code(_send(api, _list(_rows(11)))) == 131009
    assert _code(_send(api, _list([{"id": "r", "title": "x" * 25}]))) == 131009
    assert _code(_send(api, _list([{"id": "r", "title": "x", "description": "d" * 73}]))) == 131009
    assert _code(_send(api, _list(_rows(2), button="Een knoptekst te lang"))) == 131009
    assert _code(_send(api, {"type": "text", "text": {"body": "x" * 4097}})) == 131009
    assert _send(api, {"type": "text", "text": {"body": "x" * 4096}}).status_code == 200
    assert len(api.messages_to(PARENT)) == 3


def test_two_sections_need_titles_of_at_most_24(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    payload = _list(_rows(2))
    sections = [{"rows": _rows(1)}, {"title": "Sport", "rows": [{"id": "z", "title": "Z"}]}]
    payload["interactive"]["action"]["sections"] = sections
    assert _code(_send(api, payload)) == 131008
    sections[0]["title"] = "x" * 25
    assert _code(_send(api, payload)) == 131009
    sections[0]["title"] = "Creatief"
    assert _send(api, payload).status_code == 200


def _upload(api: WhatsAppEmulator, filename: str, content: bytes, mime: str) -> httpx.Response:
    return httpx.post(
        f"{api.base_url}/{api.world.phone_number_id}/media",
        headers={"Authorization": f"Bearer {api.world.token}"},
        data={"messaging_product": "whatsapp", "type": mime},
        files={"file": (filename, content, mime)},
    )


def test_media_is_uploaded_then_sent_by_id(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    uploaded = _upload(api, "judo.ics", b"BEGIN:VCALENDAR", "text/plain")
    assert uploaded.status_code == 200
    media_id = uploaded.json()["id"]
    assert api.media(media_id).content == b"BEGIN:VCALENDAR"
    document = {"type": "document", "document": {"id": media_id, "filename": "judo.ics"}}
    assert _send(api, document).status_code == 200
    unknown = {"type": "document", "document": {"id": "404", "filename": "judo.ics"}}
    assert _code(_send(api, unknown)) == 131009
    linked = {"type": "image", "image": {"link": "https://example.org/qr.png"}}
    assert _send(api, linked).status_code == 200


def test_only_the_documented_media_types_are_taken(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    png = as_rgb_png(qr_png("https://example.org"))  # 8-bit RGB
    for name, content, mime in [
        ("qr.png", qr_png("https://example.org"), "image/png"),  # 1-bit: not 8-bit RGB(A)
        ("judo.ics", b"BEGIN:VCALENDAR", "text/calendar"),  # not among Meta's documents
        ("data.json", b"{}", "application/json"),
        ("foto.gif", b"GIF89a", "image/gif"),
        ("foto.png", b"GIF89a", "image/png"),  # not what its type says
        ("leeg.txt", b"", "text/plain"),
        ("groot.png", png + b"\0" * (5 * 1024 * 1024), "image/png"),  # images: at most 5 MB
    ]:
        assert _code(_upload(api, name, content, mime)) == 131053, name
    image = _upload(api, "foto.png", png, "image/png").json()["id"]
    text = _upload(api, "a.txt", b"hoi", "text/plain").json()["id"]
    assert _code(_send(api, {"type": "document", "document": {"id": image}})) == 131009
    assert _code(_send(api, {"type": "image", "image": {"id": text}})) == 131009
    caption = {"type": "image", "image": {"id": image, "caption": "x" * 1025}}
    assert _code(_send(api, caption)) == 131009
    caption["image"]["caption"] = "x" * 1024
    assert _send(api, caption).status_code == 200
    assert [m.kind for m in api.messages_to(PARENT)] == ["image"]


def test_a_wrong_token_and_unknown_numbers_are_refused(api: WhatsAppEmulator) -> None:
    answer = _send(api, {"type": "text", "text": {"body": "x"}}, token="wrong")
    assert (answer.status_code, _code(answer)) == (401, 190)
    stranger = httpx.post(
        f"{api.base_url}/{api.world.phone_number_id}/messages",
        headers={"Authorization": f"Bearer {api.world.token}"},
        json={
            "messaging_product": "whatsapp",
            "to": "31600000000",
            "type": "text",
            "text": {"body": "x"},
        },
    )
    assert _code(stranger) == 131026


def test_faults_blocked_users_and_the_pair_rate(api: WhatsAppEmulator) -> None:
    api.user(PARENT).last_inbound_at = api.world.clock()
    text = {"type": "text", "text": {"body": "Hoi"}}
    api.fail_next(130429)
    assert _code(_send(api, text)) == 130429
    assert _send(api, text).status_code == 200
    api.set_pair_limit(1)
    assert _code(_send(api, text)) == 131056
    api.set_pair_limit(None)
    api.block(PARENT)
    assert _code(_send(api, text)) == 131026
    assert len(api.messages_to(PARENT)) == 1


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, bytes, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, body, self.headers.get(SIGNATURE_HEADER, "")))
        self.send_response(200)
        self.end_headers()

    def do_GET(self) -> None:
        self.received.append((self.path, b"", ""))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def test_the_webhook_is_signed_with_the_app_secret(api: WhatsAppEmulator) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received = []
    try:
        api.connect(f"http://127.0.0.1:{server.server_port}/whatsapp")
        assert api.send_text(PARENT, "Hoi!").status_code == 200
        api.verify(challenge="42")
    finally:
        server.shutdown()
    (path, body, signed), (query, _, _) = _Receiver.received
    expected = hmac.new(api.app_secret.encode(), body, hashlib.sha256).hexdigest()
    assert (path, signed) == ("/whatsapp", f"sha256={expected}")
    value = json.loads(body)["entry"][0]["changes"][0]["value"]
    (message,) = value["messages"]
    assert (message["from"], message["type"], message["text"]) == (PARENT, "text", {"body": "Hoi!"})
    assert value["contacts"][0]["wa_id"] == PARENT
    assert "hub.challenge=42" in query and f"hub.verify_token={api.verify_token}" in query
    assert api.world.in_window(api.user(PARENT), api.world.clock())
