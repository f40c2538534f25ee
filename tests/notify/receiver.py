"""A real HTTP receiver on 127.0.0.1 and a small channel that posts to it (no mocks).

The receiver records every request's idempotency key (duplicates included, so a test can count
them), can be told to answer with a failing status, and to take its time (so a worker can be
killed in the middle of a delivery). ``PostChannel`` is loaded by the sweep through the channel
factory's ``package.module:Class`` names, also in a worker subprocess.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit

from poortwachter.errors import ChannelConfigError
from poortwachter.notify.channel import Delivery, Outcome


class Receiver:
    """What the server saw, and how it answers next."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: list[str] = []
        self.notices: list[str] = []
        self.status = 200
        self.delay = 0.0
        self.url = ""

    def distinct_notices(self) -> set[str]:
        with self.lock:
            return set(self.notices)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if receiver.delay:
                time.sleep(receiver.delay)
            status = receiver.status
            if status < 300:
                data = json.loads(body)
                with receiver.lock:
                    receiver.keys.append(self.headers["Idempotency-Key"])
                    receiver.notices.extend(data["notices"])
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


class PostChannel:
    """Posts ``{"key", "notices"}`` as JSON with an ``Idempotency-Key`` header."""

    name = "post"

    def __init__(self, url: str) -> None:
        self.url = url

    @classmethod
    def from_config(cls, config: Mapping[str, object], environ: Mapping[str, str]) -> Self:
        url = config.get("url")
        if not isinstance(url, str) or not url.startswith("http://127.0.0.1:"):
            raise ChannelConfigError("post", "url", "expected http://127.0.0.1:PORT/...")
        return cls(url)

    def deliver(self, delivery: Delivery) -> Outcome:
        parts = urlsplit(self.url)
        body = json.dumps({"key": delivery.key, "notices": [n.key for n in delivery.notices]})
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            conn.request(
                "POST",
                parts.path,
                body=body,
                headers={"Content-Type": "application/json", "Idempotency-Key": delivery.key},
            )
            status = conn.getresponse().status
        except OSError as exc:
            return Outcome(False, detail=f"connection failed: {type(exc).__name__}")
        finally:
            conn.close()
        if 200 <= status < 300:
            return Outcome(True, detail=str(status))
        return Outcome(False, detail=f"HTTP {status}", permanent=status == 410)
