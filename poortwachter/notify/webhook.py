"""Webhook delivery following the Standard Webhooks specification.

Each message is one HTTP POST of a compact JSON body with the headers ``webhook-id`` (the
idempotency key: the same on every attempt), ``webhook-timestamp`` (the attempt, in seconds)
and ``webhook-signature`` (``v1,`` HMAC-SHA256 over ``id.timestamp.body``; two signatures while
an endpoint's secret rotates). Status handling as the specification suggests: 2xx delivered;
3xx a failure (redirects are never followed: fix the URL); 410 Gone disables the endpoint (a
permanent outcome, and no further request to it — across restarts too when ``disabled_file``
is set, until the endpoint's URL changes: :mod:`poortwachter.notify._disabled`); 429, 502
and 504 mean "slow down", with ``Retry-After`` honoured whenever the receiver sends one;
anything else, a timeout or a broken connection is a failure the sweep retries. See
docs/channels.md.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from poortwachter.errors import ChannelConfigError
from poortwachter.notify._config import ChannelConfig, Secret, scrub
from poortwachter.notify._disabled import DisabledEndpoints
from poortwachter.notify._signing import WebhookSecret, safe_message_id, signature_header
from poortwachter.notify.channel import Delivery, Notice, Outcome
from poortwachter.notify.message import localised_details
from poortwachter.texts import Language

__all__ = ["Endpoint", "WebhookChannel", "payload", "webhook_id"]

DEFAULT_TIMEOUT = 15.0  # the specification recommends 15-30 s
_THROTTLE = frozenset({429, 502, 504})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: Used when one endpoint serves every address (a configuration without ``endpoints``).
DEFAULT_ENDPOINT = "default"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A receiver: its URL and signing secrets (current first; the previous one while rotating)."""

    name: str
    url: str
    secrets: tuple[WebhookSecret, ...]
    timeout: float = DEFAULT_TIMEOUT

    def __repr__(self) -> str:  # the secrets' own repr hides them; keep the line short too
        return f"Endpoint({self.name!r}, {self.url!r}, {len(self.secrets)} secret(s))"


def webhook_id(key: str) -> str:
    """The ``webhook-id`` of a message: its idempotency key when that is header-safe and has
    no full stop (the specification forbids one), else a stable digest of the key."""
    if safe_message_id(key):
        return key
    return "pw_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


def _notice(notice: Notice, language: Language) -> dict[str, object]:
    return {
        "key": notice.key,
        "case_id": notice.case_id,
        "reason": notice.reason,
        "step": notice.step,
        "recipient": notice.recipient,
        "due_on": notice.due_on.isoformat(),
        "plan_on": notice.plan_on.isoformat(),
        "send_at": notice.send_at.astimezone(dt.UTC).isoformat(),
        "legal_basis": notice.legal_basis,
        "rule_version": notice.rule_version,
        "details": dict(localised_details(notice, language)),
    }


def payload(delivery: Delivery) -> bytes:
    """The JSON body: the same bytes on every attempt (nothing in it depends on the attempt)."""
    latest = max(n.send_at for n in delivery.notices)
    body = {
        "type": "poortwachter.reminder.digest" if delivery.digest else "poortwachter.reminder",
        "timestamp": latest.astimezone(dt.UTC).isoformat(),
        "data": {
            "key": delivery.key,
            "recipient": delivery.recipient,
            "language": delivery.language,
            "notices": [_notice(n, delivery.language) for n in delivery.notices],
        },
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def _retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` in seconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


class WebhookChannel:
    """Deliveries to named endpoints; ``Delivery.address`` is the endpoint's name."""

    name = "webhook"

    def __init__(
        self,
        endpoints: Mapping[str, Endpoint],
        *,
        clock: Callable[[], float] = time.time,
        ssl_context: ssl.SSLContext | None = None,
        disabled: DisabledEndpoints | None = None,
    ) -> None:
        self._endpoints = dict(endpoints)
        self._clock = clock
        self._ssl = ssl_context
        self._disabled = disabled or DisabledEndpoints()
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Mapping[str, object], environ: Mapping[str, str]) -> Self:
        """Endpoints from ``endpoints: {name: {url, secret_env, ...}}``, or one endpoint given
        directly (``url``, ``secret_env``) that serves every address. Secrets come from
        ``secret_env``/``secret_file`` and, while rotating, ``previous_secret_env``/``_file``.
        ``disabled_file`` keeps the endpoints a 410 disabled across restarts."""
        section = ChannelConfig("webhook", config, environ)
        timeout = section.number("timeout", DEFAULT_TIMEOUT, low=0.1, high=120)
        context = _context(section)
        state = section.optional_text("disabled_file")
        disabled = DisabledEndpoints(Path(state).expanduser() if state else None)
        raw = config.get("endpoints")
        if raw is None:
            endpoint = _endpoint(DEFAULT_ENDPOINT, section, timeout)
            return cls({DEFAULT_ENDPOINT: endpoint}, ssl_context=context, disabled=disabled)
        if not isinstance(raw, Mapping) or not raw:
            raise ChannelConfigError("webhook", "endpoints", "expected a mapping name -> endpoint")
        endpoints: dict[str, Endpoint] = {}
        for name, entry in raw.items():
            if not isinstance(entry, Mapping):
                raise ChannelConfigError("webhook", f"endpoints.{name}", "expected a mapping")
            sub = ChannelConfig(f"webhook endpoint '{name}'", entry, environ)
            endpoints[str(name)] = _endpoint(str(name), sub, timeout)
        return cls(endpoints, ssl_context=context, disabled=disabled)

    def _endpoint_for(self, address: str) -> Endpoint | None:
        endpoint = self._endpoints.get(address)
        if endpoint is None and set(self._endpoints) == {DEFAULT_ENDPOINT}:
            endpoint = self._endpoints[DEFAULT_ENDPOINT]
        return endpoint

    def deliver(self, delivery: Delivery) -> Outcome:
        """One signed POST; an :class:`Outcome` for every answer, never an exception."""
        if not delivery.notices:
            return Outcome(False, "nothing to deliver: the delivery has no notices", True)
        endpoint = self._endpoint_for(delivery.address)
        if endpoint is None:
            return Outcome(False, f"no webhook endpoint named {delivery.address!r}", True)
        with self._lock:
            disabled = self._disabled.is_disabled(endpoint.name, endpoint.url)
        if disabled:
            return Outcome(False, f"endpoint {endpoint.name!r} disabled after HTTP 410", True)
        body = payload(delivery)
        msg_id = webhook_id(delivery.key)
        now = self._clock()
        headers = {
            "content-type": "application/json",
            "user-agent": "poortwachter",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now)),
            "webhook-signature": signature_header(endpoint.secrets, msg_id, int(now), body),
        }
        try:
            status, retry_after = self._post(endpoint, headers, body)
        except TimeoutError:
            return Outcome(False, f"timed out after {endpoint.timeout:g} s")
        except (OSError, http.client.HTTPException) as exc:
            reason = scrub(f"{type(exc).__name__}: {exc}", ())  # we never send a secret
            return Outcome(False, f"request failed ({reason})")
        return self._outcome(endpoint, status, _retry_after(retry_after, self._clock()))

    def _post(
        self, endpoint: Endpoint, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, str | None]:
        parts = urllib.parse.urlsplit(endpoint.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            context = self._ssl or ssl.create_default_context()
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=endpoint.timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(
                parts.hostname or "", parts.port, timeout=endpoint.timeout
            )
        try:
            connection.request("POST", path, body=body, headers=dict(headers))
            response = connection.getresponse()
            response.read(65536)  # drain a little; the body is not used
            return response.status, response.getheader("retry-after")
        finally:
            connection.close()

    def _outcome(self, endpoint: Endpoint, status: int, retry_after: float | None) -> Outcome:
        if 200 <= status < 300:
            return Outcome(True, f"HTTP {status}")
        if status == 410:
            with self._lock:
                now = dt.datetime.fromtimestamp(self._clock(), dt.UTC)
                self._disabled.disable(endpoint.name, endpoint.url, now)
            return Outcome(
                False, f"HTTP 410 Gone: endpoint {endpoint.name!r} disabled", permanent=True
            )
        if 300 <= status < 400:
            detail = f"HTTP {status}: redirect not followed; update the endpoint's URL"
        elif status in _THROTTLE:
            detail = f"HTTP {status}: receiver asks to slow down"
        else:
            detail = f"HTTP {status}"
        return Outcome(False, detail, retry_after=retry_after)


def _context(section: ChannelConfig) -> ssl.SSLContext | None:
    """The system's trust store, or ``ca_file`` (a private CA) when one is configured."""
    ca_file = section.optional_text("ca_file")
    if ca_file is None:
        return None
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise section.error("ca_file", f"cannot load {ca_file!r} ({type(exc).__name__})") from None


def _endpoint(name: str, section: ChannelConfig, timeout: float) -> Endpoint:
    url = section.text("url")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise section.error("url", f"expected an https:// URL, got {url!r}")
    if parts.username or parts.password:
        raise section.error(
            "url", "credentials in the URL are not allowed; the signature authenticates the sender"
        )
    allow_http = section.config.get("allow_http", False) is True
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK and not allow_http:
        raise section.error(
            "url",
            "plain http is only allowed to 127.0.0.1/localhost",
            "use https, or set allow_http: true on a network you trust",
        )
    secrets = [_secret(section, "secret")]
    previous = section.secret("previous_secret", required=False)
    if previous is not None:
        secrets.append(_parsed(section, "previous_secret", previous))
    own_timeout = section.number("timeout", timeout, low=0.1, high=120)
    return Endpoint(name, url, tuple(secrets), own_timeout)


def _secret(section: ChannelConfig, field: str) -> WebhookSecret:
    value = section.secret(field)
    assert value is not None
    return _parsed(section, field, value)


def _parsed(section: ChannelConfig, field: str, value: Secret) -> WebhookSecret:
    try:
        return WebhookSecret(value.reveal())
    except ValueError as exc:  # the message describes the shape, never the value
        source = f"{field}_file" if f"{field}_file" in section.config else f"{field}_env"
        raise section.error(source, f"the secret is not valid: {exc}") from None
