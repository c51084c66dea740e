"""A round-robin HTTP load balancer in front of several webhook processes, as nginx would be
with its defaults: a backend that refuses the connection is skipped for the next one; a
request a backend took and never answered (it died) gets 502, and Telegram sends it again."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class _Forward(BaseHTTPRequestHandler):
    server: _Balancer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        for backend in self.server.next_backends():
            try:
                answer = httpx.post(backend + self.path, content=body, headers=headers, timeout=30)
            except httpx.ConnectError:
                continue  # not running: the next one
            except httpx.HTTPError:
                break  # died with the request in hand
            self._answer(answer.status_code, answer.content)
            return
        self._answer(502, b"Bad Gateway")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Balancer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, backends: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Forward)
        self.backends = backends
        self._turns = itertools.cycle(range(len(backends)))
        self._lock = threading.Lock()

    def next_backends(self) -> list[str]:
        with self._lock:
            first = next(self._turns)
        return self.backends[first:] + self.backends[:first]


@contextmanager
def load_balancer(backends: list[str]) -> Iterator[str]:
    """The balancer's base URL while it runs."""
    server = _Balancer(backends)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
