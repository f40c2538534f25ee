"""Standard Webhooks signatures (symmetric, ``v1``): sign, and verify like a receiver would.

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}`` (the body's exact bytes),
HMAC-SHA256 with the endpoint's secret, sent as ``v1,<base64>``. During a key rotation the
``webhook-signature`` header carries one signature per secret, space-separated; a receiver
accepts the message when any one matches. Secrets are serialised as ``whsec_<base64>`` (at
least 24 random bytes). The verifier is ours so that tests do not trust a single
implementation; it is also what an embedding receiver can use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

__all__ = [
    "SECRET_PREFIX",
    "SignatureError",
    "WebhookSecret",
    "new_secret",
    "sign",
    "signature_header",
    "verify",
]

SECRET_PREFIX = "whsec_"
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64
#: A message id or timestamp must not contain a full stop: it would make the signed content
#: ambiguous. Header-safe characters only.
_SAFE_ID = re.compile(r"[A-Za-z0-9_:,\-]{1,200}")


class SignatureError(ValueError):
    """A webhook failed verification (the message says why, never with a secret)."""


class WebhookSecret:
    """A ``whsec_`` signing secret; its ``repr`` never shows the key."""

    __slots__ = ("_key",)

    def __init__(self, serialised: str) -> None:
        if not serialised.startswith(SECRET_PREFIX):
            raise ValueError(f"expected a secret starting with '{SECRET_PREFIX}'")
        body = serialised[len(SECRET_PREFIX) :]
        try:
            key = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"expected '{SECRET_PREFIX}' followed by base64") from None
        if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
            raise ValueError(
                f"expected {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} random bytes after "
                f"'{SECRET_PREFIX}', got {len(key)}"
            )
        self._key = key

    @property
    def key(self) -> bytes:
        return self._key

    def __repr__(self) -> str:
        return "WebhookSecret(whsec_***)"


def new_secret() -> str:
    """A fresh serialised secret (32 random bytes), for ``poortwachter``'s operators."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def safe_message_id(msg_id: str) -> bool:
    return _SAFE_ID.fullmatch(msg_id) is not None


def sign(secret: WebhookSecret, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature over ``msg_id.timestamp.body``."""
    if not safe_message_id(msg_id):
        raise ValueError("a webhook id must be 1-200 characters of A-Z a-z 0-9 _ : , -")
    content = msg_id.encode("ascii") + b"." + str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(
    secrets_in_use: tuple[WebhookSecret, ...], msg_id: str, timestamp: int, body: bytes
) -> str:
    """The ``webhook-signature`` value: one signature per secret (two while rotating)."""
    return " ".join(sign(s, msg_id, timestamp, body) for s in secrets_in_use)


def verify(
    secret: WebhookSecret,
    headers: dict[str, str],
    body: bytes,
    *,
    now: int,
    tolerance: int = 300,
) -> str:
    """Check a received webhook as a receiver must; return its ``webhook-id``.

    Header names are case-insensitive; the timestamp must lie within ``tolerance`` seconds of
    ``now`` (replay protection); any one ``v1`` signature must match, compared in constant time.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id", "")
    stamp = lowered.get("webhook-timestamp", "")
    signatures = lowered.get("webhook-signature", "")
    if not (msg_id and stamp and signatures):
        raise SignatureError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not stamp.isdigit():
        raise SignatureError("webhook-timestamp is not an integer number of seconds")
    if abs(now - int(stamp)) > tolerance:
        raise SignatureError("webhook-timestamp is outside the tolerance")
    if not safe_message_id(msg_id):
        raise SignatureError("webhook-id has characters outside A-Z a-z 0-9 _ : , -")
    expected = sign(secret, msg_id, int(stamp), body).encode("ascii")
    for candidate in signatures.split(" "):
        if candidate.startswith("v1,") and hmac.compare_digest(candidate.encode(), expected):
            return msg_id
    raise SignatureError("no matching v1 signature")
