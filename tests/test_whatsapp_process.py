"""WhatsApp in a real `talentbot web` process against the emulator: the webhook answers a
parent, an announcement made with the CLI reaches them through the process's outbox
dispatcher, and SIGTERM stops it cleanly."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator

import pytest

from tests.cli import environment_for
from tests.test_telegram_process import SCRIPT, STARTUP, _free_port
from tests.test_web_process import _cli, _wait_for_http
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31612345678"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def test_talentbot_web_serves_whatsapp_and_its_outbox(
    api: WhatsAppEmulator, sqlite_database: str
) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **environment_for(sqlite_database),
        **api.environment(),
        "TALENTBOT_WEB_PORT": str(port),
        "TALENTBOT_DISPATCH_INTERVAL": "0.3",
        "TALENTBOT_QUIET_HOURS": "off",
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen(
        [str(SCRIPT), "web"],
        env=env,
        stdin=subprocess.DEVNULL,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_http(f"{base}/healthz", process)
        api.connect(f"{base}/whatsapp")
        assert api.verify().status_code == 200
        assert api.send_text(PARENT, "hallo").status_code == 200
        (welcome,) = api.wait_for_messages(PARENT, 1, timeout=STARTUP)
        assert "Wie ben jij?" in welcome.text
        sent = _cli(
            "broadcast",
            "send",
            "--audience",
            "all",
            "--text",
            "Zaterdag is de bieb open tot 17:00.",
            database_url=sqlite_database,
        )
        assert sent.returncode == 0, sent.stderr
        _, news = api.wait_for_messages(PARENT, 2, timeout=STARTUP)
        assert (news.kind, news.text) == ("text", "Zaterdag is de bieb open tot 17:00.")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        output = process.communicate()[0]
    assert "Traceback" not in output, output
