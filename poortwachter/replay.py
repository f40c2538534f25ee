"""The auditor's view: a case as it stood on a date, from what was known on a date.

Replay reads the stored log, cuts it bitemporally (``recorded_up_to`` for what was known,
``effective_up_to`` for what was so), applies corrections, and folds it with the same sickness
fold and rules as live use. It trusts the store's own rows: they passed the guards when they
were written and the hash chain protects them, so the fold only folds (no guard, no
re-validation), which keeps a replay close to the cost of reading the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.audit.log import resolve
from poortwachter.clock import AMSTERDAM, end_of_day_utc
from poortwachter.decision import Rules, fold_log
from poortwachter.rules.model import ACTION_KINDS
from poortwachter.store import EventStore, StoredEvent
from poortwachter.texts import Language, text
from poortwachter.views import RecordedLate, Replay, TimelineEntry
from poortwachter.workflows import CaseState

__all__ = ["recorded_late_text", "replay_case", "timeline_entries"]


def local_day(instant: dt.datetime) -> dt.date:
    """The calendar day in the Netherlands of a stored instant."""
    return instant.astimezone(AMSTERDAM).date()


def replay_case(
    store: EventStore,
    rules: Rules,
    case_id: str,
    *,
    as_of: dt.date | None,
    known_on: dt.date | None,
    today: dt.date,
) -> Replay:
    """See :meth:`poortwachter.Engine.replay`."""
    cutoff = end_of_day_utc(known_on) if known_on is not None else None
    stored = store.load(case_id, recorded_up_to=cutoff)
    day = as_of or known_on or today
    log = resolve(stored, effective_up_to=day)
    if not log.facts:
        return Replay(
            case_id=case_id,
            as_of=day,
            known_on=known_on,
            state=CaseState.NEW.value,
            seqs=(),
            deadlines=(),
            recorded_late=(),
        )
    status = fold_log(case_id, log, rules, judge=False)
    deadlines = rules.deadlines(status.fold.facts(), day)
    recorded = {s.seq: local_day(s.recorded_at) for s in stored}
    late = []
    for d in deadlines:
        if d.met_on is None or d.kind not in ACTION_KINDS:
            continue
        seq = next(
            (
                seq
                for seq, e in log.facts
                if e.effective == d.met_on and e.completes == d.kind.value
            ),
            None,
        )
        # A fact put in place by a correction was known only when the correction was.
        known = recorded[log.corrected_by.get(seq, seq)] if seq is not None else None
        if known is not None and known > d.due:
            late.append(RecordedLate(kind=d.kind.value, done=d.met_on, due=d.due, recorded=known))
    return Replay(
        case_id=case_id,
        as_of=day,
        known_on=known_on,
        state=status.state.value,
        seqs=tuple(seq for seq, _ in log.facts),
        deadlines=tuple(deadlines),
        # The English lines as before (code reads them); people get recorded_late_text.
        recorded_late=tuple(
            f"{e.kind}: done {e.done} (due {e.due}) but recorded {e.recorded}, after the due date"
            for e in late
        ),
        late_entries=tuple(late),
    )


def recorded_late_text(entry: RecordedLate, language: Language = "nl") -> str:
    """A moment recorded after its due date, in words ('probleemanalyse: gedaan 08-04-2026
    (uiterlijk 13-04-2026), maar vastgelegd op 20-04-2026, na de uiterste datum')."""
    from poortwachter.render import format_date  # the date style of all output

    return text(
        "replay.recorded_late",
        language,
        moment=text("kind." + entry.kind, language),
        done=format_date(entry.done, language),
        due=format_date(entry.due, language),
        recorded=format_date(entry.recorded, language),
    )


def timeline_entries(stored: Sequence[StoredEvent]) -> list[TimelineEntry]:
    """Every stored event in order, corrections linked both ways."""
    log = resolve(stored)
    return [
        TimelineEntry(
            seq=s.seq,
            type=s.type,
            effective=s.effective,
            recorded_at=s.recorded_at,
            actor=s.actor,
            payload=s.payload,
            hash=s.hash,
            corrected_by=log.corrected_by.get(s.seq),
            recorded_days_after_effective=(local_day(s.recorded_at) - s.effective).days,
        )
        for s in stored
    ]
