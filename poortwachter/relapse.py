"""A relapse after the case was closed: the chain of sick periods continues on that case.

Samentelling (BW 7:629 lid 10) joins sick periods separated by fewer than four weeks, whether
or not the employer closed the dossier in between. A new case for such a relapse would start a
new chain, so every deadline would run from the relapse instead of the first sick day: weeks
late. So a sick report for an employee whose latest case is closed and whose relapse joins
that case's chain reopens it: ``case_reopened`` (undoing the closing, on its date) and the
sick report are appended together, judged by the same guards as any relapse.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from poortwachter.audit.log import resolve
from poortwachter.decision import fold_log, restore
from poortwachter.events import CasemanagerAssigned, CaseReopened, EventBase, SickReported
from poortwachter.workflows import CaseState

if TYPE_CHECKING:
    from poortwachter.engine import Engine
    from poortwachter.views import CaseView

__all__ = ["reopen_for_relapse"]


def reopen_for_relapse(
    engine: Engine,
    case_id: str,
    first_sick_day: dt.date,
    casemanager: str | None,
    *,
    actor: str,
) -> CaseView | None:
    """Reopen the closed case ``case_id`` with a relapse from ``first_sick_day`` when the
    relapse continues its chain; ``None`` (nothing written) when it does not."""
    head = engine.store.case_head(case_id)
    status = restore(head.snapshot, engine.rules) if head.snapshot is not None else None
    if status is None:
        status = fold_log(case_id, resolve(engine.store.load(case_id)), engine.rules, judge=False)
    fold = status.fold
    closed_on = fold.closed_on
    if status.state is not CaseState.CLOSED or closed_on is None or fold.not_sick_from is None:
        return None
    relapse = SickReported(effective=first_sick_day)
    if fold.relapse_refusal(relapse):
        return None  # a new chain: a new case
    events: list[EventBase] = [CaseReopened(effective=closed_on, reason="relapse"), relapse]
    if casemanager and casemanager != fold.casemanager:
        events.append(CasemanagerAssigned(effective=first_sick_day, casemanager=casemanager))
    engine.record_many(case_id, events, actor=actor, expected_version=head.version)
    return engine.case(case_id)
