"""Integrity: walk every hash chain and check that each ends where its case says.

Streams the events table in bounded memory (``yield_per``) ordered by case and seq, remembering
only the current case's link, so verifying a national database needs no more memory than one.
Rows are read leniently (:mod:`~poortwachter.store.lenient`): a row that cannot be decoded is a
finding about its case, and the walk goes on with the next case.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final, TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from poortwachter.store.hashing import GENESIS_HASH, chain_hash
from poortwachter.store.lenient import RowDecoder, UnreadableRow, expect_types, raw_columns
from poortwachter.store.models import IntegrityIssue, StoredEvent
from poortwachter.store.projection_check import StoredProjection, read_stored
from poortwachter.store.projections import ProjectionHook
from poortwachter.store.schema import EVENT_COLUMNS, cases, events

__all__ = ["CaseAudit", "CaseLog", "audit_cases", "case_logs", "chain_issues", "version_issues"]

_STREAM_BATCH: Final = 2000
_AnyRow: TypeAlias = Row[*tuple[Any, ...]]
_RAW_EVENTS = raw_columns(EVENT_COLUMNS)
_EVENT_TYPES: Final = {
    "case_id": str,
    "seq": int,
    "type": str,
    "schema_version": int,
    "actor": str,
    "payload": dict,
    "prev_hash": str,
    "hash": str,
}


def chain_issues(conn: Connection, case_id: str | None) -> tuple[dict[str, IntegrityIssue], int]:
    """The first broken link of each case's chain, and how many cases had events."""
    found: dict[str, IntegrityIssue] = {}
    query = sa.select(*_RAW_EVENTS).order_by(events.c.case_id, events.c.seq)
    if case_id is not None:
        query = query.where(events.c.case_id == case_id)
    rows = conn.execution_options(yield_per=_STREAM_BATCH).execute(query)
    walker = _ChainWalker(RowDecoder(EVENT_COLUMNS, conn.dialect))
    for row in rows:
        issue = walker.step(row)
        if issue is not None:
            found[issue.case_id] = issue
    for issue in version_issues(conn, case_id):
        found.setdefault(issue.case_id, issue)
    return found, walker.cases_seen


class CaseLog:
    """One case's stored events as read for an audit, with the first break of its chain."""

    __slots__ = ("case_id", "events", "issue")

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        #: The decoded events in seq order, up to the first that could not be decoded.
        self.events: list[StoredEvent] = []
        self.issue: IntegrityIssue | None = None


def case_logs(conn: Connection, case_ids: Sequence[str]) -> dict[str, CaseLog]:
    """The chain-checked logs of ``case_ids`` (one query; a case without events is absent)."""
    query = (
        sa.select(*_RAW_EVENTS)
        .where(events.c.case_id.in_(list(case_ids)))
        .order_by(events.c.case_id, events.c.seq)
    )
    walker = _ChainWalker(RowDecoder(EVENT_COLUMNS, conn.dialect), keep=True)
    logs: dict[str, CaseLog] = {}
    for row in conn.execute(query):
        case_id = str(row.case_id)
        log = logs.get(case_id)
        if log is None:
            log = logs[case_id] = CaseLog(case_id)
        issue = walker.step(row)
        if issue is not None:
            log.issue = issue
        elif walker.last is not None and log.issue is None:
            log.events.append(walker.last)
    return logs


class CaseAudit:
    """What an audit reads of one case: its checked log, its stored projections, and the chain's
    finding about it (the first broken link, a version or head mismatch, or orphan events)."""

    __slots__ = ("case_id", "chain", "log", "stored")

    def __init__(
        self,
        case_id: str,
        log: CaseLog | None,
        stored: StoredProjection,
        chain: IntegrityIssue | None,
    ) -> None:
        self.case_id = case_id
        self.log = log
        self.stored = stored
        self.chain = chain if chain is not None else (log.issue if log else None)


def audit_cases(
    conn: Connection,
    case_id: str | None,
    hooks: Sequence[ProjectionHook],
    *,
    page: int = 200,
) -> Iterator[CaseAudit]:
    """Every case (or one) with its log and stored projections, a page of cases at a time.

    Cases come from the ``cases`` table in id order, then cases that only have events (their
    row was deleted). Memory holds one page.
    """
    versions: dict[str, IntegrityIssue] = {}
    for issue in version_issues(conn, case_id):
        versions.setdefault(issue.case_id, issue)
    orphans = sorted(c for c, i in versions.items() if i.kind == "orphan_events")
    for ids in _pages(conn, case_id, page, orphans):
        logs = case_logs(conn, ids)
        stored = read_stored(conn, ids, hooks)
        for cid in ids:
            log = logs.get(cid)
            chain = log.issue if log is not None and log.issue is not None else versions.get(cid)
            yield CaseAudit(cid, log, stored[cid], chain)


def _pages(
    conn: Connection, case_id: str | None, size: int, orphans: Sequence[str]
) -> Iterator[list[str]]:
    if case_id is not None:
        yield [case_id]
        return
    last: str | None = None
    while True:
        query = sa.select(cases.c.case_id).order_by(cases.c.case_id).limit(size)
        if last is not None:
            query = query.where(cases.c.case_id > last)
        ids = [str(c) for c in conn.execute(query).scalars()]
        if ids:
            yield ids
        if len(ids) < size:
            break
        last = ids[-1]
    for start in range(0, len(orphans), size):
        yield list(orphans[start : start + size])


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
            sa.type_coerce(cases.c.version, sa.types.NullType()).label("version"),
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
        yield _version_issue(row)
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


def _version_issue(row: _AnyRow) -> IntegrityIssue:
    last_seq = row.last_seq
    if not isinstance(row.version, int) or isinstance(row.version, bool):
        return IntegrityIssue(
            case_id=row.case_id,
            seq=None,
            kind="unreadable_row",
            projection="cases",
            field="version",
            detail=f"the case's version {str(row.version)[:40]!r} is not a number",
        )
    version = row.version
    if last_seq is None:
        return IntegrityIssue(
            case_id=row.case_id,
            seq=1,
            kind="version_mismatch",
            detail=f"the case is at version {version} but has no events",
        )
    if last_seq == version:
        return IntegrityIssue(
            case_id=row.case_id,
            seq=version,
            kind="head_hash_mismatch",
            detail=(
                f"the last event hashes to {str(row.stored_hash)[:12]}… but the case "
                f"recorded {str(row.head_hash)[:12]}…: the log's tail was rewritten"
            ),
        )
    if last_seq < version:
        return IntegrityIssue(
            case_id=row.case_id,
            seq=last_seq + 1,
            kind="version_mismatch",
            detail=(
                f"the case is at version {version} but its log ends at seq {last_seq}: "
                f"events {last_seq + 1}..{version} are missing"
            ),
        )
    return IntegrityIssue(
        case_id=row.case_id,
        seq=version + 1,
        kind="version_mismatch",
        detail=(
            f"the case is at version {version} but events up to seq {last_seq} "
            f"are stored: seq {version + 1}.. were added outside the store"
        ),
    )


class _ChainWalker:
    """Checks rows ordered by (case_id, seq), remembering only the current case's link."""

    def __init__(self, decoder: RowDecoder, *, keep: bool = False) -> None:
        self._decoder = decoder
        self._keep = keep
        self._case: object = None
        self._expected = 1
        self._prev = GENESIS_HASH
        self._broken = False
        self.cases_seen = 0
        #: The event just checked (with ``keep``), or ``None``.
        self.last: StoredEvent | None = None

    def step(self, raw: _AnyRow) -> IntegrityIssue | None:
        self.last = None
        if raw[0] != self._case:
            self._case, self._expected, self._prev = raw[0], 1, GENESIS_HASH
            self._broken = False
            self.cases_seen += 1
        if self._broken:
            return None
        try:
            values = self._decoder.decode(raw)
            expect_types(values, _EVENT_TYPES)
        except UnreadableRow as exc:
            self._broken = True
            seq = raw[1] if isinstance(raw[1], int) else None
            return IntegrityIssue(
                case_id=str(raw[0]),
                seq=seq,
                kind="unreadable_row",
                projection="events",
                field=exc.column,
                detail=f"a stored event cannot be read ({exc.reason})",
            )
        issue = self._check(values)
        if issue is None:
            self._prev = values["hash"]
            self._expected += 1
            if self._keep:
                self.last = StoredEvent.model_construct(**values)
        else:
            self._broken = True
        return issue

    def _check(self, row: dict[str, Any]) -> IntegrityIssue | None:
        case_id, seq = row["case_id"], row["seq"]
        if seq != self._expected:
            return IntegrityIssue(
                case_id=case_id,
                seq=self._expected,
                kind="seq_gap",
                detail=f"no event at seq {self._expected}; the next stored event has seq {seq}",
            )
        if row["prev_hash"] != self._prev:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="prev_hash_mismatch",
                detail=(
                    f"prev_hash {row['prev_hash'][:12]}… does not match the hash "
                    f"{self._prev[:12]}… of the event before it"
                ),
            )
        try:
            recomputed = chain_hash(**{k: v for k, v in row.items() if k != "hash"})
        except (TypeError, ValueError) as exc:  # a payload that is no longer JSON-encodable
            return IntegrityIssue(
                case_id=case_id, seq=seq, kind="hash_mismatch", detail=f"cannot be hashed: {exc}"
            )
        if recomputed != row["hash"]:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="hash_mismatch",
                detail=(
                    f"content hashes to {recomputed[:12]}… but {row['hash'][:12]}… was stored: "
                    f"the event was changed after it was written"
                ),
            )
        return None
