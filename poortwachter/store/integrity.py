"""Integrity: walk every hash chain and check that each ends where its case says.

Streams the events table in bounded memory (``yield_per``) ordered by case and seq, remembering
only the current case's link, so verifying a national database needs no more memory than one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from poortwachter.store.hashing import GENESIS_HASH, chain_hash
from poortwachter.store.models import IntegrityIssue
from poortwachter.store.schema import EVENT_COLUMNS, cases, events

__all__ = ["chain_issues"]

_STREAM_BATCH: Final = 2000
_AnyRow: TypeAlias = Row[*tuple[Any, ...]]


def chain_issues(conn: Connection, case_id: str | None) -> tuple[dict[str, IntegrityIssue], int]:
    """The first broken link of each case's chain, and how many cases had events."""
    found: dict[str, IntegrityIssue] = {}
    query = sa.select(*EVENT_COLUMNS).order_by(events.c.case_id, events.c.seq)
    if case_id is not None:
        query = query.where(events.c.case_id == case_id)
    rows = conn.execution_options(yield_per=_STREAM_BATCH).execute(query)
    walker = _ChainWalker()
    for row in rows:
        issue = walker.step(row)
        if issue is not None:
            found[issue.case_id] = issue
    for issue in version_issues(conn, case_id):
        found.setdefault(issue.case_id, issue)
    return found, walker.cases_seen


def version_issues(conn: Connection, case_id: str | None) -> Iterator[IntegrityIssue]:
    """Cases whose log does not end at (version, head_hash), and events without a case."""
    last = sa.select(
        events.c.case_id.label("case_id"), sa.func.max(events.c.seq).label("last_seq")
    ).group_by(events.c.case_id)
    if case_id is not None:
        last = last.where(events.c.case_id == case_id)
    tail = last.subquery("tail")
    head = events.alias("head")
    mismatched = (
        sa.select(
            cases.c.case_id,
            cases.c.version,
            cases.c.head_hash,
            tail.c.last_seq,
            head.c.hash.label("stored_hash"),
        )
        .select_from(
            cases.outerjoin(tail, tail.c.case_id == cases.c.case_id).outerjoin(
                head, sa.and_(head.c.case_id == cases.c.case_id, head.c.seq == cases.c.version)
            )
        )
        .where(
            sa.or_(
                tail.c.last_seq.is_(None),
                tail.c.last_seq != cases.c.version,
                head.c.hash.is_(None),
                head.c.hash != cases.c.head_hash,
            )
        )
    )
    if case_id is not None:
        mismatched = mismatched.where(cases.c.case_id == case_id)
    for row in conn.execute(mismatched):
        version, last_seq = int(row.version), row.last_seq
        if last_seq is None:
            yield IntegrityIssue(
                case_id=row.case_id,
                seq=1,
                kind="version_mismatch",
                detail=f"the case is at version {version} but has no events",
            )
        elif last_seq == version:
            yield IntegrityIssue(
                case_id=row.case_id,
                seq=version,
                kind="head_hash_mismatch",
                detail=(
                    f"the last event hashes to {str(row.stored_hash)[:12]}… but the case "
                    f"recorded {row.head_hash[:12]}…: the log's tail was rewritten"
                ),
            )
        elif last_seq < version:
            yield IntegrityIssue(
                case_id=row.case_id,
                seq=last_seq + 1,
                kind="version_mismatch",
                detail=(
                    f"the case is at version {version} but its log ends at seq {last_seq}: "
                    f"events {last_seq + 1}..{version} are missing"
                ),
            )
        else:
            yield IntegrityIssue(
                case_id=row.case_id,
                seq=version + 1,
                kind="version_mismatch",
                detail=(
                    f"the case is at version {version} but events up to seq {last_seq} "
                    f"are stored: seq {version + 1}.. were added outside the store"
                ),
            )
    orphans = sa.select(tail.c.case_id, tail.c.last_seq).where(
        ~sa.exists().where(cases.c.case_id == tail.c.case_id)
    )
    for orphan in conn.execute(orphans):
        yield IntegrityIssue(
            case_id=orphan.case_id,
            seq=None,
            kind="orphan_events",
            detail=(
                f"events up to seq {orphan.last_seq} are stored for a case that has no "
                f"row in the cases table"
            ),
        )


class _ChainWalker:
    """Checks rows ordered by (case_id, seq), remembering only the current case's link."""

    def __init__(self) -> None:
        self._case: str | None = None
        self._expected = 1
        self._prev = GENESIS_HASH
        self._broken = False
        self.cases_seen = 0

    def step(self, row: _AnyRow) -> IntegrityIssue | None:
        if row.case_id != self._case:
            self._case, self._expected, self._prev = row.case_id, 1, GENESIS_HASH
            self._broken = False
            self.cases_seen += 1
        if self._broken:
            return None
        issue = self._check(row)
        if issue is None:
            self._prev = row.hash
            self._expected += 1
        else:
            self._broken = True
        return issue

    def _check(self, row: _AnyRow) -> IntegrityIssue | None:
        case_id, seq = row.case_id, row.seq
        if seq != self._expected:
            return IntegrityIssue(
                case_id=case_id,
                seq=self._expected,
                kind="seq_gap",
                detail=f"no event at seq {self._expected}; the next stored event has seq {seq}",
            )
        if row.prev_hash != self._prev:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="prev_hash_mismatch",
                detail=(
                    f"prev_hash {row.prev_hash[:12]}… does not match the hash "
                    f"{self._prev[:12]}… of the event before it"
                ),
            )
        try:
            recomputed = chain_hash(
                case_id=case_id,
                seq=seq,
                type=row.type,
                schema_version=row.schema_version,
                effective=row.effective,
                recorded_at=row.recorded_at,
                actor=row.actor,
                payload=row.payload,
                prev_hash=row.prev_hash,
            )
        except (TypeError, ValueError) as exc:  # a payload that is no longer JSON-encodable
            return IntegrityIssue(
                case_id=case_id, seq=seq, kind="hash_mismatch", detail=f"cannot be hashed: {exc}"
            )
        if recomputed != row.hash:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="hash_mismatch",
                detail=(
                    f"content hashes to {recomputed[:12]}… but {row.hash[:12]}… was stored: "
                    f"the event was changed after it was written"
                ),
            )
        return None
