"""Checking and restoring the projections: stored rows against what the log says.

Every row a user is shown comes from a projection (the ``cases`` row, the case's
``case_deadlines`` rows, the tables of the :class:`~poortwachter.store.projections.ProjectionHook`
objects, the decision snapshot among them). Only the events are hashed, so a projection row can
be edited without breaking a chain: ``verify`` therefore recomputes each projection from the log
(the engine does that, with the rules) and compares it here, value by value; ``db rebuild``
writes the recomputed values back. Stored rows are read leniently: a value that cannot be
decoded is a finding, not a crash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from poortwachter.store.lenient import RowDecoder, UnreadableRow, expect_types, raw_columns
from poortwachter.store.models import CaseProjection, IntegrityIssue
from poortwachter.store.projections import DEADLINE_VALUES, ProjectionHook
from poortwachter.store.schema import case_deadlines, cases

__all__ = [
    "ExpectedProjection",
    "StoredProjection",
    "diff",
    "read_stored",
    "rewrite",
    "unfilled_window_starts",
]

#: The ``cases`` columns, in the order compared and reported.
_CASE_COLUMNS: Final = tuple(cases.c)
_DEADLINE_COLUMNS: Final = tuple(case_deadlines.c)
#: The columns a ``case_deadlines`` row holds besides its key.
_DEADLINE_VALUES: Final = DEADLINE_VALUES
_CASE_TYPES: Final = {
    "case_id": str,
    "employee_ref": str,
    "state": str,
    "casemanager": str,
    "next_deadline_kind": str,
    "head_hash": str,
    "closed": bool,
    "version": int,
    "first_sick_day": dt.date,
}
_DEADLINE_TYPES: Final = {
    "case_id": str,
    "kind": str,
    "status": str,
    "employee_ref": str,
    "state": str,
    "casemanager": str,
    "closed": bool,
    "due": dt.date,
    "window_start": dt.date,
}


@dataclass(frozen=True)
class ExpectedProjection:
    """Every projection of one case as its log says it should be."""

    projection: CaseProjection
    version: int
    head_hash: str
    opened_at: dt.datetime
    updated_at: dt.datetime
    #: Hook name -> value (what the append passed as ``extra``).
    extras: Mapping[str, Any]

    def case_values(self, case_id: str) -> dict[str, Any]:
        values = self.projection.model_dump(exclude={"open_deadlines"})
        return {
            "case_id": case_id,
            **values,
            "version": self.version,
            "head_hash": self.head_hash,
            "opened_at": self.opened_at,
            "updated_at": self.updated_at,
        }

    def deadline_values(self) -> dict[str, dict[str, Any]]:
        p = self.projection
        return {
            d.kind: {
                "due": d.due,
                "status": d.status,
                "employee_ref": p.employee_ref,
                "state": p.state,
                "casemanager": p.casemanager,
                "closed": p.closed,
                "window_start": d.window_start,
            }
            for d in p.open_deadlines
        }


@dataclass
class StoredProjection:
    """One case's stored projection rows, as decoded (problems listed, never raised)."""

    case: dict[str, Any] | None = None
    deadlines: dict[str, dict[str, Any]] = field(default_factory=dict)
    hooks: dict[str, Any] = field(default_factory=dict)
    problems: list[IntegrityIssue] = field(default_factory=list)


def read_stored(
    conn: Connection, case_ids: Sequence[str], hooks: Sequence[ProjectionHook]
) -> dict[str, StoredProjection]:
    """The stored projections of ``case_ids`` (two queries, plus one read per hook and case)."""
    stored = {case_id: StoredProjection() for case_id in case_ids}
    ids = list(case_ids)
    decoder = RowDecoder(_CASE_COLUMNS, conn.dialect)
    query = sa.select(*raw_columns(_CASE_COLUMNS)).where(cases.c.case_id.in_(ids))
    for case_id, values, problem in _decoded(conn, query, decoder, _CASE_TYPES, "cases"):
        target = stored.get(case_id)
        if target is None:
            continue
        if problem is not None:
            target.problems.append(problem)
        else:
            target.case = values
    decoder = RowDecoder(_DEADLINE_COLUMNS, conn.dialect)
    query = sa.select(*raw_columns(_DEADLINE_COLUMNS)).where(case_deadlines.c.case_id.in_(ids))
    for case_id, values, problem in _decoded(
        conn, query, decoder, _DEADLINE_TYPES, "case_deadlines"
    ):
        target = stored.get(case_id)
        if target is None:
            continue
        if problem is not None:
            target.problems.append(problem)
        else:
            target.deadlines[values["kind"]] = {k: values[k] for k in _DEADLINE_VALUES}
    for hook in hooks:
        _read_hook(conn, hook, stored)
    return stored


def _read_hook(
    conn: Connection, hook: ProjectionHook, stored: Mapping[str, StoredProjection]
) -> None:
    """The hook's values for a page: in one read when it can, else (or when one row cannot be
    decoded) case by case, so that the damaged row is found and the others are read."""
    read_many = getattr(hook, "read_many", None)
    if read_many is not None:
        # On PostgreSQL a failed statement aborts the transaction: a savepoint keeps it usable.
        guard = conn.begin_nested() if conn.dialect.name == "postgresql" else nullcontext()
        try:
            with guard:
                values = read_many(conn, list(stored))
        except Exception:  # a damaged row somewhere in the page: read one case at a time
            values = None
        if values is not None:
            for case_id, target in stored.items():
                target.hooks[hook.name] = values.get(case_id)
            return
    for case_id, target in stored.items():
        try:
            target.hooks[hook.name] = hook.read(conn, case_id)
        except Exception as exc:  # a hook's row that cannot be decoded is a finding
            target.problems.append(_unreadable(case_id, hook.name, None, exc))


def _decoded(
    conn: Connection,
    query: sa.Select[Any],
    decoder: RowDecoder,
    types: Mapping[str, type],
    table: str,
) -> Iterator[tuple[str, dict[str, Any], IntegrityIssue | None]]:
    for raw in conn.execute(query):
        case_id = str(raw[0])
        try:
            values = decoder.decode(raw)
            expect_types(values, types)
        except UnreadableRow as exc:
            yield case_id, {}, _unreadable(case_id, table, exc.column, exc)
            continue
        yield case_id, values, None


def _unreadable(case_id: str, table: str, column: str | None, exc: Exception) -> IntegrityIssue:
    reason = exc.reason if isinstance(exc, UnreadableRow) else type(exc).__name__
    return IntegrityIssue(
        case_id=case_id,
        seq=None,
        kind="unreadable_row",
        projection=table,
        field=column,
        detail=f"a stored row cannot be read ({reason})",
    )


def _json(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (tuples become lists, dates strings)."""
    return json.loads(json.dumps(value, default=_plain))


def _plain(value: Any) -> Any:
    """A dataclass (a planned reminder) as its fields, anything else as its text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return repr(value) if not isinstance(value, str) else f"'{value[:60]}'"


def diff(
    case_id: str,
    expected: ExpectedProjection,
    stored: StoredProjection,
    hooks: Sequence[ProjectionHook],
) -> list[IntegrityIssue]:
    """Every difference between the stored projections and the expected ones."""
    issues = list(stored.problems)
    unreadable = {p.projection for p in stored.problems}
    if "cases" not in unreadable:
        issues.extend(_case_differences(case_id, expected, stored))
    if "case_deadlines" not in unreadable:
        issues.extend(_deadline_differences(case_id, expected, stored))
    for hook in hooks:
        if hook.name not in stored.hooks:
            continue  # could not be read: reported above
        value = expected.extras.get(hook.name)
        have = stored.hooks[hook.name]
        if _older_format(have, value):
            continue  # the engine does not read it: the next append refolds and replaces it
        want = _json(value)
        stale = getattr(hook, "staleness", None)
        reason = stale(have, value) if stale is not None and _json(have) != want else None
        if reason is not None:
            issues.append(
                IntegrityIssue(
                    case_id=case_id,
                    seq=expected.version,
                    kind="stale_projection",
                    projection=hook.name,
                    detail=reason,
                )
            )
        elif _json(have) != want:
            kind = "snapshot_mismatch" if hook.name == "snapshot" else "projection_mismatch"
            state = "missing" if have is None else "not what the log gives"
            issues.append(
                IntegrityIssue(
                    case_id=case_id,
                    seq=expected.version,
                    kind=kind,
                    projection=hook.name,
                    detail=f"the stored value is {state} (it was edited, removed or is stale)",
                )
            )
    return issues


def _older_format(have: Any, want: Any) -> bool:
    """A stored value with another ``format`` than the one computed now (a snapshot from an
    earlier release): the engine ignores it and refolds the log, so it is stale, not wrong."""
    return (
        isinstance(have, dict)
        and isinstance(want, dict)
        and "format" in want
        and have.get("format") != want["format"]
    )


def _case_differences(
    case_id: str, expected: ExpectedProjection, stored: StoredProjection
) -> list[IntegrityIssue]:
    if stored.case is None:
        return [
            IntegrityIssue(
                case_id=case_id,
                seq=None,
                kind="projection_mismatch",
                projection="cases",
                detail="the case has events but no row in the cases table",
            )
        ]
    want = expected.case_values(case_id)
    return [
        IntegrityIssue(
            case_id=case_id,
            seq=expected.version,
            kind="projection_mismatch",
            projection="cases",
            field=name,
            detail=f"stored {_shown(stored.case.get(name))}, the log gives {_shown(value)}",
        )
        for name, value in want.items()
        if stored.case.get(name) != value
    ]


def _deadline_differences(
    case_id: str, expected: ExpectedProjection, stored: StoredProjection
) -> Iterator[IntegrityIssue]:
    want = expected.deadline_values()
    have = stored.deadlines
    for kind in sorted(want.keys() | have.keys()):
        if kind not in have:
            due = want[kind]["due"].isoformat()
            yield _deadline_issue(case_id, expected, kind, None, f"missing (due {due})")
        elif kind not in want:
            yield _deadline_issue(case_id, expected, kind, None, "not an open action in the log")
        else:
            for name in _DEADLINE_VALUES:
                if have[kind][name] != want[kind][name] and not _unfilled(have[kind], name):
                    detail = (
                        f"stored {_shown(have[kind][name])}, "
                        f"the log gives {_shown(want[kind][name])}"
                    )
                    yield _deadline_issue(case_id, expected, kind, name, detail)


def _unfilled(stored: Mapping[str, Any], name: str) -> bool:
    """A window start left NULL by revision 0006 (no backfill: the migration has no rules).

    Not a finding: for such a row the agenda reads the window start from the case, so what a
    user is shown is what the log gives. A rebuild fills it all the same
    (:func:`unfilled_window_starts`)."""
    return name == "window_start" and stored[name] is None


def unfilled_window_starts(expected: ExpectedProjection, stored: StoredProjection) -> bool:
    """Whether a ``case_deadlines`` row of the case lacks the window start its log gives (see
    :func:`_unfilled`): a rebuild writes it, though ``verify`` reports nothing."""
    have = stored.deadlines
    return any(
        kind in have and have[kind]["window_start"] is None and row["window_start"] is not None
        for kind, row in expected.deadline_values().items()
    )


def _deadline_issue(
    case_id: str, expected: ExpectedProjection, kind: str, column: str | None, detail: str
) -> IntegrityIssue:
    return IntegrityIssue(
        case_id=case_id,
        seq=expected.version,
        kind="projection_mismatch",
        projection="case_deadlines",
        field=f"{kind}.{column}" if column else kind,
        detail=f"action {kind}: {detail}",
    )


def rewrite(
    conn: Connection,
    case_id: str,
    expected: ExpectedProjection,
    hooks: Sequence[ProjectionHook],
) -> None:
    """Make every projection of the case what its log says (in the caller's transaction)."""
    values = expected.case_values(case_id)
    exists = conn.execute(sa.select(cases.c.case_id).where(cases.c.case_id == case_id)).first()
    if exists is None:
        conn.execute(cases.insert(), values)
    else:
        del values["case_id"]
        conn.execute(cases.update().where(cases.c.case_id == case_id), values)
    conn.execute(case_deadlines.delete().where(case_deadlines.c.case_id == case_id))
    rows = [
        {"case_id": case_id, "kind": kind, **row}
        for kind, row in expected.deadline_values().items()
    ]
    if rows:
        conn.execute(case_deadlines.insert(), rows)
    for hook in hooks:
        # A hook that writes only what changed by a stored fingerprint offers ``repair``:
        # an edited row under an unchanged fingerprint must be rewritten too.
        write = getattr(hook, "repair", hook.write)
        write(conn, case_id, expected.version, expected.extras.get(hook.name))
