"""Email delivery over SMTP: STARTTLS (or implicit TLS) and authentication as configured.

The message is composed in :mod:`poortwachter.notify._mail_message` (text and HTML parts,
``Message-ID`` from the idempotency key, ``Auto-Submitted``, per-case threading, one-click
unsubscribe on digests). This module only connects and maps the server's answers to an
:class:`Outcome`: a 5xx refusal of the sender, a recipient or the data is permanent; a 4xx, a
refused login, a broken connection or a timeout is retried by the sweep. The password comes
from the environment or a secrets file and never appears in an outcome or an error.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Self

from poortwachter.notify._config import ChannelConfig, Secret, scrub
from poortwachter.notify._mail_message import MailSettings, build_message
from poortwachter.notify.channel import Delivery, Outcome

__all__ = ["EmailChannel", "SmtpSettings"]

_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """How to reach the SMTP server. ``password`` is kept out of ``repr``."""

    host: str
    port: int
    security: str  #: "starttls" (default), "tls" (implicit, port 465) or "none"
    username: str | None = None
    password: Secret | None = None
    timeout: float = 30.0
    ca_file: str | None = None  #: trust this CA (a private or test server) instead of the system's

    def __repr__(self) -> str:
        return (
            f"SmtpSettings({self.host!r}, {self.port}, {self.security!r}, "
            f"username={self.username!r}, password={self.password!r})"
        )


def _valid_address(value: str) -> bool:
    if any(c in value for c in "\r\n<>,;\"'") or value.count("@") != 1:
        return False
    try:
        Address(addr_spec=value)
    except (ValueError, IndexError):
        return False
    return True


class EmailChannel:
    """Deliveries to ``Delivery.address``, an email address."""

    name = "email"

    def __init__(
        self,
        smtp: SmtpSettings,
        mail: MailSettings,
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._smtp = smtp
        self._mail = mail
        self._clock = clock
        self._secrets = (smtp.password,) if smtp.password else ()

    @classmethod
    def from_config(cls, config: Mapping[str, object], environ: Mapping[str, str]) -> Self:
        """From ``host``, ``port``, ``security``, ``username``, ``password_env`` or
        ``password_file``, ``from``, ``domain``, ``unsubscribe_url``, ``timeout``, ``ca_file``."""
        section = ChannelConfig("email", config, environ)
        host = section.text("host")
        security = section.choice("security", "starttls", tuple(_DEFAULT_PORTS))
        port = section.integer("port", _DEFAULT_PORTS[security], low=1, high=65535)
        username = section.optional_text("username")
        password = section.secret("password", required=username is not None)
        if password is not None and username is None:
            raise section.error("username", "a password is configured but no username")
        if password is not None and security == "none" and host not in _LOOPBACK:
            raise section.error(
                "security", "refusing to send a password unencrypted", "use starttls or tls"
            )
        sender = section.text("from")
        if not _valid_address(sender):
            raise section.error("from", f"expected one email address, got {sender!r}")
        domain = section.text("domain", sender.rsplit("@", 1)[1])
        unsubscribe = section.text("unsubscribe_url")
        if not unsubscribe.startswith("https://"):
            raise section.error(
                "unsubscribe_url",
                "expected an https:// URL (one-click unsubscribe, RFC 8058)",
                "'{recipient}' in it is replaced by the recipient's reference",
            )
        smtp = SmtpSettings(
            host=host,
            port=port,
            security=security,
            username=username,
            password=password,
            timeout=section.number("timeout", 30.0, low=0.1, high=300),
            ca_file=section.optional_text("ca_file"),
        )
        return cls(smtp, MailSettings(sender=sender, domain=domain, unsubscribe_url=unsubscribe))

    def message(self, delivery: Delivery) -> EmailMessage:
        """The message :meth:`deliver` would send now (for previews and tests)."""
        return build_message(delivery, self._mail, self._clock())

    def deliver(self, delivery: Delivery) -> Outcome:
        """Send one message; an :class:`Outcome` for every answer, never an exception."""
        if not delivery.notices:
            return Outcome(False, "nothing to deliver: the delivery has no notices", True)
        if not _valid_address(delivery.address):
            return Outcome(False, "the recipient's address is not a valid email address", True)
        try:
            message = self.message(delivery)
            self._send(message, delivery.address)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            return self._refused("recipient refused", min(codes, default=0), b"")
        except smtplib.SMTPSenderRefused as exc:
            return self._refused("sender refused", exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPDataError as exc:
            return self._refused("message refused", exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPAuthenticationError as exc:
            return Outcome(
                False,
                f"authentication refused ({exc.smtp_code}); check the username "
                "and the password's environment variable or file",
            )
        except smtplib.SMTPNotSupportedError as exc:
            detail = scrub(str(exc), self._secrets)
            return Outcome(False, f"the server lacks an extension we need ({detail}); not sent")
        except smtplib.SMTPResponseException as exc:
            return self._refused("refused", exc.smtp_code, exc.smtp_error, permanent=False)
        except TimeoutError:
            return Outcome(False, f"timed out after {self._smtp.timeout:g} s")
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            detail = scrub(f"{type(exc).__name__}: {exc}", self._secrets)
            return Outcome(False, f"sending failed ({detail})")
        return Outcome(True, "accepted by the SMTP server")

    def _refused(
        self, what: str, code: int, reply: bytes | str, *, permanent: bool | None = None
    ) -> Outcome:
        said = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
        detail = scrub(f"{what}: {code} {said}".strip(), self._secrets)
        final = 500 <= code < 600 if permanent is None else permanent
        return Outcome(False, detail, permanent=final)

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self._smtp.ca_file)

    def _send(self, message: EmailMessage, recipient: str) -> None:
        smtp = self._smtp
        connection: smtplib.SMTP
        if smtp.security == "tls":
            connection = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=self._context()
            )
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with connection:
            connection.ehlo()
            if smtp.security == "starttls":
                connection.starttls(context=self._context())
                connection.ehlo()
            if smtp.username is not None and smtp.password is not None:
                connection.login(smtp.username, smtp.password.reveal())
            connection.send_message(message, from_addr=self._mail.sender, to_addrs=[recipient])
