"""Real servers on 127.0.0.1 for the channel tests: SMTP (aiosmtpd, STARTTLS, AUTH) and an HTTP
receiver that verifies Standard Webhooks signatures with the reference library and with ours.

Nothing here mocks smtplib or the HTTP client: the channels talk to these servers over TCP.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import standardwebhooks
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from poortwachter.notify import _signing
from poortwachter.notify.channel import Delivery, Notice

SMTP_USER = "poortwachter"
SMTP_PASSWORD = "s3cret-Smtp-Pa55word-do-not-leak"
# 32 fixed bytes, base64: a whsec_ secret for the receiver (tests only).
WEBHOOK_SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3a6fG6uRLDA="
WEBHOOK_SECRET_OLD = "whsec_" + "c2VjcmV0LW9mLXllc3RlcmRheS10aGF0LWlzLTMyYnl0ZQ=="


def free_port() -> int:
    """A port nobody listens on (aiosmtpd cannot bind port 0: it connects to itself)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return TlsFiles(cert, key)


@dataclass
class SmtpSink:
    """What the SMTP server received; ``refuse`` maps a recipient to a reply (e.g. '550 ...')."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    logins: list[str] = field(default_factory=list)
    tls_seen: list[bool] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.tls_seen.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == SMTP_USER
            and data.password.decode() == SMTP_PASSWORD
        )
        if ok:
            self.logins.append(mechanism)
        return AuthResult(success=ok, handled=False)


@contextmanager
def running_smtp(tls_files: TlsFiles, *, starttls: bool) -> Iterator[SmtpSink]:
    """aiosmtpd on 127.0.0.1 with AUTH required, stopped afterwards: STARTTLS required (AUTH
    only over it), or else TLS from the first byte (port 465 style)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files.cert, tls_files.key)
    sink = SmtpSink("127.0.0.1", free_port())
    # aiosmtpd counts only STARTTLS as TLS for AUTH; with implicit TLS the whole session is TLS.
    tls: dict[str, Any] = (
        {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
        if starttls
        else {"ssl_context": context, "auth_require_tls": False}
    )
    controller = Controller(
        sink,
        hostname=sink.host,
        port=sink.port,
        auth_required=True,
        authenticator=sink.authenticate,
        **tls,
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(tls_files: TlsFiles) -> Iterator[SmtpSink]:
    """aiosmtpd on 127.0.0.1: STARTTLS required, AUTH required (only over TLS)."""
    with running_smtp(tls_files, starttls=True) as sink:
        yield sink


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    reference_ok: bool  #: the standardwebhooks library verified it
    own_ok: bool  #: our verifier verified it


@dataclass
class Receiver:
    url: str
    secret: str
    received: list[Received] = field(default_factory=list)
    slow_seconds: float = 2.0

    def by_path(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    reference = standardwebhooks.Webhook(receiver.secret)
    own = _signing.WebhookSecret(receiver.secret)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = dict(self.headers.items())
            try:
                reference.verify(body, headers)
                reference_ok = True
            except standardwebhooks.WebhookVerificationError:
                reference_ok = False
            try:
                _signing.verify(own, headers, body, now=int(time.time()))
                own_ok = True
            except _signing.SignatureError:
                own_ok = False
            receiver.received.append(Received(self.path, headers, body, reference_ok, own_ok))
            self._answer(reference_ok and own_ok)

        def _answer(self, verified: bool) -> None:
            path = self.path
            if path == "/slow":
                time.sleep(receiver.slow_seconds)
            if not verified:
                self._reply(401)
            elif path.startswith("/status/"):
                code = int(path.rsplit("/", 1)[1].split("?")[0])
                extra = {"Location": receiver.url + "/ok"} if 300 <= code < 400 else {}
                if "retry=" in path:
                    extra["Retry-After"] = urllib.parse.unquote(path.split("retry=", 1)[1])
                self._reply(code, extra)
            else:
                self._reply(204)

        def _reply(self, code: int, headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def _serve(tls: TlsFiles | None) -> Iterator[Receiver]:
    state = Receiver(url="", secret=WEBHOOK_SECRET)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls.cert, tls.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    state.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP receiver on 127.0.0.1 verifying every request with two verifiers."""
    yield from _serve(None)


@pytest.fixture
def tls_receiver(tls_files: TlsFiles) -> Iterator[Receiver]:
    """The same receiver over HTTPS with the test's self-signed certificate."""
    yield from _serve(tls_files)


UTC = dt.UTC


def notice(
    key: str = "c-1:plan_of_approach:1:plan",
    *,
    case_id: str = "c-1",
    reason: str = "plan_of_approach",
    step: str = "plan",
    recipient: str = "anna",
    due_on: dt.date = dt.date(2026, 3, 30),
    plan_on: dt.date = dt.date(2026, 3, 16),
) -> Notice:
    return Notice(
        key=key,
        case_id=case_id,
        reason=reason,
        step=step,  # type: ignore[arg-type]
        recipient=recipient,
        due_on=due_on,
        plan_on=plan_on,
        send_at=dt.datetime(2026, 3, 16, 8, 0, tzinfo=UTC),
        legal_basis="art. 25 lid 2 WIA; art. 4 Regeling procedurele eisen",
        rule_version="pva_weeks@2002-04-01",
    )


def delivery(address: str, *notices: Notice, digest: bool = False, **kw: Any) -> Delivery:
    chosen = notices or (notice(),)
    return Delivery(
        recipient=chosen[0].recipient, address=address, notices=chosen, digest=digest, **kw
    )
