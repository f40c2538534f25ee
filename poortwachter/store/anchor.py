"""Anchors: a signed checkpoint of every case's head, kept outside the database.

A hash chain shows that no stored event was changed *unless the whole tail was recomputed*: a
writer with access to the database can rewrite an event, recompute every later hash and the
case's ``head_hash``, and no chain walk will notice; nor will it notice a case deleted with all
its events. An anchor closes that gap. It lists, for every case, the seq and hash of its last
event, and is signed with HMAC-SHA256 under a key that is not in the database. Later,
:func:`check_anchor` proves for each anchored case that the event at the anchored seq still has
the anchored hash (so, with an intact chain, nothing up to it changed), that the log still
reaches that far, and that the case still exists. Cases opened since are not covered until the
next anchor.

The file is JSON (UTF-8)::

    {"format": "poortwachter-anchor", "format_version": 1, "algorithm": "hmac-sha256",
     "created_at": "2026-12-02T07:00:00.000000+00:00", "key_id": "<16 hex>",
     "cases": [{"case_id": "...", "seq": 12, "hash": "<64 hex>"}, ...],
     "signature": "<64 hex>"}

``signature`` is the HMAC-SHA256 (lowercase hex) of the canonical JSON (sorted keys, no
whitespace, UTF-8) of every other member; ``key_id`` is the first 16 hex digits of
HMAC-SHA256(key, "poortwachter anchor key id"), so a wrong key is told apart from a forged file
without revealing anything about the key. Anyone holding the key can check an anchor with a
JSON library and HMAC alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from poortwachter.store.hashing import iso_utc
from poortwachter.store.models import IntegrityIssue
from poortwachter.store.schema import cases, events

__all__ = [
    "ANCHOR_FORMAT",
    "AnchorError",
    "anchor_document",
    "check_anchor",
    "heads",
    "key_id",
    "verify_signature",
]

ANCHOR_FORMAT: Final = "poortwachter-anchor"
_FORMAT_VERSION: Final = 1
_ALGORITHM: Final = "hmac-sha256"
#: Shorter keys are refused: HMAC-SHA256 is only as strong as its key.
MIN_KEY_BYTES: Final = 16
_PAGE: Final = 500


class AnchorError(ValueError):
    """An anchor that cannot be used: unreadable, another format, another key, or forged.

    ``forged`` is true when the file is well-formed and made with this key, but its signature
    does not match its content: the anchor itself was changed.
    """

    def __init__(self, reason: str, *, forged: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.forged = forged


def key_id(key: bytes) -> str:
    """A fingerprint of the key that reveals nothing about it (see the module docstring)."""
    return hmac.new(key, b"poortwachter anchor key id", hashlib.sha256).hexdigest()[:16]


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _sign(key: bytes, body: Mapping[str, Any]) -> str:
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    """Constant-time equality of two texts (any characters: a file may hold anything)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def heads(conn: Connection) -> list[tuple[str, int, str]]:
    """(case_id, seq, hash) of the last stored event of every case, by case id."""
    last = (
        sa.select(events.c.case_id, sa.func.max(events.c.seq).label("seq"))
        .group_by(events.c.case_id)
        .subquery("last")
    )
    query = (
        sa.select(events.c.case_id, events.c.seq, events.c.hash)
        .join(last, sa.and_(events.c.case_id == last.c.case_id, events.c.seq == last.c.seq))
        .order_by(events.c.case_id)
    )
    return [(str(r[0]), int(r[1]), str(r[2])) for r in conn.execute(query)]


def anchor_document(
    key: bytes, case_heads: Iterable[tuple[str, int, str]], created_at: dt.datetime
) -> dict[str, Any]:
    """The signed anchor of ``case_heads`` (see the module docstring)."""
    body: dict[str, Any] = {
        "format": ANCHOR_FORMAT,
        "format_version": _FORMAT_VERSION,
        "algorithm": _ALGORITHM,
        "created_at": iso_utc(created_at),
        "key_id": key_id(key),
        "cases": [{"case_id": c, "seq": s, "hash": h} for c, s, h in case_heads],
    }
    return {**body, "signature": _sign(key, body)}


def verify_signature(key: bytes, document: object) -> list[tuple[str, int, str]]:
    """The anchored heads of a document signed with ``key``; raises :class:`AnchorError`."""
    if not isinstance(document, dict):
        raise AnchorError("not an anchor: expected a JSON object")
    if document.get("format") != ANCHOR_FORMAT or document.get("algorithm") != _ALGORITHM:
        raise AnchorError(f"not an anchor: expected format {ANCHOR_FORMAT!r} ({_ALGORITHM})")
    if document.get("format_version") != _FORMAT_VERSION:
        raise AnchorError(f"anchor format version {document.get('format_version')!r} unknown")
    if document.get("key_id") != key_id(key):
        raise AnchorError("the anchor was signed with another key than the one given")
    body = {k: v for k, v in document.items() if k != "signature"}
    signature = document.get("signature")
    if not isinstance(signature, str) or not _same(signature, _sign(key, body)):
        raise AnchorError("the anchor's signature does not match its content", forged=True)
    entries = body.get("cases")
    if not isinstance(entries, list):
        raise AnchorError("the anchor lists no cases", forged=True)
    out: list[tuple[str, int, str]] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
            raise AnchorError("an anchored case is malformed", forged=True)
        out.append((str(entry.get("case_id")), int(entry["seq"]), str(entry.get("hash"))))
    return out


def check_anchor(
    conn: Connection, anchored: Sequence[tuple[str, int, str]]
) -> list[IntegrityIssue]:
    """Findings for anchored cases that were deleted, truncated or rewritten since."""
    issues: list[IntegrityIssue] = []
    for start in range(0, len(anchored), _PAGE):
        page = anchored[start : start + _PAGE]
        ids = [case_id for case_id, _, _ in page]
        last = dict(
            conn.execute(
                sa.select(events.c.case_id, sa.func.max(events.c.seq))
                .where(events.c.case_id.in_(ids))
                .group_by(events.c.case_id)
            ).all()
        )
        rows = set(
            conn.execute(sa.select(cases.c.case_id).where(cases.c.case_id.in_(ids))).scalars()
        )
        at = {
            (str(r[0]), int(r[1])): str(r[2])
            for r in conn.execute(
                sa.select(events.c.case_id, events.c.seq, events.c.hash).where(
                    sa.tuple_(events.c.case_id, events.c.seq).in_([(c, s) for c, s, _ in page])
                )
            )
        }
        for case_id, seq, digest in page:
            issue = _anchored_case(case_id, seq, digest, last.get(case_id), case_id in rows, at)
            if issue is not None:
                issues.append(issue)
    return issues


def _anchored_case(
    case_id: str,
    seq: int,
    digest: str,
    last_seq: int | None,
    has_row: bool,
    at: Mapping[tuple[str, int], str],
) -> IntegrityIssue | None:
    if last_seq is None:
        state = "its events are gone" if has_row else "the case and its events are gone"
        return IntegrityIssue(
            case_id=case_id,
            seq=seq,
            kind="anchor_deleted",
            detail=f"anchored at seq {seq}, but {state}: the case was deleted",
        )
    if last_seq < seq:
        return IntegrityIssue(
            case_id=case_id,
            seq=last_seq + 1,
            kind="anchor_truncated",
            detail=f"anchored at seq {seq}, but the log now ends at seq {last_seq}",
        )
    stored = at.get((case_id, seq))
    if stored is None or not _same(stored, digest):
        return IntegrityIssue(
            case_id=case_id,
            seq=seq,
            kind="anchor_rewritten",
            detail=(
                f"the event at the anchored seq {seq} hashes to {str(stored)[:12]}…, not the "
                f"anchored {digest[:12]}…: the log was rewritten (hashes recomputed or not)"
            ),
        )
    return None
