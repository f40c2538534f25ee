"""The hash chain: a canonical, language-neutral encoding of one stored event.

Each event's hash is ``sha256(canonical_json + prev_hash)`` in lowercase hex, where
``canonical_json`` is the UTF-8 JSON of the envelope and payload with sorted keys and no
whitespace, and ``prev_hash`` is the previous event's hash (64 zeros for ``seq`` 1). Everything
an auditor relies on is inside the hash: who, when recorded, when effective, the order and the
fact. Anyone can recompute it with a JSON library and SHA-256, without poortwachter.

A chain proves that no stored event was changed, removed, reordered or slipped in *unless the
whole tail was recomputed*; a signed anchor of the heads kept outside the database
(:mod:`poortwachter.store.anchor`, ``poortwachter audit anchor``) rules that out too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["GENESIS_HASH", "canonical_json", "chain_hash", "iso_utc"]

#: ``prev_hash`` of the first event of every case.
GENESIS_HASH = "0" * 64


def iso_utc(moment: dt.datetime) -> str:
    """``2026-01-05T09:30:00.000000+00:00``: fixed width, always UTC, always microseconds.

    Fixed microseconds matter: both backends store microsecond precision, so a value read back
    hashes exactly like the value written.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()} has no place in the hash chain")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_json(
    *,
    case_id: str,
    seq: int,
    type: str,
    schema_version: int,
    effective: dt.date,
    recorded_at: dt.datetime,
    actor: str,
    payload: Mapping[str, Any],
) -> str:
    """Sorted-key compact JSON of one event's envelope and payload (the hashed text)."""
    document = {
        "case_id": case_id,
        "seq": seq,
        "type": type,
        "schema_version": schema_version,
        "effective": effective.isoformat(),
        "recorded_at": iso_utc(recorded_at),
        "actor": actor,
        "payload": payload,
    }
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def chain_hash(
    *,
    case_id: str,
    seq: int,
    type: str,
    schema_version: int,
    effective: dt.date,
    recorded_at: dt.datetime,
    actor: str,
    payload: Mapping[str, Any],
    prev_hash: str,
) -> str:
    """The hash of one event chained onto ``prev_hash`` (lowercase hex SHA-256)."""
    text = canonical_json(
        case_id=case_id,
        seq=seq,
        type=type,
        schema_version=schema_version,
        effective=effective,
        recorded_at=recorded_at,
        actor=actor,
        payload=payload,
    )
    return hashlib.sha256((text + prev_hash).encode("utf-8")).hexdigest()
