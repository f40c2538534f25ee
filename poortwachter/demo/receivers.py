"""Two local receivers for the demo: an SMTP server (aiosmtpd) and a webhook receiver.

Both listen on 127.0.0.1 only, on free ports, and keep what they received in memory. The SMTP
server asks for a login (AUTH PLAIN/LOGIN; without TLS, which the email channel allows on the
loopback interface only); the webhook receiver checks every request's Standard Webhooks
signature and drops a repeated ``webhook-id``, as a real receiver should. Each is a context
manager: leaving it stops the server, so nothing keeps running after the demo.

aiosmtpd is a development dependency (``pip install -e '.[dev]'``, done by ``scripts/setup``).
"""

from __future__ import annotations

import email
import email.policy
import json
import logging
import socket
import threading
import time
import warnings
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from poortwachter.notify import _signing
from poortwachter.texts import Language, text

__all__ = ["Mail", "SmtpReceiver", "WebhookCall", "WebhookReceiver", "free_port"]

HOST = "127.0.0.1"


def free_port() -> int:
    """A free port on 127.0.0.1 (aiosmtpd cannot bind port 0: it connects to itself)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Mail:
    """One message the SMTP server accepted."""

    to: tuple[str, ...]
    subject: str
    message_id: str
    text: str


@dataclass
class SmtpReceiver:
    """aiosmtpd on 127.0.0.1 that accepts mail after a login with ``username``/``password``."""

    username: str
    password: str
    language: Language = "nl"  #: of the one message it may print (aiosmtpd missing)
    port: int = field(default_factory=free_port)
    mails: list[Mail] = field(default_factory=list)
    logins: int = 0
    _controller: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        mail = Mail(
            to=tuple(envelope.rcpt_tos),
            subject=str(message["Subject"]),
            message_id=str(message["Message-ID"]),
            text=str(text),
        )
        with self._lock:
            self.mails.append(mail)
        return "250 Message accepted"

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.username
            and data.password.decode() == self.password
        )
        if ok:
            with self._lock:
                self.logins += 1
        return AuthResult(success=ok, handled=False)

    def __enter__(self) -> Self:
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            raise SystemExit(text("reminders.demo.no_aiosmtpd", self.language)) from None

        # Login without TLS is what this loopback-only server means to offer: keep aiosmtpd's
        # warnings about it (and its deprecation notices) out of the demo's output.
        warnings.filterwarnings("ignore", module="aiosmtpd")
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        self._controller = Controller(
            self,
            hostname=HOST,
            port=self.port,
            auth_required=True,
            auth_require_tls=False,  # loopback only; the channel refuses this elsewhere
            authenticator=self._authenticate,
        )
        self._controller.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass(frozen=True)
class WebhookCall:
    """One request the webhook receiver accepted (signature valid, id not seen before)."""

    webhook_id: str
    type: str
    recipient: str
    notices: tuple[str, ...]


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that verifies Standard Webhooks signatures."""

    def __init__(self, secret: str, path: str = "/hooks/poortwachter") -> None:
        self.secret = _signing.WebhookSecret(secret)
        self.path = path
        self.calls: list[WebhookCall] = []
        self.refused = 0  #: bad signature or wrong path
        self.repeats = 0  #: a webhook-id seen before (answered 200, not counted twice)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((HOST, 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}{self.path}"

    def _accept(self, path: str, headers: dict[str, str], body: bytes) -> int:
        try:
            if path != self.path:
                raise _signing.SignatureError("unknown path")
            _signing.verify(self.secret, headers, body, now=int(time.time()))
        except _signing.SignatureError:
            with self._lock:
                self.refused += 1
            return 401
        data = json.loads(body)
        call = WebhookCall(
            webhook_id=headers.get("webhook-id", ""),
            type=str(data["type"]),
            recipient=str(data["data"]["recipient"]),
            notices=tuple(str(n["key"]) for n in data["data"]["notices"]),
        )
        with self._lock:
            if any(c.webhook_id == call.webhook_id for c in self.calls):
                self.repeats += 1
            else:
                self.calls.append(call)
        return 204

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status = receiver._accept(self.path, headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
